/**
 * 回复模板 (admin): standard replies staff pick on the detail page. A template without category or
 * status fits every report (通用).
 */
import { api, itemsOf } from '../../api.js';
import { confirmDialog, excerpt, h } from '../../dom.js';
import { field, localError, textValue } from '../../forms.js';
import { STATUS_CODES, statusLabel } from '../../labels.js';
import { categoryName, loadCategories } from '../../state.js';
import { adminPage, crudForm, dataTable, dropEmpty, orNull, rowButton, runRowAction, yesNo } from './common.js';

export function renderTemplates(section) {
  return adminPage(
    section,
    { id: 'admin-templates', title: '回复模板', intro: '工作人员回复群众时可选用模板，再按具体情况修改。' },
    draw,
  );
}

async function draw(reload) {
  const [data, categories] = await Promise.all([api.get('/api/v1/staff/reply-templates'), loadCategories()]);
  const editor = crudForm({
    id: 'template-form',
    noun: '回复模板',
    build: (item) => templateFields(item, categories),
    read: readTemplate,
    create: (body) => api.post('/api/v1/admin/reply-templates', dropEmpty(body)),
    update: (id, body) => api.patch(`/api/v1/admin/reply-templates/${encodeURIComponent(id)}`, body),
    reload,
  });

  const rows = itemsOf(data).map((template) =>
    h(
      'tr',
      { dataset: { id: template.id } },
      h('td', null, template.title ?? ''),
      h('td', { class: 'cell-content' }, excerpt(template.body, 60)),
      h('td', null, template.category ? categoryName(categories, template.category) : '通用'),
      h('td', null, template.status ? statusLabel(template.status) : '通用'),
      h('td', null, yesNo(template.active !== false)),
      h(
        'td',
        { class: 'nowrap' },
        rowButton('编辑', 'edit', () => editor.edit(template)),
        ' ',
        rowButton('删除', 'delete', () => deleteTemplate(template, reload), 'btn-danger-outline'),
      ),
    ),
  );
  return [
    editor.form,
    dataTable('templates-table', ['标题', '内容', '适用分类', '适用状态', '状态', '操作'], rows, '暂无回复模板'),
  ];
}

function templateFields(item, categories) {
  return [
    field('标题', h('input', { name: 'title', required: true, maxlength: 100, value: item.title ?? '' })),
    field(
      '适用分类',
      h(
        'select',
        { name: 'category', value: item.category ?? '' },
        h('option', { value: '' }, '通用（所有分类）'),
        categories.map((c) => h('option', { value: c.code }, c.name)),
      ),
    ),
    field(
      '适用状态',
      h(
        'select',
        { name: 'status', value: item.status ?? '' },
        h('option', { value: '' }, '通用（所有状态）'),
        STATUS_CODES.map((code) => h('option', { value: code }, statusLabel(code))),
      ),
    ),
    h(
      'label',
      { class: 'field field-wide' },
      h('span', { class: 'field-label' }, '模板内容'),
      h('textarea', { name: 'body', rows: 5, required: true, maxlength: 2000, value: item.body ?? '' }),
    ),
    h(
      'label',
      { class: 'checkbox' },
      h('input', { type: 'checkbox', name: 'active', checked: item.active ?? true }),
      ' 启用',
    ),
  ];
}

function readTemplate(form) {
  const body = {
    title: textValue(form, 'title'),
    body: textValue(form, 'body'),
    category: orNull(textValue(form, 'category')),
    status: orNull(textValue(form, 'status')),
    active: form.elements.namedItem('active').checked,
  };
  if (!body.title) throw localError('请填写标题', 'title');
  if (!body.body) throw localError('请填写模板内容', 'body');
  return body;
}

function deleteTemplate(template, reload) {
  if (!confirmDialog(`确定删除模板“${template.title ?? ''}”吗？`)) return;
  runRowAction(async () => {
    await api.del(`/api/v1/admin/reply-templates/${encodeURIComponent(template.id)}`);
    return '回复模板已删除';
  }, reload);
}
