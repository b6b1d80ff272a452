/**
 * 定期通报: a printable weekly or monthly report (`#/report?period=week|month&date=YYYY-MM-DD`, or
 * `?from=…&to=…`): the key figures, the trend and category charts, the department ranking and
 * notable cases. 打印 / 导出PDF prints it; the print stylesheet leaves only the report on A4.
 * Residents' names, phones and addresses never appear, and what they wrote is cut short.
 */
import { api, itemsOf } from '../api.js';
import { chartBox, mountChart } from '../charts.js';
import { dataTable, overdueBadge, statusBadge } from '../components.js';
import {
  addDays,
  beijingToday,
  chineseRange,
  dayStart,
  daysInRange,
  endOfMonth,
  isIsoDate,
  nextDayStart,
  startOfMonth,
  startOfWeek,
} from '../dates.js';
import { errorEl, excerpt, formatDateTime, h, loadingEl, replace } from '../dom.js';
import { loadECharts } from '../echarts-loader.js';
import { buildHash, navigate, queryObject } from '../router.js';
import { categoryName, classificationText, loadCategories, loadDepartments } from '../state.js';
import {
  departmentTotals,
  fetchStatistics,
  filtersQuery,
  implicitDepartment,
  percent,
  rangeProblem,
  rating,
  statsFilters,
} from '../statistics.js';
import { rankingTable } from './ranking.js';
import { categoryOption, seriesOption } from './stats-charts.js';
import { keyFigures } from './stats-figures.js';
import { scopeText } from './stats-filters.js';

const CASES = 10;

/** The dates, title and neighbours of the report a hash asks for. */
export function reportPeriod(query, today = beijingToday()) {
  const period = query.get('period');
  if (period !== 'week' && period !== 'month' && isIsoDate(query.get('from')) && isIsoDate(query.get('to'))) {
    const from = query.get('from');
    const to = query.get('to');
    return { period: 'custom', from, to, title: `创城信箱 定期通报（${chineseRange(from, to)}）` };
  }
  const date = isIsoDate(query.get('date')) ? query.get('date') : today;
  if (period === 'month') {
    const from = startOfMonth(date);
    const [year, month] = from.split('-').map(Number);
    return {
      period: 'month',
      from,
      to: endOfMonth(date),
      title: `创城信箱 月报（${year}年${month}月）`,
      previous: addDays(from, -1),
      next: addDays(endOfMonth(date), 1),
    };
  }
  const from = startOfWeek(date);
  const to = addDays(from, 6);
  return {
    period: 'week',
    from,
    to,
    title: `创城信箱 周报（${chineseRange(from, to)}）`,
    previous: addDays(from, -7),
    next: addDays(from, 7),
  };
}

export async function renderReport(section, ctx) {
  const today = beijingToday();
  const period = reportPeriod(ctx.query, today);
  const base = statsFilters(ctx.query, today);
  // A long custom range reads better by week.
  const interval = period.period === 'custom' && daysInRange(period.from, period.to) > 62 ? 'week' : 'day';
  const filters = { ...base, from: period.from, to: period.to, interval };
  document.title = `${period.title} · 创城信箱工作台`;

  const body = h('div', { class: 'report-body' }, loadingEl('正在生成通报…'));
  section.append(
    toolbar(period, filters),
    h(
      'article',
      { id: 'report', class: 'report', dataset: { period: period.period, from: period.from, to: period.to } },
      h('h1', { id: 'report-title', class: 'report-title' }, period.title),
      body,
    ),
  );
  const echartsReady = loadECharts().catch((error) => error);
  try {
    const problem = rangeProblem(filters);
    if (problem) {
      replace(body, h('p', { class: 'load-error', role: 'alert' }, problem));
      return;
    }
    const generatedAt = new Date();
    const [categories, departments, stats, cases] = await Promise.all([
      loadCategories(),
      loadDepartments(),
      fetchStatistics(filters),
      notableCases(filters),
    ]);
    const boxes = {
      series: chartBox('report-chart-series', '收到与办结趋势图', 'chart report-chart'),
      category: chartBox('report-chart-category', '按分类统计图', 'chart report-chart'),
    };
    replace(body, ...content(stats, filters, period, { categories, departments, cases, boxes, generatedAt, today }));
    if (!stats.total) return markReady(section);
    const echarts = await echartsReady;
    if (!section.isConnected) return;
    if (echarts instanceof Error) {
      for (const box of Object.values(boxes)) replace(box, errorEl(echarts));
    } else {
      // Fixed size and no animation: what is printed is the finished chart, sharp on paper.
      mountChart(echarts, boxes.series, { ...seriesOption(stats, filters), animation: false }, { pixelRatio: 2 });
      mountChart(
        echarts,
        boxes.category,
        { ...categoryOption(stats, categories), animation: false },
        { pixelRatio: 2 },
      );
    }
    markReady(section);
  } catch (error) {
    replace(
      body,
      errorEl(error, () => navigate('/report', queryObject(ctx.query))),
    );
  }
}

