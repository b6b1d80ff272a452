import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { AppError, FieldProblem, ValidationFailed } from '../errors';

/**
 * The one place errors become HTTP. Every error body has the same shape:
 * `{ error: { code, message (中文), messageEn, fields?, requestId } }`; a 5xx never carries internals.
 */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageEn: string;
    fields?: readonly FieldProblem[];
    requestId: string;
  };
}

/** Fastify's own client errors, renamed into our vocabulary with a message a resident can read. */
const FASTIFY_ERRORS: Readonly<Record<string, { status: number; code: string; message: string; messageEn: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: '提交的内容太大',
    messageEn: 'Request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: '不支持的内容类型，请以 application/json 提交',
    messageEn: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'empty_body',
    message: '请求体为空',
    messageEn: 'Request body is empty',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: '请求体不是有效的 JSON',
    messageEn: 'Request body is not valid JSON',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'file_too_large',
    message: '照片太大，请压缩后再上传',
    messageEn: 'The file is too large',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: '上传照片请使用 multipart/form-data',
    messageEn: 'Send the photo as multipart/form-data',
  },
  FST_FILES_LIMIT: {
    status: 413,
    code: 'too_many_files',
    message: '一次只能上传一张照片',
    messageEn: 'One file per request',
  },
  FST_FIELDS_LIMIT: {
    status: 413,
    code: 'too_many_fields',
    message: '表单字段太多',
    messageEn: 'Too many form fields',
  },
  FST_PARTS_LIMIT: {
    status: 413,
    code: 'too_many_parts',
    message: '表单字段太多',
    messageEn: 'Too many form parts',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    message: 'Content-Length 与实际内容不符',
    messageEn: 'Content-Length does not match the body',
  },
};

/**
 * PostgreSQL or the network to it is down or refusing: worth a retry, not a bug. SQLSTATE classes
 * 08 (connection), 53 (resources), 57P (shut down, restarting) and 55000 (database not accepting
 * connections), and the socket errors of an unreachable server.
 */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|55000$)/;

function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a transaction's connection when PostgreSQL drops it, and says so on the next query.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = candidate.code;
    if (typeof code === 'string' && (NETWORK_ERRORS.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (
      typeof candidate.message === 'string' &&
      /Connection terminated|connection timeout|Connection refused|timeout exceeded when trying to connect/i.test(
        candidate.message,
      )
    )
      return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

/**
 * What of an error may be logged. A failed query's error carries the query's parameters —
 * residents' texts and phone numbers — so only the name, code, message and stack are kept.
 */
export function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const driver = (error as { driverError?: { code?: unknown } }).driverError;
  return {
    type: error.name,
    code: (error as { code?: unknown }).code ?? driver?.code,
    message: error.message,
    stack: error.stack,
  };
}

export function sendError(
  reply: FastifyReply,
  status: number,
  body: Omit<ErrorBody['error'], 'requestId'>,
): FastifyReply {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { ...body, requestId: reply.request.id } });
}

export interface DescribedError {
  readonly status: number;
  readonly body: Omit<ErrorBody['error'], 'requestId'>;
}

/** What an error means over HTTP; logs what a person must look at (a 5xx). */
export function describeError(error: FastifyError | AppError, request: FastifyRequest): DescribedError {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        code: error.code,
        message: error.message,
        messageEn: error.messageEn,
        ...(error instanceof ValidationFailed ? { fields: error.fields } : {}),
      },
    };
  }
  const known = FASTIFY_ERRORS[(error as FastifyError).code];
  if (known)
    return { status: known.status, body: { code: known.code, message: known.message, messageEn: known.messageEn } };
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return { status, body: { code: 'bad_request', message: '请求有误', messageEn: error.message } };
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: loggable(error) }, 'database unavailable');
    return {
      status: 503,
      body: {
        code: 'service_unavailable',
        message: '系统暂时繁忙，请稍后重新提交',
        messageEn: 'The service is temporarily unavailable; please try again shortly',
      },
    };
  }
  request.log.error({ err: loggable(error) }, 'unhandled error');
  return {
    status: 500,
    body: { code: 'internal_error', message: '系统出现错误，请稍后再试', messageEn: 'Internal error' },
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const described = describeError(error, request);
    return sendError(reply, described.status, described.body);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, {
      code: 'route_not_found',
      message: `没有这个地址：${request.method} ${request.url.split('?')[0]}`,
      messageEn: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}
