import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { endOfChinaDay, startOfChinaDay } from '../../domain/china-time';
import { Forbidden, ValidationFailed } from '../../errors';
import { departmentScope } from '../../services/staff-access';
import { computeStatistics, type Statistics, type StatisticsPart } from '../../services/statistics/statistics';
import type { StaffUser } from '../../db/entities';
import { StatisticsQueryDto } from '../dto/statistics.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

/** A year and a bit: enough for any annual report, bounded so one request cannot scan forever. */
const MAX_DAYS = 400;

/** Statistics for 定期反馈: scoped like the queue (a department sees its own figures). */
export async function staffStatisticsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));

  app.get<{ Querystring: StatisticsQueryDto }>(
    '/api/v1/staff/statistics',
    {
      schema: {
        tags: ['staff'],
        summary:
          '统计：分类、承办单位、渠道、状态、每日/每周新增与办结、按时办结率、受理/办结用时、满意度、热点、分类纠正率',
        querystring: dtoSchema(StatisticsQueryDto),
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => statisticsFor(deps, request.staff!.user, request.query),
  );
}

/**
 * The statistics a member of staff asked for: the Beijing dates turned into a range (at most
 * MAX_DAYS), their scope applied, and a department outside it refused. Shared by the JSON answer
 * and the CSV export.
 */
export function statisticsFor(deps: AppDeps, user: StaffUser, query: StatisticsQueryDto): Promise<Statistics> {
  const start = startOfChinaDay(query.from);
  const end = endOfChinaDay(query.to);
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  if (days <= 0 || days > MAX_DAYS) {
    throw new ValidationFailed([
      { field: 'to', rule: 'range', message: `结束日期需不早于起始日期，且范围不超过 ${MAX_DAYS} 天` },
    ]);
  }
  const scope = departmentScope(user);
  if (query.departmentId !== undefined && scope && !scope.includes(query.departmentId)) {
    throw new Forbidden('只能查看本单位（或分管单位）的统计', 'Outside your departments');
  }
  return computeStatistics(deps.dataSource, {
    from: start,
    to: end,
    interval: query.interval ?? 'day',
    ...(query.departmentId !== undefined ? { departmentIds: [query.departmentId] } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.area ? { area: query.area } : {}),
    ...(query.parts ? { parts: query.parts.split(',') as StatisticsPart[] } : {}),
    ...(scope ? { scope } : {}),
    now: deps.now(),
  });
}
