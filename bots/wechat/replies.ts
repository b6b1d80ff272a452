import type { CreatedReport, ReportSummary, TrackedReport } from './portal-client';

/** What the bot says, in one place: short, friendly Chinese for a chat window. */
const time = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
export const when = (iso: string) => time.format(new Date(iso));

export const HELP = [
  '【创城信箱】您好！这里受理创建文明城市中的“脏、乱、差、粗”问题：',
  '脏：垃圾满溢、乱倒污水、公厕脏乱、人行道破损',
  '乱：占道经营、游商摊贩、车辆乱停、小广告涂鸦',
  '差：老旧小区楼道堆物、飞线充电、停车线不清',
  '粗：新时代文明实践所（站）关门、不规范、走过场',
  '',
  '直接发文字、照片和位置即可反映问题（可分几条发，发完回复“提交”）。',
  '常用指令：',
  '查询 编号 —— 查看一条反映的进度（不带编号：最近的反映）',
  '我的 —— 我反映过的问题',
  '评价 编号 1-5 留言 —— 整改后评价，例如“评价 7KQ4M-XR9TE 5 很及时”',
  '未解决 编号 —— 整改后问题还在，退回重新办理',
  '撤回 编号 —— 撤回尚未分派的反映',
].join('\n');

export function received(report: CreatedReport): string {
  const lines = [
    `【创城信箱】已收到您的反映，查询编号：${report.trackingCode}`,
    `问题分类：${report.category.char ? `${report.category.char}·` : ''}${report.subcategory.name}`,
    `承办单位：${report.department.name}`,
    `整改期限：${when(report.deadline)}`,
    `回复“查询 ${report.trackingCode}”可随时查看进度，有进展我们会在这里告诉您。`,
  ];
  if (report.status === 'duplicate') lines.splice(1, 0, '附近已有同类反映正在办理，已合并办理。');
  return lines.join('\n');
}

export function status(report: TrackedReport): string {
  const last = [...report.timeline].reverse().find((event) => event.note);
  return [
    `【创城信箱】编号 ${report.trackingCode}：${report.statusLabel}`,
    `问题分类：${report.subcategory.name}；承办单位：${report.department.name}`,
    `整改期限：${when(report.deadline)}`,
    ...(last?.note ? [`最新进展（${when(last.at)}）：${last.note}`] : []),
    ...(report.feedback?.canRate
      ? [`问题已整改，请回复“评价 ${report.trackingCode} 1-5”打分，或“未解决 ${report.trackingCode}”退回重新办理。`]
      : []),
  ].join('\n');
}

export function mine(reports: readonly ReportSummary[]): string {
  if (reports.length === 0) return '您还没有通过微信反映过问题。直接发文字和照片即可反映。';
  return [
    '【创城信箱】您最近的反映：',
    ...reports.map((r) => `${r.trackingCode} ${r.subcategory.name} —— ${r.statusLabel}（${when(r.submittedAt)}）`),
    '回复“查询 编号”查看详情。',
  ].join('\n');
}

export const NEED_TEXT =
  '收到了。请再用文字简单说说是什么问题、在哪里（例如“幸福路菜市场门口垃圾桶满了”），我们才能分派处理。';
export const TOO_SHORT = (min: number) => `内容有点少，请说清楚是什么问题、在哪里（至少 ${min} 个字）。`;
export const QUEUED = '【创城信箱】已收到您的反映。系统暂时繁忙，稍后会把查询编号发到这里，请不要重复发送。';
export const ALREADY_FILED = '【创城信箱】您的反映已提交。回复“我的”可以查看查询编号和进度。';
export const RATE_LIMITED = '您发得有点快，请稍等一分钟再发，我们都会认真处理。';
export const BUSY = '系统暂时繁忙，请稍后再试。';
export const PHOTO_FAILED = '这张照片没能保存（格式不支持或太大），请换一张 JPG/PNG 照片。';
export const NOTHING_TO_SEND = '还没有收到您要反映的内容，请先发文字描述（可附照片和位置）。';
export const rateHow = (code?: string) => `请告诉我们打几分：回复“评价 ${code ?? '编号'} 1-5 留言”，5 分最满意。`;
export const noReportFor = (what: string) => `没有找到可以${what}的反映，请带上编号再试，例如“${what} 7KQ4M-XR9TE”。`;
export const rated = (outcome: string, code: string) =>
  outcome === 'reopened'
    ? `已收到您的评价，编号 ${code} 已退回承办单位重新办理，有进展会告诉您。`
    : `感谢您的评价！编号 ${code} 已办结。`;
export const withdrawn = (code: string) => `编号 ${code} 的反映已撤回。如需再次反映，直接发送即可。`;
