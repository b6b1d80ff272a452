/**
 * 工作队列: tabs by status (with counts), filters, a paged table. Everything the user chose is in
 * the hash (`#/queue?status=assigned&category=dirty&page=2`); changing a filter changes the hash
 * and the page is drawn again from it.
 */
import { api, itemsOf } from '../api.js';
import { dayStart, nextDayStart } from '../dates.js';
import { excerpt, errorEl, h, loadingEl, replace, timeEl } from '../dom.js';
import { dataTable, overdueBadge, pageFrom, pagination, statusBadge } from '../components.js';
import { field } from '../forms.js';
import { CHANNEL_LABELS, SORT_OPTIONS, statusLabel } from '../labels.js';
import { navigate, queryObject, rememberListHash } from '../router.js';
import { classificationText, loadCategories, loadDepartments } from '../state.js';

const PAGE_SIZE = 20;

/** `status` tabs filter by status; the last two by a flag, and count from the flag's total. */
const TABS = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待分拨', status: true },
  { key: 'assigned', label: '已分派', status: true },
  { key: 'accepted', label: '已受理', status: true },
  { key: 'in_progress', label: '整改中', status: true },
  { key: 'resolved', label: '已整改', status: true },
  { key: 'returned', label: '已退回', status: true },
  { key: 'reopened', label: '重新办理', status: true },
  { key: 'overdue', label: '逾期' },
  { key: 'needsReview', label: '待复核' },
];

/**
 * Filters that narrow both the list and the tab counts. `subcategory` and `channel` have no
 * control in the form: they arrive with a link (the statistics' drill-down) and show as chips.
 */
const FILTER_KEYS = ['category', 'subcategory', 'channel', 'departmentId', 'q', 'from', 'to'];

export async function renderQueue(section, ctx) {
  rememberListHash();
  const query = ctx.query;
  const tab = activeTab(query);
  const page = pageFrom(query);

  const tabBar = h('div', { class: 'tabs', role: 'tablist', id: 'queue-tabs', 'aria-label': '按状态查看' });
  const results = h('div', { class: 'queue-results', id: 'queue-results' }, loadingEl());
  section.append(
    h('h1', null, '工作队列'),
    tabBar,
    h('div', { id: 'queue-filter-box' }, loadingEl('正在加载筛选条件…')),
    h('div', { id: 'queue-chip-box' }),
    results,
  );
  drawTabs(tabBar, query, tab, null);

  try {
    const [categories, departments] = await Promise.all([loadCategories(), loadDepartments()]);
    replace(section.querySelector('#queue-filter-box'), filterForm(query, tab, categories, departments));
    replace(section.querySelector('#queue-chip-box'), activeFilterChips(query, categories));
    // Counts and the list do not depend on each other; a failed count must not hide the list.
    loadCounts(query)
      .then((counts) => drawTabs(tabBar, query, tab, counts))
      .catch(() => drawTabs(tabBar, query, tab, null));
    const list = await api.get('/api/v1/staff/submissions', listQuery(query, tab, page));
    replace(
      results,
      queueTable(itemsOf(list), categories),
      pagination({ page, limit: PAGE_SIZE, total: list.total ?? 0, totalCapped: list.totalCapped }, (to) =>
        goToPage(query, to),
      ),
    );
  } catch (error) {
    replace(
      results,
      errorEl(error, () => navigate('/queue', queryObject(query))),
    );
  }
}

function activeTab(query) {
  if (query.get('status')) return query.get('status');
  if (query.get('overdue') === 'true') return 'overdue';
  if (query.get('needsReview') === 'true') return 'needsReview';
  return 'all';
}

/** The hash query for a tab: the current filters, the tab's own parameter, back to page 1. */
function tabQuery(query, key) {
  const next = pick(query, FILTER_KEYS.concat('sort'));
  if (key === 'overdue') next.overdue = 'true';
  else if (key === 'needsReview') next.needsReview = 'true';
  else if (key !== 'all') next.status = key;
  return next;
}

