/**
 * Hash routing: `#/queue?status=assigned&page=2`. Filters live in the hash so that a reload, the
 * back button and a link sent to a colleague all show the same list.
 */
import { queryString } from './api.js';

let rerender = () => {};

/** app.js registers how to draw the current route; navigate() uses it when the hash is unchanged. */
export function setRenderer(render) {
  rerender = render;
}

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/queue';
  const [path, search = ''] = raw.split('?');
  return { path: path || '/queue', query: new URLSearchParams(search) };
}

export function buildHash(path, query) {
  return `#${path}${queryString(query)}`;
}

/**
 * Goes to a route. Setting the same hash again fires no `hashchange`, so in that case the page is
 * drawn directly (a "refresh" after a filter that did not change anything).
 */
export function navigate(path, query) {
  const hash = buildHash(path, query);
  if (location.hash === hash) rerender();
  else location.hash = hash;
}

/** URLSearchParams → plain object, for spreading into a new query. */
export function queryObject(params) {
  return Object.fromEntries(params.entries());
}

let lastListHash = '#/queue';

/** The list page (with its filters) the user came from, for the detail page's "back" link. */
export function rememberListHash(hash = location.hash) {
  lastListHash = hash || '#/queue';
}

export function listHash() {
  return lastListHash;
}