/** `#report[data-ready="true"]` once everything is drawn: the moment to print (and for tests). */
function markReady(section) {
  const report = section.querySelector('#report');
  if (report) report.dataset.ready = 'true';
}

function toolbar(period, filters) {
  const scope = { departmentId: filters.departmentId, category: filters.category };
  const link = (id, label, q) =>
    h('a', { class: 'btn btn-small', id, href: buildHash('/report', { ...q, ...scope }) }, label);
  return h(
    'div',
    { class: 'report-toolbar no-print', id: 'report-toolbar' },
    h('a', { class: 'btn btn-small', href: buildHash('/dashboard', filtersQuery(filters)) }, '返回统计分析'),
    period.previous
      ? link('report-prev', period.period === 'week' ? '上一周' : '上一月', {
          period: period.period,
          date: period.previous,
        })
      : null,
    period.next
      ? link('report-next', period.period === 'week' ? '下一周' : '下一月', {
          period: period.period,
          date: period.next,
        })
      : null,
    period.period !== 'week' ? link('report-as-week', '改为周报', { period: 'week', date: period.from }) : null,
    period.period !== 'month' ? link('report-as-month', '改为月报', { period: 'month', date: period.from }) : null,
    h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'report-print', onClick: () => window.print() },
      '打印 / 导出PDF',
    ),
    h('span', { class: 'muted small' }, '导出 PDF：在打印窗口中选择“另存为 PDF”。'),
  );
}

/**
 * Notable cases: the open reports overdue the longest (now, whenever they arrived), and reports
 * of this period already resolved, the latest first. Both within the user's scope.
 */
async function notableCases(filters) {
  const scope = { departmentId: filters.departmentId ?? implicitDepartment(), category: filters.category };
  const period = { from: dayStart(filters.from), to: nextDayStart(filters.to) };
  const list = (query) => api.get('/api/v1/staff/submissions', { ...scope, limit: CASES, ...query }).then(itemsOf);
  const [overdue, resolved, closed] = await Promise.all([
    list({ overdue: 'true', sort: 'resolveDeadline' }),
    list({ ...period, status: 'resolved', sort: '-updatedAt' }),
    list({ ...period, status: 'closed', sort: '-updatedAt' }),
  ]);
  const done = [...resolved, ...closed].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  return { overdue, done: done.slice(0, CASES) };
}

