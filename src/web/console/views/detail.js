/**
 * 反映详情: what the resident reported, how it was classified and routed, photos, extensions and
 * the timeline; the action panel (detail-actions.js) holds what this user may do. After every
 * action the whole page is fetched again, so what is shown is always the server's truth (and the
 * next action carries the new `version`).
 */
import { api } from '../api.js';
import { errorEl, h, loadingEl, replace, sameOriginUrl, timeEl } from '../dom.js';
import { card, extensionDecisionForm, overdueBadge, personName, statusBadge } from '../components.js';
import {
  ACTOR_TYPE_LABELS,
  ATTACHMENT_KIND_LABELS,
  CHANNEL_LABELS,
  EXTENSION_STATUS_LABELS,
  OVERDUE_STAGE_LABELS,
  RELATION_LABELS,
  SIGNAL_SOURCE_LABELS,
  TIMELINE_TYPE_LABELS,
  statusLabel,
} from '../labels.js';
import { listHash } from '../router.js';
import {
  SUPERVISOR_ROLES,
  hasRole,
  loadCategories,
  loadDepartments,
  subcategoryName,
  classificationText,
} from '../state.js';
import { actionPanel } from './detail-actions.js';

export async function renderDetail(section, ctx) {
  const id = ctx.params[0];
  const page = { section, id, reload: null };
  page.reload = () => load(page);
  replace(section, backLink(), loadingEl());
  await load(page);
}

/** Fetches and draws; never throws, so an action's success is not reported as its failure. */
async function load(page) {
  const scrollY = window.scrollY;
  try {
    const [submission, categories, departments] = await Promise.all([
      api.get(`/api/v1/staff/submissions/${encodeURIComponent(page.id)}`),
      loadCategories(),
      loadDepartments(),
    ]);
    replace(page.section, backLink(), detailView({ submission, categories, departments, reload: page.reload }));
    // A redraw after an action should not jump the user back to the top of a long page.
    window.scrollTo(0, scrollY);
  } catch (error) {
    replace(page.section, backLink(), errorEl(error, page.reload));
  }
}

function backLink() {
  return h('p', { class: 'back' }, h('a', { href: listHash(), id: 'back-link' }, '← 返回列表'));
}

function detailView(data) {
  const s = data.submission;
  return h(
    'div',
    { id: 'detail', class: 'detail', dataset: { id: s.id, version: s.version, status: s.status } },
    detailHeader(s),
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'div',
        { class: 'detail-main' },
        card('反映内容', h('p', { id: 'detail-content', class: 'detail-content' }, s.content ?? '')),
        card('基本信息', infoList(s, data)),
        card('照片', photos(s.attachments ?? [])),
        extensionsCard(s, data.reload),
        card('办理记录', timeline(s.timeline ?? [])),
      ),
      h('aside', { class: 'detail-side', id: 'detail-actions', 'aria-label': '办理' }, actionPanel(data)),
    ),
  );
}

function detailHeader(s) {
  return h(
    'div',
    { class: 'detail-head' },
    h('h1', null, '反映 ', h('span', { id: 'detail-tracking-code', class: 'mono' }, s.trackingCode ?? `#${s.id}`)),
    h(
      'div',
      { class: 'badges' },
      h('span', { id: 'detail-status' }, statusBadge(s.status, s.statusLabel)),
      s.needsReview
        ? h(
            'span',
            { id: 'detail-needs-review', class: 'badge badge-review', title: '分类把握不足，需人工复核' },
            '待复核',
          )
        : null,
      s.overdueStage
        ? h(
            'span',
            { id: 'detail-overdue' },
            overdueBadge(s.overdueStage),
            h('span', { class: 'muted small' }, ` ${OVERDUE_STAGE_LABELS[s.overdueStage] ?? ''}`),
          )
        : null,
      s.escalatedAt
        ? h('span', { id: 'detail-escalated', class: 'badge badge-escalated', title: '督办时间' }, '已督办')
        : null,
      s.relation
        ? h(
            'span',
            { class: 'badge badge-relation', title: '您与这条反映的关系' },
            RELATION_LABELS[s.relation] ?? s.relation,
          )
        : null,
    ),
    // In one column (tablet) the action panel sits below a long timeline; this saves the scrolling.
    h(
      'button',
      { type: 'button', class: 'btn btn-small only-narrow', id: 'jump-to-actions', onClick: jumpToActions },
      '去办理 ↓',
    ),
  );
}

