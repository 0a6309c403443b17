// Dates as customers write them in replies ("next Friday", "by the 15th", "end of month", "in 2 weeks",
// "15/01/2027", "18. Dezember", "fin du mois"), resolved to YYYY-MM-DD against the day the reply was
// received, in UTC, so the same reply always gives the same date.
//
// Choices where people differ:
// - "Friday", "this Friday", "by Friday": the first Friday after the received day (never the day itself).
// - "next Friday" (English): the Friday of the following Monday-to-Sunday week: received Wed 2026-12-02 → 2026-12-11.
//   "nächsten Freitag", "vendredi prochain", "el próximo viernes" are said of the coming one: → 2026-12-04.
// - "next week": its Friday, the last working day of the window the customer gave.
// - "the 15th": this month if not yet past, else next month.
// - A day and month without a year: the received year, unless that is more than 60 days back (then next year).
// - 03/04/2027: a value over 12 decides the order; when both could be months, day first for German, French or
//   Spanish text and month first otherwise (a US desk). Dotted dates (15.01.2027) are always day first.
import { fold } from './reply-text.js';

export interface FoundDate {
  date: string; // YYYY-MM-DD
  index: number; // where the phrase starts in the folded text
  end: number;
  phrase: string;
}

const DAY = 86_400_000;
const MONTHS: [RegExp, number][] = [
  [/^(?:jan(?:uary|uar|vier)?|enero|janv)$/, 1], [/^(?:feb(?:ruary|ruar|rero)?|fevrier|fevr?)$/, 2], [/^(?:mar(?:ch|z|s|zo)?|maerz)$/, 3],
  [/^(?:apr(?:il)?|avril|abril|avr)$/, 4], [/^(?:may|mai|mayo)$/, 5], [/^(?:jun(?:e|i|io)?|juin)$/, 6], [/^(?:jul(?:y|i|io)?|juillet|juil)$/, 7],
  [/^(?:aug(?:ust)?|aout|agosto)$/, 8], [/^(?:sep(?:t|tember|tembre|tiembre)?|setiembre)$/, 9], [/^(?:oct(?:ober|obre|ubre)?|okt(?:ober)?)$/, 10],
  [/^(?:nov(?:ember|embre|iembre)?)$/, 11], [/^(?:dec(?:ember|embre)?|dez(?:ember)?|dic(?:iembre)?)$/, 12],
];
const MONTH_WORD = String.raw`(jan(?:uary|uar|vier)?|janv|enero|feb(?:ruary|ruar|rero)?|fevrier|fevr?|march|marz|maerz|mars|marzo|mar|apr(?:il)?|avril|abril|avr|may|mai|mayo|jun(?:e|i|io)?|juin|jul(?:y|i|io)?|juillet|juil|aug(?:ust)?|aout|agosto|sep(?:t|tember|tembre|tiembre)?|setiembre|oct(?:ober|obre|ubre)?|okt(?:ober)?|nov(?:ember|embre|iembre)?|dec(?:ember|embre)?|dez(?:ember)?|dic(?:iembre)?)`;
const WEEKDAYS: [RegExp, number][] = [
  [/^(?:monday|montag|lundi|lunes)$/, 1], [/^(?:tuesday|dienstag|mardi|martes)$/, 2], [/^(?:wednesday|mittwoch|mercredi|miercoles)$/, 3],
  [/^(?:thursday|donnerstag|jeudi|jueves)$/, 4], [/^(?:friday|fri|freitag|vendredi|viernes)$/, 5], [/^(?:saturday|samstag|samedi|sabado)$/, 6],
  [/^(?:sunday|sonntag|dimanche|domingo)$/, 0],
];
const WEEKDAY_WORD = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|sabado|domingo)`;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fourteen: 14, thirty: 30,
  'a couple of': 2, couple: 2, ein: 1, einer: 1, eine: 1, zwei: 2, drei: 3, vier: 4, funf: 5, zehn: 10, une: 1, un: 1, deux: 2, trois: 3,
  quatre: 4, cinq: 5, dix: 10, quinze: 15, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, diez: 10, quince: 15,
};
const COUNT = String.raw`(\d{1,2}|a couple of|couple|an?|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty|ein(?:er|e)?|zwei|drei|vier|funf|zehn|une?|deux|trois|quatre|cinq|dix|quinze|un[oa]?|dos|tres|cuatro|cinco|diez|quince)`;

const monthOf = (w: string) => MONTHS.find(([re]) => re.test(w))?.[1];
const weekdayOf = (w: string) => WEEKDAYS.find(([re]) => re.test(w))?.[1];
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const lastOfMonth = (y: number, m: number) => utc(y, m + 1, 0);

function valid(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = utc(y, m, d);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

function fullYear(y: string | undefined, today: number, m: number, d: number): number | undefined {
  if (y) return y.length === 2 ? 2000 + Number(y) : Number(y);
  const year = new Date(today).getUTCFullYear();
  const t = valid(year, m, d);
  return t !== undefined && t < today - 60 * DAY ? year + 1 : year;
}

function addBusinessDays(t: number, n: number): number {
  let out = t;
  for (let left = n; left > 0;) {
    out += DAY;
    const wd = new Date(out).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return out;
}

type Rule = [RegExp, (m: RegExpExecArray, today: number, dayFirst: boolean) => number | undefined];

const RULES: Rule[] = [
  [/\b(20\d\d)-(\d{1,2})-(\d{1,2})\b/g, (m) => valid(Number(m[1]), Number(m[2]), Number(m[3]))],
  // Numeric with a year: 15/01/2027, 01/15/2027, 15.01.2027, 1-15-27.
  [/(?<![\d.,\/$€£-])(\d{1,2})([\/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,]\d)/g, (m, today, dayFirst) => {
    const a = Number(m[1]); const b = Number(m[3]);
    const year = fullYear(m[4], today, 1, 1)!;
    const [d, mo] = m[2] === '.' || a > 12 || (b <= 12 && dayFirst) ? [a, b] : [b, a];
    return valid(year, mo, d);
  }],
  // Without a year: 12/18 (month first unless a value says otherwise), "15.01." (German, day first).
  // A full stop or comma after it ends the sentence ("on 12/15."); only one before a digit makes a decimal.
  [/(?<![\d.,\/$€£-])(\d{1,2})\/(\d{1,2})(?![\d\/%]|[.,]\d)/g, (m, today, dayFirst) => {
    const a = Number(m[1]); const b = Number(m[2]);
    const [d, mo] = a > 12 || (b <= 12 && dayFirst) ? [a, b] : [b, a];
    return valid(fullYear(undefined, today, mo, d)!, mo, d);
  }],
  [/(?<![\d.,$€£-])(\d{1,2})\.(\d{1,2})\.(?!\d)/g, (m, today) => {
    const d = Number(m[1]); const mo = Number(m[2]);
    return valid(fullYear(undefined, today, mo, d)!, mo, d);
  }],
  // 15 December, 15th of December, 15. Dezember, 1er décembre, 15 de diciembre (2027)
  [new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?${MONTH_WORD}\.?(?:,?\s+(?:de\s+)?(\d{4}))?\b`, 'g'), (m, today) => {
    const mo = monthOf(m[2]!)!; const d = Number(m[1]);
    return valid(fullYear(m[3], today, mo, d)!, mo, d);
  }],
  // December 15, Dec 15th, 2026
  [new RegExp(String.raw`\b${MONTH_WORD}\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d|[.,]\d\d(?!\d))(?:,?\s+(\d{4}))?`, 'g'), (m, today) => {
    const mo = monthOf(m[1]!)!; const d = Number(m[2]);
    return valid(fullYear(m[3], today, mo, d)!, mo, d);
  }],
  // Weekdays. "next Friday" (English) is in the following week; see the header.
  [new RegExp(String.raw`\b(?:(next)\s+(?:week\s+)?${WEEKDAY_WORD}|${WEEKDAY_WORD}\s+(next\s+week|(?:der\s+)?nachste[nr]?\s+woche|de\s+la\s+semaine\s+prochaine|de\s+la\s+(?:proxima\s+semana|semana\s+que\s+viene)))\b`, 'g'), (m, today) => {
    const wd = weekdayOf((m[2] ?? m[3])!)!;
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
    return monday + 7 * DAY + ((wd + 6) % 7) * DAY;
  }],
  [new RegExp(String.raw`\b${WEEKDAY_WORD}\b`, 'g'), (m, today) => {
    const wd = weekdayOf(m[1]!)!;
    const ahead = (wd - new Date(today).getUTCDay() + 7) % 7 || 7;
    return today + ahead * DAY;
  }],
  [/\b(?:end\s+of\s+(?:the\s+|this\s+)?month|month[-\s]?end|eom|ende\s+(?:des|dieses|diesen)\s+monats|monatsende|ende\s+(?:des\s+)?monat|fin\s+(?:du|de)\s+mois|fin(?:ales|al)?\s+de(?:l)?\s+mes)\b/g,
    (_m, today) => { const d = new Date(today); return lastOfMonth(d.getUTCFullYear(), d.getUTCMonth() + 1); }],
  [/\b(?:end\s+of\s+next\s+month|ende\s+(?:des\s+)?nachsten\s+monats|fin\s+du\s+mois\s+prochain|fin(?:ales|al)?\s+del\s+(?:proximo\s+mes|mes\s+que\s+viene))\b/g,
    (_m, today) => { const d = new Date(today); return lastOfMonth(d.getUTCFullYear(), d.getUTCMonth() + 2); }],
  [/\b(?:(?:beginning|start)\s+of\s+next\s+month|early\s+next\s+month|anfang\s+(?:des\s+)?nachsten\s+monats|debut\s+du\s+mois\s+prochain|principios\s+del\s+(?:proximo\s+mes|mes\s+que\s+viene))\b/g,
    (_m, today) => { const d = new Date(today); return utc(d.getUTCFullYear(), d.getUTCMonth() + 2, 1); }],
  [/\b(?:end\s+of\s+(?:the\s+|this\s+)?week|eow|ende\s+(?:der|dieser)\s+woche|fin\s+de\s+(?:la\s+)?semaine|fin(?:al)?\s+de\s+(?:la\s+|esta\s+)?semana)\b/g,
    (_m, today) => today + ((5 - new Date(today).getUTCDay() + 7) % 7) * DAY],
  [/\b(?:next\s+week|nachste\s+woche|la\s+semaine\s+prochaine|la\s+(?:proxima\s+semana|semana\s+que\s+viene))\b/g, (_m, today) => {
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
    return monday + 11 * DAY;
  }],
  [/\b(?:today|heute|aujourd'hui|hoy)\b/g, (_m, today) => today],
  [/\b(?:tomorrow|demain)\b|(?<!guten\s)\bmorgen\b|(?<!la\s|por\s|esta\s)\bmanana\b/g, (_m, today) => today + DAY],
  [new RegExp(String.raw`\b(?:in|within|innerhalb\s+(?:von\s+)?|dans|sous|en|dentro\s+de)\s+(?:the\s+next\s+)?${COUNT}\s+(business\s+days?|working\s+days?|werktagen|jours\s+ouvres|dias\s+habiles|days?|tagen?|jours?|dias?|weeks?|wochen|semaines?|semanas?)\b`, 'g'), (m, today) => {
    const n = /^\d/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!];
    if (n === undefined) return undefined;
    const unit = m[2]!;
    if (/business|working|werk|ouvres|habiles/.test(unit)) return addBusinessDays(today, n);
    return today + n * (/^(?:week|woche|semaine|semana)/.test(unit) ? 7 : 1) * DAY;
  }],
  // "by the 15th", "on the 1st", "am 15.", "le 15", "el 15": a day of this month, or of the next one if already past.
  [/\b(?:the\s+(\d{1,2})(?:st|nd|rd|th)|(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z]{3})|am\s+(\d{1,2})\.(?!\d)|le\s+(\d{1,2})(?![\d.,%]|\s*(?:€|eur|jours?|h\b))|el\s+(?:dia\s+)?(\d{1,2})(?![\d.,%]|\s*(?:€|eur|dias?|de\s+[a-z])))/g, (m, today) => {
    const d = Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
    const t = new Date(today);
    const y = t.getUTCFullYear(); const mo = t.getUTCMonth() + 1;
    if (d >= t.getUTCDate()) return valid(y, mo, d);
    return valid(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, d);
  }],
];

