// Reads a scanned check with its remittance stub, from OCR layout text (rows, columns apart by two or
// more spaces), into remittance advice for the lockbox desk. A check states its amount twice: in
// figures in the box (the courtesy amount) and in words on the line below the payee (the legal
// amount, which the bank pays when the two differ). OCR can misread either, so the amount counts only
// when both were read and agree; otherwise the advice is marked unreliable with both readings, and no
// payment is applied from it without a person. The check number is read where it is printed and
// checked against the stub and the MICR line; the routing number in the MICR line by its check digit.
import { readAmountInWords } from '../domain/amount-in-words.js';
import { formatMoney, parseAmountMinor } from '../domain/money.js';
import type { Payer, RemittanceAdvice } from '../domain/payment-documents.js';
import { micrLikeness, readMicrLine, routingPrefixFromFraction, type MicrReading } from './check-micr.js';
import { readRemittanceStub, type StubReading } from './check-stub.js';
import { cellsOf, DATE_PATTERN, parseDate } from './layout-text.js';

export interface CheckScanReading {
  advice: RemittanceAdvice;
  checkNumber?: string;
  micr?: MicrReading;
  /** The amount in figures, as read. */
  courtesyMinor?: number;
  /** The amount in words, as read. */
  legalMinor?: number;
}

export interface CheckScanOptions {
  /** ISO currency of the account the check is drawn on (default USD). */
  currency?: string;
  /** Read 03/04/2025 as 3 April (checks drawn outside the US); US checks are month first. */
  dayFirst?: boolean;
}

/** The text holds nothing a check has: no amount in figures or words, no MICR line, no stub. */
export class CheckScanError extends Error {
  override readonly name = 'CheckScanError';
}

interface Figures { minor: number; line: number; text: string; marked: boolean }

/**
 * An amount in figures as a courtesy box holds it: "$ **4,512.50**", "§***23,406.18", "$1,200.00",
 * "987 65/100", "1,200.—". `$` comes out of OCR as §, or as S glued to the figures.
 */
const FIGURES = /(?<![\w.,/-])([$§]|S(?=[*\d]))?\s*(\**)\s*(\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}|\d{1,3}(?:,\d{3})*\s+(?:\d{2}|xx|XX)\s*\/\s*100|\d{1,3}(?:,\d{3})*\.\s*(?:—|–|--|-|xx|XX))(\**)(?![\w/])/g;

function figuresOf(line: string, index: number, currency: string): Figures[] {
  const found: Figures[] = [];
  for (const m of line.matchAll(FIGURES)) {
    const number = m[3]!;
    const fraction = /^([\d,]+)\s+(\d{2}|xx)\s*\/\s*100$/i.exec(number);
    const dashes = /^([\d,]+)\.\s*\S+$/.exec(number);
    const text = fraction ? `${fraction[1]}.${/x/i.test(fraction[2]!) ? '00' : fraction[2]}` : dashes && !/\.\d{2}$/.test(number) ? `${dashes[1]}.00` : number;
    const minor = parseAmountMinor(text, currency);
    if (minor === undefined) continue;
    found.push({ minor, line: index, text: m[0].trim(), marked: Boolean(m[1] || m[2] || m[4]) });
  }
  return found;
}

/** Same as `figuresOf` but blanks the figures out of the line, so the words around them can be read. */
function withoutFigures(line: string): string {
  return line.replace(FIGURES, (m) => ' '.repeat(m.length)).replace(/\$/g, ' ');
}

interface WordsReading { minor: number; line: number; text: string; score: number }

/**
 * The legal amount: the line (or two lines, when the words wrap) that reads as an amount in words
 * with the most behind it: number words, a stated "xx/100", the currency word. Only whole cells are
 * tried, so a payee named "Four Seasons" in the payee cell never becomes $4.
 */
function legalAmountOf(lines: string[], region: number[], skip: Set<number>, currency: string): { best?: WordsReading; rival?: WordsReading } {
  const readings: WordsReading[] = [];
  for (const [k, i] of region.entries()) {
    if (skip.has(i)) continue;
    const cells = cellsOf(withoutFigures(lines[i]!));
    const texts: string[] = [];
    for (let a = 0; a < cells.length; a++) for (let b = a; b < cells.length; b++) texts.push(cells.slice(a, b + 1).map((c) => c.text).join('  '));
    const next = region[k + 1];
    if (next !== undefined && !skip.has(next)) texts.push(`${withoutFigures(lines[i]!)}  ${withoutFigures(lines[next]!)}`);
    let best: WordsReading | undefined;
    for (const text of texts) {
      const r = readAmountInWords(text, currency);
      if (!r || !(r.minorStated || r.currencyWord || r.numberWords >= 2)) continue;
      // The shortest text with the most number words: fill and labels around them add nothing.
      const score = r.numberWords * 2 + (r.minorStated ? 3 : 0) - text.length / 1000;
      if (!best || score > best.score) best = { minor: r.minor, line: i, text: text.replace(/\s+/g, ' ').trim(), score };
    }
    if (best) readings.push(best);
  }
  readings.sort((a, b) => b.score - a.score);
  const best = readings[0];
  const rival = best && readings.find((r) => r.minor !== best.minor && Math.abs(r.line - best.line) > 1 && r.score >= 5);
  return { best, rival };
}