function pick(query, keys) {
  const result = {};
  for (const key of keys) if (query.get(key)) result[key] = query.get(key);
  return result;
}

function drawTabs(bar, query, active, counts) {
  replace(
    bar,
    TABS.map((tab) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          dataset: { tab: tab.key },
          'aria-selected': String(tab.key === active),
          onClick: () => navigate('/queue', tabQuery(query, tab.key)),
        },
        tab.label,
        h('span', { class: 'tab-count' }, counts ? shownCount(countFor(counts, tab), counts.countCap) : ''),
      ),
    ),
  );
}

/** Past the cap the server stops counting: "10000+". */
function shownCount(n, cap) {
  return cap !== undefined && n > cap ? `${cap}+` : String(n);
}

function countFor(counts, tab) {
  if (tab.key === 'all') return counts.total ?? 0;
  if (tab.status) return counts.byStatus?.[tab.key] ?? 0;
  return counts[tab.key] ?? 0;
}

function loadCounts(query) {
  return api.get('/api/v1/staff/submissions/counts', apiFilters(query));
}

/** Filters as the API wants them: dates become whole days in Shanghai time. */
function apiFilters(query) {
  const filters = pick(query, ['category', 'subcategory', 'channel', 'departmentId', 'q']);
  if (query.get('from')) filters.from = dayBoundary(query.get('from'), 'start');
  if (query.get('to')) filters.to = dayBoundary(query.get('to'), 'end');
  return filters;
}

/**
 * A date input gives `2026-11-01`; the API would read that as midnight UTC (08:00 in the
 * district). Staff mean the whole local day, so the bounds carry the +08:00 offset. The API
 * keeps reports created before `to`, so the end is the next day's midnight: the same days as the
 * statistics count, which the dashboard's drill-down relies on.
 */
function dayBoundary(day, edge) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return edge === 'start' ? dayStart(day) : nextDayStart(day);
}

function listQuery(query, tab, page) {
  const result = {
    ...apiFilters(query),
    sort: query.get('sort') || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  if (tab === 'overdue') result.overdue = 'true';
  else if (tab === 'needsReview') result.needsReview = 'true';
  else if (tab !== 'all') result.status = tab;
  return result;
}

function goToPage(query, page) {
  navigate('/queue', { ...queryObject(query), page: page > 1 ? page : undefined });
}

function filterForm(query, tab, categories, departments) {
  const value = (name) => query.get(name) ?? '';
  const form = h(
    'form',
    { id: 'queue-filters', class: 'filters', role: 'search' },
    field(
      '分类',
      h(
        'select',
        { name: 'category', value: value('category') },
        h('option', { value: '' }, '全部分类'),
        categories.map((category) => h('option', { value: category.code }, category.name)),
      ),
    ),
    field(
      '承办单位',
      h(
        'select',
        { name: 'departmentId', value: value('departmentId') },
        h('option', { value: '' }, '全部单位'),
        departments.map((department) => h('option', { value: String(department.id) }, department.name)),
      ),
    ),
    field(
      '关键词',
      h('input', { type: 'search', name: 'q', value: value('q'), maxlength: 100, placeholder: '内容、编号、地点' }),
    ),
    field('提交日期从', h('input', { type: 'date', name: 'from', value: value('from') })),
    field('至', h('input', { type: 'date', name: 'to', value: value('to') })),
    field(
      '排序',
      h(
        'select',
        { name: 'sort', value: value('sort') || '-createdAt' },
        SORT_OPTIONS.map((option) => h('option', { value: option.value }, option.label)),
      ),
    ),
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          id: 'queue-filters-reset',
          // A status without a tab (from a link) is a filter too, and goes with the rest.
          onClick: () =>
            navigate('/queue', tabQuery(new URLSearchParams(), TABS.some((t) => t.key === tab) ? tab : 'all')),
        },
        '重置',
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = tabQuery(new URLSearchParams(), tab);
    for (const key of FILTER_KEYS.concat('sort')) {
      const control = form.elements.namedItem(key);
      // Chip filters have no control: they stay until their chip (or 重置) removes them.
      const text = control ? String(control.value).trim() : (query.get(key) ?? '');
      // The default order is left out of the hash to keep links short.
      if (text && !(key === 'sort' && text === '-createdAt')) next[key] = text;
    }
    // A subcategory of another category than the one now chosen would empty the list.
    if (next.subcategory && next.category && parentCategory(categories, next.subcategory) !== next.category) {
      delete next.subcategory;
    }
    navigate('/queue', next);
  });
  return form;
}

