// When the desk's mail to customers may go out: business hours on business days in the company's time
// zone, as a specialist would send it. A reminder due at 02:00 or on a Saturday waits for the next opening.
// Pure: uses Intl for the zone's offset (deterministic for a given instant), so workflows may call it.
import { z } from 'zod';
import { addDays } from './invoicing.js';

export const sendWindowSchema = z.object({
  timeZone: z.string().min(1).refine((tz) => { try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; } }, 'an IANA time zone such as America/Chicago'),
  /** Local hours, 0–24: mail goes from openHour up to (not at) closeHour. */
  openHour: z.number().int().min(0).max(23),
  closeHour: z.number().int().min(1).max(24),
  /** ISO weekdays mail goes on: 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
}).refine((w) => w.openHour < w.closeHour, { message: 'openHour must be before closeHour', path: ['openHour'] });
export type SendWindow = z.infer<typeof sendWindowSchema>;

export const DEFAULT_SEND_WINDOW: SendWindow = { timeZone: 'America/Chicago', openHour: 9, closeHour: 17, weekdays: [1, 2, 3, 4, 5] };

interface LocalTime { date: string; hour: number; minute: number; isoWeekday: number }

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
    .formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, hour: Number(parts.hour), minute: Number(parts.minute), isoWeekday: isoWeekday(date) };
}

/** The local calendar date in the window's zone: the "today" dunning steps are counted in. */
export function localDate(epochMs: number, window: SendWindow): string {
  return localTime(epochMs, window.timeZone).date;
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The instant a local wall-clock time happens in a zone (the later one when a clock change repeats it). */
export function zonedInstant(date: string, hour: number, timeZone: string): number {
  const wanted = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(guess, timeZone);
    const seenAsUtc = Date.parse(`${seen.date}T00:00:00Z`) + seen.hour * 3_600_000 + seen.minute * 60_000;
    guess += wanted - seenAsUtc;
  }
  return guess;
}

export function isOpen(epochMs: number, window: SendWindow): boolean {
  const t = localTime(epochMs, window.timeZone);
  return window.weekdays.includes(t.isoWeekday) && t.hour >= window.openHour && t.hour < window.closeHour;
}

/** The first instant at or after `epochMs` when mail may go: now if open, else the next opening. */
export function nextOpening(epochMs: number, window: SendWindow): number {
  if (isOpen(epochMs, window)) return epochMs;
  const t = localTime(epochMs, window.timeZone);
  let date = t.hour < window.openHour ? t.date : addDays(t.date, 1);
  for (let i = 0; i < 8; i++, date = addDays(date, 1)) {
    if (window.weekdays.includes(isoWeekday(date))) return zonedInstant(date, window.openHour, window.timeZone);
  }
  throw new Error('a send window with no weekday never opens');
}

/** When mail due on a local date may first go: that day's opening (or the next business day's). */
export function openingOn(date: string, window: SendWindow): number {
  return nextOpening(zonedInstant(date, window.openHour, window.timeZone), window);
}
