import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../app';
import { chinaDate } from '../../domain/china-time';
import { attachmentHeader, type CsvColumn } from '../../domain/export/csv';
import { exportable, type Exportable } from '../../domain/export/xlsx';
import { STATUS_LABELS, type SubmissionStatus } from '../../domain/lifecycle/status';
import { maskPhone } from '../../domain/personal-data';
import { categoryInfo, isCategoryCode, subcategoryName } from '../../domain/taxonomy';
import { isOverdue } from '../../services/overdue';
import { listQueue } from '../../services/staff-queue';
import type { Count, DepartmentFigures, Statistics } from '../../services/statistics/statistics';
import { statisticsFor } from './staff-statistics';
import type { Submission } from '../../db/entities';
import { QueueExportQueryDto, StatisticsExportQueryDto, type StatisticsTable } from '../dto/export.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

/** The queue export stops here: beyond that, narrow the filters (or wait for the XLSX export). */
const MAX_QUEUE_ROWS = 10_000;
const CHANNELS: Record<string, string> = { web: '网页', wechat: '微信', api: '接口', open311: 'Open311' };
const time = (date: Date) => date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** CSV downloads for 通报: statistics tables and the filtered queue, each scoped like the screen. */
export async function staffExportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));

  app.get<{ Querystring: StatisticsExportQueryDto }>(
    '/api/v1/staff/statistics/export',
    {
      schema: {
        tags: ['staff'],
        summary: '导出统计表（CSV：UTF-8 带 BOM，Excel 可直接打开；或 format=xlsx）',
        querystring: dtoSchema(StatisticsExportQueryDto),
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const { from, to, table = 'departments' } = request.query;
      // Every exportable table is a count; durations and places are not worth computing for it.
      const stats = await statisticsFor(deps, request.staff!.user, { ...request.query, parts: 'counts' });
      const names = new Map(stats.departments.map((d) => [String(d.departmentId), d.name]));
      return send(reply, request.query.format ?? 'csv', statisticsTable(table, stats, names), {
        sheet: TABLE_NAMES[table],
        fileName: `创城信箱统计-${TABLE_NAMES[table]}-${from}至${to}`,
        asciiName: `statistics-${table}-${from}-${to}`,
      });
    },
  );

  app.get<{ Querystring: QueueExportQueryDto }>(
    '/api/v1/staff/submissions/export',
    {
      schema: {
        tags: ['staff'],
        summary: `导出筛选后的工作队列（CSV 或 format=xlsx，最多 ${MAX_QUEUE_ROWS} 条；手机号一律隐藏）`,
        querystring: dtoSchema(QueueExportQueryDto),
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const user = request.staff!.user;
      const now = deps.now();
      // Paging does not apply: the export is the whole filtered queue, up to the cap.
      const { items, total, totalCapped } = await listQueue(
        deps.dataSource,
        user,
        { ...request.query, limit: MAX_QUEUE_ROWS, offset: 0 },
        now,
      );
      const columns: CsvColumn<Submission>[] = [
        { heading: '查询编号', value: (s) => s.trackingCode },
        { heading: '状态', value: (s) => STATUS_LABELS[s.status as SubmissionStatus] },
        { heading: '分类', value: (s) => (isCategoryCode(s.category) ? categoryInfo(s.category).name : s.category) },
        { heading: '小类', value: (s) => subcategoryName(s.subcategory) },
        { heading: '承办单位', value: (s) => s.department.name },
        { heading: '来源', value: (s) => CHANNELS[s.channel] ?? s.channel },
        { heading: '提交时间', value: (s) => time(s.createdAt) },
        { heading: '受理期限', value: (s) => time(s.acceptDeadline) },
        { heading: '办结期限', value: (s) => time(s.resolveDeadline) },
        { heading: '是否逾期', value: (s) => (isOverdue(s, now) ? '是' : '否') },
        { heading: '地址', value: (s) => s.address },
        { heading: '联系电话', value: (s) => (s.contactPhone ? maskPhone(s.contactPhone) : '') },
        { heading: '反映内容', value: (s) => s.content },
      ];
      reply
        .header('X-Total-Count', totalCapped ? `${total}+` : String(total))
        .header('X-Truncated', String(totalCapped ? items.length >= MAX_QUEUE_ROWS : total > items.length));
      return send(reply, request.query.format ?? 'csv', exportable(items, columns), {
        sheet: '工作队列',
        fileName: `创城信箱工作队列-${chinaDate(now)}`,
        asciiName: `queue-${chinaDate(now)}`,
      });
    },
  );
}

const TABLE_NAMES: Record<StatisticsTable, string> = {
  departments: '承办单位排行',
  category: '按分类',
  subcategory: '按小类',
  department: '按承办单位',
  channel: '按渠道',
  status: '按状态',
  area: '按片区',
  series: '新增与办结',
};

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A table as a download, CSV or XLSX, named in Chinese with an ASCII fallback. */
async function send(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  table: Exportable,
  names: { sheet: string; fileName: string; asciiName: string },
): Promise<FastifyReply> {
  const body = format === 'xlsx' ? await table.xlsx(names.sheet) : table.csv();
  return reply
    .type(TYPES[format])
    .header('Content-Disposition', attachmentHeader(`${names.fileName}.${format}`, `${names.asciiName}.${format}`))
    .send(body);
}

function statisticsTable(table: StatisticsTable, stats: Statistics, departmentNames: Map<string, string>): Exportable {
  const percent = (value: number | null) => (value === null ? '' : `${(value * 100).toFixed(1)}%`);
  if (table === 'departments') {
    // Best first: on-time rate, then fewer overdue.
    const ranked = [...stats.departments].sort(
      (a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || a.overdue - b.overdue,
    );
    return exportable<DepartmentFigures & { rank: number }>(
      ranked.map((d, i) => ({ ...d, rank: i + 1 })),
      [
        { heading: '排名', value: (d) => d.rank },
        { heading: '承办单位', value: (d) => d.name },
        { heading: '收到', value: (d) => d.received },
        { heading: '已办结', value: (d) => d.resolved },
        { heading: '按时办结', value: (d) => d.resolvedOnTime },
        { heading: '按时办结率', value: (d) => percent(d.onTimeRate) },
        { heading: '逾期', value: (d) => d.overdue },
        { heading: '平均评分', value: (d) => d.averageRating },
      ],
    );
  }
  if (table === 'series') {
    return exportable(stats.series, [
      { heading: '日期', value: (r) => r.period },
      { heading: '新增', value: (r) => r.received },
      { heading: '办结', value: (r) => r.resolved },
      { heading: '逾期督办', value: (r) => r.overdue },
    ]);
  }
  const [rows, heading, name]: [Count[], string, (key: string) => string] = {
    category: [stats.byCategory, '分类', (k: string) => (isCategoryCode(k) ? categoryInfo(k).name : k)],
    subcategory: [stats.bySubcategory, '小类', subcategoryName],
    department: [stats.byDepartment, '承办单位', (k: string) => departmentNames.get(k) ?? k],
    channel: [stats.byChannel, '渠道', (k: string) => CHANNELS[k] ?? k],
    status: [stats.byStatus, '状态', (k: string) => STATUS_LABELS[k as SubmissionStatus] ?? k],
    area: [stats.byArea, '片区', (k: string) => k],
  }[table] as [Count[], string, (key: string) => string];
  return exportable(rows, [
    { heading, value: (r) => name(r.key) },
    { heading: '数量', value: (r) => r.count },
  ]);
}
