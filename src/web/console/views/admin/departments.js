/**
 * 承办单位 (admin): list, create, edit. The list is the public `GET /api/v1/departments`; after a
 * change the cached copy every page uses is dropped.
 */
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { compact, field, textValue } from '../../forms.js';
import { forgetDepartments, loadDepartments } from '../../state.js';
import { adminPage, crudForm, dataTable, orNull, rowButton } from './common.js';

export function renderDepartmentsAdmin(section) {
  return adminPage(
    section,
    { id: 'admin-departments', title: '承办单位', intro: '创城办负责分拨；其余单位按分拨规则承办反映。' },
    draw,
  );
}

async function draw(reload) {
  forgetDepartments();
  const departments = await loadDepartments();
  const afterChange = async () => {
    forgetDepartments();
    await reload();
  };
  const editor = crudForm({
    id: 'department-admin-form',
    noun: '承办单位',
    build: (item) => [
      field(
        '代码',
        h('input', {
          name: 'code',
          required: true,
          maxlength: 40,
          value: item.code ?? '',
          placeholder: '如 sanitation',
        }),
      ),
      field('名称', h('input', { name: 'name', required: true, maxlength: 100, value: item.name ?? '' })),
      field('负责人', h('input', { name: 'leaderName', maxlength: 50, value: item.leaderName ?? '' })),
      field('办公电话', h('input', { name: 'contactPhone', maxlength: 40, value: item.contactPhone ?? '' })),
    ],
    read: (form, editing) => {
      const body = {
        code: textValue(form, 'code'),
        name: textValue(form, 'name'),
        leaderName: textValue(form, 'leaderName'),
        contactPhone: textValue(form, 'contactPhone'),
      };
      if (!editing) return compact(body);
      return {
        ...compact({ code: body.code, name: body.name }),
        leaderName: orNull(body.leaderName),
        contactPhone: orNull(body.contactPhone),
      };
    },
    create: (body) => api.post('/api/v1/admin/departments', body),
    update: (id, body) => api.patch(`/api/v1/admin/departments/${encodeURIComponent(id)}`, body),
    reload: afterChange,
  });

  const rows = departments.map((department) =>
    h(
      'tr',
      { dataset: { id: department.id } },
      h('td', { class: 'mono' }, department.code ?? ''),
      h(
        'td',
        null,
        department.name ?? '',
        department.isDispatchOffice ? h('span', { class: 'badge badge-relation' }, '创城办') : null,
      ),
      h('td', null, department.leaderName || '—'),
      h('td', null, department.contactPhone || '—'),
      h(
        'td',
        null,
        rowButton('编辑', 'edit', () => editor.edit(department)),
      ),
    ),
  );
  return [
    editor.form,
    dataTable('departments-table', ['代码', '名称', '负责人', '办公电话', '操作'], rows, '暂无承办单位'),
  ];
}
