import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW, isOpen, nextOpening, openingOn, sendWindowSchema } from '../../domain/send-window.js';

const chicago = DEFAULT_SEND_WINDOW;

describe('send window', () => {
  it('holds mail due at night or on a weekend for the next business morning, local time', () => {
    // Friday 2026-12-04 23:30 in Chicago (05:30 UTC Saturday) → Monday 09:00 CST (15:00 UTC).
    expect(new Date(nextOpening(Date.parse('2026-12-05T05:30:00Z'), chicago)).toISOString()).toBe('2026-12-07T15:00:00.000Z');
    // Tuesday 07:00 CST → 09:00 the same day.
    expect(new Date(nextOpening(Date.parse('2026-12-01T13:00:00Z'), chicago)).toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(isOpen(Date.parse('2026-12-01T16:00:00Z'), chicago)).toBe(true);
  });

  it('follows daylight saving time', () => {
    expect(new Date(openingOn('2026-07-01', chicago)).toISOString()).toBe('2026-07-01T14:00:00.000Z'); // CDT, UTC-5
    expect(new Date(openingOn('2026-03-08', chicago)).toISOString()).toBe('2026-03-09T14:00:00.000Z'); // Sunday of the change → Monday
  });

  it('refuses an unknown zone or a window that never opens', () => {
    expect(sendWindowSchema.safeParse({ ...chicago, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(sendWindowSchema.safeParse({ ...chicago, openHour: 17, closeHour: 9 }).success).toBe(false);
  });
});
