// NACHA ACH files, read from the record layouts of the NACHA Operating Rules (Appendix Three): a file
// header (1), batches of a header (5), entry details (6) with their addenda (7) and a control (8), a
// file control (9), and all-9 filler to a block of ten 94-character records. Every control figure
// (counts, entry hash, debit and credit totals, block count) is checked, and a file that breaks one is
// rejected whole with a BankFileError naming the line, the figure, what it says and what it should be.
//
// Entries are read from the receiver's side (we receive the credits our customers send): transaction
// codes 22/32/42/52 are credits to us, 27/37/47/55 debits. Prenotifications (x3/x8) and zero-dollar
// remittance entries (x4/x9) move no money but are kept, as kind 'other' with amount 0 and a memo
// saying so: a prenote announces a payer's account before its first payment, and a zero-dollar CTX
// carries the remittance for money sent another way; dropping either would lose what the file says.
// Returns (addenda 99) and notifications of change (addenda 98) are kind 'return'.
import { BankFileError, type BankAccountReport, type BankEntry, type BankFile, type Payer } from '../../domain/payment-documents.js';
import { compactDateToIso } from '../structured-values.js';
import {
  CHECK_CONVERSION_SEC_CODES, COUNTED_ADDENDA_SEC_CODES, describeChangeReason, describeReturnReason, DOMESTIC_SEC_CODES, transactionCode, type TransactionCode,
} from './nacha-codes.js';
import { routingCheckDigit } from './routing-number.js';
import { balanceWarning, describeAdjustments, looksLikeX12Segments, readRemittance, splitAddendaSegments } from './x12-remittance.js';

const RECORD_LENGTH = 94;
const BLOCKING_FACTOR = 10;
const FILLER = '9'.repeat(RECORD_LENGTH);
const CURRENCY = 'USD';
const HASH_MODULUS = 10n ** 10n; // the entry hash keeps the rightmost ten digits of the sum

interface NachaRecord {
  text: string;
  line: number;
  /** How long the line was when it came shorter than a record: the blanks at its end had been left out. */
  shortLength?: number;
}

function fail(line: number, reason: string): never {
  throw new BankFileError('nacha', line, reason);
}

/** Positions are 1-based and inclusive, as the Rules print them. */
const field = (r: NachaRecord, from: number, to: number): string => r.text.slice(from - 1, to);

function digits(r: NachaRecord, from: number, to: number, what: string): string {
  const value = field(r, from, to);
  if (!/^\d+$/.test(value)) {
    const short = r.shortLength !== undefined && r.shortLength < to
      ? ` (the line is only ${r.shortLength} characters: blanks may be left off the end of a record, but not this field)` : '';
    fail(r.line, `${what} (positions ${from}-${to}) must be ${to - from + 1} digits, but it is "${value}"${short}`);
  }
  return value;
}

/** A YYMMDD date; undefined when blank, or when all zeros and `zerosMeanNone` (how return and NOC batches leave the effective date unset). */
function date(r: NachaRecord, from: number, to: number, what: string, zerosMeanNone = false): string | undefined {
  const value = field(r, from, to);
  if (value.trim() === '' || (zerosMeanNone && value === '000000')) return undefined;
  const iso = /^\d{6}$/.test(value) ? compactDateToIso(value) : undefined;
  return iso ?? fail(r.line, `${what} (positions ${from}-${to}) must be a date YYMMDD, but it is "${value}"`);
}

/**
 * The file's records, each 94 characters. Systems that handle the file on its way often strip the blanks
 * at the end of a line, or pad lines out with more: blanks only are put back or taken off, so a record
 * that lost anything else still fails on the field it lost. Blank lines are not records.
 */
function splitRecords(text: string): NachaRecord[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Some systems send the records back to back, with no line breaks at all.
  if (!/[\r\n]/.test(body) && body.length > RECORD_LENGTH && body.length % RECORD_LENGTH === 0) {
    return Array.from({ length: body.length / RECORD_LENGTH }, (_, i) => ({ text: body.slice(i * RECORD_LENGTH, (i + 1) * RECORD_LENGTH), line: i + 1 }));
  }
  const records: NachaRecord[] = [];
  body.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    if (raw.length < RECORD_LENGTH) records.push({ text: raw.padEnd(RECORD_LENGTH, ' '), line, shortLength: raw.length });
    else if (raw.length > RECORD_LENGTH && raw.slice(RECORD_LENGTH).trim() === '') records.push({ text: raw.slice(0, RECORD_LENGTH), line });
    else records.push({ text: raw, line });
  });
  return records;
}

