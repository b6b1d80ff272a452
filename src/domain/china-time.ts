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

/** An instant as a W3C datetime in Beijing time: 2026-12-05T13:04:05+08:00. */
export function w3cChinaTime(instant: Date): string {
  return `${new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

// The W3C profile of ISO 8601 (date, or date and time with a zone), as GeoReport v2 requires.
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A W3C datetime from a client; a bare date is that day's start in Beijing. Undefined when the
 * text is not one or names no real instant.
 */
export function parseW3cDatetime(text: string): Date | undefined {
  if (!W3C_DATETIME.test(text)) return undefined;
  // JavaScript would roll 2026-02-30 over into March; a date that does not exist is refused.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const instant = text.length === 10 ? startOfChinaDay(text) : new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
