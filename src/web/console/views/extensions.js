/**
 * 延期申请: pending requests in the user's scope, each with approve / refuse. After a decision the
 * list is fetched again (the decided request leaves it).
 */
import { api, itemsOf } from '../api.js';
import { errorEl, h, loadingEl, replace, timeEl } from '../dom.js';
import { dataTable, extensionDecisionForm, personName } from '../components.js';
import { navigate, rememberListHash } from '../router.js';

export async function renderExtensions(section) {
  rememberListHash();
  const box = h('div', { id: 'extensions', class: 'extensions' }, loadingEl());
  section.append(h('h1', null, '延期申请'), box);
  await load(box);
}

async function load(box) {
  try {
    const data = await api.get('/api/v1/staff/extensions', { status: 'pending' });
    replace(
      box,
      extensionsTable(itemsOf(data), () => load(box)),
    );
  } catch (error) {
    replace(
      box,
      errorEl(error, () => navigate('/extensions')),
    );
  }
}

function extensionsTable(items, reload) {
  return dataTable(
    'extensions-table',
    ['反映编号', '承办单位', '延长', '理由', '申请人 / 时间', '审批'],
    items.map((item) => extensionRow(item, reload)),
    '暂无待审批的延期申请',
  );
}

function extensionRow(item, reload) {
  const submission = item.submission ?? {};
  return h(
    'tr',
    { dataset: { id: item.id, submissionId: submission.id } },
    h(
      'td',
      { class: 'nowrap' },
      submission.id
        ? h('a', { href: `#/submissions/${submission.id}` }, submission.trackingCode ?? `#${submission.id}`)
        : '—',
    ),
    h('td', null, departmentText(submission.department)),
    h('td', { class: 'nowrap' }, `${item.hours} 小时`),
    h('td', { class: 'cell-content' }, item.reason ?? ''),
    h('td', null, personName(item.requestedBy), h('br'), timeEl(item.createdAt)),
    h('td', null, extensionDecisionForm(item, reload)),
  );
}

/** `submission.department` is `{id, name}` in SubmissionView; accept a bare name as well. */
function departmentText(department) {
  if (!department) return '—';
  return typeof department === 'object' ? (department.name ?? '—') : String(department);
}