function content(stats, filters, period, { categories, departments, cases, boxes, generatedAt, today }) {
  const totals = departmentTotals(stats.departments ?? []);
  const unfinished = period.to >= today;
  const heading = (number, text) => h('h2', { class: 'report-heading' }, `${number}、${text}`);
  const categoryText = filters.category ? categoryName(categories, filters.category) : '全部分类';
  return [
    h(
      'dl',
      { class: 'report-meta', id: 'report-meta' },
      h('dt', null, '统计周期'),
      h('dd', null, chineseRange(filters.from, filters.to), unfinished ? '（本期尚未结束，数据截至生成时）' : ''),
      h('dt', null, '统计范围'),
      h('dd', null, `${scopeText(filters, departments)}，${categoryText}`),
      h('dt', null, '生成时间'),
      h('dd', { id: 'report-generated' }, formatDateTime(generatedAt.toISOString())),
    ),
    h(
      'section',
      { class: 'report-section', id: 'report-summary' },
      heading('一', '总体情况'),
      h('p', { class: 'report-text' }, summaryText(stats, totals)),
      keyFigures(stats, filters, { links: false }),
    ),
    stats.total
      ? [
          h(
            'section',
            { class: 'report-section report-keep', id: 'report-series' },
            heading('二', '收到与办结趋势'),
            boxes.series,
          ),
          h(
            'section',
            { class: 'report-section report-keep', id: 'report-category' },
            heading('三', '问题分类'),
            boxes.category,
            categoryTable(stats, categories),
          ),
          h(
            'section',
            { class: 'report-section', id: 'report-ranking' },
            heading('四', '承办单位红黑榜'),
            rankingTable(stats, filters, { id: 'report-ranking-table', exports: false }),
          ),
        ]
      : null,
    h(
      'section',
      { class: 'report-section', id: 'report-cases' },
      heading(stats.total ? '五' : '二', '典型案例'),
      h('h3', null, `截至生成时仍逾期未办结的反映（逾期最久在前，最多 ${CASES} 件）`),
      casesTable('report-overdue-cases', cases.overdue, categories, 'deadline'),
      h('h3', null, `本期收到并已办结的反映（最近办结在前，最多 ${CASES} 件）`),
      casesTable('report-resolved-cases', cases.done, categories, 'updated'),
    ),
    h(
      'p',
      { class: 'footnote report-footer' },
      '数据来源：创城信箱工作台。反映内容为节选，不含群众姓名、电话和详细地址。',
    ),
  ];
}

/** 一、总体情况 in one sentence, as a notice would open. */
function summaryText(stats, totals) {
  if (!stats.total) return '本期暂无数据：没有收到群众反映。';
  const ratings = stats.satisfaction?.ratings ?? 0;
  const rated = ratings
    ? `群众评价 ${ratings} 次，平均 ${rating(stats.satisfaction?.averageRating)}`
    : '本期暂无群众评价';
  const onTime = totals.resolved ? `，按时办结率 ${percent(totals.onTimeRate)}` : '';
  return `本期共收到群众反映 ${stats.total} 件，已办结 ${totals.resolved} 件${onTime}，逾期 ${totals.overdue} 件；${rated}。`;
}

/** "2026/12/10 17:30": minutes are enough on paper. */
function shortTime(iso) {
  if (!iso) return '—';
  const text = new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return h('time', { datetime: iso }, text);
}

function categoryTable(stats, categories) {
  const total = stats.total || 1;
  return dataTable(
    'report-category-table',
    ['分类', '反映数', '占比'],
    (stats.byCategory ?? []).map((row) =>
      h(
        'tr',
        { dataset: { category: row.key } },
        h('td', null, categoryName(categories, row.key)),
        h('td', { class: 'num' }, String(row.count)),
        h('td', { class: 'num' }, percent(row.count / total)),
      ),
    ),
    '暂无数据',
  );
}

function casesTable(id, items, categories, when) {
  return dataTable(
    id,
    ['查询编号', '分类', '承办单位', '状态', '反映内容（节选）', when === 'deadline' ? '整改期限' : '最近更新'],
    items.map((item) =>
      h(
        'tr',
        { dataset: { id: item.id, status: item.status } },
        h(
          'td',
          { class: 'nowrap mono cell-code' },
          h('a', { href: `#/submissions/${item.id}` }, item.trackingCode ?? `#${item.id}`),
        ),
        h('td', { class: 'cell-class' }, classificationText(categories, item.category, item.subcategory)),
        h('td', { class: 'cell-department' }, item.department?.name ?? '—'),
        h('td', { class: 'nowrap' }, statusBadge(item.status)),
        h('td', { class: 'cell-content' }, excerpt(item.content, 50)),
        h(
          'td',
          { class: 'nowrap' },
          shortTime(when === 'deadline' ? item.resolveDeadline : item.updatedAt),
          when === 'deadline' && item.overdueStage ? [h('br'), overdueBadge(item.overdueStage)] : null,
        ),
      ),
    ),
    '暂无',
  );
}