function parentCategory(categories, subcategory) {
  return categories.find((category) => category.subcategories?.some((sub) => sub.code === subcategory))?.code;
}

/**
 * `#queue-active-filters`: chips for what narrows the list but has no control in the form (a
 * subcategory, a channel, a status without a tab), each with a button that removes it.
 */
function activeFilterChips(query, categories) {
  const chips = [];
  const subcategory = query.get('subcategory');
  if (subcategory) {
    const name = classificationText(categories, parentCategory(categories, subcategory), subcategory);
    chips.push(['subcategory', `小类：${name}`]);
  }
  const channel = query.get('channel');
  if (channel) chips.push(['channel', `来源渠道：${CHANNEL_LABELS[channel] ?? channel}`]);
  const status = query.get('status');
  if (status && !TABS.some((item) => item.key === status)) chips.push(['status', `状态：${statusLabel(status)}`]);
  if (chips.length === 0) return null;
  const without = (key) => {
    const next = queryObject(query);
    delete next[key];
    delete next.page;
    return next;
  };
  return h(
    'div',
    { class: 'active-filters', id: 'queue-active-filters', role: 'status' },
    h('span', { class: 'active-filters-label' }, '当前只显示：'),
    chips.map(([key, text]) =>
      h(
        'span',
        { class: 'chip', dataset: { filter: key, value: query.get(key) } },
        text,
        h(
          'button',
          {
            type: 'button',
            class: 'chip-remove',
            dataset: { removeFilter: key },
            'aria-label': `取消筛选 ${text}`,
            title: '取消这个筛选',
            onClick: () => navigate('/queue', without(key)),
          },
          '×',
        ),
      ),
    ),
  );
}

function queueTable(items, categories) {
  return dataTable(
    'queue-table',
    ['编号', '反映内容', '分类', '承办单位', '状态', '整改期限', '提交时间'],
    items.map((item) => queueRow(item, categories)),
    '暂无反映',
    { clickable: true },
  );
}

function queueRow(item, categories) {
  const open = () => navigate(`/submissions/${item.id}`);
  return h(
    'tr',
    {
      dataset: { id: item.id, status: item.status },
      tabindex: 0,
      class: item.overdueStage ? 'row-overdue' : null,
      onClick: (event) => {
        // The tracking-code link navigates by itself; a second navigation would be redundant.
        if (!event.target.closest('a')) open();
      },
      onKeydown: (event) => {
        if (event.key === 'Enter') open();
      },
    },
    h('td', { class: 'nowrap' }, h('a', { href: `#/submissions/${item.id}` }, item.trackingCode ?? `#${item.id}`)),
    h('td', { class: 'cell-content' }, excerpt(item.content, 40)),
    h(
      'td',
      null,
      classificationText(categories, item.category, item.subcategory),
      item.needsReview ? h('span', { class: 'badge badge-review' }, '待复核') : null,
    ),
    h('td', null, item.department?.name ?? '—'),
    h('td', null, statusBadge(item.status, item.statusLabel)),
    h('td', { class: 'nowrap' }, timeEl(item.resolveDeadline), ' ', overdueBadge(item.overdueStage)),
    h('td', { class: 'nowrap' }, timeEl(item.createdAt)),
  );
}
