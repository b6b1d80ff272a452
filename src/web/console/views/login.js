/**
 * 登录. Errors (wrong password, locked account, too many attempts) are the API's own Chinese
 * message, shown in #login-error, where a screen reader announces them.
 */
import { api } from '../api.js';
import { h, toast } from '../dom.js';
import { field } from '../forms.js';
import { setSession } from '../state.js';

export function renderLogin(section, ctx) {
  const error = h('p', { id: 'login-error', class: 'login-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const form = h(
    'form',
    { id: 'login-form', class: 'login-form', novalidate: true },
    h('h1', null, '创城信箱 · 工作台'),
    h('p', { class: 'muted' }, '创城办、承办单位、分管领导和系统管理员使用'),
    field(
      '用户名',
      h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true, maxlength: 60 }),
    ),
    field('密码', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    error,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = form.elements.namedItem('username').value.trim();
    const password = form.elements.namedItem('password').value;
    if (!username || !password) return showLoginError(error, '请输入用户名和密码');
    submit.disabled = true;
    submit.textContent = '正在登录…';
    error.hidden = true;
    try {
      const session = await api.post('/api/v1/auth/login', { username, password });
      setSession(session);
      toast(`欢迎，${session.user?.displayName ?? username}`);
      ctx.afterLogin();
    } catch (failure) {
      const details = (failure.fields ?? []).map((item) => item.message).filter(Boolean);
      showLoginError(error, [failure.message, ...details].join('；'));
      form.elements.namedItem('password').value = '';
    } finally {
      submit.disabled = false;
      submit.textContent = '登录';
    }
  });

  section.classList.add('login-page');
  section.append(form);
  form.elements.namedItem('username').focus();
}

function showLoginError(box, message) {
  box.textContent = message;
  box.hidden = false;
}
