/**
 * 分拨规则 (admin): which department takes (category, subcategory, keyword, area), and in how many
 * hours. The most specific enabled rule wins, so empty fields mean "any".
 */
import { api, itemsOf } from '../../api.js';
import { confirmDialog, h, replace } from '../../dom.js';
import { field, intValue, localError, textValue } from '../../forms.js';
import { classificationText, departmentName, loadCategories, loadDepartments } from '../../state.js';
import { adminPage, crudForm, dataTable, dropEmpty, orNull, rowButton, runRowAction, yesNo } from './common.js';

export function renderRules(section) {
  return adminPage(
    section,
    {
      id: 'admin-rules',
      title: '分拨规则',
      intro: '按分类、子分类、关键词和地区把反映分给承办单位；条件越具体的规则越优先，留空表示不限。',
    },
    draw,
  );
}

async function draw(reload) {
  const [data, categories, departments] = await Promise.all([
    api.get('/api/v1/admin/routing-rules'),
    loadCategories(),
    loadDepartments(),
  ]);
  const editor = crudForm({
    id: 'rule-form',
    noun: '分拨规则',
    build: (item) => ruleFields(item, categories, departments),
    read: readRule,
    create: (body) => api.post('/api/v1/admin/routing-rules', dropEmpty(body)),
    update: (id, body) => api.patch(`/api/v1/admin/routing-rules/${encodeURIComponent(id)}`, body),
    reload,
  });

  const rows = itemsOf(data).map((rule) =>
    h(
      'tr',
      { dataset: { id: rule.id } },
      h(
        'td',
        null,
        classificationText(categories, rule.category, rule.subcategory) + (rule.subcategory ? '' : ' · 不限子分类'),
      ),
      h('td', null, rule.keyword || '—'),
      h('td', null, rule.area || '—'),
      h('td', null, departmentName(departments, rule.departmentId)),
      h('td', { class: 'nowrap' }, rule.resolveWithinHours ? `${rule.resolveWithinHours} 小时` : '按分类默认'),
      h('td', null, yesNo(rule.enabled)),
      h(
        'td',
        { class: 'nowrap' },
        rowButton('编辑', 'edit', () => editor.edit(rule)),
        ' ',
        rowButton('删除', 'delete', () => deleteRule(rule, reload), 'btn-danger-outline'),
      ),
    ),
  );
  return [
    editor.form,
    dataTable('rules-table', ['分类', '关键词', '地区', '承办单位', '办理时限', '状态', '操作'], rows, '暂无分拨规则'),
  ];
}

function ruleFields(item, categories, departments) {
  const subcategory = h('select', { name: 'subcategory' });
  const fillSubcategories = (code, selected) => {
    const category = categories.find((entry) => entry.code === code);
    replace(
      subcategory,
      h('option', { value: '' }, '不限子分类'),
      (category?.subcategories ?? []).map((sub) =>
        h('option', { value: sub.code, selected: sub.code === selected }, sub.name),
      ),
    );
  };
  const category = h(
    'select',
    { name: 'category', required: true, value: item.category ?? '', onChange: () => fillSubcategories(category.value) },
    h('option', { value: '' }, '请选择分类'),
    categories.map((entry) => h('option', { value: entry.code }, entry.name)),
  );
  fillSubcategories(item.category, item.subcategory);
  return [
    field('分类', category),
    field('子分类', subcategory),
    field(
      '关键词',
      h('input', { name: 'keyword', maxlength: 60, value: item.keyword ?? '', placeholder: '如 超市（选填）' }),
    ),
    field(
      '地区',
      h('input', { name: 'area', maxlength: 60, value: item.area ?? '', placeholder: '街道、社区或村（选填）' }),
    ),
    field(
      '承办单位',
      h(
        'select',
        { name: 'departmentId', required: true, value: item.departmentId ?? '' },
        h('option', { value: '' }, '请选择承办单位'),
        departments.map((department) => h('option', { value: String(department.id) }, department.name)),
      ),
    ),
    field(
      '办理时限（小时）',
      h('input', {
        type: 'number',
        name: 'resolveWithinHours',
        min: 1,
        step: 1,
        value: item.resolveWithinHours ?? '',
        placeholder: '留空按分类默认',
      }),
    ),
    h(
      'label',
      { class: 'checkbox' },
      h('input', { type: 'checkbox', name: 'enabled', checked: item.enabled ?? true }),
      ' 启用',
    ),
  ];
}

/** The whole rule: empty optional fields are null, which on edit clears them. */
function readRule(form) {
  const body = {
    category: textValue(form, 'category'),
    subcategory: orNull(textValue(form, 'subcategory')),
    keyword: orNull(textValue(form, 'keyword')),
    area: orNull(textValue(form, 'area')),
    departmentId: intValue(form, 'departmentId'),
    resolveWithinHours: orNull(intValue(form, 'resolveWithinHours')),
    enabled: form.elements.namedItem('enabled').checked,
  };
  if (!body.category) throw localError('请选择分类', 'category');
  if (!body.departmentId) throw localError('请选择承办单位', 'departmentId');
  return body;
}

function deleteRule(rule, reload) {
  if (!confirmDialog('确定删除这条分拨规则吗？删除后无法恢复。')) return;
  runRowAction(async () => {
    await api.del(`/api/v1/admin/routing-rules/${encodeURIComponent(rule.id)}`);
    return '分拨规则已删除';
  }, reload);
}
