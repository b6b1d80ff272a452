/**
 * Deadlines count working time in China Standard Time (UTC+8, no daylight saving): Saturdays and
 * Sundays do not count, so a report sent on Friday evening is due to be accepted on Monday.
 * A working day counts 24 hours. Public holidays and adjusted working weekends (调休) are not
 * modelled yet.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

function isWeekendInChina(instant: Date): boolean {
  const day = new Date(instant.getTime() + CST_OFFSET_MS).getUTCDay();
  return day === 0 || day === 6;
}

/** Midnight (Beijing) that ends the day `instant` falls in. */
function endOfChinaDay(instant: Date): number {
  const local = instant.getTime() + CST_OFFSET_MS;
  return local - (local % DAY_MS) + DAY_MS - CST_OFFSET_MS;
}

/** `hours` of working time after `start`; time on a weekend does not count. */
export function addWorkingHours(start: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be ≥ 0, got ${hours}`);
  let cursor = start.getTime();
  let remaining = hours * HOUR_MS;
  for (;;) {
    const dayEnd = endOfChinaDay(new Date(cursor));
    if (isWeekendInChina(new Date(cursor))) {
      cursor = dayEnd;
      continue;
    }
    if (cursor + remaining <= dayEnd) return new Date(cursor + remaining);
    remaining -= dayEnd - cursor;
    cursor = dayEnd;
  }
}

/** The same time of day `days` working days later. */
export function addWorkingDays(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  return addWorkingHours(start, days * 24);
}

export interface Deadlines {
  acceptBy: Date;
  resolveBy: Date;
}

/** Accept within `acceptWithinHours` (a working day by default); resolve within the given working hours. */
export function computeDeadlines(receivedAt: Date, resolveWithinHours: number, acceptWithinHours = 24): Deadlines {
  return {
    acceptBy: addWorkingHours(receivedAt, acceptWithinHours),
    resolveBy: addWorkingHours(receivedAt, resolveWithinHours),
  };
}
