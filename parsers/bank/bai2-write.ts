// BankFile → BAI2 text, with trailers that add up: one group whose as-of date is the day most entries
// were booked (entries of other days carry it as a value date, funds type V), an 03 per account with its
// opening and closing ledger and total credits and debits, a 16 per entry with its memo as text. With
// maxRecordLength, records longer than that continue on 88s, and texts wrap at spaces.
import type { BankAccountReport, BankEntry, BankFile } from '../../domain/payment-documents.js';
import { CURRENCY_CODE } from '../structured-values.js';
import { bai2Direction } from './bai2-type-codes.js';

const SENDER = 'ARFLOW';
// A "/" that the reader would take as the end of a text: followed by spaces and the next record's code.
const TEXT_END_LOOKALIKE = /\/[ \t]*(?:0[123]|16|49|88|9[89]),/;

function bad(reason: string): never {
  throw new RangeError(`cannot write BAI2: ${reason}`);
}

/** A field other than text: it cannot hold the delimiters. */
function plain(value: string, what: string): string {
  if (/[,/\n\r]/.test(value) || value !== value.trim()) bad(`${what} "${value}" holds a comma, slash, line break or edge space`);
  return value;
}

function yymmdd(iso: string, what: string): string {
  const m = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(iso);
  return m ? `${m[1]}${m[2]}${m[3]}` : bad(`${what} "${iso}" is not a date from 2000 to 2099`);
}

function wholeAmount(n: number, what: string): string {
  return Number.isSafeInteger(n) ? String(n) : bad(`${what} ${n} is not a whole number of minor units`);
}

/** Memo text as the reader will give it back: single spaces, no edge spaces. */
function bai2Text(memo: string): string {
  return memo.replace(/\s+/g, ' ').trim();
}

class RecordWriter {
  readonly lines: string[] = [];

  constructor(private readonly max: number | undefined) {}

  private fits(piece: string): boolean {
    return this.max === undefined || piece.length + 1 <= this.max; // + the closing "/"
  }

  /** Pieces for the fields after the code, moving to an 88 when the next field does not fit: closed ones and the open one. */
  private pieces(code: string, fields: readonly string[]): { closed: string[]; open: string } {
    const closed: string[] = [];
    let open = code;
    for (const f of fields) {
      if (!this.fits(`${open},${f}`) && open !== code && open !== '88') {
        closed.push(`${open}/`);
        open = '88';
      }
      if (!this.fits(`${open},${f}`)) bad(`field "${f}" does not fit in a record of ${this.max} characters`);
      open = `${open},${f}`;
    }
    return { closed, open };
  }

  private push(lines: string[]): number {
    this.lines.push(...lines);
    return lines.length;
  }

  /** A record of plain fields; returns how many physical records it took. */
  record(code: string, fields: readonly string[]): number {
    const { closed, open } = this.pieces(code, fields);
    return this.push([...closed, `${open}/`]);
  }

  /** A trailer whose last field counts the records it closes, itself and its own 88s included. */
  trailer(code: string, fields: readonly string[], recordsBefore: number): number {
    let own = 1;
    for (;;) {
      const { closed, open } = this.pieces(code, [...fields, String(recordsBefore + own)]);
      if (closed.length + 1 === own) return this.push([...closed, `${open}/`]);
      own = closed.length + 1;
    }
  }

  /** A 16: fixed fields, then the text, wrapped at spaces onto 88s. */
  detail(fields: readonly string[], text: string): number {
    const { closed: lines, open } = this.pieces('16', fields);
    if (text === '') return this.push([...lines, this.fits(`${open},`) ? `${open},/` : `${open}/`]);
    // A text may not begin with "/": a space in front keeps it text (the reader trims it).
    const guard = (s: string): string => (s.startsWith('/') ? ` ${s}` : s);
    const words = text.split(' ');
    let prefix = `${open},`;
    if (!this.fits(prefix + guard(words[0]!))) {
      lines.push(`${open}/`); // the 16 ends after its references: the text is all on 88s
      prefix = '88,';
    }
    let written = '';
    for (let word of words) {
      while (word !== '') {
        const joined = written === '' ? word : `${written} ${word}`;
        if (this.fits(prefix + guard(joined))) {
          written = joined;
          word = '';
        } else if (written !== '') {
          lines.push(`${prefix}${guard(written)}/`);
          prefix = '88,';
          written = '';
        } else {
          // A word longer than a whole record is cut (the reader joins pieces with a space).
          const room = this.max! - 1 - prefix.length - (word.startsWith('/') ? 1 : 0);
          if (room < 1) bad(`no room for text in a record of ${this.max} characters`);
          lines.push(`${prefix}${guard(word.slice(0, room))}/`);
          prefix = '88,';
          word = word.slice(room);
        }
      }
    }
    if (written !== '') lines.push(`${prefix}${guard(written)}/`);
    return this.push(lines);
  }
}

