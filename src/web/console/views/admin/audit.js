/**
 * 审计日志 (admin): who did what, newest first, 50 a page (`#/admin/audit?page=2`).
 */
import { api, itemsOf } from '../../api.js';
import { h, timeEl } from '../../dom.js';
import { pageFrom, pagination } from '../../components.js';
import { navigate } from '../../router.js';
import { adminPage, dataTable } from './common.js';

const PAGE_SIZE = 50;

/** The most frequent entries in words; any other action code is shown as it is. */
const ACTION_LABELS = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  'phone.reveal': '查看群众电话',
};

export function renderAudit(section, ctx) {
  const page = pageFrom(ctx.query);
  return adminPage(section, { id: 'admin-audit', title: '审计日志' }, async () => {
    const data = await api.get('/api/v1/staff/audit', { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const rows = itemsOf(data).map(auditRow);
    return [
      dataTable('audit-table', ['时间', '账号', '操作', '对象', 'IP', '详情'], rows, '暂无审计记录'),
      pagination({ page, limit: PAGE_SIZE, total: data.total ?? rows.length }, (to) =>
        navigate('/admin/audit', { page: to > 1 ? to : undefined }),
      ),
    ];
  });
}

function auditRow(entry) {
  const action =
    ACTION_LABELS[entry.action] ??
    (entry.action?.startsWith('lifecycle.') ? `办理：${entry.action.slice(10)}` : entry.action);
  return h(
    'tr',
    { dataset: { id: entry.id } },
    // The contract names it createdAt; the table's column is `at`.
    h('td', { class: 'nowrap' }, timeEl(entry.createdAt ?? entry.at)),
    h('td', null, entry.username ?? (entry.staffUserId ? `#${entry.staffUserId}` : '—')),
    h(
      'td',
      null,
      action ?? '—',
      h('span', { class: 'muted small mono' }, entry.action && action !== entry.action ? ` ${entry.action}` : ''),
    ),
    h('td', null, target(entry)),
    h('td', { class: 'mono' }, entry.ip ?? '—'),
    h('td', { class: 'cell-details mono' }, details(entry.details)),
  );
}

function target(entry) {
  if (!entry.targetType) return '—';
  const label = `${entry.targetType} #${entry.targetId ?? ''}`;
  return entry.targetType === 'submission' && entry.targetId
    ? h('a', { href: `#/submissions/${entry.targetId}` }, label)
    : label;
}

function details(value) {
  if (!value || (typeof value === 'object' && Object.keys(value).length === 0)) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