// ─── File header and batch header ───

interface FileHeader { fileId: string; createdOn: string }

function readFileHeader(r: NachaRecord): FileHeader {
  if (field(r, 1, 1) !== '1') fail(r.line, `a NACHA file starts with a file header record (type 1), but this record is type "${field(r, 1, 1)}"`);
  if (field(r, 35, 37) !== '094') fail(r.line, `the file header's record size (positions 35-37) must be 094, but it is "${field(r, 35, 37)}"`);
  if (field(r, 38, 39) !== '10') fail(r.line, `the file header's blocking factor (positions 38-39) must be 10, but it is "${field(r, 38, 39)}"`);
  const created = field(r, 24, 29);
  const createdOn = date(r, 24, 29, 'the file creation date') ?? fail(r.line, 'the file creation date (positions 24-29) is blank');
  const time = field(r, 30, 33).trim();
  if (time && !/^\d{4}$/.test(time)) fail(r.line, `the file creation time (positions 30-33) must be HHMM or blank, but it is "${field(r, 30, 33)}"`);
  // The Rules ask for A-Z or 0-9; some processors leave it blank when they send one file a day.
  const modifier = field(r, 34, 34).toUpperCase();
  if (!/^[A-Z0-9 ]$/.test(modifier)) fail(r.line, `the file ID modifier (position 34) must be A-Z or 0-9, but it is "${modifier}"`);
  const origin = field(r, 14, 23).trim();
  return { fileId: [origin, created + time, modifier.trim()].filter(Boolean).join(' '), createdOn };
}

interface BatchHeader {
  record: NachaRecord;
  serviceClass: string;
  companyName: string;
  companyId: string;
  sec: string;
  description: string;
  effectiveOn?: string;
  settlementDay?: number;
  odfi: string;
  batchNumber: string;
}

const SERVICE_CLASSES: Record<string, string> = { '200': 'mixed debits and credits', '220': 'credits only', '225': 'debits only' };

function readBatchHeader(r: NachaRecord): BatchHeader {
  const serviceClass = digits(r, 2, 4, 'the service class code');
  if (serviceClass === '280') fail(r.line, 'service class 280 (automated accounting advices, SEC ADV) is not read: ADV records have their own layout');
  if (!SERVICE_CLASSES[serviceClass]) fail(r.line, `the service class code (positions 2-4) must be 200, 220 or 225, but it is ${serviceClass}`);
  // Codes are upper case in the Rules; a system that writes "ppd" means the same.
  const sec = field(r, 51, 53).toUpperCase();
  if (sec === 'IAT') fail(r.line, 'IAT (international ACH) batches are not read: their batch header, entries and addenda have a layout of their own');
  if (sec === 'ADV') fail(r.line, 'ADV (automated accounting advice) batches are not read: their records have a layout of their own');
  if (!DOMESTIC_SEC_CODES.has(sec)) fail(r.line, `"${sec}" (positions 51-53) is not a NACHA Standard Entry Class code`);
  // Inserted by the ACH operator: an originator's file leaves it blank, or zeros.
  const settlement = field(r, 76, 78);
  let settlementDay: number | undefined;
  if (settlement.trim() !== '' && settlement !== '000') {
    settlementDay = /^\d{3}$/.test(settlement) ? Number(settlement) : 0;
    if (settlementDay < 1 || settlementDay > 366) fail(r.line, `the settlement date (positions 76-78) must be a day of the year 001-366 or blank, but it is "${settlement}"`);
  }
  return {
    record: r,
    serviceClass,
    companyName: field(r, 5, 20).trim(),
    companyId: field(r, 41, 50).trim(),
    sec,
    description: field(r, 54, 63).trim(),
    effectiveOn: date(r, 70, 75, 'the effective entry date', true),
    settlementDay,
    odfi: digits(r, 80, 87, 'the originating DFI identification'),
    batchNumber: digits(r, 88, 94, 'the batch number'),
  };
}

