/**
 * The filter form of the statistics pages (`#dashboard-filters`, `#ranking-filters`): dates,
 * quick ranges, interval, department and category. Everything goes into the hash, so a reload,
 * the back button and a link sent to a colleague show the same figures.
 */
import { beijingToday } from '../dates.js';
import { h } from '../dom.js';
import { field } from '../forms.js';
import { navigate } from '../router.js';
import { departmentName, hasRole, userDepartmentIds } from '../state.js';
import { QUICK_RANGES, filtersQuery, quickRangeKey } from '../statistics.js';

/**
 * The departments this user may pick. The API refuses a department outside the user's scope, so
 * department staff and leaders are only offered their own.
 */
export function selectableDepartments(departments) {
  if (hasRole('dispatcher', 'admin')) return departments;
  const ids = userDepartmentIds().map(String);
  return departments.filter((department) => ids.includes(String(department.id)));
}

/** "全区" for the dispatch office, the department's name for its staff, "分管单位" for a leader. */
export function scopeText(filters, departments) {
  if (filters.departmentId) return departmentName(departments, filters.departmentId);
  if (hasRole('dispatcher', 'admin')) return '全部承办单位';
  const own = selectableDepartments(departments);
  if (own.length === 1) return own[0].name;
  return `本人分管的 ${own.length} 个单位`;
}

/**
 * `path`: the page's route; `id`: the form's id; `withInterval`: show 按日/按周 (the ranking has
 * no series).
 */
export function statsFilterForm(path, id, filters, categories, departments, { withInterval = true } = {}) {
  const today = beijingToday();
  const go = (changes) => navigate(path, filtersQuery({ ...filters, ...changes }));
  const pressed = quickRangeKey(filters, today);
  const choices = selectableDepartments(departments);

  const form = h(
    'form',
    { id, class: 'filters stats-filters', role: 'search', 'aria-label': '统计条件' },
    h(
      'div',
      { class: 'quick-ranges field-wide', role: 'group', 'aria-label': '快速选择时间' },
      QUICK_RANGES.map((item) =>
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            dataset: { range: item.key },
            'aria-pressed': String(item.key === pressed),
            onClick: () => go(item.range(today)),
          },
          item.label,
        ),
      ),
    ),
    field('起始日期', h('input', { type: 'date', name: 'from', value: filters.from, max: today, required: true })),
    field('结束日期', h('input', { type: 'date', name: 'to', value: filters.to, required: true })),
    withInterval
      ? h(
          'fieldset',
          { class: 'field interval-choice' },
          h('legend', { class: 'field-label' }, '统计粒度'),
          h(
            'div',
            { class: 'segmented' },
            [
              ['day', '按日'],
              ['week', '按周'],
            ].map(([value, label]) =>
              h(
                'label',
                { class: 'segment' },
                h('input', {
                  type: 'radio',
                  name: 'interval',
                  value,
                  checked: filters.interval === value,
                  onChange: () => go({ interval: value }),
                }),
                h('span', null, label),
              ),
            ),
          ),
        )
      : null,
    choices.length > 1
      ? field(
          '承办单位',
          h(
            'select',
            { name: 'departmentId', value: filters.departmentId ?? '' },
            h('option', { value: '' }, hasRole('dispatcher', 'admin') ? '全部单位' : '全部分管单位'),
            choices.map((department) => h('option', { value: String(department.id) }, department.name)),
          ),
        )
      : null,
    field(
      '分类',
      h(
        'select',
        { name: 'category', value: filters.category ?? '' },
        h('option', { value: '' }, '全部分类'),
        categories.map((category) => h('option', { value: category.code }, category.name)),
      ),
    ),
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'),
      h('button', { type: 'button', class: 'btn', id: `${id}-reset`, onClick: () => navigate(path) }, '重置'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (name) => {
      const control = form.elements.namedItem(name);
      const text = control ? String(control.value).trim() : '';
      return text || undefined;
    };
    go({
      from: value('from') ?? filters.from,
      to: value('to') ?? filters.to,
      departmentId: choices.length > 1 ? value('departmentId') : filters.departmentId,
      category: value('category'),
    });
  });
  return form;
}
