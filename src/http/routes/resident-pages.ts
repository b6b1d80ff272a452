import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { normaliseTrackingCode } from '../../domain/tracking-code';
import { ServiceUnavailable } from '../../errors';
import type { ErrorBody } from '../error-handler';
import { webRoot } from '../web-root';
import { FormProblem, FormValues, formPage } from '../../web/resident/form-page';
import { Lang, pickLang } from '../../web/resident/i18n';
import { localHref } from '../../web/resident/layout';
import { notFoundPage, trackLive, TrackedJson, trackLookupPage, trackPage } from '../../web/resident/track-page';

type Form = Record<string, string | undefined>;

/**
 * The residents' pages: the report form at `/` and the tracking pages. They are rendered on the
 * server from the public API's answers (called in-process, as any client would call it), so they
 * work without JavaScript; the scripts in src/web/resident/assets add the rest.
 */
export async function residentPageRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot('resident/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: 60_000,
  });
  // A plain HTML form posts url-encoded fields; only these pages accept that.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 32 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  /** The public API, called in-process with the resident's own address so its rate limits hold. */
  const api = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: object) =>
    app
      .inject({
        method,
        url,
        remoteAddress: request.ip,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      })
      .catch((error: unknown) => {
        // A page still being answered when the server began shutting down cannot reach the API any more.
        if ((error as { code?: string }).code === 'FST_ERR_REOPENED_CLOSE_SERVER') {
          throw new ServiceUnavailable(
            '系统正在重启，请稍后重新提交',
            'The server is restarting; please try again shortly',
          );
        }
        throw error;
      });
  const sendHtml = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);
  const formOptions = {
    smsAvailable: deps.config.smsGatewayUrl !== undefined,
    uploadMaxBytes: deps.config.uploadMaxBytes,
  };

  app.get('/', { schema: { hide: true } }, (request, reply) =>
    sendHtml(reply, 200, formPage({ lang: pickLang(request.query), ...formOptions })),
  );

  // Without JavaScript the form arrives here; with it, the page calls the API itself.
  app.post<{ Body: Form }>('/', { schema: { hide: true } }, async (request, reply) => {
    const lang = pickLang(request.query);
    const form = request.body ?? {};
    const values = formValues(form);
    if (!values.consent) {
      return sendHtml(reply, 400, formPage({ lang, values, problems: [consentProblem(lang)], ...formOptions }));
    }
    const answer = await api(request, 'POST', '/api/v1/submissions', submissionBody(values));
    if (answer.statusCode === 201) {
      const { trackingCode } = answer.json<{ trackingCode: string }>();
      return reply.redirect(localHref(`/track/${trackingCode}?new=1`, lang), 303);
    }
    return sendHtml(
      reply,
      answer.statusCode,
      formPage({ lang, values, problems: problemsOf(answer.json()), ...formOptions }),
    );
  });

  app.get<{ Querystring: { code?: string; lang?: string } }>('/track', { schema: { hide: true } }, (request, reply) => {
    const lang = pickLang(request.query);
    const raw = request.query.code;
    if (raw === undefined) return sendHtml(reply, 200, trackLookupPage({ lang }));
    const code = normaliseTrackingCode(String(raw));
    if (!code) {
      const problem =
        lang === 'en'
          ? 'A code has 10 letters and digits, e.g. 7KQ4M-XR9TE'
          : '编号应为 10 位字母和数字，如 7KQ4M-XR9TE';
      return sendHtml(reply, 400, trackLookupPage({ lang, code: String(raw).slice(0, 20), problem }));
    }
    return reply.redirect(localHref(`/track/${code}`, lang), 303);
  });

  const loadReport = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, lang: Lang) => {
    const answer = await api(request, 'GET', `/api/v1/submissions/${encodeURIComponent(request.params.code)}`);
    if (answer.statusCode === 200) return answer.json<TrackedJson>();
    if (answer.statusCode === 404 || answer.statusCode === 400) {
      await sendHtml(reply, answer.statusCode, notFoundPage(lang, request.params.code.slice(0, 20)));
    } else {
      await sendHtml(reply, answer.statusCode, trackLookupPage({ lang, problem: messageOf(answer.json()) }));
    }
    return undefined;
  };

  app.get<{ Params: { code: string }; Querystring: { new?: string; lang?: string } }>(
    '/track/:code',
    { schema: { hide: true } },
    async (request, reply) => {
      const lang = pickLang(request.query);
      const report = await loadReport(request, reply, lang);
      if (!report) return reply;
      return sendHtml(reply, 200, trackPage({ lang, report, justSubmitted: request.query.new === '1' }));
    },
  );

  // The changing part of the tracking page, for its script to swap in when the report moves.
  app.get<{ Params: { code: string }; Querystring: { lang?: string } }>(
    '/track/:code/live',
    { schema: { hide: true } },
    async (request, reply) => {
      const lang = pickLang(request.query);
      const report = await loadReport(request, reply, lang);
      if (!report) return reply;
      return sendHtml(reply, 200, trackLive(report, lang).value);
    },
  );

  app.post<{ Params: { code: string }; Body: Form }>(
    '/track/:code/feedback',
    { schema: { hide: true } },
    async (request, reply) => {
      const lang = pickLang(request.query);
      const form = request.body ?? {};
      const rating = Number(form.rating);
      const payload = {
        rating: Number.isInteger(rating) ? rating : form.rating,
        fixed: form.fixed !== 'no',
        ...(form.comment?.trim() ? { comment: form.comment } : {}),
      };
      const answer = await api(
        request,
        'POST',
        `/api/v1/submissions/${encodeURIComponent(request.params.code)}/feedback`,
        payload,
      );
      if (answer.statusCode === 200) {
        // The code as the API normalised it, never the raw path: it goes into a Location header.
        const { trackingCode } = answer.json<{ trackingCode: string }>();
        return reply.redirect(localHref(`/track/${trackingCode}`, lang), 303);
      }
      const report = await loadReport(request, reply, lang);
      if (!report) return reply;
      return sendHtml(
        reply,
        answer.statusCode,
        trackPage({ lang, report, justSubmitted: false, problem: messageOf(answer.json()) }),
      );
    },
  );
}

