import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { w3cChinaTime } from '../../domain/china-time';
import { GEOREPORT_V2_SPECIFICATION, open311Services, serviceDefinition } from '../../domain/open311/services';
import { toXml } from '../../domain/open311/xml';
import { AppError, NotFound, ValidationFailed } from '../../errors';
import { authenticateClient, keyDigest } from '../../services/open311/clients';
import {
  fileOpen311Request,
  findByToken,
  findOpen311Request,
  findOpen311Requests,
  open311Photo,
} from '../../services/open311/requests';
import { describeError } from '../error-handler';
import { FormFields, parseForm, readNewRequest, readRequestQuery } from '../open311-form';
import { parseId } from '../params';
import { open311Schemas } from '../open311-schemas';

/**
 * Open311 GeoReport v2 under /open311/v2: the standard civic-tech clients speak. Every resource
 * answers as .json or .xml; errors are the spec's list of {code, description}, in the format the
 * path asked for.
 */
type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
/** The day this API last changed, for the discovery document's changeset. */
const CHANGESET = new Date('2026-12-05T00:00:00+08:00');

function formatOf(url: string): Format {
  return /\.xml$/.test(url.split('?')[0]!) ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): FastifyReply {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/**
 * The spec's error list. Exported for errors raised before any Open311 route runs (a URL Fastify
 * cannot route, answered by app.ts's frameworkErrors), so nothing under /open311/v2 answers in
 * another shape.
 */
export function sendOpen311Errors(reply: FastifyReply, status: number, descriptions: readonly string[]): FastifyReply {
  const errors = descriptions.map((description) => ({ code: status, description }));
  return send(reply, formatOf(reply.request.url), 'errors', errors, status);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function fieldsOf(value: unknown): FormFields {
  // Without a prototype, a field named __proto__ stays a field instead of replacing the prototype.
  const fields: FormFields = Object.create(null) as FormFields;
  if (typeof value !== 'object' || value === null) return fields;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (isScalar(raw)) fields[key] = String(raw);
    // A form repeats a name with plain values. A JSON body's lists may hold lists or objects,
    // nested thousands deep, whose String() overflows: like objects, they are not form fields.
    else if (Array.isArray(raw) && raw.every(isScalar)) fields[key] = raw.map(String);
  }
  return fields;
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // The spec's POST is a form; parsed here so every other route keeps accepting only JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(body as string));
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof ValidationFailed) {
      return sendOpen311Errors(
        reply,
        400,
        error.fields.map((f) => `${f.field}: ${f.message}`),
      );
    }
    const { status, body } = describeError(error, request);
    // The app-wide message asks for JSON; GeoReport v2 clients post forms.
    if (status === 415) return sendOpen311Errors(reply, 415, ['请以 application/x-www-form-urlencoded 表单提交']);
    return sendOpen311Errors(reply, status, [body.message]);
  });
  app.setNotFoundHandler((request, reply) =>
    sendOpen311Errors(reply, 404, [
      `没有这个地址：${request.method} ${request.url.split('?')[0]}（见 /open311/v2/discovery.json）`,
    ]),
  );

  const base = (request: FastifyRequest) => deps.config.publicBaseUrl ?? `${request.protocol}://${request.host}`;
  const mediaUrl = (request: FastifyRequest) => (photoId: number) => `${base(request)}/open311/v2/media/${photoId}`;

  // A jurisdiction_id is optional here (one jurisdiction); a wrong one is the spec's 404.
  app.addHook('preHandler', async (request) => {
    const given = fieldsOf(request.query).jurisdiction_id ?? fieldsOf(request.body).jurisdiction_id;
    if (given !== undefined && given !== deps.config.open311JurisdictionId) {
      throw new NotFound(
        `jurisdiction_id 不存在：本系统只服务 ${deps.config.open311JurisdictionId}`,
        `Unknown jurisdiction_id; this server serves ${deps.config.open311JurisdictionId}`,
      );
    }
  });

  for (const format of FORMATS) {
    const docs = open311Schemas(format);

    app.get(`/discovery.${format}`, { schema: docs.discovery }, async (request, reply) => {
      const changeset = w3cChinaTime(CHANGESET);
      return send(reply, format, 'discovery', {
        changeset,
        contact: deps.config.open311Contact,
        key_service: `提交反映需要 api_key，请联系${deps.config.open311Contact}申请`,
        endpoints: [
          {
            specification: GEOREPORT_V2_SPECIFICATION,
            url: `${base(request)}/open311/v2`,
            changeset,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    });

    app.get(`/services.${format}`, { schema: docs.services }, async (_request, reply) =>
      send(reply, format, 'services', open311Services()),
    );

    app.get<{ Params: { code: string } }>(
      `/services/:code.${format}`,
      { schema: docs.serviceDefinition },
      async (request, reply) => {
        const definition = serviceDefinition(request.params.code);
        if (!definition) {
          throw new NotFound(`没有服务代码 ${request.params.code}（见服务列表 services）`, 'No such service_code');
        }
        return send(reply, format, 'service_definition', definition);
      },
    );

    app.get(`/requests.${format}`, { schema: docs.listRequests }, async (request, reply) => {
      const query = readRequestQuery(fieldsOf(request.query), deps.now());
      const found = await findOpen311Requests(deps.dataSource, query, mediaUrl(request));
      return send(reply, format, 'service_requests', found);
    });

    app.post(
      `/requests.${format}`,
      {
        schema: docs.createRequest,
        config: {
          limitedAction: '提交',
          // A client files for all its users from one server: it is limited by its key, not its
          // address, once the form (which carries the key) has been read.
          rateLimit: {
            max: deps.config.open311RateLimitMax,
            timeWindow: 60_000,
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => {
              const key = fieldsOf(request.body).api_key;
              return typeof key === 'string' && key !== '' ? `open311:${keyDigest(key)}` : `open311-ip:${request.ip}`;
            },
          },
        },
      },
      async (request, reply) => {
        const fields = fieldsOf(request.body);
        // Only in the body, as the spec has it: a key in the query string would land in access logs.
        const key = fields.api_key;
        const client = await authenticateClient(deps.dataSource, typeof key === 'string' ? key : undefined);
        const input = readNewRequest(fields);
        const created = await fileOpen311Request(
          {
            dataSource: deps.dataSource,
            classify: (text) => deps.classifier.classify(text),
            now: deps.now,
            acceptWithinHours: deps.config.acceptWithinHours,
          },
          client,
          input,
          (code) => `${base(request)}/track/${code}`,
        );
        return send(reply, format, 'service_requests', [created], 201);
      },
    );

    app.get<{ Params: { id: string } }>(
      `/requests/:id.${format}`,
      { schema: docs.getRequest },
      async (request, reply) => {
        const id = /^[1-9]\d{0,9}$/.test(request.params.id) ? Number(request.params.id) : NaN;
        const found = id <= 2147483647 ? await findOpen311Request(deps.dataSource, id, mediaUrl(request)) : undefined;
        if (!found) throw new NotFound(`没有编号为 ${request.params.id} 的请求`, 'No such service_request_id');
        return send(reply, format, 'service_requests', [found]);
      },
    );

    app.get<{ Params: { token: string } }>(
      `/tokens/:token.${format}`,
      { schema: docs.token },
      async (request, reply) => {
        const token = request.params.token;
        const found = /^[0-9a-f-]{36}$/.test(token) ? await findByToken(deps.dataSource, token) : undefined;
        if (!found) throw new NotFound('没有这个 token', 'No such token');
        return send(reply, format, 'service_requests', [found]);
      },
    );
  }

  app.get<{ Params: { id: string } }>(
    '/media/:id',
    { schema: { tags: ['open311'], summary: '请求的 media_url：承办单位拍的整改前/后照片（不含群众上传的照片）' } },
    async (request, reply) => {
      const photo = await open311Photo(deps.dataSource, parseId(request.params.id));
      if (!photo) throw new NotFound('没有找到这张照片', 'No such photo');
      return reply
        .type(photo.mimeType)
        .header('Cache-Control', 'public, max-age=86400')
        .header('X-Content-Type-Options', 'nosniff')
        .send(await deps.photoStore.read(photo.storageKey));
    },
  );
}
