/**
 * 统计分析: the figures of a period (GET /api/v1/staff/statistics, scoped by the API: a department
 * sees its own), drawn as cards, charts and tables. Every count that the queue can list is a link
 * (or a clickable bar or slice) to the queue with the same dates and filters.
 */
import { chartBox, mountChart } from '../charts.js';
import { card } from '../components.js';
import { addDays, beijingToday, chineseRange, startOfMonth } from '../dates.js';
import { errorEl, h, loadingEl, replace } from '../dom.js';
import { loadECharts } from '../echarts-loader.js';
import { CHANNEL_LABELS, statusLabel } from '../labels.js';
import { buildHash, navigate } from '../router.js';
import { categoryName, loadCategories, loadDepartments } from '../state.js';
import { drillLink, exportButtons, fetchStatistics, filtersQuery, rangeProblem, statsFilters } from '../statistics.js';
import { rankingTable } from './ranking.js';
import { hotSpots } from './stats-hotspots.js';
import { keyFigures } from './stats-figures.js';
import {
  categoryOption,
  categoryTarget,
  channelOption,
  channelTarget,
  departmentChartHeight,
  departmentLabel,
  departmentOption,
  departmentTarget,
  orderedStatuses,
  seriesOption,
  seriesTarget,
  statusOption,
  statusTarget,
} from './stats-charts.js';
import { scopeText, statsFilterForm } from './stats-filters.js';

export async function renderDashboard(section, ctx) {
  const filters = statsFilters(ctx.query);
  const results = h('div', { id: 'dashboard', class: 'dashboard' }, loadingEl());
  section.append(
    h('div', { class: 'page-head' }, h('h1', null, '统计分析'), reportLinks(filters)),
    h('div', { id: 'dashboard-filter-box' }, loadingEl('正在加载筛选条件…')),
    results,
  );
  const reload = () => navigate('/dashboard', filtersQuery(filters));
  // Started now, so the library downloads while the figures are computed.
  const echartsReady = loadECharts().catch((error) => error);
  try {
    const [categories, departments] = await Promise.all([loadCategories(), loadDepartments()]);
    replace(
      section.querySelector('#dashboard-filter-box'),
      statsFilterForm('/dashboard', 'dashboard-filters', filters, categories, departments),
    );
    const problem = rangeProblem(filters);
    if (problem) {
      replace(results, h('p', { class: 'load-error', role: 'alert' }, problem));
      return;
    }
    const stats = await fetchStatistics(filters);
    const scope = h(
      'p',
      { id: 'dashboard-scope', class: 'scope-line' },
      `统计范围：${chineseRange(filters.from, filters.to)} · ${scopeText(filters, departments)} · `,
      filters.category ? categoryName(categories, filters.category) : '全部分类',
      ` · ${filters.interval === 'week' ? '按周' : '按日'}`,
      stats.pendingReports > 0
        ? h(
            'span',
            { id: 'dashboard-pending', class: 'pending-note' },
            ` · 另有 ${stats.pendingReports} 条反映的统计正在更新，稍后刷新即可计入`,
          )
        : null,
    );
    if (!stats.total) {
      replace(
        results,
        scope,
        h('p', { class: 'empty', id: 'dashboard-empty' }, '暂无数据：所选时间范围和条件下没有收到反映。'),
      );
      return;
    }
    const boxes = chartBoxes();
    replace(results, scope, ...layout(stats, filters, categories, departments, boxes));
    const echarts = await echartsReady;
    if (!section.isConnected) return;
    if (echarts instanceof Error) {
      for (const box of Object.values(boxes)) replace(box, errorEl(echarts, reload));
      return;
    }
    drawCharts(echarts, boxes, stats, filters, categories, departments);
  } catch (error) {
    replace(results, errorEl(error, reload));
  }
}

/** 本周周报 / 上周周报 / 本月月报 / 上月月报 and the ranking on its own, with this page's filters. */
function reportLinks(filters) {
  const today = beijingToday();
  const scope = { departmentId: filters.departmentId, category: filters.category };
  const link = (key, label, path, query) =>
    h('a', { class: 'btn btn-small', href: buildHash(path, { ...query, ...scope }), dataset: { report: key } }, label);
  return h(
    'nav',
    { class: 'page-links no-print', id: 'dashboard-report-links', 'aria-label': '通报' },
    link('week', '本周周报', '/report', { period: 'week', date: today }),
    link('last-week', '上周周报', '/report', { period: 'week', date: addDays(today, -7) }),
    link('month', '本月月报', '/report', { period: 'month', date: today }),
    link('last-month', '上月月报', '/report', { period: 'month', date: addDays(startOfMonth(today), -1) }),
    link('ranking', '红黑榜', '/ranking', { from: filters.from, to: filters.to }),
  );
}

