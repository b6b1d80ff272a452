/**
 * 红黑榜: the departments ranked by how they handled the reports of a period. Used on the
 * dashboard, on the report page and on its own page (`#/ranking`, same filters as the dashboard).
 */
import { dataTable } from '../components.js';
import { chineseRange } from '../dates.js';
import { errorEl, h, loadingEl, replace } from '../dom.js';
import { buildHash, navigate } from '../router.js';
import { categoryName, loadCategories, loadDepartments } from '../state.js';
import {
  drillLink,
  exportButtons,
  fetchStatistics,
  filtersQuery,
  percent,
  rangeProblem,
  rating,
  statsFilters,
} from '../statistics.js';
import { scopeText, statsFilterForm } from './stats-filters.js';

/** With fewer ranked departments than this, a red and a black list would say little. */
export const BOARD_MIN_DEPARTMENTS = 6;
/** How many departments each list holds (more when several share the last place on it). */
export const BOARD_SIZE = 3;

export const RANKING_RULE =
  `排名规则：按“按时办结率”从高到低排列；相同时逾期数少者在前；再相同时平均评分高者在前（未获评分的在后）；` +
  `三项都相同的名次并列。本期没有办结反映的单位不参与排名，列在表末。参与排名的单位不少于 ${BOARD_MIN_DEPARTMENTS} 个时，` +
  `前 ${BOARD_SIZE} 名列为红榜、后 ${BOARD_SIZE} 名列为黑榜（名次并列的一并列入，已列入红榜的不再列入黑榜；` +
  `按时办结率 100% 且没有逾期的单位不列入黑榜）；少于 ${BOARD_MIN_DEPARTMENTS} 个时不评红黑榜。` +
  `“受理数”为本期收到的反映数；“逾期数”含逾期办结、已督办和目前仍超期未办结的反映，点击可查看目前仍逾期的那些。`;

/** -1 when `a` ranks before `b`, 1 after, 0 tied. */
function compare(a, b) {
  const rate = (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1);
  if (rate !== 0) return Math.sign(rate);
  if (a.overdue !== b.overdue) return a.overdue < b.overdue ? -1 : 1;
  return Math.sign((b.averageRating ?? -1) - (a.averageRating ?? -1));
}

/**
 * The departments in ranking order, each with `rank` (null: not ranked, nothing resolved) and
 * `board` ('red', 'black' or null). Ties share a rank (1, 2, 2, 4).
 */
export function rankDepartments(departments) {
  const ranked = departments.filter((d) => d.resolved > 0);
  const unranked = departments.filter((d) => !(d.resolved > 0)).sort((a, b) => b.received - a.received);
  const ordered = [...ranked].sort((a, b) => compare(a, b) || a.name.localeCompare(b.name, 'zh-CN'));
  const boards = ordered.length >= BOARD_MIN_DEPARTMENTS;
  const rows = ordered.map((department) => {
    const better = ordered.filter((other) => compare(other, department) < 0).length;
    const worse = ordered.filter((other) => compare(other, department) > 0).length;
    const rank = better + 1;
    const spotless = department.onTimeRate === 1 && department.overdue === 0;
    let board = null;
    if (boards && rank <= BOARD_SIZE) board = 'red';
    else if (boards && worse < BOARD_SIZE && !spotless) board = 'black';
    return { ...department, rank, board };
  });
  return [...rows, ...unranked.map((department) => ({ ...department, rank: null, board: null }))];
}

const BOARD_LABELS = { red: '红榜', black: '黑榜' };

/**
 * The ranking table (`#<id>` with `tr[data-department-id][data-rank][data-board]`), its export
 * buttons and the footnote with the rule. `links`: department names and overdue counts open the
 * queue; `exports`: CSV and Excel buttons (the printed report has none).
 */
export function rankingTable(stats, filters, { id = 'ranking-table', links = true, exports = true } = {}) {
  const rows = rankDepartments(stats.departments ?? []);
  const cell = (text, extra, attrs) => (links ? drillLink(filters, extra, text, attrs) : text);
  return h(
    'div',
    {
      class: 'ranking',
      dataset: { boards: String(rows.filter((r) => r.rank !== null).length >= BOARD_MIN_DEPARTMENTS) },
    },
    exports ? h('div', { class: 'table-tools' }, exportButtons(filters, 'departments', '承办单位排行')) : null,
    dataTable(
      id,
      ['排名', '承办单位', '受理数', '办结数', '按时办结率', '逾期数', '平均评分'],
      rows.map((row) =>
        h(
          'tr',
          {
            class: row.board ? `board-${row.board}` : null,
            dataset: { departmentId: row.departmentId, rank: row.rank ?? '', board: row.board ?? '' },
          },
          h('td', { class: 'nowrap rank' }, row.rank === null ? '—' : String(row.rank)),
          h(
            'td',
            null,
            cell(row.name, { departmentId: String(row.departmentId) }, { dataset: { departmentId: row.departmentId } }),
            row.board ? h('span', { class: ['badge', `badge-${row.board}`] }, BOARD_LABELS[row.board]) : null,
            row.rank === null ? h('span', { class: 'muted small' }, '（本期无办结，不参与排名）') : null,
          ),
          h('td', { class: 'num' }, String(row.received)),
          h('td', { class: 'num' }, String(row.resolved)),
          h('td', { class: 'num' }, percent(row.onTimeRate)),
          h(
            'td',
            { class: 'num' },
            row.overdue > 0
              ? cell(String(row.overdue), { departmentId: String(row.departmentId), overdue: 'true' })
              : '0',
          ),
          h('td', { class: 'num' }, rating(row.averageRating)),
        ),
      ),
      '本期暂无承办单位数据',
    ),
    h('p', { class: 'footnote', id: `${id}-rule` }, RANKING_RULE),
  );
}

/** `#/ranking`: the table alone, for a meeting or a notice, with the dashboard's filters. */
export async function renderRanking(section, ctx) {
  const filters = { ...statsFilters(ctx.query), interval: 'day' };
  const results = h('div', { id: 'ranking', class: 'ranking-page' }, loadingEl());
  section.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, '承办单位红黑榜'),
      h(
        'nav',
        { class: 'page-links no-print', 'aria-label': '相关页面' },
        h('a', { class: 'btn btn-small', href: buildHash('/dashboard', filtersQuery(filters)) }, '返回统计分析'),
      ),
    ),
    h('div', { id: 'ranking-filter-box' }, loadingEl('正在加载筛选条件…')),
    results,
  );
  try {
    const [categories, departments] = await Promise.all([loadCategories(), loadDepartments()]);
    replace(
      section.querySelector('#ranking-filter-box'),
      statsFilterForm('/ranking', 'ranking-filters', filters, categories, departments, { withInterval: false }),
    );
    const problem = rangeProblem(filters);
    if (problem) {
      replace(results, h('p', { class: 'load-error', role: 'alert' }, problem));
      return;
    }
    const stats = await fetchStatistics(filters);
    replace(
      results,
      h(
        'p',
        { class: 'scope-line', id: 'ranking-scope' },
        `统计范围：${chineseRange(filters.from, filters.to)} · ${scopeText(filters, departments)} · `,
        filters.category ? categoryName(categories, filters.category) : '全部分类',
      ),
      rankingTable(stats, filters),
    );
  } catch (error) {
    replace(
      results,
      errorEl(error, () => navigate('/ranking', filtersQuery(filters))),
    );
  }
}
