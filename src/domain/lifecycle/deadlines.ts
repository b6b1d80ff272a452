/**
 * Deadlines count working days in China Standard Time (UTC+8, no daylight saving), so a report
 * sent on Friday evening is due to be accepted on Monday, not on Saturday.
 * Public holidays and adjusted working weekends (调休) are not modelled yet.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

function isWeekendInChina(instant: Date): boolean {
  const day = new Date(instant.getTime() + CST_OFFSET_MS).getUTCDay();
  return day === 0 || day === 6;
}

/** The same time of day `days` working days later; Saturdays and Sundays are skipped. */
export function addWorkingDays(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  const dayMs = 24 * 60 * 60 * 1000;
  let cursor = new Date(start.getTime());
  let remaining = days;
  while (remaining > 0 || isWeekendInChina(cursor)) {
    cursor = new Date(cursor.getTime() + dayMs);
    if (!isWeekendInChina(cursor)) remaining -= 1;
  }
  return cursor;
}

export interface Deadlines {
  acceptBy: Date;
  resolveBy: Date;
}

/** Accept within one working day; resolve within the category's number of working days. */
export function computeDeadlines(receivedAt: Date, resolveWithinWorkingDays: number): Deadlines {
  return {
    acceptBy: addWorkingDays(receivedAt, 1),
    resolveBy: addWorkingDays(receivedAt, resolveWithinWorkingDays),
  };
}
