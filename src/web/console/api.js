/**
 * The one way the console talks to the API (docs/staff-api.md). The session lives in an HttpOnly
 * cookie; the CSRF token only in memory, so another site's page can neither read nor replay it.
 */

let csrfToken = null;
let unauthorizedHandler = () => {};

export function setCsrfToken(token) {
  csrfToken = token ?? null;
}

/** Called on every 401 except from log-in itself (a wrong password is not an expired session). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/** The API's error body as an exception: `message` is Chinese and shown to the user as it is. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || fallbackMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? `http_${status}`;
    this.fields = Array.isArray(body?.fields) ? body.fields : [];
    this.requestId = body?.requestId;
  }

  get isStale() {
    return this.status === 409 && this.code === 'stale_version';
  }
}

function fallbackMessage(status) {
  if (status === 0) return '网络连接失败，请检查网络后重试';
  if (status === 401) return '登录已过期，请重新登录';
  if (status === 403) return '您没有权限执行这个操作';
  if (status === 404) return '没有找到，或不在您的办理范围内';
  if (status === 409) return '当前状态不允许这个操作';
  if (status === 413) return '文件太大';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务器出错，请稍后重试';
  return `请求失败（${status}）`;
}

/** Drops empty values so that an unused filter is left out instead of sent as `q=`. */
export function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Sends a request and returns the parsed JSON (null for 204), or throws ApiError.
 * `body`: a plain object (sent as JSON) or FormData (sent as multipart; the browser sets the
 * boundary, so Content-Type must not be set here).
 */
export async function request(method, path, { body, query } = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  // Fastify answers 400 to `Content-Type: application/json` with an empty body, so a bodiless
  // POST (log-out) carries no Content-Type at all.
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response;
  try {
    response = await fetch(path + queryString(query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return null;
  const data = await readJson(response);
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error);
    if (response.status === 401 && path !== '/api/v1/auth/login') unauthorizedHandler(error);
    throw error;
  }
  return data;
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

/** List endpoints answer `{items}`; reference data answers a bare array. Accept both. */
export function itemsOf(data) {
  if (Array.isArray(data)) return data;
  return Array.isArray(data?.items) ? data.items : [];
}
