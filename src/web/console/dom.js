/**
 * DOM helpers. Text always enters the page as text nodes: reports contain whatever residents typed
 * (including markup meant to attack staff), so nothing here ever parses an HTML string.
 */

// Set as properties, after the children exist: a <select>'s value only sticks once its options do.
// Everything else (multiple, required, disabled…) is an attribute, set before the children, so a
// `multiple` select keeps every option that arrives selected.
const PROPERTY_KEYS = new Set(['value', 'checked', 'selected']);

/**
 * Creates an element. `attrs`: `class` (string or array), `dataset` (object), `onEvent` functions
 * (added with addEventListener, so CSP without 'unsafe-inline' is fine), properties from
 * PROPERTY_KEYS, everything else as attributes. Children: nodes, strings (as text), arrays, or
 * null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  const properties = [];
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'innerHTML' || key === 'outerHTML') throw new Error('h(): HTML strings are not allowed');
    if (key.startsWith('on')) {
      // A string handler would be an inline script: refuse it instead of setting an attribute.
      if (typeof value !== 'function') throw new Error(`h(): ${key} must be a function`);
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) {
        if (data !== undefined && data !== null) element.dataset[name] = String(data);
      }
    } else if (PROPERTY_KEYS.has(key)) {
      properties.push([key, value]);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  for (const [key, value] of properties) element[key] = value;
  return element;
}

/** Appends children the way h() does. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

const DATE_FORMAT = { timeZone: 'Asia/Shanghai' };

/** A timestamp as staff in the district read it, whatever the laptop's own time zone is. */
export function formatDateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString('zh-CN', DATE_FORMAT);
}

/** A `<time>` element with the machine-readable value kept alongside. */
export function timeEl(iso) {
  return h('time', { datetime: iso || undefined }, formatDateTime(iso));
}

export function excerpt(text, length = 40) {
  const flat = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/**
 * Only same-origin URLs go into src/href: the API returns relative attachment URLs, and anything
 * else (another host, `javascript:`) is replaced by the fallback.
 */
export function sameOriginUrl(url, fallback) {
  try {
    const parsed = new URL(String(url), location.href);
    if (parsed.origin === location.origin && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      return parsed.pathname + parsed.search;
    }
  } catch {
    // Not a URL at all: use the fallback.
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Feedback

let toastTimer;

/**
 * Shows a message in #toast. `details` are extra lines (per-field messages of a failed request).
 * Errors stay longer because they usually need reading.
 */
export function toast(message, type = 'success', details = []) {
  const box = document.getElementById('toast');
  if (!box) return;
  replace(
    box,
    h('p', { class: 'toast-message' }, message),
    details.length > 0
      ? h(
          'ul',
          { class: 'toast-details' },
          details.map((line) => h('li', null, line)),
        )
      : null,
  );
  box.className = `toast toast-${type}`;
  box.setAttribute('role', type === 'error' ? 'alert' : 'status');
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), type === 'error' ? 8000 : 4000);
}

/** Placeholders every page uses while it waits, when a list is empty, or when loading failed. */
export function loadingEl(text = '正在加载…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function errorEl(error, retry) {
  return h(
    'div',
    { class: 'load-error', role: 'alert' },
    h('p', null, error?.message || '加载失败'),
    retry ? h('button', { type: 'button', class: 'btn', onClick: retry }, '重试') : null,
  );
}

/** Wraps a table so that it scrolls sideways on a narrow screen instead of squeezing columns. */
export function tableWrap(table) {
  return h('div', { class: 'table-wrap' }, table);
}

export function scrollIntoViewIfNeeded(element) {
  if (typeof element.scrollIntoView === 'function') element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

export function confirmDialog(message) {
  return window.confirm(message);
}