const LABELS = /^(pay\b|date\b|memo\b|order\b|to the\b|dollars\b|void\b|for\b|authori[sz]ed\b|signature\b|check\b|cheque\b|no\.?$)/i;

/** The payer: the name printed top left, the first line's first cell that is a name and not a label. */
function payerNameOf(lines: string[], region: number[]): string | undefined {
  for (const i of region.slice(0, 6)) {
    const first = cellsOf(lines[i]!)[0];
    if (!first || first.start > 40) continue;
    const text = first.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.)]+$/gu, '');
    if ((text.match(/\p{L}/gu) ?? []).length < 3 || LABELS.test(text)) continue;
    return text;
  }
  return undefined;
}

/** The check number printed at the top right: a cell of digits alone ("10482", "No. 10482"). */
function printedNumberOf(lines: string[], region: number[]): string | undefined {
  for (const i of region.slice(0, 4)) {
    const cells = cellsOf(lines[i]!).reverse();
    for (const cell of cells) {
      const m = /^(?:no\.?|n[°º]|#)?\s*(\d{3,10})$/i.exec(cell.text);
      if (m) return m[1];
    }
  }
  return undefined;
}

const LABELLED_NUMBER = /\b(?:check|cheque|chk|ck)\.?\s*(?:no\.?|number|num\.?|#|n[°º])\s*[:.]?\s*(\d{2,10})\b/i;

function isoDateOf(text: string, dayFirst: boolean): string | undefined {
  const cleaned = text.replace(/(?<=\d)[oO]|[oO](?=\d)/g, '0');
  const m = new RegExp(DATE_PATTERN.source, 'i').exec(cleaned);
  if (!m) {
    const dashed = /\b(\d{1,2})-(\d{1,2})-(\d{4})\b/.exec(cleaned);
    return dashed ? isoDateOf(`${dashed[1]}/${dashed[2]}/${dashed[3]}`, dayFirst) : undefined;
  }
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(m[1]!);
  if (slashed && dayFirst) return parseDate(`${slashed[2]}/${slashed[1]}/${slashed[3]}`);
  return parseDate(m[1]!);
}

/** The date: after the DATE label (or under it), else the first date on the check. */
function dateOf(lines: string[], region: number[], dayFirst: boolean): string | undefined {
  for (const [k, i] of region.entries()) {
    const m = /\bdated?\b\s*:?/i.exec(lines[i]!);
    if (!m) continue;
    const after = isoDateOf(lines[i]!.slice(m.index + m[0].length), dayFirst);
    if (after) return after;
    const below = region[k + 1] !== undefined ? isoDateOf(lines[region[k + 1]!]!, dayFirst) : undefined;
    if (below) return below;
  }
  for (const i of region) {
    const found = isoDateOf(lines[i]!, dayFirst);
    if (found) return found;
  }
  return undefined;
}

function stripZeros(n: string): string {
  return n.replace(/^0+(?=\d)/, '');
}

/** Reads a check and its stub from OCR layout text. Throws CheckScanError when the text is not a check. */
export function readCheckScan(ocrText: string, options: CheckScanOptions = {}): CheckScanReading {
  const currency = options.currency ?? 'USD';
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency }, 'en-US');
  const lines = ocrText.split(/\r?\n/).map((l) => l.replace(/\f/g, ''));
  if (!lines.some((l) => l.trim())) throw new CheckScanError('the scan has no text to read a check from');
  const warnings: string[] = [];
  let doubtful = false;

  const stub: StubReading | undefined = readRemittanceStub(lines, currency);
  const inStub = (i: number) => stub !== undefined && i >= stub.headerIndex && i <= stub.endIndex;

  // The MICR line closes the check: the check is the lines above it (below a stub printed on top).
  // Without one, it is every line outside the stub's table.
  let micrIndex = -1;
  let micrDigits = 0;
  lines.forEach((line, i) => {
    if (inStub(i)) return;
    const digits = micrLikeness(line);
    if (digits > micrDigits) { micrDigits = digits; micrIndex = i; }
  });
  const region: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (inStub(i) || !lines[i]!.trim()) continue;
    if (micrIndex >= 0) {
      if (i > micrIndex) continue;
      if (stub && stub.endIndex < micrIndex && i <= stub.endIndex) continue;
    }
    region.push(i);
  }

  const payerName = payerNameOf(lines, region);
  const printed = printedNumberOf(lines, region);
  const labelled = lines.map((l) => LABELLED_NUMBER.exec(l)?.[1]).find(Boolean);
  const fractionPrefixes = region.flatMap((i) => routingPrefixFromFraction(lines[i]!));
  let micr: MicrReading | undefined;
  if (micrIndex >= 0) {
    const read = readMicrLine(lines[micrIndex]!, { checkNumber: printed ?? labelled, routingPrefixes: fractionPrefixes });
    warnings.push(...read.warnings);
    micr = {};
    if (read.routing) micr.routing = read.routing;
    if (read.account) micr.account = read.account;
    if (read.serial) micr.serial = read.serial;
  } else {
    warnings.push('no MICR line was found at the foot of the check');
  }
  const checkNumber = printed ?? labelled ?? (micr?.serial ? stripZeros(micr.serial) : undefined);
  const readings = [['printed on the check', printed], ['on the stub', labelled], ['in the MICR line', micr?.serial]] as const;
  const distinct = new Set(readings.flatMap(([, n]) => (n ? [stripZeros(n)] : [])));
  if (distinct.size > 1) {
    warnings.push(`the check number reads ${readings.filter(([, n]) => n).map(([where, n]) => `${n} ${where}`).join(', ')}`);
  }
  if (!checkNumber) warnings.push('the check number could not be read');

  const paidOn = dateOf(lines, region, options.dayFirst ?? false);
  if (!paidOn) warnings.push("the check's date could not be read");

  // The courtesy amount: figures marked as money ("$", asterisks) win over bare ones.
  const figures = region.filter((i) => i !== micrIndex).flatMap((i) => figuresOf(lines[i]!, i, currency));
  const strongest = figures.some((f) => f.marked) ? figures.filter((f) => f.marked) : figures;
  const courtesy = strongest[0];
  const otherFigures = [...new Set(strongest.map((f) => f.minor))];
  if (otherFigures.length > 1) {
    warnings.push(`the check shows more than one amount in figures: ${otherFigures.map(money).join(', ')}`);
    doubtful = true;
  }
  const { best: legal, rival } = legalAmountOf(lines, region, new Set([micrIndex]), currency);
  if (rival) {
    warnings.push(`two lines read as amounts in words: "${legal!.text}" (${money(legal!.minor)}) and "${rival.text}" (${money(rival.minor)})`);
    doubtful = true;
  }

  const courtesyMinor = courtesy?.minor;
  const legalMinor = legal?.minor;
  if (courtesyMinor === undefined && legalMinor === undefined) {
    warnings.push('neither the courtesy amount (in figures) nor the legal amount (in words) could be read');
  } else if (legalMinor === undefined) {
    warnings.push(`the legal amount (in words) could not be read, so the courtesy amount ${money(courtesyMinor!)} ("${courtesy!.text}") is not confirmed`);
  } else if (courtesyMinor === undefined) {
    warnings.push(`the courtesy amount (in figures) could not be read, so the legal amount ${money(legalMinor)} ("${legal!.text}") is not confirmed`);
  } else if (courtesyMinor !== legalMinor) {
    warnings.push(`the courtesy amount reads ${money(courtesyMinor)} ("${courtesy!.text}") but the legal amount reads ${money(legalMinor)} ("${legal!.text}"): the bank pays the legal amount; confirm the amount before applying`);
  }
  const checkMinor = courtesyMinor !== undefined && courtesyMinor === legalMinor ? courtesyMinor : undefined;

  if (!stub) {
    warnings.push('no remittance stub (a table of invoices) was found with the check');
  } else {
    warnings.push(...stub.warnings);
    if (!stub.consistent) doubtful = true;
    if (stub.lines.length === 0) warnings.push('the remittance stub lists no invoices');
    const stated = checkMinor ?? legalMinor ?? courtesyMinor;
    if (stated !== undefined && stub.paidTotalMinor !== undefined && stub.paidTotalMinor !== stated) {
      warnings.push(`the remittance stub accounts for ${money(stub.paidTotalMinor)} but the check is for ${money(stated)}`);
      doubtful = true;
    }
  }

  if (courtesyMinor === undefined && legalMinor === undefined && micrIndex < 0 && !stub?.lines.length) {
    throw new CheckScanError('no check found in the text: it has no amount in figures or in words, no MICR line and no remittance stub');
  }

  const payer: Payer = {};
  if (payerName) payer.name = payerName;
  if (micr?.account) payer.accountRef = micr.account;
  if (micr?.routing) payer.bankId = micr.routing;
  const advice: RemittanceAdvice = {
    payer,
    method: 'check',
    currency,
    lines: stub?.lines ?? [],
    amountsReliable: checkMinor !== undefined && !doubtful,
    warnings,
  };
  if (checkNumber) advice.paymentRef = checkNumber;
  if (paidOn) advice.paidOn = paidOn;
  if (checkMinor !== undefined) advice.totalMinor = checkMinor;

  const reading: CheckScanReading = { advice };
  if (checkNumber) reading.checkNumber = checkNumber;
  if (micr) reading.micr = micr;
  if (courtesyMinor !== undefined) reading.courtesyMinor = courtesyMinor;
  if (legalMinor !== undefined) reading.legalMinor = legalMinor;
  return reading;
}
