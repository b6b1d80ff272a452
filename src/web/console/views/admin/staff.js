/**
 * 人员账号 (admin): create accounts; per row edit (name, role, departments), enable/disable and
 * reset the password. Department staff belong to one department (所属单位); leaders also cover
 * several (分管单位).
 */
import { api, itemsOf } from '../../api.js';
import { confirmDialog, h, timeEl } from '../../dom.js';
import { field, intValue, localError, multiValue, onSubmit, textValue } from '../../forms.js';
import { ROLE_CODES, roleLabel } from '../../labels.js';
import { departmentName, loadDepartments, user } from '../../state.js';
import { adminPage, dataTable, dropEmpty, rowButton, runRowAction } from './common.js';

/** Mirrors src/domain/staff-policy.ts, so the browser can say so before the server does. */
const MIN_PASSWORD_LENGTH = 10;
// Escaped `-` so the pattern is also valid under the `v` flag browsers now compile it with.
const USERNAME_PATTERN = '[a-zA-Z0-9_.\\-]{3,60}';

export function renderStaff(section) {
  return adminPage(
    section,
    { id: 'admin-staff', title: '人员账号', intro: '账号停用后无法登录；密码至少 10 位。' },
    draw,
  );
}

async function draw(reload) {
  const [data, departments] = await Promise.all([api.get('/api/v1/admin/staff'), loadDepartments()]);
  const ctx = { departments, reload };
  const rows = itemsOf(data).map((member) => staffRow(member, ctx));
  return [
    createForm(ctx),
    dataTable('staff-table', ['用户名', '姓名', '角色', '所属单位', '分管单位', '状态', '操作'], rows, '暂无账号'),
  ];
}

// ---------------------------------------------------------------------------------------------
// Shared fields

function roleSelect(selected) {
  return h(
    'select',
    { name: 'role', required: true, value: selected ?? '' },
    h('option', { value: '' }, '请选择角色'),
    ROLE_CODES.map((code) => h('option', { value: code }, roleLabel(code))),
  );
}

function departmentSelect(departments, selected) {
  return h(
    'select',
    { name: 'departmentId', value: selected ?? '' },
    h('option', { value: '' }, '无'),
    departments.map((department) => h('option', { value: String(department.id) }, department.name)),
  );
}

function coveredSelect(departments, selected) {
  const chosen = new Set((selected ?? []).map(String));
  return h(
    'select',
    { name: 'departmentIds', multiple: true, size: Math.min(6, Math.max(3, departments.length)) },
    departments.map((department) =>
      h('option', { value: String(department.id), selected: chosen.has(String(department.id)) }, department.name),
    ),
  );
}

/** Only leaders cover departments; the field is hidden for the other roles. */
function coveredField(departments, selected, role) {
  const wrapper = field('分管单位（可多选，按住 Ctrl / ⌘ 选择多个）', coveredSelect(departments, selected));
  wrapper.classList.add('covered-departments');
  wrapper.hidden = role !== 'leader';
  return wrapper;
}

function linkRoleToCovered(form) {
  const role = form.elements.namedItem('role');
  const covered = form.querySelector('.covered-departments');
  role.addEventListener('change', () => (covered.hidden = role.value !== 'leader'));
}

function readPassword(form, name = 'password') {
  const password = form.elements.namedItem(name).value;
  if (password.length < MIN_PASSWORD_LENGTH) throw localError(`密码至少 ${MIN_PASSWORD_LENGTH} 位`, name);
  return password;
}

// ---------------------------------------------------------------------------------------------
// Create

