// Writes a BankFile as a NACHA ACH file, for tests, the demo and benchmarks: one batch per run of
// entries from the same originator, SEC code and date, CCD entries with one 05 addenda and CTX entries
// with as many as their remittance needs, and every control figure computed as the Rules define it.
// Entries are written as the receiver sees them (parseNacha reads them back the same way). Names are
// cut to their field widths, as ACH software does; anything a NACHA file cannot carry is an error.
import type { BankEntry, BankFile, RemittanceLine } from '../../domain/payment-documents.js';
import { transactionCode } from './nacha-codes.js';
import { isRoutingNumber, routingCheckDigit } from './routing-number.js';
import { looksLikeX12Segments } from './x12-remittance.js';

export interface NachaWriteOptions {
  /** Our bank's routing number: where the entries are received. */
  receivingRouting?: string;
  /** The originator's bank, for payers whose bankId is not a routing number. */
  originatingRouting?: string;
  /** The company entry description every batch carries (positions 54-63). */
  entryDescription?: string;
}

const BLOCKING_FACTOR = 10;
const FILLER = '9'.repeat(94);
const MAX_AMOUNT = 9_999_999_999; // ten digits of cents

const left = (text: string, width: number): string => text.slice(0, width).padEnd(width, ' ');
const right = (text: string, width: number): string => text.slice(-width).padStart(width, ' ');
const zeros = (value: number | bigint, width: number): string => String(value).padStart(width, '0').slice(-width);

function yymmdd(iso: string, what: string): string {
  const m = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(iso);
  if (!m) throw new RangeError(`${what} ${iso} cannot be written as a NACHA date (YYMMDD, 2000-2099)`);
  return `${m[1]}${m[2]}${m[3]}`;
}

function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

function plain(text: string, what: string): string {
  if (/[*\\~]/.test(text)) throw new RangeError(`${what} "${text}" contains an X12 delimiter (* \\ ~)`);
  return text;
}

/** RMR and ADX segments by NACHA's convention ("*" between elements, "\" after each segment). */
export function remittanceSegments(lines: readonly RemittanceLine[]): string {
  return lines.map((l) => {
    const amounts = [l.paidMinor, l.invoiceAmountMinor, l.discountMinor].map((a) => (a === undefined ? '' : decimal(a)));
    const rmr = ['RMR', 'IV', plain(l.reference, 'reference'), 'PI', ...amounts];
    while (rmr[rmr.length - 1] === '') rmr.pop();
    const segments = [rmr.join('*')];
    // X12 signs an adjustment by its effect on the payment: what the payer held back is negative.
    if (l.adjustmentMinor !== undefined) segments.push(['ADX', decimal(-l.adjustmentMinor), plain(l.adjustmentReason ?? '', 'adjustment reason')].join('*').replace(/\*$/, ''));
    return segments.map((s) => `${s}\\`).join('');
  }).join('');
}

/** What the entry's 05 addenda carry, 80 characters each. */
function addendaTexts(entry: BankEntry, sec: string): string[] {
  let text: string;
  if (entry.memo && looksLikeX12Segments(entry.memo)) text = entry.memo;
  else if (entry.remittance.length > 0) text = remittanceSegments(entry.remittance) + (entry.memo ? `NTE*ZZZ*${plain(entry.memo, 'memo')}\\` : '');
  // A CTX's addenda are one stream, X12 or not (the reader joins them as they are): free text too.
  else if (sec === 'CTX') text = entry.memo.replace(/\s+/g, ' ').trim();
  else return entry.memo.trim() ? [entry.memo.trim()] : [];
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += 80) chunks.push(text.slice(at, at + 80));
  return chunks;
}

interface EntryPlan { entry: BankEntry; code: string; sec: string; account: string; addenda: string[] }

function plan(entry: BankEntry, account: string): EntryPlan {
  if (entry.currency !== 'USD') throw new RangeError(`NACHA entries are in USD, not ${entry.currency} (${entry.location})`);
  if (!Number.isSafeInteger(entry.amountMinor) || entry.amountMinor < 0 || entry.amountMinor > MAX_AMOUNT) throw new RangeError(`amount ${entry.amountMinor} does not fit NACHA's ten digits of cents (${entry.location})`);
  if (entry.kind === 'return') throw new RangeError(`returns are not written (${entry.location})`);
  if (account.length > 17) throw new RangeError(`account number ${account} is longer than 17 characters`);
  const stated = /^(\d\d)\/([A-Z]{3})$/.exec(entry.typeCode);
  const statedCode = stated ? transactionCode(stated[1]!) : undefined;
  const code = stated && statedCode && statedCode.direction === entry.direction && statedCode.purpose !== 'return' ? stated[1]! : entry.direction === 'credit' ? '22' : '27';
  let sec = stated?.[2] === 'CTX' || stated?.[2] === 'PPD' ? stated[2] : 'CCD';
  let addenda = addendaTexts(entry, sec);
  // A CCD or PPD entry carries one addenda: more remittance than 80 characters needs a CTX.
  if (addenda.length > 1 && sec !== 'CTX') { sec = 'CTX'; addenda = addendaTexts(entry, sec); }
  return { entry, code, sec, account, addenda };
}

