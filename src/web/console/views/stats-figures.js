/**
 * The key figures of a statistics answer as cards (`#kpi-<key>[data-value]`), shared by the
 * dashboard and the printable report. `data-value` holds the API's number as it came (empty when
 * there is none), so a test can compare it with the API.
 */
import { h } from '../dom.js';
import { departmentTotals, drillHash, hours, percent, rating } from '../statistics.js';

export function keyFigures(stats, filters, { links = true } = {}) {
  const totals = departmentTotals(stats.departments ?? []);
  const satisfaction = stats.satisfaction ?? {};
  const cards = [
    {
      key: 'total',
      name: '收到反映',
      value: stats.total,
      text: `${stats.total}`,
      unit: '件（不含已合并、已撤回）',
      href: drillHash(filters),
    },
    {
      key: 'resolved',
      name: '已办结',
      value: totals.resolved,
      text: `${totals.resolved}`,
      unit: stats.total > 0 ? `件，占 ${percent(totals.resolved / stats.total)}` : '件',
    },
    {
      key: 'on-time-rate',
      name: '按时办结率',
      value: totals.onTimeRate,
      text: percent(totals.onTimeRate),
      unit: `按时办结 ${totals.resolvedOnTime} 件`,
    },
    {
      key: 'overdue',
      name: '逾期',
      value: totals.overdue,
      text: `${totals.overdue}`,
      unit: '件（含逾期办结、已督办）',
      href: drillHash(filters, { overdue: 'true' }),
      title: '查看其中目前仍逾期未办结的反映',
      alert: totals.overdue > 0,
    },
    {
      key: 'rating',
      name: '群众平均评分',
      value: satisfaction.averageRating ?? null,
      text: rating(satisfaction.averageRating),
      unit: `满分 5 分，${satisfaction.ratings ?? 0} 人评价`,
    },
    {
      key: 'reopened',
      name: '要求重办占比',
      value: satisfaction.reopenedShare ?? null,
      text: percent(satisfaction.reopenedShare),
      unit: '评价时不满意、要求重新办理',
    },
    {
      key: 'accept-hours',
      name: '受理用时（中位数）',
      value: stats.hoursToAccept?.median ?? null,
      p90: stats.hoursToAccept?.p90 ?? null,
      text: hours(stats.hoursToAccept?.median),
      unit: `90% 在 ${hours(stats.hoursToAccept?.p90)} 内`,
    },
    {
      key: 'resolve-hours',
      name: '办结用时（中位数）',
      value: stats.hoursToResolve?.median ?? null,
      p90: stats.hoursToResolve?.p90 ?? null,
      text: hours(stats.hoursToResolve?.median),
      unit: `90% 在 ${hours(stats.hoursToResolve?.p90)} 内`,
    },
    {
      key: 'correction',
      name: '分类纠正率',
      value: stats.correctionRate ?? null,
      text: percent(stats.correctionRate),
      unit: '创城办改正自动分类的占比',
    },
  ];
  return h(
    'div',
    { class: 'stat-cards kpi-cards', id: 'key-figures' },
    cards.map((card) => {
      const clickable = links && card.href;
      return h(
        clickable ? 'a' : 'div',
        {
          id: `kpi-${card.key}`,
          class: ['stat-card', 'kpi', card.alert && 'stat-card-alert', clickable && 'stat-card-link'],
          href: clickable ? card.href : undefined,
          title: clickable ? (card.title ?? '在工作队列中查看这些反映') : undefined,
          dataset: { value: card.value ?? '', p90: card.p90 === undefined ? undefined : (card.p90 ?? '') },
        },
        h('span', { class: 'stat-name' }, card.name),
        h('span', { class: 'stat-value' }, card.text),
        h('span', { class: 'stat-unit' }, card.unit),
      );
    }),
  );
}
