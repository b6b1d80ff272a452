/**
 * Open311 客户端 (admin): the systems allowed to file reports over Open311 GeoReport v2. A key is
 * shown once, when it is issued; afterwards only its first characters, so a lost key is revoked
 * and a new one issued rather than looked up.
 */
import { api, itemsOf } from '../../api.js';
import { confirmDialog, h, timeEl } from '../../dom.js';
import { field, localError, onSubmit, textValue } from '../../forms.js';
import { adminPage, dataTable, rowButton, runRowAction } from './common.js';

export function renderOpen311Clients(section) {
  // The key just issued survives the redraw that follows, and nothing else.
  const state = { issued: null };
  return adminPage(
    section,
    {
      id: 'admin-open311',
      title: 'Open311 客户端',
      intro:
        '其他单位的系统和市民 App 可通过 Open311 GeoReport v2 接口（/open311/v2/discovery.json）提交和查询反映。' +
        '提交需要管理员签发的 api_key；吊销后立即失效，已提交的反映不受影响。',
    },
    (reload) => draw(reload, state),
  );
}

async function draw(reload, state) {
  const data = await api.get('/api/v1/admin/open311-clients');
  const form = h(
    'form',
    { id: 'open311-form', class: 'card crud-form' },
    h('h2', { class: 'card-title' }, '签发新的 api_key'),
    h(
      'div',
      { class: 'form-grid' },
      field(
        '客户端名称',
        h('input', { name: 'name', required: true, maxlength: 100, placeholder: '如：某街道网格员 App' }),
      ),
      field('联系人或联系方式', h('input', { name: 'contact', maxlength: 200, placeholder: '出问题时找谁' })),
    ),
    h('div', { class: 'form-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '签发 api_key')),
  );
  onSubmit(form, async () => {
    const name = textValue(form, 'name');
    if (!name) throw localError('请填写客户端名称', 'name');
    const contact = textValue(form, 'contact');
    const issued = await api.post('/api/v1/admin/open311-clients', contact ? { name, contact } : { name });
    state.issued = issued;
    await reload();
    return `已为“${issued.client.name}”签发 api_key`;
  });

  const issuedBox = state.issued ? issuedKey(state) : null;
  const rows = itemsOf(data).map((client) =>
    h(
      'tr',
      { dataset: { id: client.id } },
      h('td', null, client.name),
      h('td', null, client.contact ?? '—'),
      h('td', null, h('code', null, `${client.keyPrefix}…`)),
      h('td', null, timeEl(client.createdAt)),
      h('td', null, client.lastUsedAt ? timeEl(client.lastUsedAt) : '从未使用'),
      h('td', { class: 'num' }, String(client.requestCount)),
      h(
        'td',
        null,
        client.revokedAt
          ? h('span', { class: 'badge badge-off' }, '已吊销')
          : h('span', { class: 'badge badge-on' }, '有效'),
      ),
      h(
        'td',
        { class: 'nowrap' },
        client.revokedAt
          ? timeEl(client.revokedAt)
          : rowButton('吊销', 'revoke', () => revoke(client, reload), 'btn-danger-outline'),
      ),
    ),
  );
  return [
    issuedBox,
    form,
    dataTable(
      'open311-table',
      ['客户端', '联系方式', 'api_key', '签发时间', '最近使用', '已提交', '状态', '操作'],
      rows,
      '还没有签发过 api_key',
    ),
  ];
}

function issuedKey(state) {
  const { apiKey, client } = state.issued;
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      onClick: async () => {
        await navigator.clipboard?.writeText(apiKey);
        copy.textContent = '已复制';
      },
    },
    '复制',
  );
  return h(
    'div',
    { class: 'card notice', id: 'open311-issued', role: 'status' },
    h('h2', { class: 'card-title' }, `“${client.name}”的 api_key`),
    h('p', null, h('code', { id: 'open311-key', class: 'secret' }, apiKey), ' ', copy),
    h('p', { class: 'muted' }, '这个密钥只显示这一次，请现在复制并安全地转交客户端开发方。遗失后请吊销并重新签发。'),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        onClick: (event) => {
          state.issued = null;
          event.target.closest('#open311-issued')?.remove();
        },
      },
      '我已保存，关闭',
    ),
  );
}

function revoke(client, reload) {
  if (!confirmDialog(`确定吊销“${client.name}”的 api_key 吗？吊销后它提交的请求会被拒绝（已提交的反映不受影响）。`))
    return;
  runRowAction(async () => {
    await api.post(`/api/v1/admin/open311-clients/${encodeURIComponent(client.id)}/revoke`, {});
    return `已吊销“${client.name}”的 api_key`;
  }, reload);
}