function createForm(ctx) {
  const form = h(
    'form',
    { id: 'staff-form', class: 'card crud-form' },
    h('h2', { class: 'card-title' }, '新建账号'),
    h(
      'div',
      { class: 'form-grid' },
      field(
        '用户名',
        h('input', { name: 'username', required: true, autocomplete: 'off', pattern: USERNAME_PATTERN, maxlength: 60 }),
        '3–60 位字母、数字或 _ . -',
      ),
      field('姓名', h('input', { name: 'displayName', required: true, maxlength: 50 })),
      field('角色', roleSelect('')),
      field(
        '初始密码',
        h('input', {
          name: 'password',
          type: 'password',
          required: true,
          minlength: MIN_PASSWORD_LENGTH,
          autocomplete: 'new-password',
        }),
      ),
      field('所属单位', departmentSelect(ctx.departments, ''), '承办单位工作人员必须选择'),
      coveredField(ctx.departments, [], ''),
    ),
    h('div', { class: 'form-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '新建账号')),
  );
  linkRoleToCovered(form);
  onSubmit(form, async () => {
    const role = textValue(form, 'role');
    const body = {
      username: textValue(form, 'username'),
      displayName: textValue(form, 'displayName'),
      role,
      password: readPassword(form),
      departmentId: intValue(form, 'departmentId'),
      departmentIds: role === 'leader' ? multiValue(form, 'departmentIds') : undefined,
    };
    if (!body.username) throw localError('请填写用户名', 'username');
    if (!body.displayName) throw localError('请填写姓名', 'displayName');
    if (!role) throw localError('请选择角色', 'role');
    await api.post('/api/v1/admin/staff', dropEmpty(body));
    await ctx.reload();
    return `账号 ${body.username} 已创建`;
  });
  return form;
}

// ---------------------------------------------------------------------------------------------
// Rows

function staffRow(member, ctx) {
  const locked = member.lockedUntil && new Date(member.lockedUntil) > new Date();
  const row = h(
    'tr',
    { dataset: { id: member.id, active: String(member.active !== false) } },
    h('td', { class: 'mono' }, member.username ?? ''),
    h('td', null, member.displayName ?? ''),
    h('td', null, roleLabel(member.role)),
    h('td', null, member.departmentId ? departmentName(ctx.departments, member.departmentId) : '—'),
    h(
      'td',
      null,
      member.role === 'leader'
        ? (member.departmentIds ?? []).map((id) => departmentName(ctx.departments, id)).join('、') || '—'
        : '—',
    ),
    h(
      'td',
      null,
      h(
        'span',
        { class: ['badge', member.active !== false ? 'badge-on' : 'badge-off'] },
        member.active !== false ? '启用' : '停用',
      ),
      locked ? h('span', { class: 'muted small' }, ' 锁定至 ', timeEl(member.lockedUntil)) : null,
    ),
    h(
      'td',
      { class: 'nowrap' },
      rowButton('编辑', 'edit', () => openBelow(row, editForm(member, ctx))),
      ' ',
      toggleButton(member, ctx),
      ' ',
      rowButton('重置密码', 'reset-password', () => openBelow(row, passwordForm(member, ctx))),
    ),
  );
  return row;
}

function toggleButton(member, ctx) {
  const active = member.active !== false;
  // Disabling yourself would lock the only admin out mid-session; the server may refuse it too.
  const self = user()?.id === member.id;
  const button = rowButton(active ? '停用' : '启用', 'toggle-active', () => {
    if (active && !confirmDialog(`确定停用账号 ${member.username} 吗？停用后无法登录。`)) return;
    runRowAction(async () => {
      await api.patch(staffPath(member), { active: !active });
      return active ? '账号已停用' : '账号已启用';
    }, ctx.reload);
  });
  button.disabled = active && self;
  if (self) button.title = '不能停用自己的账号';
  return button;
}

function staffPath(member) {
  return `/api/v1/admin/staff/${encodeURIComponent(member.id)}`;
}

/** One inline form at a time, in a row right under the account it changes. */
function openBelow(row, form) {
  row.parentElement.querySelector('tr.edit-row')?.remove();
  const columns = row.children.length;
  const editRow = h(
    'tr',
    { class: 'edit-row', dataset: { forId: row.dataset.id } },
    h('td', { colspan: columns }, form),
  );
  row.after(editRow);
  form.querySelector('input, select')?.focus();
}

function cancelButton(form) {
  return h('button', { type: 'button', class: 'btn', onClick: () => form.closest('tr.edit-row')?.remove() }, '取消');
}

function editForm(member, ctx) {
  const form = h('form', { class: 'staff-edit-form inline-form', dataset: { id: member.id } });
  form.append(
    h(
      'div',
      { class: 'form-grid' },
      field(
        '姓名',
        h('input', { name: 'displayName', required: true, maxlength: 50, value: member.displayName ?? '' }),
      ),
      field('角色', roleSelect(member.role)),
      field('所属单位', departmentSelect(ctx.departments, member.departmentId ?? '')),
      coveredField(ctx.departments, member.departmentIds, member.role),
    ),
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '保存'),
      cancelButton(form),
    ),
  );
  linkRoleToCovered(form);
  onSubmit(form, async () => {
    const body = changedFields(member, form);
    if (Object.keys(body).length === 0) return '没有需要保存的修改';
    await api.patch(staffPath(member), body);
    await ctx.reload();
    return '账号已保存';
  });
  return form;
}

/** PATCH only what changed, so an edit cannot undo someone else's change to another field. */
function changedFields(member, form) {
  const body = {};
  const displayName = textValue(form, 'displayName');
  if (!displayName) throw localError('请填写姓名', 'displayName');
  if (displayName !== member.displayName) body.displayName = displayName;
  const role = textValue(form, 'role');
  if (role && role !== member.role) body.role = role;
  const departmentId = intValue(form, 'departmentId') ?? null;
  if (departmentId !== (member.departmentId ?? null)) body.departmentId = departmentId;
  if (role === 'leader') {
    const covered = multiValue(form, 'departmentIds');
    const before = (member.departmentIds ?? []).map(String).sort().join(',');
    if (covered.map(String).sort().join(',') !== before || body.role) body.departmentIds = covered;
  }
  return body;
}

function passwordForm(member, ctx) {
  const form = h('form', { class: 'password-reset-form inline-form', dataset: { id: member.id } });
  form.append(
    field(
      `为 ${member.username} 设置新密码`,
      h('input', {
        name: 'password',
        type: 'password',
        required: true,
        minlength: MIN_PASSWORD_LENGTH,
        autocomplete: 'new-password',
      }),
      `至少 ${MIN_PASSWORD_LENGTH} 位；请通过安全渠道告知本人`,
    ),
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'btn btn-danger' }, '确认重置'),
      cancelButton(form),
    ),
  );
  onSubmit(form, async () => {
    await api.patch(staffPath(member), { password: readPassword(form) });
    await ctx.reload();
    return '密码已重置';
  });
  return form;
}
