/**
 * Pieces several pages share: status and deadline badges, pagination, and the approve/refuse
 * controls for an extension request (on the detail page and on the extensions page).
 */
import { api } from './api.js';
import { h, tableWrap } from './dom.js';
import { onSubmit } from './forms.js';
import { OVERDUE_STAGE_LABELS, statusLabel } from './labels.js';

/** A titled block of a page. */
export function card(title, ...body) {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, title), ...body);
}

export function statusBadge(status, title) {
  return h(
    'span',
    { class: ['badge', `status-${status}`], dataset: { status }, title: title || undefined },
    statusLabel(status),
  );
}

/** The red 逾期 badge; which stage is late goes in the tooltip. */
export function overdueBadge(stage) {
  if (!stage) return null;
  return h(
    'span',
    { class: 'badge badge-overdue', dataset: { overdueStage: stage }, title: OVERDUE_STAGE_LABELS[stage] ?? '' },
    '逾期',
  );
}

/**
 * "第 x / y 页，共 n 条" with #prev-page / #next-page. `go(page)` moves (usually by changing the hash).
 */
export function pagination({ page, limit, total, totalCapped = false }, go) {
  const pages = Math.max(1, Math.ceil(total / limit));
  // Past the count cap the server stops counting: "10000+" and as many pages as that covers.
  const shown = totalCapped ? `${total}+` : `${total}`;
  return h(
    'div',
    { class: 'pagination' },
    h(
      'button',
      { type: 'button', id: 'prev-page', class: 'btn', disabled: page <= 1, onClick: () => go(page - 1) },
      '上一页',
    ),
    h(
      'span',
      { class: 'page-info', id: 'page-info' },
      `第 ${Math.min(page, pages)} / ${pages}${totalCapped ? '+' : ''} 页，共 ${shown} 条`,
    ),
    h(
      'button',
      { type: 'button', id: 'next-page', class: 'btn', disabled: page >= pages, onClick: () => go(page + 1) },
      '下一页',
    ),
  );
}

/** Reads `page` from a hash query: a positive whole number, 1 otherwise. */
export function pageFrom(query) {
  const page = Number(query.get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/**
 * Approve / refuse buttons for a pending extension, with an optional note. `done()` runs after a
 * decision was recorded (the caller reloads its page).
 */
export function extensionDecisionForm(extension, done) {
  let approve = true;
  const form = h(
    'form',
    { class: 'extension-decision', dataset: { extensionId: extension.id } },
    h('input', {
      type: 'text',
      name: 'decisionNote',
      maxlength: 2000,
      placeholder: '审批意见（选填）',
      'aria-label': '审批意见',
    }),
    h(
      'button',
      {
        type: 'submit',
        class: 'btn btn-primary btn-small',
        dataset: { decision: 'approve' },
        onClick: () => (approve = true),
      },
      '批准延期',
    ),
    h(
      'button',
      {
        type: 'submit',
        class: 'btn btn-danger btn-small',
        dataset: { decision: 'refuse' },
        onClick: () => (approve = false),
      },
      '不予批准',
    ),
  );
  onSubmit(form, async () => {
    const note = form.elements.namedItem('decisionNote').value.trim();
    await api.post(
      `/api/v1/staff/extensions/${encodeURIComponent(extension.id)}/decision`,
      note ? { approve, note } : { approve },
    );
    await done();
    return approve ? '已批准延期' : '已驳回延期申请';
  });
  return form;
}

/** Who asked for an extension: the API may send a name or a small user object. */
export function personName(person) {
  if (person === null || person === undefined) return '—';
  if (typeof person === 'object') return person.displayName ?? person.name ?? person.username ?? '—';
  return String(person);
}

/**
 * A table with a header row; `rows` empty → one row saying `emptyText`. `clickable` styles rows
 * that open a report.
 */
export function dataTable(id, headers, rows, emptyText, { clickable = false } = {}) {
  const body = rows.length
    ? rows
    : [h('tr', { class: 'empty-row' }, h('td', { colspan: headers.length, class: 'empty' }, emptyText))];
  return tableWrap(
    h(
      'table',
      { id, class: clickable ? 'table table-clickable' : 'table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((title) => h('th', { scope: 'col' }, title)),
        ),
      ),
      h('tbody', null, body),
    ),
  );
}