/** The day of the year the ACH operator settled on, placed in the year that puts it nearest `near`. */
function settlementDate(day: number, near: string): string | undefined {
  const reference = Date.parse(`${near}T00:00:00Z`);
  const year = Number(near.slice(0, 4));
  let best: number | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const candidate = Date.UTC(y, 0, day);
    if (new Date(candidate).getUTCFullYear() !== y) continue; // day 366 of a common year
    if (best === undefined || Math.abs(candidate - reference) < Math.abs(best - reference)) best = candidate;
  }
  return best === undefined ? undefined : new Date(best).toISOString().slice(0, 10);
}

// ─── Entries and addenda ───

interface EntryDraft { record: NachaRecord; addenda: NachaRecord[] }

interface ReadEntry {
  entry: BankEntry;
  /** Our account the entry posts to; undefined for returns and notifications of change, which carry the payer's. */
  account?: { key: string; number: string };
  rdfi: bigint;
  code: TransactionCode;
}

/** The originator's routing number, when the eight digits are there to complete it. */
function routingOf(eight: string): string | undefined {
  return /^\d{8}$/.test(eight) ? `${eight}${routingCheckDigit(eight)}` : undefined;
}

function payerOf(name: string, accountRef: string, bankId: string | undefined): Payer {
  const payer: Payer = {};
  if (name) payer.name = name;
  if (accountRef) payer.accountRef = accountRef;
  if (bankId) payer.bankId = bankId;
  return payer;
}

/** Positions 40-78 differ by entry class: who the receiver is and the originator's reference for them. */
function receiverFields(r: NachaRecord, sec: string): { id: string; name: string; check?: string } {
  if (COUNTED_ADDENDA_SEC_CODES.has(sec)) return { id: field(r, 40, 54).trim(), name: field(r, 59, 74).trim() };
  if (sec === 'CIE') return { id: field(r, 55, 76).trim(), name: field(r, 40, 54).trim() };
  if (sec === 'POP') return { id: '', check: field(r, 40, 48).trim(), name: field(r, 55, 76).trim() };
  if (CHECK_CONVERSION_SEC_CODES.has(sec)) return { id: '', check: field(r, 40, 54).trim(), name: field(r, 55, 76).trim() };
  return { id: field(r, 40, 54).trim(), name: field(r, 55, 76).trim() };
}

/** The 05 addenda's payment-related information, in sequence order, checked against its entry. */
function paymentInformation(draft: EntryDraft, trace: string, sec: string): { text: string; x12: boolean } | undefined {
  const addenda = draft.addenda.filter((a) => field(a, 2, 3) === '05');
  if (addenda.length === 0) return undefined;
  const bySequence = new Map<number, NachaRecord>();
  for (const a of addenda) {
    const sequence = Number(digits(a, 84, 87, 'the addenda sequence number'));
    const entrySequence = digits(a, 88, 94, 'the entry detail sequence number');
    if (entrySequence !== trace.slice(8)) fail(a.line, `the addenda's entry detail sequence number ${entrySequence} must be the last seven digits of its entry's trace number ${trace}`);
    if (bySequence.has(sequence)) fail(a.line, `addenda sequence number ${sequence} appears twice for the entry on line ${draft.record.line}`);
    bySequence.set(sequence, a);
  }
  const ordered: NachaRecord[] = [];
  for (let n = 1; n <= addenda.length; n++) {
    const a = bySequence.get(n);
    if (!a) fail(addenda[0]!.line, `the entry on line ${draft.record.line} has ${addenda.length} addenda, so their sequence numbers must run 1 to ${addenda.length}, but ${n} is missing`);
    ordered.push(a);
  }
  const pieces = ordered.map((a) => field(a, 4, 83));
  // A CTX (or TRX) carries one stream across its addenda, X12 or XML: a segment or a word may continue
  // into the next record, so its pieces join as they are. Other entries' addenda are separate notes.
  const joined = pieces.join('').trim();
  if (looksLikeX12Segments(joined)) return { text: joined, x12: true };
  if (COUNTED_ADDENDA_SEC_CODES.has(sec)) return { text: joined.replace(/\s+/g, ' '), x12: false };
  return { text: pieces.map((p) => p.trim()).filter(Boolean).join(' '), x12: false };
}

