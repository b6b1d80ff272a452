/**
 * The action panel of a report. What appears follows the API: lifecycle buttons come from
 * `allowedActions`, the other forms from the user's role and their relation to the report
 * (`relation`: lead 主办 / supporting 协办 / oversight). The server checks every request again; hiding a
 * form only spares the user a refusal.
 */
import { api, itemsOf } from '../api.js';
import { h, replace, scrollIntoViewIfNeeded, toast } from '../dom.js';
import { card } from '../components.js';
import { compact, field, idValue, intValue, localError, multiValue, onSubmit, textValue } from '../forms.js';
import { ACTION_DONE, ACTION_HINTS, ACTION_LABELS, NOTE_REQUIRED, STALE_MESSAGE } from '../labels.js';
import { DISPATCH_ROLES, hasRole, user } from '../state.js';

/** Statuses in which the lead department is still working and may ask for more time. */
const EXTENSION_STATUSES = new Set(['assigned', 'accepted', 'in_progress', 'reopened']);
const DESTRUCTIVE_ACTIONS = new Set(['reject', 'merge', 'return']);
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export function actionPanel(data) {
  const s = data.submission;
  const me = user();
  const dispatch = hasRole(...DISPATCH_ROLES);
  const lead = s.relation === 'lead';
  const ctx = { ...data, base: `/api/v1/staff/submissions/${encodeURIComponent(s.id)}` };

  const panel = [
    lifecycleCard(ctx, dispatch),
    dispatch ? card('分类', classificationForm(ctx)) : null,
    dispatch ? card('承办单位（主办）', departmentForm(ctx)) : null,
    dispatch ? card('协办单位', supportingForm(ctx)) : null,
    dispatch || lead ? card('整改照片', photoForm(ctx)) : null,
    dispatch || lead ? card('回复群众', replyForm(ctx)) : null,
    card('内部备注', noteForm(ctx)),
    // A leader supervises the departments they cover; on a report they only support (协办) they cannot.
    me.role === 'admin' || (me.role === 'leader' && s.relation !== 'supporting')
      ? card('督办', supervisionForm(ctx))
      : null,
    me.role === 'department_staff' && lead && EXTENSION_STATUSES.has(s.status)
      ? card('申请延期', extensionForm(ctx))
      : null,
  ];
  return panel;
}

/**
 * Every form on this page sends the version the page showed. When someone else changed the
 * report first the API answers 409 stale_version: reload and say so, keeping nobody's work silent.
 */
function submitAndReload(ctx, form, send) {
  onSubmit(
    form,
    async () => {
      const message = await send(form);
      await ctx.reload();
      return message;
    },
    {
      onError(error) {
        if (!error?.isStale) return false;
        toast(STALE_MESSAGE, 'warning');
        ctx.reload();
        return true;
      },
    },
  );
  return form;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle actions

function lifecycleCard(ctx, dispatch) {
  const actions = ctx.submission.allowedActions ?? [];
  const slot = h('div', { id: 'action-form-slot' });
  if (actions.length === 0) {
    return card('办理', h('p', { class: 'muted', id: 'no-actions' }, '当前状态下您没有可执行的办理操作。'), slot);
  }
  const buttons = actions.map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: ['btn', DESTRUCTIVE_ACTIONS.has(action) ? 'btn-danger-outline' : 'btn-primary-outline'],
        dataset: { action },
        'aria-expanded': 'false',
        onClick: (event) => chooseAction(ctx, action, slot, event.currentTarget, dispatch),
      },
      ACTION_LABELS[action] ?? action,
    ),
  );
  return card('办理', h('div', { class: 'action-buttons', id: 'action-buttons' }, buttons), slot);
}