/** The day most entries were booked (the earliest of equals), else the file's date. */
function asOfDate(file: BankFile): string {
  const days = new Map<string, number>();
  for (const a of file.accounts) for (const e of a.entries) days.set(e.bookedOn, (days.get(e.bookedOn) ?? 0) + 1);
  let best = file.createdOn;
  let most = 0;
  for (const [day, n] of [...days].sort(([a], [b]) => a.localeCompare(b))) if (n > most) [best, most] = [day, n];
  return best;
}

function entryFields(entry: BankEntry, account: BankAccountReport, asOf: string): string[] {
  const where = `entry at ${entry.location || 'an unnamed place'}`;
  if (entry.currency !== account.currency) bad(`${where} is in ${entry.currency}, its account ${account.accountNumber} in ${account.currency}`);
  if (bai2Direction(entry.typeCode) !== entry.direction) bad(`${where} type code "${entry.typeCode}" is not a BAI2 ${entry.direction} code`);
  if (entry.amountMinor < 0) bad(`${where} amount ${entry.amountMinor} is negative`);
  const funds = entry.bookedOn === asOf ? [''] : ['V', yymmdd(entry.bookedOn, `${where} booking date`), ''];
  return [entry.typeCode, wholeAmount(entry.amountMinor, `${where} amount`), ...funds, plain(entry.bankRef, 'bank reference'), plain(entry.customerRef, 'customer reference')];
}

export function writeBai2(file: BankFile, options: { maxRecordLength?: number } = {}): string {
  const max = options.maxRecordLength;
  if (max !== undefined && (!Number.isInteger(max) || max < 20)) bad(`maxRecordLength ${max} is under 20`);
  const out = new RecordWriter(max);
  const asOf = asOfDate(file);
  const groupCurrency = file.accounts[0]?.currency ?? 'USD';
  let fileRecords = out.record('01', [SENDER, SENDER, yymmdd(file.createdOn, 'creation date'), '0000', plain(file.fileId, 'file id'), max === undefined ? '' : String(max), '', '2']);
  let groupRecords = out.record('02', ['', SENDER, '1', yymmdd(asOf, 'as-of date'), '', groupCurrency, '2']);
  let groupTotal = 0n;
  for (const account of file.accounts) {
    if (!CURRENCY_CODE.test(account.currency)) bad(`account ${account.accountNumber} currency "${account.currency}" is not an ISO code`);
    const credits = account.entries.filter((e) => e.direction === 'credit');
    const debits = account.entries.filter((e) => e.direction === 'debit');
    const sum = (entries: BankEntry[]): number => entries.reduce((t, e) => t + e.amountMinor, 0);
    const summaries: [string, number, string][] = [];
    if (account.openingMinor !== undefined) summaries.push(['010', account.openingMinor, '']);
    if (account.closingMinor !== undefined) summaries.push(['015', account.closingMinor, '']);
    summaries.push(['100', sum(credits), String(credits.length)], ['400', sum(debits), String(debits.length)]);
    let total = 0n;
    let records = out.record('03', [
      plain(account.accountNumber, 'account number'), account.currency,
      ...summaries.flatMap(([code, amount, items]) => {
        total += BigInt(amount);
        return [code, wholeAmount(amount, `account ${account.accountNumber} ${code} amount`), items, ''];
      }),
    ]);
    for (const entry of account.entries) {
      const text = bai2Text(entry.memo);
      if (TEXT_END_LOOKALIKE.test(text)) bad(`memo "${text}" holds a "/" followed by what reads as the next record`);
      total += BigInt(entry.amountMinor);
      records += out.detail(entryFields(entry, account, asOf), text);
    }
    records += out.trailer('49', [String(total)], records);
    groupTotal += total;
    groupRecords += records;
  }
  groupRecords += out.trailer('98', [String(groupTotal), String(file.accounts.length)], groupRecords);
  fileRecords += groupRecords;
  out.trailer('99', [String(groupTotal), '1'], fileRecords);
  return `${out.lines.join('\n')}\n`;
}
