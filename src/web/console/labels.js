/**
 * The Chinese words staff read for the API's codes. The API also sends `statusLabel`, but that is
 * the resident's long sentence; the console uses the short names of the campaign office.
 */

export const STATUS_LABELS = {
  submitted: '待分拨',
  assigned: '已分派',
  accepted: '已受理',
  in_progress: '整改中',
  resolved: '已整改待评价',
  closed: '已办结',
  rejected: '不予受理',
  duplicate: '已合并',
  withdrawn: '群众已撤回',
  returned: '已退回',
  reopened: '重新办理',
};

export const STATUS_CODES = Object.keys(STATUS_LABELS);

export const ACTION_LABELS = {
  assign: '分派',
  reject: '不予受理',
  merge: '合并',
  accept: '受理',
  start: '开始整改',
  return: '退回创城办',
  resolve: '办结整改',
  close: '办结',
  withdraw: '撤回',
  reopen: '重新办理',
};

/** Actions the API refuses without a note (state-machine `reasonRequired`). */
export const NOTE_REQUIRED = new Set(['reject', 'return', 'resolve', 'reopen']);

/** What the note means for each action, shown above the text box. */
export const ACTION_HINTS = {
  assign: '分派给当前选择的承办单位。',
  reject: '请写明不予受理的理由，群众会看到这段说明。',
  merge: '填写保留的那条反映的编号（ID），本条将标为已合并，群众改为关注那一条。',
  accept: '确认由本单位受理，可填写备注。',
  start: '开始整改，可填写备注。',
  return: '请说明不属于本单位的原因，反映将退回创城办重新分拨（群众不可见）。',
  resolve: '请写明整改措施和结果，这段说明会展示给群众评价；建议先上传整改前后照片。',
  close: '确认办结，可填写备注。',
  reopen: '请说明需要重新办理的原因，反映将退回承办单位。',
};

export const ROLE_LABELS = {
  admin: '系统管理员',
  dispatcher: '创城办调度员',
  department_staff: '承办单位工作人员',
  leader: '分管领导',
};

export const ROLE_CODES = Object.keys(ROLE_LABELS);

/** How the logged-in user stands to a report (SubmissionView.role). */
export const RELATION_LABELS = { lead: '主办', supporting: '协办', oversight: '督导' };

export const TIMELINE_TYPE_LABELS = {
  status_change: '状态变更',
  classification: '分类调整',
  note: '内部备注',
  reply: '回复群众',
  supervision: '督办',
  escalation: '逾期督办',
  extension: '延期',
};

export const ACTOR_TYPE_LABELS = { resident: '群众', staff: '工作人员', system: '系统' };

export const ATTACHMENT_KIND_LABELS = { photo: '群众照片', before_photo: '整改前', after_photo: '整改后' };

export const EXTENSION_STATUS_LABELS = { pending: '待审批', approved: '已批准', refused: '未批准' };

export const OVERDUE_STAGE_LABELS = { accept: '受理逾期', resolve: '整改逾期' };

export const CHANNEL_LABELS = { web: '网页', wechat: '微信', api: '接口', open311: 'Open311' };

export const SIGNAL_SOURCE_LABELS = { lexicon: '关键词', context: '语境规则', model: '模型' };

export const SORT_OPTIONS = [
  { value: '-createdAt', label: '最新提交在前' },
  { value: 'createdAt', label: '最早提交在前' },
  { value: 'resolveDeadline', label: '整改期限最近在前' },
  { value: '-updatedAt', label: '最近更新在前' },
];

export function statusLabel(code) {
  return STATUS_LABELS[code] ?? code ?? '—';
}

export function roleLabel(code) {
  return ROLE_LABELS[code] ?? code ?? '—';
}

/** The toast after an action succeeded. */
export const ACTION_DONE = {
  assign: '已分派',
  reject: '已标记为不予受理',
  merge: '已合并到目标反映',
  accept: '已受理',
  start: '已开始整改',
  return: '已退回创城办',
  resolve: '已办结整改，等待群众评价',
  close: '已办结',
  reopen: '已重新办理',
};

export const STALE_MESSAGE = '这条反映已被他人更新，已为您刷新';