function chooseAction(ctx, action, slot, button, dispatch) {
  for (const other of button.parentElement.querySelectorAll('button')) other.setAttribute('aria-expanded', 'false');
  // Assigning means choosing a department: the department form is that form.
  const departmentForm = document.getElementById('department-form');
  if (action === 'assign' && dispatch && departmentForm) {
    replace(slot);
    scrollIntoViewIfNeeded(departmentForm);
    departmentForm.classList.add('highlight');
    departmentForm.elements.namedItem('departmentId').focus();
    return;
  }
  button.setAttribute('aria-expanded', 'true');
  const form = actionForm(ctx, action, () => {
    replace(slot);
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  });
  replace(slot, form);
  form.querySelector(action === 'merge' ? '[name=targetId]' : '[name=note]').focus();
}

function actionForm(ctx, action, close) {
  const s = ctx.submission;
  const label = ACTION_LABELS[action] ?? action;
  const required = NOTE_REQUIRED.has(action);
  const form = h(
    'form',
    { id: 'action-form', class: 'inline-form', dataset: { action } },
    h('h3', null, `办理：${label}`),
    h('p', { class: 'field-hint' }, ACTION_HINTS[action] ?? ''),
    action === 'merge'
      ? field(
          '合并到的反映编号（ID）',
          h('input', { type: 'number', name: 'targetId', min: 1, step: 1, required: true, inputmode: 'numeric' }),
        )
      : null,
    field(
      required ? (action === 'resolve' ? '整改说明（必填）' : '说明（必填）') : '说明（选填）',
      h('textarea', { name: 'note', rows: 4, maxlength: 2000, required }),
    ),
    h(
      'div',
      { class: 'form-buttons' },
      h(
        'button',
        {
          type: 'submit',
          id: 'action-submit',
          class: DESTRUCTIVE_ACTIONS.has(action) ? 'btn btn-danger' : 'btn btn-primary',
        },
        `确认${label}`,
      ),
      h('button', { type: 'button', class: 'btn', id: 'action-cancel', onClick: close }, '取消'),
    ),
  );
  return submitAndReload(ctx, form, async () => {
    const note = textValue(form, 'note');
    if (required && !note) throw localError('请填写说明', 'note');
    if (action === 'merge') {
      const targetId = intValue(form, 'targetId');
      if (!Number.isInteger(targetId) || targetId <= 0) throw localError('请填写要合并到的反映编号', 'targetId');
      if (targetId === Number(s.id)) throw localError('不能合并到这条反映自己', 'targetId');
      await api.post(`${ctx.base}/merge`, compact({ targetId, note, version: s.version }));
    } else {
      await api.post(`${ctx.base}/actions`, compact({ action, note, version: s.version }));
    }
    return ACTION_DONE[action] ?? '操作成功';
  });
}

// ---------------------------------------------------------------------------------------------
// Dispatch office: classification, department, 协办

function classificationForm(ctx) {
  const s = ctx.submission;
  const subcategory = h('select', { name: 'subcategory', required: true });
  const fillSubcategories = (categoryCode, selected) => {
    const category = ctx.categories.find((item) => item.code === categoryCode);
    replace(
      subcategory,
      h('option', { value: '' }, '请选择子分类'),
      (category?.subcategories ?? []).map((sub) =>
        h('option', { value: sub.code, selected: sub.code === selected }, sub.name),
      ),
    );
  };
  const category = h(
    'select',
    { name: 'category', required: true, value: s.category ?? '', onChange: () => fillSubcategories(category.value) },
    h('option', { value: '' }, '请选择分类'),
    ctx.categories.map((item) => h('option', { value: item.code }, item.name)),
  );
  fillSubcategories(s.category, s.subcategory);

  const form = h(
    'form',
    { id: 'classification-form', class: 'stack-form' },
    field('分类', category),
    field('子分类', subcategory),
    h('p', { class: 'field-hint' }, '更正后的分类会用来改进自动分类。'),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '保存分类'),
  );
  return submitAndReload(ctx, form, async () => {
    const body = {
      category: textValue(form, 'category'),
      subcategory: textValue(form, 'subcategory'),
      version: s.version,
    };
    if (!body.category) throw localError('请选择分类', 'category');
    if (!body.subcategory) throw localError('请选择子分类', 'subcategory');
    await api.post(`${ctx.base}/classification`, body);
    return '分类已更新';
  });
}

