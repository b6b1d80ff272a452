/**
 * Calendar dates as the district counts them: Beijing dates written `YYYY-MM-DD`, whatever time
 * zone the laptop is set to. Arithmetic is done on those strings through UTC midnights, where no
 * day is 23 or 25 hours long.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;

const BEIJING_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** A real calendar date (2026-02-30 is not). */
export function isIsoDate(text) {
  if (typeof text !== 'string' || !ISO_DATE.test(text)) return false;
  const date = toUtc(text);
  return !Number.isNaN(date.getTime()) && fromUtc(date) === text;
}

/** Today's date in Beijing. */
export function beijingToday(now = new Date()) {
  return BEIJING_DATE.format(now);
}

function toUtc(day) {
  return new Date(`${day}T00:00:00Z`);
}

function fromUtc(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(day, days) {
  return fromUtc(new Date(toUtc(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (both dates counted: the same day gives 1). */
export function daysInRange(from, to) {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS) + 1;
}

/** Monday of the week `day` falls in (weeks start on Monday, like the API's weekly series). */
export function startOfWeek(day) {
  const weekday = (toUtc(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function startOfMonth(day) {
  return `${day.slice(0, 7)}-01`;
}

export function endOfMonth(day) {
  const date = toUtc(startOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return addDays(fromUtc(date), -1);
}

export function startOfYear(day) {
  return `${day.slice(0, 4)}-01-01`;
}

/**
 * The API bounds of the Beijing days `from`…`to`: the queue filters `createdAt >= from` and
 * `createdAt < to`, so the end is the next day's midnight, as in the statistics.
 */
export function dayStart(day) {
  return `${day}T00:00:00+08:00`;
}

export function nextDayStart(day) {
  return dayStart(addDays(day, 1));
}

/** "2026年11月23日" */
export function chineseDate(day) {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

/** "2026年11月23日—11月29日"; the year is repeated only when it changes. */
export function chineseRange(from, to) {
  if (from === to) return chineseDate(from);
  const [, month, date] = to.split('-').map(Number);
  const end = from.slice(0, 4) === to.slice(0, 4) ? `${month}月${date}日` : chineseDate(to);
  return `${chineseDate(from)}—${end}`;
}

/** "11-23", for chart axes. */
export function shortDate(day) {
  return day.slice(5);
}
