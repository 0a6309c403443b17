// The MICR line along the bottom of a check (ANSI X9.100-160, printed in E-13B): an auxiliary on-us
// field (the serial number on business checks), the routing number between two transit symbols ⑆,
// the on-us field (the account, and on personal checks the serial) closed by the on-us symbol, and the
// amount field a bank encodes later. General OCR does not know E-13B: digits mostly come out right,
// the symbols as anything ("|:", "1:", "H", "41", "A", "C"), sometimes as digits glued to a field. So
// the routing number is found by what it must be (nine digits passing the ABA check digit, from an
// assigned prefix range), and the serial by the check number printed on the check, not by the symbols.

export interface MicrReading {
  routing?: string;
  /** The on-us account as read: a symbol misread as a digit may stick to its end, so it is only a hint. */
  account?: string;
  serial?: string;
}

/** The ABA check digit: 3·d1 + 7·d2 + d3 + 3·d4 + 7·d5 + d6 + 3·d7 + 7·d8 + d9 ≡ 0 (mod 10). */
export function isRoutingNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  // The first two digits are a Federal Reserve district (01–12), a thrift (21–32), an electronic
  // (61–72) or a traveller's-check (80) prefix, or 00 for the US government.
  const prefix = Number(digits.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return [...digits].reduce((sum, d, i) => sum + Number(d) * w[i]!, 0) % 10 === 0;
}

/**
 * The routing number a check's fraction states ("13-413/428": ABA prefix - institution / Federal
 * Reserve routing symbol) as its first eight digits: routing symbol and institution, four digits each.
 */
export function routingPrefixFromFraction(text: string): string[] {
  const prefixes: string[] = [];
  for (const m of text.matchAll(/(?<![\d/])\d{1,2}\s*-\s*(\d{1,4})\s*\/\s*(\d{3,4})(?![\d/])/g)) {
    prefixes.push(m[2]!.padStart(4, '0') + m[1]!.padStart(4, '0'));
  }
  return prefixes;
}

interface Run { digits: string; start: number }

/** E-13B's symbols in Unicode; like the A–D letters MICR fonts put them on, or OCR's guesses, they end a field. */
const SYMBOLS = /[⑆⑇⑈⑉]/gu;

/** Digit runs of a MICR line. Runs one space apart are one field OCR split; symbols and gaps end a field. */
function runsOf(line: string): Run[] {
  const runs: Run[] = [];
  // MICR prints digits only: an o beside a digit is a zero; other letters are what a symbol became.
  const text = line.replace(SYMBOLS, '#').replace(/[oO](?=[oO]*\d)|(?<=\d[oO]*)[oO]/g, '0');
  for (const m of text.matchAll(/\d+(?: \d+)*/g)) runs.push({ digits: m[0].replace(/ /g, ''), start: m.index });
  return runs;
}

/** How much a line looks like a MICR line: its digit count when it could be one, else 0. */
export function micrLikeness(line: string): number {
  const compact = line.replace(/\s+/g, '');
  const digits = compact.replace(/\D/g, '').length;
  if (digits < 12 || digits / compact.length < 0.6) return 0;
  // Amounts with cents and slashed dates belong to a stub's lines, not to MICR.
  if (/\d[.,]\d{2}(?!\d)/.test(line) || /\d{1,2}\/\d{1,2}\/\d{2,4}/.test(line)) return 0;
  // Symbols misread come out as short letter runs ("1HN", "Hoos"); a word of six letters is text.
  const letters = compact.replace(/[^A-Za-z]/g, '').length;
  if (letters / compact.length > 0.25 || /[A-Za-z]{6,}/.test(line)) return 0;
  return runsOf(line).some((r) => routingCandidates(r).length > 0) ? digits : 0;
}

interface Candidate { run: number; at: number; routing: string; stray: number }

/**
 * Nine-digit windows of a run that are routing numbers. `stray` weighs the digits left over around
 * the window: a transit symbol's bar read as "1" is common, any other digit there is not.
 */
function routingCandidates(run: Run, runIndex = 0): Candidate[] {
  const found: Candidate[] = [];
  for (let at = 0; at + 9 <= run.digits.length; at++) {
    const routing = run.digits.slice(at, at + 9);
    if (!isRoutingNumber(routing)) continue;
    const leftover = run.digits.slice(0, at) + run.digits.slice(at + 9);
    const stray = [...leftover].reduce((s, d) => s + (d === '1' ? 1 : 3), 0);
    found.push({ run: runIndex, at, routing, stray });
  }
  return found;
}

/**
 * Reads a MICR line. `checkNumber` (printed on the check) tells which digits are the serial among
 * whatever the symbols around it became; `routingPrefixes` (from the fraction) settle which nine-digit
 * window is the routing number when more than one passes the check digit.
 */
export function readMicrLine(line: string, hints: { checkNumber?: string; routingPrefixes?: string[] } = {}): MicrReading & { warnings: string[] } {
  const warnings: string[] = [];
  const runs = runsOf(line);
  const candidates = runs.flatMap((r, i) => routingCandidates(r, i));
  const byFraction = candidates.filter((c) => hints.routingPrefixes?.some((p) => c.routing.startsWith(p)));
  const pool = byFraction.length ? byFraction : candidates;
  pool.sort((a, b) => a.stray - b.stray || a.run - b.run || a.at - b.at);
  const best = pool[0];
  const result: MicrReading = {};
  if (!best) {
    warnings.push(`no routing number in the MICR line "${line.trim()}"`);
    return { ...result, warnings };
  }
  const rival = pool.find((c) => c.routing !== best.routing && c.stray === best.stray);
  if (rival && !byFraction.length) warnings.push(`the MICR line "${line.trim()}" reads as routing number ${best.routing} or ${rival.routing}`);
  result.routing = best.routing;
  if (byFraction.length === 0 && hints.routingPrefixes?.length) {
    warnings.push(`the routing number in the MICR line (${best.routing}) does not match the fraction printed on the check`);
  }

  const left = runs.slice(0, best.run);
  const right = runs.slice(best.run + 1);
  let serialRun: Run | undefined;
  const wanted = hints.checkNumber?.replace(/^0+/, '');
  if (wanted) {
    for (const run of [...left, ...right.slice(1), ...right.slice(0, 1)]) {
      const at = run.digits.indexOf(wanted);
      if (at < 0) continue;
      let from = at;
      while (from > 0 && run.digits[from - 1] === '0') from--; // serial fields are zero-filled
      result.serial = run.digits.slice(from, at + wanted.length);
      serialRun = run;
      break;
    }
  }
  if (!serialRun) {
    // Business checks carry the serial left of the routing number; personal checks after the account.
    serialRun = left.at(-1) ?? (right.length >= 2 ? right.at(-1) : undefined);
    if (serialRun) result.serial = serialRun.digits;
  }
  const accountRun = right.find((r) => r !== serialRun);
  if (accountRun) result.account = accountRun.digits;
  return { ...result, warnings };
}