function departmentForm(ctx) {
  const s = ctx.submission;
  const assigning = (s.allowedActions ?? []).includes('assign');
  const verb = assigning ? '分派' : '改派';
  const form = h(
    'form',
    { id: 'department-form', class: 'stack-form' },
    field(
      '承办单位',
      h(
        'select',
        { name: 'departmentId', required: true, value: s.department?.id ?? '' },
        h('option', { value: '' }, '请选择承办单位'),
        ctx.departments.map((department) => h('option', { value: String(department.id) }, department.name)),
      ),
    ),
    field('说明（选填）', h('input', { type: 'text', name: 'note', maxlength: 2000 })),
    h('button', { type: 'submit', class: 'btn btn-primary' }, verb),
  );
  return submitAndReload(ctx, form, async () => {
    const departmentId = intValue(form, 'departmentId');
    if (!departmentId) throw localError('请选择承办单位', 'departmentId');
    await api.post(
      `${ctx.base}/department`,
      compact({ departmentId, note: textValue(form, 'note'), version: s.version }),
    );
    const name = ctx.departments.find((department) => department.id === departmentId)?.name ?? '';
    return `已${verb}至${name}`;
  });
}

function supportingForm(ctx) {
  const s = ctx.submission;
  const current = new Set((s.supportingDepartments ?? []).map((department) => String(department.id)));
  // The lead department cannot also support itself.
  const choices = ctx.departments.filter((department) => String(department.id) !== String(s.department?.id));
  const form = h(
    'form',
    { id: 'supporting-form', class: 'stack-form' },
    h(
      'fieldset',
      { class: 'checkbox-list' },
      h('legend', null, '选择协办单位（可多选）'),
      choices.map((department) =>
        h(
          'label',
          { class: 'checkbox' },
          h('input', {
            type: 'checkbox',
            name: 'departmentIds',
            value: String(department.id),
            checked: current.has(String(department.id)),
          }),
          ` ${department.name}`,
        ),
      ),
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '保存协办单位'),
  );
  return submitAndReload(ctx, form, async () => {
    // The contract lists only departmentIds here; the API rejects unknown fields, so no version.
    await api.post(`${ctx.base}/supporting-departments`, { departmentIds: multiValue(form, 'departmentIds') });
    return '协办单位已更新';
  });
}

// ---------------------------------------------------------------------------------------------
// Evidence and messages

function photoForm(ctx) {
  const form = h(
    'form',
    { id: 'photo-form', class: 'stack-form', enctype: 'multipart/form-data' },
    field(
      '照片类型',
      h(
        'select',
        { name: 'kind', required: true },
        h('option', { value: 'before_photo' }, '整改前'),
        h('option', { value: 'after_photo' }, '整改后'),
      ),
    ),
    field(
      '照片',
      h('input', { type: 'file', name: 'file', accept: 'image/*', required: true }),
      'JPEG、PNG 或 WebP，不超过 10 MB',
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '上传照片'),
  );
  return submitAndReload(ctx, form, async () => {
    const file = form.elements.namedItem('file').files[0];
    if (!file) throw localError('请选择照片', 'file');
    if (file.type && !PHOTO_TYPES.has(file.type)) throw localError('只能上传 JPEG、PNG 或 WebP 格式的照片', 'file');
    if (file.size > MAX_PHOTO_BYTES) throw localError('照片不能超过 10 MB', 'file');
    const body = new FormData();
    // `kind` before `file`: a streaming multipart parser reads fields in order.
    body.append('kind', form.elements.namedItem('kind').value);
    body.append('file', file, file.name);
    await api.post(`${ctx.base}/photos`, body);
    return '照片已上传';
  });
}

