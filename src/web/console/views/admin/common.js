/**
 * Building blocks of the admin pages: a page frame that reloads itself, a table, and one form
 * that both creates and edits (so the two can never drift apart).
 */
import { errorEl, h, loadingEl, replace, scrollIntoViewIfNeeded, toast } from '../../dom.js';
import { clearFieldErrors, onSubmit, showError } from '../../forms.js';
export { dataTable } from '../../components.js';

/**
 * Draws `title` and a box, then `draw(reload)` into the box. `draw` resolves to the box's content;
 * `reload()` fetches and draws again (after every change).
 */
export async function adminPage(section, { id, title, intro }, draw) {
  const box = h('div', { id, class: 'admin-page' }, loadingEl());
  section.append(h('h1', null, title), intro ? h('p', { class: 'muted' }, intro) : null, box);
  const reload = async () => {
    try {
      replace(box, await draw(reload));
    } catch (error) {
      replace(box, errorEl(error, reload));
    }
  };
  await reload();
}

/** A small button in a table row; `data-row-action` is the hook tests use. */
export function rowButton(label, action, onClick, extraClass) {
  return h(
    'button',
    { type: 'button', class: ['btn', 'btn-small', extraClass], dataset: { rowAction: action }, onClick },
    label,
  );
}

/** Runs a row action (toggle, delete) with the same feedback as a form. */
export async function runRowAction(task, reload) {
  try {
    const message = await task();
    await reload();
    if (message) toast(message);
  } catch (error) {
    showError(error);
  }
}

/**
 * One form for "create" and "edit". `build(values)` returns the fields for an item (or `{}`);
 * `read(form, editing)` the request body; `create(body)` / `update(id, body)` send it.
 * Returns `{form, edit(item)}`; `edit` fills the form with an item and switches it to PATCH.
 */
export function crudForm({ id, noun, build, read, create, update, reload }) {
  let editing = null;
  const heading = h('h2', { class: 'card-title' });
  const fieldsBox = h('div', { class: 'form-grid' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' });
  const cancel = h(
    'button',
    { type: 'button', class: 'btn', id: `${id}-cancel`, onClick: () => setMode(null) },
    '取消编辑',
  );
  const form = h(
    'form',
    { id, class: 'card crud-form' },
    heading,
    fieldsBox,
    h('div', { class: 'form-buttons' }, submit, cancel),
  );

  function setMode(item) {
    editing = item;
    form.dataset.mode = item ? 'edit' : 'create';
    if (item) form.dataset.id = String(item.id);
    else delete form.dataset.id;
    heading.textContent = item ? `编辑${noun}` : `新建${noun}`;
    submit.textContent = item ? '保存修改' : `新建${noun}`;
    cancel.hidden = !item;
    clearFieldErrors(form);
    replace(fieldsBox, build(item ?? {}));
  }
  setMode(null);

  onSubmit(form, async () => {
    const body = read(form, editing);
    if (editing) await update(editing.id, body);
    else await create(body);
    const message = editing ? `${noun}已保存` : `${noun}已创建`;
    await reload();
    return message;
  });

  return {
    form,
    edit(item) {
      setMode(item);
      scrollIntoViewIfNeeded(form);
      form.querySelector('input, select, textarea')?.focus();
    },
  };
}

/** For PATCH bodies: an emptied optional text field is sent as null (cleared), not left out. */
export function orNull(value) {
  return value === undefined ? null : value;
}

/** For POST bodies: optional fields the user left empty are simply not sent. */
export function dropEmpty(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null));
}

export function yesNo(value, yes = '启用', no = '停用') {
  return h('span', { class: ['badge', value ? 'badge-on' : 'badge-off'] }, value ? yes : no);
}