/** Every date phrase in already folded text (see fold()), in order; where two overlap, the longer one. */
export function findDates(folded: string, receivedAt: string, options: { dayFirst?: boolean } = {}): FoundDate[] {
  const received = new Date(receivedAt);
  if (Number.isNaN(received.getTime())) return [];
  const today = utc(received.getUTCFullYear(), received.getUTCMonth() + 1, received.getUTCDate());
  const found: FoundDate[] = [];
  for (const [re, resolve] of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const t = resolve(m, today, options.dayFirst ?? false);
      if (t !== undefined) found.push({ date: iso(t), index: m.index, end: m.index + m[0].length, phrase: m[0] });
    }
  }
  // Where two phrases overlap ("am 15." inside "am 15. Dezember"), the longer one says more.
  found.sort((a, b) => (b.end - b.index) - (a.end - a.index) || a.index - b.index);
  const kept: FoundDate[] = [];
  for (const f of found) if (!kept.some((k) => f.index < k.end && k.index < f.end)) kept.push(f);
  kept.sort((a, b) => a.index - b.index);
  return kept;
}

/** The first date phrase in any text, or undefined. */
export function resolveDate(text: string, receivedAt: string, options: { dayFirst?: boolean } = {}): string | undefined {
  return findDates(fold(text).text, receivedAt, options)[0]?.date;
}