function noteForm(ctx) {
  const form = h(
    'form',
    { id: 'note-form', class: 'stack-form' },
    field(
      '备注内容',
      h('textarea', { name: 'body', rows: 3, maxlength: 2000, required: true }),
      '仅工作人员可见，群众看不到',
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '保存备注'),
  );
  return submitAndReload(ctx, form, async () => {
    const body = textValue(form, 'body');
    if (!body) throw localError('请填写备注内容', 'body');
    await api.post(`${ctx.base}/notes`, { body });
    return '备注已保存';
  });
}

function replyForm(ctx) {
  const s = ctx.submission;
  const templateSelect = h('select', { name: 'templateId' }, h('option', { value: '' }, '正在加载回复模板…'));
  const text = h('textarea', { name: 'body', rows: 4, maxlength: 2000, required: true });
  const templates = new Map();
  templateSelect.addEventListener('change', () => {
    const template = templates.get(templateSelect.value);
    // Choosing a template fills the text; staff then adjust it to this report before sending.
    if (template) text.value = template.body ?? '';
  });
  loadTemplates(s, templateSelect, templates);

  const form = h(
    'form',
    { id: 'reply-form', class: 'stack-form' },
    field('回复模板', templateSelect),
    field('回复内容', text, '群众会看到这段回复'),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '发送回复'),
  );
  return submitAndReload(ctx, form, async () => {
    const body = textValue(form, 'body');
    if (!body) throw localError('请填写回复内容', 'body');
    const templateId = textValue(form, 'templateId');
    await api.post(
      `${ctx.base}/replies`,
      compact({ body, templateId: templateId === undefined ? undefined : idValue(templateId) }),
    );
    return '回复已发送';
  });
}

async function loadTemplates(s, select, templates) {
  try {
    const data = await api.get('/api/v1/staff/reply-templates', { category: s.category, status: s.status });
    const active = itemsOf(data).filter((template) => template.active !== false);
    for (const template of active) templates.set(String(template.id), template);
    replace(
      select,
      h('option', { value: '' }, active.length ? '不使用模板' : '暂无适用的模板'),
      active.map((template) => h('option', { value: String(template.id) }, template.title)),
    );
  } catch {
    replace(select, h('option', { value: '' }, '模板加载失败，可直接填写'));
  }
}

function supervisionForm(ctx) {
  const form = h(
    'form',
    { id: 'supervision-form', class: 'stack-form' },
    field(
      '督办意见',
      h('textarea', { name: 'body', rows: 3, maxlength: 2000, required: true }),
      '承办单位会在办理记录中看到',
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '发出督办'),
  );
  return submitAndReload(ctx, form, async () => {
    const body = textValue(form, 'body');
    if (!body) throw localError('请填写督办意见', 'body');
    await api.post(`${ctx.base}/supervision`, { body });
    return '督办意见已发出';
  });
}

function extensionForm(ctx) {
  const pending = (ctx.submission.extensions ?? []).some((extension) => extension.status === 'pending');
  const form = h(
    'form',
    { id: 'extension-form', class: 'stack-form' },
    pending ? h('p', { class: 'field-hint' }, '已有一条延期申请在等待审批。') : null,
    field(
      '延长时间（小时）',
      h('input', { type: 'number', name: 'hours', min: 1, step: 1, required: true, inputmode: 'numeric' }),
    ),
    field('延期理由', h('textarea', { name: 'reason', rows: 3, maxlength: 2000, required: true })),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '提交延期申请'),
  );
  return submitAndReload(ctx, form, async () => {
    const hours = intValue(form, 'hours');
    const reason = textValue(form, 'reason');
    if (!Number.isInteger(hours) || hours <= 0) throw localError('请填写延长的小时数（正整数）', 'hours');
    if (!reason) throw localError('请填写延期理由', 'reason');
    await api.post(`${ctx.base}/extensions`, { hours, reason });
    return '延期申请已提交，等待审批';
  });
}