function readEntry(draft: EntryDraft, batch: BatchHeader, position: string, createdOn: string): ReadEntry {
  const r = draft.record;
  const codeText = field(r, 2, 3);
  const code = transactionCode(codeText) ?? fail(r.line, `"${codeText}" (positions 2-3) is not a NACHA transaction code`);
  if (batch.serviceClass === '220' && code.direction === 'debit') fail(r.line, `transaction code ${codeText} is a debit, but the batch on line ${batch.record.line} is service class 220 (credits only)`);
  if (batch.serviceClass === '225' && code.direction === 'credit') fail(r.line, `transaction code ${codeText} is a credit, but the batch on line ${batch.record.line} is service class 225 (debits only)`);
  const rdfi = digits(r, 4, 11, 'the receiving DFI identification');
  const checkDigit = digits(r, 12, 12, 'the check digit');
  const expected = routingCheckDigit(rdfi);
  if (Number(checkDigit) !== expected) fail(r.line, `the routing number's check digit is ${checkDigit}, but ${rdfi} needs ${expected}`);
  const account = field(r, 13, 29).trim();
  const amountMinor = Number(digits(r, 30, 39, 'the amount'));
  const indicator = field(r, 79, 79);
  if (indicator !== '0' && indicator !== '1') fail(r.line, `the addenda record indicator (position 79) must be 0 or 1, but it is "${indicator}"`);
  const trace = digits(r, 80, 94, 'the trace number');
  if ((indicator === '1') !== (draft.addenda.length > 0)) {
    fail(r.line, `the addenda record indicator is ${indicator}, but ${draft.addenda.length} addenda record(s) follow the entry`);
  }

  const types = new Set(draft.addenda.map((a) => field(a, 2, 3)));
  for (const a of draft.addenda) {
    const type = field(a, 2, 3);
    if (!['02', '05', '98', '99'].includes(type)) fail(a.line, `addenda type "${type}" (positions 2-3) is not one a domestic entry carries (02, 05, 98 or 99)`);
  }
  if (types.size > 1) fail(draft.addenda[0]!.line, `the entry on line ${r.line} mixes addenda types ${[...types].join(', ')}`);
  const addendaType = [...types][0];
  const oneOnly = addendaType === '02' || addendaType === '98' || addendaType === '99' || (addendaType === '05' && !COUNTED_ADDENDA_SEC_CODES.has(batch.sec));
  if (oneOnly && draft.addenda.length > 1) fail(draft.addenda[1]!.line, `a ${batch.sec} entry carries at most one type ${addendaType} addenda, but the entry on line ${r.line} has ${draft.addenda.length}`);
  if (COUNTED_ADDENDA_SEC_CODES.has(batch.sec)) {
    const stated = Number(digits(r, 55, 58, 'the number of addenda records'));
    if (stated !== draft.addenda.length) fail(r.line, `the ${batch.sec} entry says it has ${stated} addenda record(s) (positions 55-58), but ${draft.addenda.length} follow it`);
  }
  if (code.purpose === 'return' && addendaType !== '98' && addendaType !== '99') fail(r.line, `transaction code ${codeText} is a return or notification of change, which must carry a 98 or 99 addenda`);
  if (code.purpose !== 'return' && (addendaType === '98' || addendaType === '99')) fail(draft.addenda[0]!.line, `a type ${addendaType} addenda belongs to a return or notification of change, but its entry's transaction code ${codeText} is neither`);
  if ((code.purpose === 'prenote' || code.purpose === 'zero-dollar' || addendaType === '98') && amountMinor !== 0) {
    const what = addendaType === '98' ? 'a notification of change' : code.purpose === 'prenote' ? `a prenotification (transaction code ${codeText})` : `a zero-dollar entry (transaction code ${codeText})`;
    fail(r.line, `${what} moves no money, so its amount must be zero, but it is ${field(r, 30, 39)}`);
  }

  const receiver = receiverFields(r, batch.sec);
  const memo: string[] = [];
  let payer = payerOf(batch.companyName, batch.companyId, routingOf(batch.odfi));
  let customerRef = trace;
  let kind: BankEntry['kind'] = 'ach';
  const remittance: BankEntry['remittance'] = [];

  if (addendaType === '98' || addendaType === '99') {
    const a = draft.addenda[0]!;
    const reason = field(a, 4, 6).toUpperCase();
    if (!(addendaType === '99' ? /^R\d\d$/ : /^C\d\d$/).test(reason)) fail(a.line, `the ${addendaType === '99' ? 'return reason' : 'change'} code (positions 4-6) must be ${addendaType === '99' ? 'R' : 'C'} and two digits, but it is "${reason}"`);
    const originalTrace = digits(a, 7, 21, 'the original entry trace number');
    if (digits(a, 80, 94, 'the trace number') !== trace) fail(a.line, `the addenda's trace number ${field(a, 80, 94)} must be its entry's trace number ${trace}`);
    kind = 'return';
    customerRef = originalTrace;
    // A return names the receiver of the original entry: the payer whose payment came back.
    payer = payerOf(receiver.name, account, routingOf(field(a, 28, 35)));
    if (addendaType === '99') {
      const info = field(a, 36, 79).trim();
      memo.push(`returned ${describeReturnReason(reason)}: original trace ${originalTrace}${info ? `; ${info}` : ''}`);
    } else {
      memo.push(`notification of change ${describeChangeReason(reason)}: corrected data "${field(a, 36, 64).trim()}"; original trace ${originalTrace}`);
    }
  } else {
    if (code.purpose === 'prenote') { kind = 'other'; memo.push('prenotification: no money moves'); }
    if (code.purpose === 'zero-dollar') { kind = 'other'; memo.push('zero-dollar entry: remittance only, no money moves'); }
    if (addendaType === '02') {
      const a = draft.addenda[0]!;
      if (digits(a, 80, 94, 'the trace number') !== trace) fail(a.line, `the addenda's trace number ${field(a, 80, 94)} must be its entry's trace number ${trace}`);
      memo.push(field(a, 4, 79).replace(/\s+/g, ' ').trim());
    }
    const information = addendaType === '05' ? paymentInformation(draft, trace, batch.sec) : undefined;
    if (information) {
      memo.push(information.text);
      if (information.x12) {
        const { segments, problems } = splitAddendaSegments(information.text);
        const reading = readRemittance(segments, CURRENCY);
        remittance.push(...reading.lines);
        for (const p of [...problems, ...reading.problems]) memo.push(`addenda segment ${p.index}: ${p.reason}`);
        memo.push(...reading.notes, ...describeAdjustments(reading, CURRENCY));
        const warning = code.purpose === 'money' ? balanceWarning(reading, amountMinor, CURRENCY) : undefined;
        if (warning) memo.push(warning);
      }
    }
  }
  if (receiver.check) memo.push(`check ${receiver.check}`);
  if (receiver.id) memo.push(`ID ${receiver.id}`);
  if (receiver.name && kind !== 'return') memo.push(`receiver ${receiver.name}`);
  if (batch.description) memo.push(`entry description ${batch.description}`);

  const bookedOn = (batch.settlementDay !== undefined ? settlementDate(batch.settlementDay, batch.effectiveOn ?? createdOn) : undefined) ?? batch.effectiveOn ?? createdOn;
  const entry: BankEntry = {
    direction: code.direction,
    amountMinor,
    currency: CURRENCY,
    bookedOn,
    kind,
    typeCode: `${codeText}/${batch.sec}`,
    bankRef: trace,
    customerRef,
    payer,
    remittance,
    memo: memo.filter(Boolean).join('; '),
    location: `${position} (line ${r.line})`,
  };
  return { entry, account: kind === 'return' ? undefined : { key: `${rdfi}${checkDigit} ${account}`, number: account }, rdfi: BigInt(rdfi), code };
}

