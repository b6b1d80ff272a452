/** The district works in China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** "2026-12-01" → the instant that day starts in Beijing. */
export function startOfChinaDay(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) - CST_OFFSET_MS);
}

/** The instant after the Beijing day `isoDate` ends (exclusive bound of a date range). */
export function endOfChinaDay(isoDate: string): Date {
  return new Date(startOfChinaDay(isoDate).getTime() + DAY_MS);
}

/** The Beijing calendar date of an instant, as "YYYY-MM-DD". */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
