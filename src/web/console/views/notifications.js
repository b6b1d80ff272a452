/**
 * 通知: the user's messages, newest first — for leaders, the weekly digest (每周通报) with the
 * week's figures for their departments and the reports late when it was written. Opening a
 * message marks it read; the header's badge counts the unread ones.
 */
import { api, itemsOf } from '../api.js';
import { errorEl, h, loadingEl, replace, timeEl } from '../dom.js';
import { dataTable, pageFrom, pagination } from '../components.js';
import { statusLabel } from '../labels.js';
import { navigate, queryObject } from '../router.js';
import { refreshUnreadBadge } from '../notifications-badge.js';

const PAGE_SIZE = 10;

export async function renderNotifications(section, { query }) {
  const box = h('div', { id: 'notifications', class: 'notifications' }, loadingEl());
  section.append(h('h1', null, '通知'), box);
  const page = pageFrom(query);
  try {
    const data = await api.get('/api/v1/staff/notifications', { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const items = itemsOf(data);
    if (items.length === 0) {
      replace(box, h('p', { class: 'empty' }, '暂无通知。分管领导每周一会在这里收到上周的办理通报。'));
      return;
    }
    replace(
      box,
      h('p', { class: 'hint', id: 'notifications-summary' }, `共 ${data.total} 条，未读 ${data.unread} 条`),
      items.map(message),
      pagination({ page, limit: PAGE_SIZE, total: data.total ?? 0 }, (to) =>
        navigate('/notifications', { ...queryObject(query), page: to > 1 ? to : undefined }),
      ),
    );
  } catch (error) {
    replace(
      box,
      errorEl(error, () => navigate('/notifications', queryObject(query))),
    );
  }
}

function message(item) {
  const body = h('div', { class: 'notification-body' }, digestBody(item.data ?? {}));
  const details = h(
    'details',
    {
      class: ['notification', !item.readAt && 'notification-unread'],
      dataset: { id: item.id, read: item.readAt ? 'true' : 'false' },
      onToggle: (event) => {
        if (event.currentTarget.open && !item.readAt) markRead(item, event.currentTarget);
      },
    },
    h(
      'summary',
      null,
      h('span', { class: 'notification-title' }, item.title),
      ' ',
      !item.readAt ? h('span', { class: 'badge badge-new' }, '未读') : null,
      h('span', { class: 'notification-time' }, timeEl(item.createdAt)),
    ),
    body,
  );
  return details;
}

async function markRead(item, element) {
  try {
    await api.post(`/api/v1/staff/notifications/${item.id}/read`);
    item.readAt = new Date().toISOString();
    element.classList.remove('notification-unread');
    element.dataset.read = 'true';
    element.querySelector('.badge-new')?.remove();
    refreshUnreadBadge();
  } catch {
    // Still readable; it stays unread and is marked again next time it is opened.
  }
}

const percent = (rate) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

function digestBody(data) {
  const figures = data.figures ?? {};
  const period = data.period ?? {};
  const range = period.from ? { from: period.from, to: period.to } : {};
  return [
    h(
      'dl',
      { class: 'digest-figures' },
      figure('本周新增', figures.received, `#/queue?from=${range.from ?? ''}&to=${range.to ?? ''}`),
      figure('已办结', figures.resolved),
      figure('按时办结率', percent(figures.onTimeRate)),
      figure('平均评分', figures.averageRating ?? '—'),
      figure('当前逾期', data.overdueTotal ?? 0, '#/queue?overdue=true'),
    ),
    h(
      'h3',
      null,
      `逾期事项（通报生成时，共 ${data.overdueTotal ?? 0} 条${(data.overdue ?? []).length < (data.overdueTotal ?? 0) ? '，列出最早到期的' : ''}）`,
    ),
    dataTable(
      `digest-overdue-${data.period?.from ?? ''}`,
      ['编号', '小类', '承办单位', '状态', '应完成时间'],
      (data.overdue ?? []).map((row) =>
        h(
          'tr',
          { dataset: { id: row.id } },
          h('td', { class: 'nowrap' }, h('a', { href: `#/submissions/${row.id}` }, row.trackingCode)),
          h('td', null, row.subcategory),
          h('td', null, row.department),
          h('td', null, statusLabel(row.status)),
          h('td', { class: 'nowrap' }, timeEl(row.due)),
        ),
      ),
      '没有逾期事项',
    ),
    range.from
      ? h('p', null, h('a', { href: `#/report?from=${range.from}&to=${range.to}` }, '查看本周定期通报 →'))
      : null,
  ];
}

function figure(label, value, href) {
  const shown = String(value ?? 0);
  return h(
    'div',
    { class: 'digest-figure' },
    h('dt', null, label),
    h('dd', null, href ? h('a', { href }, shown) : shown),
  );
}