function originatingBank(entry: BankEntry, options: NachaWriteOptions): string {
  const bankId = entry.payer.bankId ?? '';
  if (isRoutingNumber(bankId)) return bankId.slice(0, 8);
  return (options.originatingRouting ?? '123456780').slice(0, 8);
}

/** The NACHA file for a BankFile's entries, lines ending in a line feed. */
export function writeNacha(file: BankFile, options: NachaWriteOptions = {}): string {
  const receiving = options.receivingRouting ?? '123456780';
  if (!isRoutingNumber(receiving)) throw new RangeError(`receiving routing number ${receiving} does not check`);
  const description = options.entryDescription ?? 'PAYMENT';
  const idMatch = /^(\S{1,10}) (\d{6})(\d{4})? ([A-Z0-9])$/.exec(file.fileId);
  const origin = idMatch?.[1] ?? (options.originatingRouting ?? '123456780');
  const created = yymmdd(file.createdOn, 'the file date');
  const records: string[] = [
    `101${right(receiving, 10)}${right(origin, 10)}${created}${idMatch?.[3] ?? '0000'}${idMatch?.[4] ?? 'A'}094101${left('ARFLOW BANK', 23)}${left('ARFLOW ORIGIN', 23)}${' '.repeat(8)}`,
  ];

  // One batch per run of entries sharing originator, entry class and date.
  const plans = file.accounts.flatMap((a) => a.entries.map((e) => plan(e, a.accountNumber)));
  const batches: EntryPlan[][] = [];
  const batchKey = (p: EntryPlan): string => JSON.stringify([p.entry.payer.name ?? '', p.entry.payer.accountRef ?? '', originatingBank(p.entry, options), p.sec, p.entry.bookedOn]);
  for (const p of plans) {
    const last = batches[batches.length - 1];
    if (last && batchKey(last[0]!) === batchKey(p)) last.push(p);
    else batches.push([p]);
  }

  const file_ = { count: 0, hash: 0n, debit: 0n, credit: 0n };
  const usedTraces = new Set<string>();
  let sequence = 0;
  batches.forEach((batch, b) => {
    const head = batch[0]!.entry;
    const odfi = originatingBank(head, options);
    const companyId = head.payer.accountRef ?? '';
    const directions = new Set(batch.map((p) => p.entry.direction));
    const serviceClass = directions.size > 1 ? '200' : directions.has('credit') ? '220' : '225';
    const batchNumber = zeros(b + 1, 7);
    records.push(`5${serviceClass}${left(head.payer.name ?? '', 16)}${' '.repeat(20)}${left(companyId, 10)}${batch[0]!.sec}${left(description, 10)}${' '.repeat(6)}${yymmdd(head.bookedOn, 'the entry date')}${' '.repeat(3)}1${odfi}${batchNumber}`);
    const totals = { count: 0, hash: 0n, debit: 0n, credit: 0n };
    for (const p of batch) {
      sequence++;
      let trace = /^\d{15}$/.test(p.entry.bankRef) && !usedTraces.has(p.entry.bankRef) ? p.entry.bankRef : `${odfi}${zeros(sequence, 7)}`;
      while (usedTraces.has(trace)) trace = `${odfi}${zeros(++sequence, 7)}`;
      usedTraces.add(trace);
      const rdfi = receiving.slice(0, 8);
      const indicator = p.addenda.length > 0 ? '1' : '0';
      const receiverPart = p.sec === 'CTX'
        ? `${' '.repeat(15)}${zeros(p.addenda.length, 4)}${' '.repeat(16)}${' '.repeat(2)}${' '.repeat(2)}`
        : `${' '.repeat(15)}${' '.repeat(22)}${' '.repeat(2)}`;
      records.push(`6${p.code}${rdfi}${routingCheckDigit(rdfi)}${left(p.account, 17)}${zeros(p.entry.amountMinor, 10)}${receiverPart}${indicator}${trace}`);
      p.addenda.forEach((text, n) => records.push(`705${left(text, 80)}${zeros(n + 1, 4)}${trace.slice(8)}`));
      totals.count += 1 + p.addenda.length;
      totals.hash += BigInt(rdfi);
      if (p.entry.direction === 'debit') totals.debit += BigInt(p.entry.amountMinor);
      else totals.credit += BigInt(p.entry.amountMinor);
    }
    records.push(`8${serviceClass}${zeros(totals.count, 6)}${zeros(totals.hash % 10n ** 10n, 10)}${zeros(totals.debit, 12)}${zeros(totals.credit, 12)}${left(companyId, 10)}${' '.repeat(25)}${odfi}${batchNumber}`);
    file_.count += totals.count;
    file_.hash += totals.hash;
    file_.debit += totals.debit;
    file_.credit += totals.credit;
  });
  const blocks = Math.ceil((records.length + 1) / BLOCKING_FACTOR);
  records.push(`9${zeros(batches.length, 6)}${zeros(blocks, 6)}${zeros(file_.count, 8)}${zeros(file_.hash % 10n ** 10n, 10)}${zeros(file_.debit, 12)}${zeros(file_.credit, 12)}${' '.repeat(39)}`);
  while (records.length % BLOCKING_FACTOR !== 0) records.push(FILLER);
  return records.map((r) => `${r}\n`).join('');
}