function jumpToActions() {
  document.getElementById('detail-actions')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function infoList(s, { categories }) {
  const classification = s.classification ?? {};
  const confidence = s.confidence ?? classification.confidence;
  const rows = [
    [
      '状态',
      h(
        'span',
        null,
        statusLabel(s.status),
        s.statusLabel ? h('span', { class: 'muted small' }, `（${s.statusLabel}）`) : null,
      ),
    ],
    ['分类', h('span', { id: 'detail-category' }, classificationText(categories, s.category, s.subcategory))],
    ['分类把握', typeof confidence === 'number' ? `${Math.round(confidence * 100)}%` : '—'],
    ['判定依据', signals(classification.signals ?? [], categories, classification.category ?? s.category)],
    classification.requested ? ['提交方所选', requestedText(classification.requested, categories)] : null,
    ['主办单位', h('span', { id: 'detail-department' }, s.department?.name ?? '—')],
    [
      '协办单位',
      h('span', { id: 'detail-supporting' }, (s.supportingDepartments ?? []).map((d) => d.name).join('、') || '无'),
    ],
    ['受理期限', timeEl(s.acceptDeadline)],
    ['整改期限', timeEl(s.resolveDeadline)],
    s.escalatedAt ? ['督办时间', timeEl(s.escalatedAt)] : null,
    ['地点', s.address || '—'],
    [
      '坐标',
      s.lat !== null && s.lat !== undefined && s.lng !== null && s.lng !== undefined ? `${s.lat}, ${s.lng}` : '—',
    ],
    ['联系人', s.contact?.name || '—'],
    ['联系电话', h('span', { id: 'detail-phone' }, s.contact?.phone || '—')],
    [
      '来源',
      s.channelUnreachableAt
        ? h(
            'span',
            { id: 'detail-unreachable' },
            `${CHANNEL_LABELS[s.channel] ?? s.channel}（微信已联系不上，群众只能通过查询页看到进度）`,
          )
        : (CHANNEL_LABELS[s.channel] ?? s.channel ?? '—'),
    ],
    s.open311 ? ['Open311 客户端', s.open311.client?.name ?? `#${s.open311.client?.id}`] : null,
    s.open311?.email ? ['联系邮箱', h('span', { id: 'detail-email' }, s.open311.email)] : null,
    s.open311 && Object.keys(s.open311.attributes ?? {}).length
      ? ['补充信息', h('span', { id: 'detail-open311-attributes' }, attributeText(s.open311.attributes))]
      : null,
    s.open311?.mediaUrl
      ? [
          '客户端附图',
          // The client's own server: opened only by a person who chooses to, never fetched by the portal.
          h(
            'a',
            {
              id: 'detail-media-url',
              href: safeHttpUrl(s.open311.mediaUrl),
              target: '_blank',
              rel: 'noopener noreferrer nofollow',
            },
            '在新窗口打开（外部链接）',
          ),
        ]
      : null,
    ['关注人数', h('span', { id: 'detail-followers' }, String(s.followers ?? 0))],
    ['“我也遇到”', h('span', { id: 'detail-supporters' }, `${s.supporterCount ?? 0} 人`)],
    s.mergedInto
      ? [
          '已合并至',
          h(
            'a',
            { id: 'detail-merged-into', href: `#/submissions/${s.mergedInto.id}` },
            s.mergedInto.trackingCode ?? `#${s.mergedInto.id}`,
          ),
        ]
      : null,
    ['提交时间', timeEl(s.createdAt)],
    ['最近更新', timeEl(s.updatedAt)],
  ].filter(Boolean);
  return h(
    'dl',
    { id: 'detail-info', class: 'info-list' },
    rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
  );
}

/** What an Open311 client chose, against what the classifier read in the text. */
function requestedText(requested, categories) {
  const chosen = classificationText(categories, requested.category, requested.subcategory);
  const machine = requested.classifier
    ? classificationText(categories, requested.classifier.category, requested.classifier.subcategory)
    : '—';
  return h(
    'span',
    { id: 'detail-requested', class: requested.agrees ? null : 'warn' },
    requested.agrees ? `${chosen}（与自动分类一致）` : `${chosen}；自动分类认为是：${machine}`,
  );
}

const ATTRIBUTE_LABELS = {
  in_compound: { label: '在小区内', values: { yes: '是', no: '否' } },
  vehicle_type: { label: '车辆', values: { motor: '机动车', non_motor: '非机动车' } },
  station_name: { label: '实践所（站）', values: {} },
};

function attributeText(attributes) {
  return Object.entries(attributes)
    .map(([code, value]) => {
      const known = ATTRIBUTE_LABELS[code];
      const values = (Array.isArray(value) ? value : [value]).map((v) => known?.values[v] ?? v);
      return `${known?.label ?? code}：${values.join('、')}`;
    })
    .join('；');
}

/** Only http(s) links are clickable; the server checked this too, but a link is no place to trust. */
function safeHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '#';
  } catch {
    return '#';
  }
}