// ─── Controls ───

interface Totals { count: number; hash: bigint; debit: bigint; credit: bigint }

function checkFigure(r: NachaRecord, what: string, from: number, to: number, actual: bigint | number, actualWhat: string): void {
  const stated = digits(r, from, to, what);
  const width = to - from + 1;
  if (BigInt(stated) !== BigInt(actual)) fail(r.line, `${what} (positions ${from}-${to}) says ${stated}, but ${actualWhat} ${String(actual).padStart(width, '0')}`);
}

function checkBatchControl(r: NachaRecord, header: BatchHeader, totals: Totals, batchNo: number): void {
  const label = `batch ${batchNo} (header on line ${header.record.line})`;
  if (field(r, 1, 1) !== '8') fail(r.line, `${label} must end with a batch control record (type 8)`);
  if (field(r, 2, 4) !== header.serviceClass) fail(r.line, `the batch control's service class ${field(r, 2, 4)} must match its header's ${header.serviceClass}`);
  checkFigure(r, 'the batch entry/addenda count', 5, 10, totals.count, `${label} has`);
  checkFigure(r, 'the batch entry hash', 11, 20, totals.hash % HASH_MODULUS, `the RDFI routing numbers of ${label} add up to`);
  checkFigure(r, 'the batch total debit amount', 21, 32, totals.debit, `the debit entries of ${label} add up to`);
  checkFigure(r, 'the batch total credit amount', 33, 44, totals.credit, `the credit entries of ${label} add up to`);
  if (field(r, 45, 54).trim() !== header.companyId) fail(r.line, `the batch control's company identification "${field(r, 45, 54).trim()}" must match its header's "${header.companyId}"`);
  if (field(r, 80, 87) !== header.odfi) fail(r.line, `the batch control's originating DFI ${field(r, 80, 87)} must match its header's ${header.odfi}`);
  if (field(r, 88, 94) !== header.batchNumber) fail(r.line, `the batch control's batch number ${field(r, 88, 94)} must match its header's ${header.batchNumber}`);
}

