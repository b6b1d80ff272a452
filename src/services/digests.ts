import { type DataSource, IsNull } from 'typeorm';
import { StaffNotification, StaffUser, type WeeklyDigestData } from '../db/entities';
import { chinaDate, startOfChinaDay } from '../domain/china-time';
import { AWAITING_ACCEPTANCE } from '../domain/lifecycle/status';
import { subcategoryName } from '../domain/taxonomy';
import { NotFound } from '../errors';
import { departmentScope } from './staff-access';
import { supervisionBoard } from './staff-queue';
import { computeStatistics } from './statistics/statistics';

const DAY_MS = 86_400_000;
/** A digest lists at most this many late reports; the total says how many there are. */
const MAX_LISTED = 50;

/** The Beijing week (Monday to Sunday) that ended last, and when its digest is due. */
export function lastCompleteWeek(now: Date, sendHour: number): { from: string; to: string; due: Date } {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const sinceMonday = (beijing.getUTCDay() + 6) % 7;
  const thisMonday = startOfChinaDay(chinaDate(new Date(now.getTime() - sinceMonday * DAY_MS)));
  const lastMonday = new Date(thisMonday.getTime() - 7 * DAY_MS);
  return {
    from: chinaDate(lastMonday),
    to: chinaDate(new Date(thisMonday.getTime() - DAY_MS)),
    due: new Date(thisMonday.getTime() + sendHour * 3600_000),
  };
}

/**
 * 每周通报: once the week's digest is due (Monday at `sendHour`, Beijing time), every active
 * leader gets one in-console message with the week's figures for their departments and the
 * reports late right now. Safe to run often and from several processes: the unique key on
 * (person, kind, week) keeps one message each. Returns how many were written.
 */
export async function sendWeeklyDigests(dataSource: DataSource, now: Date, sendHour: number): Promise<number> {
  const week = lastCompleteWeek(now, sendHour);
  if (now < week.due) return 0;
  const leaders = await dataSource.getRepository(StaffUser).find({
    where: { role: 'leader', active: true },
    relations: { coveredDepartments: true },
    order: { id: 'ASC' },
  });
  const already = new Set(
    (await dataSource.getRepository(StaffNotification).findBy({ kind: 'weekly_digest', periodStart: week.from })).map(
      (n) => n.staffUserId,
    ),
  );
  let written = 0;
  for (const leader of leaders) {
    const scope = departmentScope(leader) ?? [];
    if (already.has(leader.id) || scope.length === 0) continue;
    const data = await digestFor(dataSource, leader, scope, week, now);
    const result = await dataSource
      .createQueryBuilder()
      .insert()
      .into(StaffNotification)
      .values({
        staffUserId: leader.id,
        kind: 'weekly_digest',
        periodStart: week.from,
        title: `创城信箱周报（${dayLabel(week.from)}—${dayLabel(week.to)}）`,
        data,
      })
      .orIgnore()
      .execute();
    written += result.identifiers.filter(Boolean).length;
  }
  return written;
}

async function digestFor(
  dataSource: DataSource,
  leader: StaffUser,
  scope: number[],
  week: { from: string; to: string },
  now: Date,
): Promise<WeeklyDigestData> {
  const stats = await computeStatistics(dataSource, {
    from: startOfChinaDay(week.from),
    to: new Date(startOfChinaDay(week.to).getTime() + DAY_MS),
    interval: 'week',
    scope,
    now,
  });
  const resolved = stats.departments.reduce((sum, d) => sum + d.resolved, 0);
  const onTime = stats.departments.reduce((sum, d) => sum + d.resolvedOnTime, 0);
  const board = await supervisionBoard(dataSource, leader, now, MAX_LISTED);
  return {
    period: week,
    figures: {
      received: stats.total,
      resolved,
      onTimeRate: resolved > 0 ? Math.round((onTime / resolved) * 1000) / 1000 : null,
      averageRating: stats.satisfaction.averageRating,
    },
    overdueTotal: board.total,
    overdue: board.items.map((s) => {
      const awaiting = AWAITING_ACCEPTANCE.includes(s.status) && s.acceptDeadline < now;
      return {
        id: s.id,
        trackingCode: s.trackingCode,
        department: s.department.name,
        subcategory: subcategoryName(s.subcategory),
        status: s.status,
        due: (awaiting ? s.acceptDeadline : s.resolveDeadline).toISOString(),
      };
    }),
  };
}

function dayLabel(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** A member of staff's messages, newest first, and how many are unread. */
export async function listNotifications(
  dataSource: DataSource,
  user: StaffUser,
  page: { limit: number; offset: number },
): Promise<{ items: StaffNotification[]; total: number; unread: number }> {
  const repository = dataSource.getRepository(StaffNotification);
  const [items, total] = await repository.findAndCount({
    where: { staffUserId: user.id },
    order: { createdAt: 'DESC', id: 'DESC' },
    take: page.limit,
    skip: page.offset,
  });
  const unread = await repository.count({ where: { staffUserId: user.id, readAt: IsNull() } });
  return { items, total, unread };
}

/** Marks one of the user's own messages read; someone else's is "not found", like a missing one. */
export async function markNotificationRead(
  dataSource: DataSource,
  user: StaffUser,
  id: number,
  now: Date,
): Promise<StaffNotification> {
  const repository = dataSource.getRepository(StaffNotification);
  const notification = await repository.findOneBy({ id, staffUserId: user.id });
  if (!notification) throw new NotFound('没有找到这条通知', `No notification ${id}`);
  if (!notification.readAt) {
    notification.readAt = now;
    await repository.update({ id }, { readAt: now });
  }
  return notification;
}