/** The classifier's reasons; the API documents them as objects, but a plain string is shown too. */
function signals(list, categories, categoryCode) {
  if (list.length === 0) return '—';
  return h(
    'ul',
    { id: 'detail-signals', class: 'signals' },
    list.map((signal) => {
      if (typeof signal !== 'object' || signal === null) return h('li', null, String(signal));
      const parts = [
        SIGNAL_SOURCE_LABELS[signal.source] ?? signal.source,
        subcategoryName(categories, categoryCode, signal.subcategory),
      ];
      if (typeof signal.weight === 'number') parts.push(`权重 ${signal.weight.toFixed(2)}`);
      return h(
        'li',
        null,
        h('span', { class: 'signal-term' }, signal.term ?? ''),
        h('span', { class: 'muted small' }, ` ${parts.filter(Boolean).join(' · ')}`),
      );
    }),
  );
}

function photos(attachments) {
  if (attachments.length === 0) return h('p', { id: 'detail-photos', class: 'empty' }, '暂无照片');
  const groups = ['photo', 'before_photo', 'after_photo']
    .map((kind) => ({ kind, items: attachments.filter((item) => item.kind === kind) }))
    .filter((group) => group.items.length > 0);
  return h(
    'div',
    { id: 'detail-photos', class: 'photo-groups' },
    groups.map((group) =>
      h(
        'div',
        { class: 'photo-group', dataset: { kind: group.kind } },
        h('h3', null, ATTACHMENT_KIND_LABELS[group.kind]),
        h('div', { class: 'photo-grid' }, group.items.map(photo)),
      ),
    ),
  );
}

function photo(attachment) {
  const url = sameOriginUrl(attachment.url, `/api/v1/staff/attachments/${encodeURIComponent(attachment.id)}`);
  // The grid loads the small version; a click opens the full photo.
  const thumbnail = attachment.thumbnailUrl ? sameOriginUrl(attachment.thumbnailUrl, url) : url;
  const label = ATTACHMENT_KIND_LABELS[attachment.kind] ?? '照片';
  const where = attachment.location ? ` · 拍摄位置 ${attachment.location.lat}, ${attachment.location.lng}` : '';
  return h(
    'figure',
    { class: 'photo', dataset: { attachmentId: attachment.id, kind: attachment.kind } },
    h('a', { href: url, target: '_blank', rel: 'noopener' }, h('img', { src: thumbnail, alt: label, loading: 'lazy' })),
    h('figcaption', null, label, ' · ', timeEl(attachment.createdAt), where),
  );
}

function extensionsCard(s, reload) {
  const list = s.extensions ?? [];
  if (list.length === 0) return null;
  const canDecide = hasRole(...SUPERVISOR_ROLES);
  return card(
    '延期申请',
    h(
      'ul',
      { id: 'detail-extensions', class: 'extension-list' },
      list.map((extension) =>
        h(
          'li',
          { class: 'extension', dataset: { extensionId: extension.id, status: extension.status } },
          h(
            'p',
            null,
            h(
              'span',
              { class: ['badge', `extension-${extension.status}`] },
              EXTENSION_STATUS_LABELS[extension.status] ?? extension.status,
            ),
            ` 延期 ${extension.hours} 小时 · 申请人 ${personName(extension.requestedBy)} · `,
            timeEl(extension.createdAt),
          ),
          h('p', { class: 'extension-reason' }, extension.reason ?? ''),
          extension.status !== 'pending'
            ? h(
                'p',
                { class: 'muted small' },
                `审批人 ${personName(extension.decidedBy)} · `,
                timeEl(extension.decidedAt),
                extension.decisionNote ? ` · ${extension.decisionNote}` : '',
              )
            : null,
          extension.status === 'pending' && canDecide ? extensionDecisionForm(extension, reload) : null,
        ),
      ),
    ),
  );
}

function timeline(events) {
  // #timeline exists even when empty, so that what waits for it does not wait forever.
  if (events.length === 0)
    return [h('ol', { id: 'timeline', class: 'timeline' }), h('p', { class: 'empty' }, '暂无办理记录')];
  return h(
    'ol',
    { id: 'timeline', class: 'timeline' },
    events.map((event) => {
      const internal = event.visibleToResident === false;
      const actor = event.actorLabel || ACTOR_TYPE_LABELS[event.actorType] || event.actorType || '—';
      return h(
        'li',
        {
          class: ['timeline-item', internal && 'timeline-internal'],
          dataset: { type: event.type, internal: String(internal) },
        },
        h(
          'div',
          { class: 'timeline-meta' },
          timeEl(event.createdAt),
          h('span', { class: 'timeline-actor' }, actor),
          h('span', { class: 'timeline-type' }, TIMELINE_TYPE_LABELS[event.type] ?? event.type),
          internal ? h('span', { class: 'badge badge-internal', title: '群众看不到这条记录' }, '内部') : null,
        ),
        event.fromStatus || event.toStatus
          ? h(
              'div',
              { class: 'timeline-change' },
              event.fromStatus ? statusLabel(event.fromStatus) : '—',
              ' → ',
              event.toStatus ? statusLabel(event.toStatus) : '—',
            )
          : null,
        event.note ? h('p', { class: 'timeline-note' }, event.note) : null,
      );
    }),
  );
}