function checkFileControl(r: NachaRecord, batches: number, totals: Totals, blocks: { count: number; what: string }): void {
  checkFigure(r, 'the file control batch count', 2, 7, batches, 'the file has');
  checkFigure(r, 'the file control block count', 8, 13, blocks.count, blocks.what);
  checkFigure(r, 'the file control entry/addenda count', 14, 21, totals.count, 'the batches have');
  checkFigure(r, 'the file control entry hash', 22, 31, totals.hash % HASH_MODULUS, "the batches' RDFI routing numbers add up to");
  checkFigure(r, 'the file control total debit amount', 32, 43, totals.debit, "the batches' debit entries add up to");
  checkFigure(r, 'the file control total credit amount', 44, 55, totals.credit, "the batches' credit entries add up to");
}

// ─── The file ───

/**
 * Reads a NACHA ACH file. Throws BankFileError for any record that breaks the layout and for any
 * control figure that does not match what the records add up to.
 */
export function parseNacha(text: string): BankFile {
  const records = splitRecords(text);
  if (records.length === 0) fail(0, 'the file is empty');
  for (const r of records) {
    if (r.text.length !== RECORD_LENGTH) fail(r.line, `a NACHA record is ${RECORD_LENGTH} characters, but this one is ${r.text.length}`);
  }
  const header = readFileHeader(records[0]!);
  const accounts = new Map<string, BankAccountReport>();
  const traces = new Map<string, number>();
  const fileTotals: Totals = { count: 0, hash: 0n, debit: 0n, credit: 0n };
  let batches = 0;
  let i = 1;
  for (;;) {
    const r = records[i];
    if (!r) fail(records[records.length - 1]!.line, 'the file ends without a file control record (type 9)');
    const type = field(r, 1, 1);
    if (type === '5') {
      batches++;
      const batch = readBatchHeader(r);
      const drafts: EntryDraft[] = [];
      const totals: Totals = { count: 0, hash: 0n, debit: 0n, credit: 0n };
      i++;
      for (;;) {
        const s = records[i];
        if (!s) fail(records[records.length - 1]!.line, `the file ends inside the batch that starts on line ${r.line} (no batch control record)`);
        const t = field(s, 1, 1);
        if (t === '6') drafts.push({ record: s, addenda: [] });
        else if (t === '7') {
          const entry = drafts[drafts.length - 1];
          if (!entry) fail(s.line, 'an addenda record (type 7) must follow an entry detail record (type 6)');
          entry.addenda.push(s);
        } else if (t === '8') break;
        else if (t === '1' || t === '5' || t === '9') fail(s.line, `the batch that starts on line ${r.line} has no batch control record (type 8) before this type ${t} record`);
        else fail(s.line, `"${t}" is not a NACHA record type (1, 5, 6, 7, 8 or 9)`);
        i++;
      }
      const batchTraces = new Map<string, number>();
      drafts.forEach((draft, n) => {
        const read = readEntry(draft, batch, `batch ${batches} entry ${n + 1}`, header.createdOn);
        // A trace number is unique within its batch; with the batch number it is unique within the file
        // (Appendix Three, Trace Number), so a trace used again in a later batch is kept apart by it.
        const trace = read.entry.bankRef;
        const inBatch = batchTraces.get(trace);
        if (inBatch !== undefined) fail(draft.record.line, `trace number ${trace} is already used in this batch by the entry on line ${inBatch}`);
        batchTraces.set(trace, draft.record.line);
        if (traces.has(trace)) read.entry.bankRef = `${trace}/${batch.batchNumber}`;
        const seen = traces.get(read.entry.bankRef);
        if (seen !== undefined) fail(draft.record.line, `trace number ${trace} is already used by the entry on line ${seen}, in a batch with the same batch number ${batch.batchNumber}`);
        traces.set(read.entry.bankRef, draft.record.line);
        totals.count += 1 + draft.addenda.length;
        totals.hash += read.rdfi;
        if (read.code.direction === 'debit') totals.debit += BigInt(read.entry.amountMinor);
        else totals.credit += BigInt(read.entry.amountMinor);
        // Returns and notifications of change name the payer's account, not ours: they share one report.
        const key = read.account?.key ?? '';
        let report = accounts.get(key);
        if (!report) {
          report = { accountNumber: read.account?.number ?? '', currency: CURRENCY, entries: [] };
          accounts.set(key, report);
        }
        report.entries.push(read.entry);
      });
      checkBatchControl(records[i]!, batch, totals, batches);
      fileTotals.count += totals.count;
      fileTotals.hash += totals.hash;
      fileTotals.debit += totals.debit;
      fileTotals.credit += totals.credit;
      i++;
      continue;
    }
    if (type === '9') {
      if (r.text === FILLER) fail(r.line, 'block filler (all 9s) comes before the file control record (type 9)');
      const rest = records.slice(i + 1);
      const notFiller = rest.find((x) => x.text !== FILLER);
      if (notFiller) fail(notFiller.line, 'only filler records (94 nines) may follow the file control record');
      // Filler completes the last block; a missing final filler is tolerated. Some writers add a whole
      // block of filler when the records already end one, and count it in the block count: such a file
      // is taken as it stands. Filler beyond the last block is refused otherwise.
      const count = i + 1;
      const room = Math.ceil(count / BLOCKING_FACTOR) * BLOCKING_FACTOR - count;
      const total = count + rest.length;
      const fillerBlocksCounted = rest.length > room && total % BLOCKING_FACTOR === 0 && Number(field(r, 8, 13)) === total / BLOCKING_FACTOR;
      checkFileControl(r, batches, fileTotals, fillerBlocksCounted
        ? { count: total / BLOCKING_FACTOR, what: `the file's ${total} records, filler included, fill` }
        : { count: Math.ceil(count / BLOCKING_FACTOR), what: `the file's ${count} records (before filler) fill` });
      if (rest.length > room && !fillerBlocksCounted) fail(rest[room]!.line, `filler may only complete the last block of ${BLOCKING_FACTOR} records, and this record is beyond it`);
      break;
    }
    if (type === '1') fail(r.line, 'a second file header record (type 1): the file holds only one');
    if (type === '6' || type === '7' || type === '8') fail(r.line, `a type ${type} record must be inside a batch (after a batch header, type 5)`);
    fail(r.line, `"${type}" is not a NACHA record type (1, 5, 6, 7, 8 or 9)`);
  }
  return { format: 'nacha', fileId: header.fileId, createdOn: header.createdOn, accounts: [...accounts.values()] };
}
