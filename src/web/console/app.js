/**
 * The console's entry point: restores the session, draws the header for the user's role and
 * sends each hash route to its page. Each page draws into a fresh <section>, so a page that
 * finishes loading after the user has moved on writes into a detached element and is not seen.
 */
import { api, onUnauthorized } from './api.js';
import { h, replace, toast } from './dom.js';
import { showError } from './forms.js';
import { roleLabel } from './labels.js';
import { navigate, parseHash, setRenderer } from './router.js';
import { SUPERVISOR_ROLES, clearSession, hasRole, setSession, user } from './state.js';
import { renderAudit } from './views/admin/audit.js';
import { renderDepartmentsAdmin } from './views/admin/departments.js';
import { renderRules } from './views/admin/rules.js';
import { renderStaff } from './views/admin/staff.js';
import { renderTemplates } from './views/admin/templates.js';
import { renderOpen311Clients } from './views/admin/open311.js';
import { renderDashboard } from './views/dashboard.js';
import { renderNotifications } from './views/notifications.js';
import { refreshUnreadBadge } from './notifications-badge.js';
import { renderDetail } from './views/detail.js';
import { renderExtensions } from './views/extensions.js';
import { renderLogin } from './views/login.js';
import { renderQueue } from './views/queue.js';
import { renderRanking } from './views/ranking.js';
import { renderReport } from './views/report.js';
import { renderSupervision } from './views/supervision.js';

const ADMIN = ['admin'];

/** `roles`: who may open the page (undefined = every logged-in user); `open`: no log-in needed. */
const ROUTES = [
  { pattern: /^\/login$/, render: renderLogin, open: true, title: '登录' },
  { pattern: /^\/queue$/, render: renderQueue, title: '工作队列' },
  { pattern: /^\/submissions\/(\d+)$/, render: renderDetail, title: '反映详情' },
  { pattern: /^\/supervision$/, render: renderSupervision, roles: SUPERVISOR_ROLES, title: '督办看板' },
  // Every member of staff: the statistics API scopes the figures to what they may see.
  { pattern: /^\/dashboard$/, render: renderDashboard, title: '统计分析' },
  { pattern: /^\/ranking$/, render: renderRanking, title: '红黑榜' },
  { pattern: /^\/report$/, render: renderReport, title: '定期通报' },
  { pattern: /^\/notifications$/, render: renderNotifications, title: '通知' },
  { pattern: /^\/extensions$/, render: renderExtensions, roles: SUPERVISOR_ROLES, title: '延期申请' },
  { pattern: /^\/admin\/staff$/, render: renderStaff, roles: ADMIN, title: '人员账号' },
  { pattern: /^\/admin\/departments$/, render: renderDepartmentsAdmin, roles: ADMIN, title: '承办单位' },
  { pattern: /^\/admin\/rules$/, render: renderRules, roles: ADMIN, title: '分拨规则' },
  { pattern: /^\/admin\/templates$/, render: renderTemplates, roles: ADMIN, title: '回复模板' },
  { pattern: /^\/admin\/open311$/, render: renderOpen311Clients, roles: ADMIN, title: 'Open311 客户端' },
  { pattern: /^\/admin\/audit$/, render: renderAudit, roles: ADMIN, title: '审计日志' },
];

/** The header links; `group` puts the admin pages under one 系统管理 heading. */
const NAV_LINKS = [
  { path: '/queue', label: '工作队列', key: 'queue' },
  { path: '/supervision', label: '督办看板', key: 'supervision', roles: SUPERVISOR_ROLES },
  { path: '/extensions', label: '延期申请', key: 'extensions', roles: SUPERVISOR_ROLES },
  { path: '/dashboard', label: '统计分析', key: 'dashboard' },
  { path: '/notifications', label: '通知', key: 'notifications', badge: true },
  { path: '/admin/staff', label: '人员账号', key: 'admin-staff', roles: ADMIN, group: true },
  { path: '/admin/departments', label: '承办单位', key: 'admin-departments', roles: ADMIN, group: true },
  { path: '/admin/rules', label: '分拨规则', key: 'admin-rules', roles: ADMIN, group: true },
  { path: '/admin/templates', label: '回复模板', key: 'admin-templates', roles: ADMIN, group: true },
  { path: '/admin/open311', label: 'Open311 客户端', key: 'admin-open311', roles: ADMIN, group: true },
  { path: '/admin/audit', label: '审计日志', key: 'admin-audit', roles: ADMIN, group: true },
];

