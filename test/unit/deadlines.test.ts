import { addWorkingDays, addWorkingHours, computeDeadlines } from '../../src/domain/lifecycle/deadlines';

// 2026-11-27 is a Friday; 10:00 in Beijing is 02:00 UTC.
const fridayMorning = new Date('2026-11-27T02:00:00Z');

describe('working-day deadlines (China Standard Time)', () => {
  it('skips the weekend', () => {
    expect(addWorkingDays(fridayMorning, 1).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(addWorkingDays(fridayMorning, 3).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('counts by the Beijing calendar, not UTC: weekend time does not count', () => {
    // Friday 23:30 UTC is already Saturday 07:30 in Beijing: the day starts counting Monday 00:00.
    const saturdayInBeijing = new Date('2026-11-27T23:30:00Z');
    expect(addWorkingDays(saturdayInBeijing, 1).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('counts working hours across a weekend', () => {
    // Friday 22:00 Beijing + 4 h = 2 h on Friday, then 2 h from Monday 00:00.
    const fridayNight = new Date('2026-11-27T14:00:00Z');
    expect(addWorkingHours(fridayNight, 4).toISOString()).toBe('2026-11-29T18:00:00.000Z');
  });

  it('gives a day to accept and the category days to resolve', () => {
    const deadlines = computeDeadlines(fridayMorning, 7 * 24);
    expect(deadlines.acceptBy.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(deadlines.resolveBy.toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(fridayMorning, -1)).toThrow(RangeError);
    expect(() => addWorkingDays(fridayMorning, 1.5)).toThrow(RangeError);
  });
});
