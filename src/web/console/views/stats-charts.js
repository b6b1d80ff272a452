/**
 * The charts of a statistics answer (ECharts options) and where a click on them leads: a bar or
 * a slice opens the queue narrowed the same way. Shared by the dashboard and the report page.
 */
import { CATEGORY_COLORS, SERIES_COLORS } from '../charts.js';
import { addDays, shortDate, startOfWeek } from '../dates.js';
import { CHANNEL_LABELS, STATUS_CODES, statusLabel } from '../labels.js';
import { drillHash } from '../statistics.js';
import { categoryName } from '../state.js';

/** Every day (or week, from its Monday) of the range, with zeros where the API had no row. */
export function fullSeries(stats, filters) {
  const rows = new Map((stats.series ?? []).map((row) => [row.period, row]));
  const step = filters.interval === 'week' ? 7 : 1;
  const periods = [];
  for (let day = step === 7 ? startOfWeek(filters.from) : filters.from; day <= filters.to; day = addDays(day, step)) {
    periods.push(day);
  }
  return periods.map((period) => rows.get(period) ?? { period, received: 0, resolved: 0, overdue: 0 });
}

/** The dates of one period of the series, kept inside the page's range. */
export function periodRange(period, filters) {
  const end = filters.interval === 'week' ? addDays(period, 6) : period;
  return { from: period < filters.from ? filters.from : period, to: end > filters.to ? filters.to : end };
}

function periodLabel(period, filters) {
  return filters.interval === 'week' ? `${shortDate(period)}起` : shortDate(period);
}

const AXIS_GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/**
 * 收到 (bars, by the day a report arrived: a click lists that day's reports), 办结 and 逾期督办
 * (lines, by the day it happened).
 */
export function seriesOption(stats, filters) {
  const rows = fullSeries(stats, filters);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['收到', '办结', '逾期督办'] },
    grid: AXIS_GRID,
    xAxis: { type: 'category', data: rows.map((row) => periodLabel(row.period, filters)) },
    yAxis: { type: 'value', minInterval: 1, name: '件' },
    series: [
      {
        name: '收到',
        type: 'bar',
        barMaxWidth: 28,
        color: SERIES_COLORS.received,
        data: rows.map((row) => ({ value: row.received, period: row.period })),
      },
      {
        name: '办结',
        type: 'line',
        color: SERIES_COLORS.resolved,
        data: rows.map((row) => row.resolved),
      },
      {
        name: '逾期督办',
        type: 'line',
        color: SERIES_COLORS.overdue,
        data: rows.map((row) => row.overdue),
      },
    ],
  };
}

export function seriesTarget(params, filters) {
  if (params.seriesIndex !== 0 || !params.data?.period) return null;
  return drillHash(filters, periodRange(params.data.period, filters));
}

export function categoryOption(stats, categories) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '分类',
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 件' },
        data: (stats.byCategory ?? []).map((row) => ({
          name: categoryName(categories, row.key),
          value: row.count,
          code: row.key,
          itemStyle: { color: CATEGORY_COLORS[row.key] ?? CATEGORY_COLORS.other },
        })),
      },
    ],
  };
}

export function categoryTarget(params, filters) {
  return params.data?.code ? drillHash(filters, { category: params.data.code }) : null;
}

/** Department names: the ranking rows carry them; the catalogue covers the rest. */
export function departmentLabel(key, stats, departments) {
  const row = (stats.departments ?? []).find((d) => String(d.departmentId) === String(key));
  return row?.name ?? departments.find((d) => String(d.id) === String(key))?.name ?? `单位 ${key}`;
}

/** Horizontal bars, most reports on top; the box grows with the number of departments. */
export function departmentOption(stats, departments) {
  const rows = stats.byDepartment ?? [];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { ...AXIS_GRID, top: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((row) => departmentLabel(row.key, stats, departments)) },
    series: [
      {
        name: '收到',
        type: 'bar',
        barMaxWidth: 22,
        color: SERIES_COLORS.received,
        label: { show: true, position: 'right' },
        data: rows.map((row) => ({ value: row.count, departmentId: row.key })),
      },
    ],
  };
}

export function departmentChartHeight(stats) {
  return Math.max(200, (stats.byDepartment ?? []).length * 34 + 40);
}

export function departmentTarget(params, filters) {
  return params.data?.departmentId ? drillHash(filters, { departmentId: String(params.data.departmentId) }) : null;
}

const CHANNEL_COLORS = ['#1f5fa8', '#2e9d5b', '#8e6ac8'];

export function channelOption(stats) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0 },
    color: CHANNEL_COLORS,
    series: [
      {
        name: '来源渠道',
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 件' },
        data: (stats.byChannel ?? []).map((row) => ({
          name: CHANNEL_LABELS[row.key] ?? row.key,
          value: row.count,
          channel: row.key,
        })),
      },
    ],
  };
}

export function channelTarget(params, filters) {
  return params.data?.channel ? drillHash(filters, { channel: params.data.channel }) : null;
}

/** Statuses in the order a report goes through them. */
export function orderedStatuses(stats) {
  const order = (key) => STATUS_CODES.indexOf(key) + 1 || 99;
  return [...(stats.byStatus ?? [])].sort((a, b) => order(a.key) - order(b.key));
}

export function statusOption(stats) {
  const rows = orderedStatuses(stats);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { ...AXIS_GRID, top: 16 },
    xAxis: { type: 'category', data: rows.map((row) => statusLabel(row.key)), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '反映数',
        type: 'bar',
        barMaxWidth: 32,
        color: '#5b6b7c',
        label: { show: true, position: 'top' },
        data: rows.map((row) => ({ value: row.count, status: row.key })),
      },
    ],
  };
}

export function statusTarget(params, filters) {
  return params.data?.status ? drillHash(filters, { status: params.data.status }) : null;
}