function chartBoxes() {
  return {
    series: chartBox('chart-series', '收到与办结趋势图', 'chart chart-wide'),
    category: chartBox('chart-category', '按分类统计图'),
    channel: chartBox('chart-channel', '按来源渠道统计图'),
    status: chartBox('chart-status', '按办理状态统计图'),
    department: chartBox('chart-department', '按承办单位统计图'),
  };
}

function layout(stats, filters, categories, departments, boxes) {
  const chartCard = (id, title, table, ...body) =>
    h(
      'section',
      { class: 'card chart-card', id },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, title), exportButtons(filters, table, title)),
      ...body,
    );
  const list = (id, key, rows, label) => breakdown(filters, id, key, rows, label);
  boxes.department.style.height = `${departmentChartHeight(stats)}px`;
  return [
    keyFigures(stats, filters),
    chartCard(
      'section-series',
      filters.interval === 'week' ? '每周收到与办结' : '每日收到与办结',
      'series',
      boxes.series,
      h('p', { class: 'footnote' }, '柱：当期收到的反映（点击查看当期的反映）；线：当期办结的、当期逾期被督办的反映。'),
    ),
    h(
      'div',
      { class: 'chart-grid' },
      chartCard(
        'section-category',
        '按分类',
        'category',
        boxes.category,
        list('category-breakdown', 'category', stats.byCategory, (key) => categoryName(categories, key)),
      ),
      chartCard(
        'section-channel',
        '按来源渠道',
        'channel',
        boxes.channel,
        list('channel-breakdown', 'channel', stats.byChannel, (key) => CHANNEL_LABELS[key] ?? key),
      ),
      chartCard(
        'section-status',
        '按办理状态（当前）',
        'status',
        boxes.status,
        list('status-breakdown', 'status', orderedStatuses(stats), statusLabel),
      ),
      chartCard(
        'section-department',
        '按承办单位',
        'department',
        boxes.department,
        list('department-breakdown', 'departmentId', stats.byDepartment, (key) =>
          departmentLabel(key, stats, departments),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', id: 'section-ranking' },
      h('h2', { class: 'card-title' }, '承办单位红黑榜'),
      rankingTable(stats, filters),
    ),
    hotSpots(stats, filters, categories),
    card(
      '说明',
      h(
        'ul',
        { class: 'footnote', id: 'dashboard-notes' },
        h('li', null, '反映按提交日期（北京时间）统计，不含已合并到其他反映的和群众已撤回的。'),
        h(
          'li',
          null,
          '点击数字、柱子或扇区可打开工作队列查看对应反映；队列中还会列出已合并、已撤回的反映，以及本单位协办的反映。',
        ),
        h('li', null, '“逾期”含逾期后办结、已被督办和目前仍超期未办的反映；点击后队列只列出目前仍逾期的那些。'),
        h('li', null, '用时为从提交到首次受理、首次办结的小时数（自然时间），中位数表示一半反映在此时间内完成。'),
      ),
    ),
  ];
}

/**
 * The counts of a chart as links (keyboard and screen-reader users get the same drill-down). `key`
 * is the queue's filter and the data attribute (`departmentId` → `data-department-id`).
 */
function breakdown(filters, id, key, rows, label) {
  return h(
    'ul',
    { class: 'breakdown', id },
    (rows ?? []).map((row) =>
      h(
        'li',
        null,
        drillLink(filters, { [key]: row.key }, [label(row.key), ' ', h('strong', null, String(row.count))], {
          dataset: { [key]: row.key, count: row.count },
        }),
      ),
    ),
  );
}

function drawCharts(echarts, boxes, stats, filters, categories, departments) {
  const open = (target) => (params) => {
    const hash = target(params, filters);
    if (hash) location.hash = hash;
  };
  mountChart(echarts, boxes.series, seriesOption(stats, filters), { onClick: open(seriesTarget) });
  mountChart(echarts, boxes.category, categoryOption(stats, categories), { onClick: open(categoryTarget) });
  mountChart(echarts, boxes.channel, channelOption(stats), { onClick: open(channelTarget) });
  mountChart(echarts, boxes.status, statusOption(stats), { onClick: open(statusTarget) });
  mountChart(echarts, boxes.department, departmentOption(stats, departments), { onClick: open(departmentTarget) });
}
