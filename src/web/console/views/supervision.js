/**
 * 督办看板: overdue and escalated open reports in the user's scope (the API sorts the most overdue
 * first), and how many each department has. A department's card opens its overdue queue.
 */
import { api, itemsOf } from '../api.js';
import { errorEl, excerpt, h, loadingEl, replace, timeEl } from '../dom.js';
import { dataTable, overdueBadge, statusBadge } from '../components.js';
import { OVERDUE_STAGE_LABELS } from '../labels.js';
import { navigate, rememberListHash } from '../router.js';

export async function renderSupervision(section) {
  rememberListHash();
  const box = h('div', { id: 'supervision', class: 'supervision' }, loadingEl());
  section.append(h('h1', null, '督办看板'), box);
  try {
    const data = await api.get('/api/v1/staff/supervision');
    const items = itemsOf(data);
    replace(
      box,
      departmentCards(data.byDepartment ?? []),
      h('h2', null, `逾期及督办事项（共 ${data.total ?? items.length} 条）`),
      supervisionTable(items),
    );
  } catch (error) {
    replace(
      box,
      errorEl(error, () => navigate('/supervision')),
    );
  }
}

function departmentCards(byDepartment) {
  if (byDepartment.length === 0) return h('p', { class: 'empty', id: 'supervision-departments' }, '各单位暂无逾期事项');
  return h(
    'div',
    { class: 'stat-cards', id: 'supervision-departments' },
    byDepartment.map((row) =>
      h(
        'a',
        {
          class: ['stat-card', row.overdue > 0 && 'stat-card-alert'],
          href: `#/queue?departmentId=${encodeURIComponent(row.departmentId)}&overdue=true`,
          dataset: { departmentId: row.departmentId },
        },
        h('span', { class: 'stat-name' }, row.name ?? '—'),
        h('span', { class: 'stat-value' }, String(row.overdue ?? 0)),
        h('span', { class: 'stat-unit' }, '条逾期'),
      ),
    ),
  );
}

function supervisionTable(items) {
  return dataTable(
    'supervision-table',
    ['编号', '反映内容', '承办单位', '状态', '逾期环节', '整改期限', '督办时间'],
    items.map(supervisionRow),
    '暂无逾期或督办的反映',
    { clickable: true },
  );
}

function supervisionRow(item) {
  const open = () => navigate(`/submissions/${item.id}`);
  return h(
    'tr',
    {
      dataset: { id: item.id },
      tabindex: 0,
      onClick: (event) => {
        if (!event.target.closest('a')) open();
      },
      onKeydown: (event) => {
        if (event.key === 'Enter') open();
      },
    },
    h('td', { class: 'nowrap' }, h('a', { href: `#/submissions/${item.id}` }, item.trackingCode ?? `#${item.id}`)),
    h('td', { class: 'cell-content' }, excerpt(item.content, 40)),
    h('td', null, item.department?.name ?? '—'),
    h('td', null, statusBadge(item.status, item.statusLabel)),
    h(
      'td',
      { class: 'nowrap' },
      overdueBadge(item.overdueStage),
      item.overdueStage ? ` ${OVERDUE_STAGE_LABELS[item.overdueStage] ?? ''}` : '—',
    ),
    h('td', { class: 'nowrap' }, timeEl(item.resolveDeadline)),
    h('td', { class: 'nowrap' }, item.escalatedAt ? timeEl(item.escalatedAt) : '—'),
  );
}