function formValues(form: Form): FormValues {
  const text = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined);
  return {
    content: text('content'),
    address: text('address'),
    lat: text('lat'),
    lng: text('lng'),
    name: text('name'),
    phone: text('phone'),
    anonymous: form.anonymous === 'yes',
    notifyBySms: form.notifyBySms === 'yes',
    consent: form.consent === 'yes',
  };
}

/** The form's fields as the API's JSON body; empty fields are left out rather than sent empty. */
function submissionBody(values: FormValues): object {
  const filled = (value: string | undefined) => (value && value.trim() ? value : undefined);
  const lat = Number(values.lat);
  const lng = Number(values.lng);
  const hasPoint = filled(values.lat) && filled(values.lng) && Number.isFinite(lat) && Number.isFinite(lng);
  const address = filled(values.address);
  const name = filled(values.name);
  const phone = filled(values.phone);
  return {
    content: values.content ?? '',
    channel: 'web',
    ...(address || hasPoint
      ? { location: { ...(address ? { address } : {}), ...(hasPoint ? { lat, lng } : {}) } }
      : {}),
    ...(name || phone ? { contact: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    ...(values.anonymous ? { anonymous: true } : {}),
    ...(values.notifyBySms ? { notifyBySms: true } : {}),
  };
}

function problemsOf(body: unknown): FormProblem[] {
  const error = (body as Partial<ErrorBody>).error;
  if (!error) return [{ field: 'form', message: '提交失败，请稍后再试' }];
  if (error.fields && error.fields.length > 0) return error.fields.map((f) => ({ field: f.field, message: f.message }));
  return [{ field: 'form', message: error.message }];
}

function messageOf(body: unknown): string {
  return (body as Partial<ErrorBody>).error?.message ?? '出错了，请稍后再试';
}

function consentProblem(lang: Lang): FormProblem {
  return {
    field: 'consent',
    message: lang === 'en' ? 'Please agree to how your details are used' : '请勾选同意个人信息使用说明后再提交',
  };
}