/** Where to go back to after log-in, when the session ran out on some other page. */
let returnTo = null;

function main() {
  return document.getElementById('main');
}

function drawHeader() {
  const header = document.getElementById('app-header');
  const current = user();
  header.hidden = !current;
  if (!current) return;
  document.getElementById('user-name').textContent = current.displayName || current.username;
  document.getElementById('user-role').textContent = roleLabel(current.role);

  const visible = NAV_LINKS.filter((link) => !link.roles || hasRole(...link.roles));
  const link = (item) =>
    h(
      'a',
      { href: `#${item.path}`, class: 'nav-link', dataset: { nav: item.key } },
      item.label,
      item.badge ? h('span', { id: 'unread-count', class: 'nav-badge', hidden: true }) : null,
    );
  const adminLinks = visible.filter((item) => item.group);
  replace(
    document.getElementById('nav'),
    visible.filter((item) => !item.group).map(link),
    adminLinks.length
      ? h(
          'div',
          { class: 'nav-group', role: 'group', 'aria-label': '系统管理' },
          h('span', { class: 'nav-group-label' }, '系统管理'),
          adminLinks.map(link),
        )
      : null,
  );
  markActiveLink();
  refreshUnreadBadge();
}

function markActiveLink() {
  const { path } = parseHash();
  for (const anchor of document.querySelectorAll('#nav a')) {
    const target = anchor.getAttribute('href').slice(1);
    // A report's detail belongs to the queue it was opened from; the ranking and the printable
    // report belong to the statistics.
    const active =
      path === target ||
      (target === '/queue' && path.startsWith('/submissions/')) ||
      (target === '/dashboard' && (path === '/ranking' || path === '/report'));
    if (active) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
}

function render() {
  const { path, query } = parseHash();
  const route = ROUTES.find((item) => item.pattern.test(path));
  const current = user();

  if (!route) return navigate('/queue');
  if (!route.open && !current) {
    returnTo = location.hash;
    return navigate('/login');
  }
  if (route.open && current) return navigate('/queue');

  drawHeader();
  document.title = `${route.title} · 创城信箱工作台`;
  const section = h('section', { class: 'page', dataset: { page: path.split('/')[1] || 'queue' } });
  replace(main(), section);
  window.scrollTo(0, 0);

  if (route.roles && !hasRole(...route.roles)) {
    section.append(h('p', { class: 'load-error', role: 'alert' }, '您没有权限访问这个页面。'));
    return;
  }
  const params = path.match(route.pattern).slice(1);
  const ctx = { params, query, afterLogin };
  Promise.resolve(route.render(section, ctx)).catch((error) => showError(error));
}

/** Called by the login page once the session exists. */
function afterLogin() {
  const target = returnTo && !returnTo.startsWith('#/login') ? returnTo : '#/queue';
  returnTo = null;
  location.hash = target;
}

async function logout() {
  try {
    await api.post('/api/v1/auth/logout');
  } catch (error) {
    // The session may already be gone on the server; the user still wants to be logged out here.
    if (error.status !== 401) showError(error);
  }
  clearSession();
  toast('已退出登录');
  navigate('/login');
}

/** The session expired (or was ended elsewhere): back to log-in, then back to this page. */
function sessionExpired() {
  if (!user()) return;
  clearSession();
  returnTo = location.hash;
  toast('登录已过期，请重新登录', 'error');
  navigate('/login');
}

async function start() {
  onUnauthorized(sessionExpired);
  setRenderer(render);
  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', render);
  try {
    setSession(await api.get('/api/v1/auth/me'));
  } catch (error) {
    clearSession();
    // 401 is the ordinary "not logged in"; anything else is worth telling.
    if (error.status !== 401) showError(error);
  }
  render();
}

start();
