/**
 * Form plumbing shared by every page: one submit at a time, the API's field messages next to the
 * inputs they concern, and the same toast for every outcome.
 */
import { h, replace, toast } from './dom.js';

/** Shows an API error: the message in the toast, each field problem in the toast and in the form. */
export function showError(error, form) {
  // app.js has already sent the user to log-in; say why once instead of the raw 401 message.
  if (error?.status === 401) return toast('登录已过期，请重新登录', 'error');
  const fields = error?.fields ?? [];
  const details = fields.map((field) => field.message ?? field.field).filter((line) => line && line !== error?.message);
  toast(error?.message || '操作失败', 'error', details);
  if (form) showFieldErrors(form, error);
}

export function clearFieldErrors(form) {
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  const summary = form.querySelector('.form-error');
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

function showFieldErrors(form, error) {
  const unplaced = [];
  for (const field of error?.fields ?? []) {
    // `contact.phone` → the input named `phone`, `departmentIds.0` → `departmentIds`.
    const name = String(field.field ?? '')
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop();
    const input = name ? form.querySelector(`[name="${cssEscape(name)}"]`) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const holder = input.closest('label, .field') ?? input.parentElement ?? form;
      holder.append(h('span', { class: 'field-error' }, field.message));
    } else {
      unplaced.push(field.message);
    }
  }
  let summary = form.querySelector('.form-error');
  if (!summary) {
    summary = h('div', { class: 'form-error', role: 'alert' });
    form.prepend(summary);
  }
  replace(
    summary,
    h('p', null, error?.message || '操作失败'),
    unplaced.length
      ? h(
          'ul',
          null,
          unplaced.map((m) => h('li', null, m)),
        )
      : null,
  );
  summary.hidden = false;
}

function cssEscape(value) {
  return globalThis.CSS?.escape ? globalThis.CSS.escape(value) : value.replace(/["\\]/g, '\\$&');
}

/**
 * Handles a form's submit: prevents the page load, disables the submit buttons while the request
 * runs (a double click must not send twice), shows errors. `handler(form)` returns the success
 * message, or nothing for no toast. `onError(error)` may return true when it dealt with the error.
 */
export function onSubmit(form, handler, { onError } = {}) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.dataset.busy === 'true') return;
    clearFieldErrors(form);
    form.dataset.busy = 'true';
    const buttons = [...form.querySelectorAll('button[type=submit], button:not([type])')];
    for (const button of buttons) button.disabled = true;
    try {
      const message = await handler(form);
      if (message) toast(message, 'success');
    } catch (error) {
      if (!(onError && onError(error))) showError(error, form);
    } finally {
      delete form.dataset.busy;
      // The form may have been replaced by a redraw; re-enabling a detached button is harmless.
      for (const button of buttons) button.disabled = false;
    }
  });
  return form;
}

/** A labelled input: `<label class="field"><span>label</span>control</label>`. */
export function field(label, control, hint) {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    hint ? h('span', { class: 'field-hint' }, hint) : null,
  );
}

/** Trimmed text of a form control, or undefined when empty (optional fields are left out). */
export function textValue(form, name) {
  const control = form.elements.namedItem(name);
  const value = control && 'value' in control ? String(control.value).trim() : '';
  return value === '' ? undefined : value;
}

/** A whole number from a control, or undefined when empty. */
export function intValue(form, name) {
  const text = textValue(form, name);
  return text === undefined ? undefined : Number(text);
}

/** Values of every checked checkbox / selected option with this name, as numbers when numeric. */
export function multiValue(form, name) {
  const values = [];
  for (const control of form.querySelectorAll(`[name="${cssEscape(name)}"]`)) {
    if (control.tagName === 'SELECT') values.push(...[...control.selectedOptions].map((option) => option.value));
    else if (control.checked) values.push(control.value);
  }
  return values.map(idValue);
}

/** Ids come back from form controls as strings; the API's ids are numbers. */
export function idValue(value) {
  return /^\d+$/.test(String(value)) ? Number(value) : value;
}

/** Removes keys whose value is undefined, so a JSON body carries only what the user gave. */
export function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** A check made before calling the API, reported the way the API reports its own. */
export function localError(message, fieldName) {
  return { message, fields: fieldName ? [{ field: fieldName, rule: 'local', message }] : [] };
}
