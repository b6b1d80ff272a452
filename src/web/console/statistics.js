/**
 * What the statistics pages share: their filters (kept in the hash), the API and export
 * addresses, number formats, and the drill-down links from a figure to the queue that lists it.
 */
import { api, queryString } from './api.js';
import { addDays, beijingToday, daysInRange, isIsoDate, startOfMonth, startOfYear } from './dates.js';
import { h } from './dom.js';
import { buildHash } from './router.js';
import { hasRole, userDepartmentIds } from './state.js';

/** The API refuses longer ranges (src/http/routes/staff-statistics.ts). */
export const MAX_DAYS = 400;

export const CATEGORY_CODES = ['dirty', 'disorder', 'shabby', 'crude', 'other'];

export const QUICK_RANGES = [
  { key: '7d', label: '近7天', range: (today) => ({ from: addDays(today, -6), to: today }) },
  { key: '30d', label: '近30天', range: (today) => ({ from: addDays(today, -29), to: today }) },
  { key: 'month', label: '本月', range: (today) => ({ from: startOfMonth(today), to: today }) },
  {
    key: 'last-month',
    label: '上月',
    range: (today) => {
      const end = addDays(startOfMonth(today), -1);
      return { from: startOfMonth(end), to: end };
    },
  },
  { key: 'year', label: '本年', range: (today) => ({ from: startOfYear(today), to: today }) },
];

export const DEFAULT_RANGE = '30d';

/**
 * The filters of a statistics page from its hash query. Without a valid range it is the last 30
 * days; `from`/`to` are Beijing dates, both included.
 */
export function statsFilters(query, today = beijingToday()) {
  let from = query.get('from');
  let to = query.get('to');
  if (!isIsoDate(from) || !isIsoDate(to)) {
    ({ from, to } = QUICK_RANGES.find((item) => item.key === DEFAULT_RANGE).range(today));
  }
  const departmentId = /^\d+$/.test(query.get('departmentId') ?? '') ? query.get('departmentId') : undefined;
  const category = CATEGORY_CODES.includes(query.get('category')) ? query.get('category') : undefined;
  return { from, to, interval: query.get('interval') === 'week' ? 'week' : 'day', departmentId, category };
}

/** The quick range these dates are, if any (its button shows pressed). */
export function quickRangeKey(filters, today = beijingToday()) {
  const match = QUICK_RANGES.find((item) => {
    const range = item.range(today);
    return range.from === filters.from && range.to === filters.to;
  });
  return match?.key;
}

/** A range the API would refuse, said before asking it; null when fine. */
export function rangeProblem({ from, to }) {
  if (from > to) return '结束日期不能早于起始日期';
  if (daysInRange(from, to) > MAX_DAYS) return `时间范围不能超过 ${MAX_DAYS} 天`;
  return null;
}

/** The hash query of these filters (unset ones left out, so links stay short). */
export function filtersQuery(filters) {
  return {
    from: filters.from,
    to: filters.to,
    interval: filters.interval === 'week' ? 'week' : undefined,
    departmentId: filters.departmentId,
    category: filters.category,
  };
}

function apiQuery(filters) {
  return { ...filtersQuery(filters), interval: filters.interval };
}

export async function fetchStatistics(filters) {
  // The three parts are computed apart on the server; asked side by side, the slowest one alone
  // sets the wait.
  const part = (parts) => api.get('/api/v1/staff/statistics', { ...apiQuery(filters), parts });
  const [counts, durations, hotspots] = await Promise.all([part('counts'), part('durations'), part('hotspots')]);
  return {
    ...counts,
    parts: ['counts', 'durations', 'hotspots'],
    hoursToAccept: durations.hoursToAccept,
    hoursToResolve: durations.hoursToResolve,
    hotSpots: hotspots.hotSpots,
    pendingReports: Math.max(counts.pendingReports ?? 0, durations.pendingReports ?? 0, hotspots.pendingReports ?? 0),
  };
}

/** A download link of one statistics table (GET: the session cookie suffices, no CSRF header). */
export function exportUrl(filters, table, format) {
  return `/api/v1/staff/statistics/export${queryString({ ...apiQuery(filters), table, format })}`;
}

/** CSV and XLSX buttons for one table; `table` is a name of src/http/dto/export.dto.ts. */
export function exportButtons(filters, table, title) {
  const link = (format, label) =>
    h(
      'a',
      {
        class: 'btn btn-small',
        href: exportUrl(filters, table, format),
        download: '',
        dataset: { export: table, format },
        title: `导出${title}（${label}）`,
      },
      label,
    );
  return h('span', { class: 'export-buttons no-print' }, link('csv', '导出 CSV'), link('xlsx', '导出 Excel'));
}

/**
 * The statistics count a department's reports by the department that leads them; the queue also
 * lists the reports a department supports (协办). A user of one department therefore gets that
 * department in every drill-down, so the queue lists exactly what was counted.
 */
export function implicitDepartment() {
  if (hasRole('dispatcher', 'admin')) return undefined;
  const ids = userDepartmentIds();
  return ids.length === 1 ? String(ids[0]) : undefined;
}

/**
 * The queue listing the reports behind a figure: the same Beijing dates (the queue reads them
 * as whole days, like the statistics), the page's department and category, and `extra` (the
 * clicked category, subcategory, channel, status, department or `overdue`).
 */
export function drillHash(filters, extra = {}) {
  return buildHash('/queue', {
    from: filters.from,
    to: filters.to,
    departmentId: filters.departmentId ?? implicitDepartment(),
    category: filters.category,
    ...extra,
  });
}

/** A number that opens its reports in the queue. */
export function drillLink(filters, extra, text, attrs = {}) {
  return h('a', { href: drillHash(filters, extra), class: 'drill', title: '在工作队列中查看这些反映', ...attrs }, text);
}

// ---------------------------------------------------------------------------------------------
// Formats: a missing figure (nothing resolved, nobody rated) is "—", never 0.

export function percent(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** Hours as the API gives them; under an hour reads better in minutes. */
export function hours(value) {
  if (value === null || value === undefined) return '—';
  return value < 1 ? `${Math.round(value * 60)} 分钟` : `${value.toFixed(1)} 小时`;
}

export function rating(value) {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)} 分`;
}

/** Totals over the departments: the figures the cards and the report show for the whole scope. */
export function departmentTotals(departments) {
  const sum = (key) => departments.reduce((total, row) => total + (row[key] ?? 0), 0);
  const resolved = sum('resolved');
  const resolvedOnTime = sum('resolvedOnTime');
  return {
    received: sum('received'),
    resolved,
    resolvedOnTime,
    onTimeRate: resolved > 0 ? Math.round((resolvedOnTime / resolved) * 1000) / 1000 : null,
    overdue: sum('overdue'),
  };
}
