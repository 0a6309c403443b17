// ASC X12 820 Payment Order/Remittance Advice, read from the X12 standard: each transaction set is
// one payment (BPR: amount, credit/debit, method, date; TRN: its trace; CUR: its currency; N1*PR
// the payer) with the open items it pays (RMR, with ADX adjustments). The envelopes are checked by
// parsers/x12-envelope.ts; a file that breaks them, or a payment whose amounts are not numbers, is
// rejected whole. Remittance that does not add up to the payment is not an error in the file: the
// payer wrote it so, and the memo says where it falls short.
import { BankFileError, type BankAccountReport, type BankEntry, type BankFile, type EntryKind, type Payer } from '../../domain/payment-documents.js';
import { amountToMinor, compactDateToIso, CURRENCY_CODE } from '../structured-values.js';
import { element as el, readTransactionSets, X12EnvelopeError, type X12Segment, type X12TransactionSet } from '../x12-envelope.js';
import { balanceWarning, describeAdjustments, readRemittance } from './x12-remittance.js';

function fail(s: X12Segment, reason: string): never {
  throw new BankFileError('x12-820', s.line, `segment ${s.index} (${s.id}): ${reason}`);
}

// BPR01, transaction handling code: whether money moves with this advice.
const HANDLING: Record<string, { moves: boolean; note?: string }> = {
  C: { moves: true }, // payment accompanies remittance advice
  D: { moves: true }, // make payment only
  U: { moves: true }, // split payment and remittance
  X: { moves: true }, // handling party's option to split payment and remittance
  Z: { moves: true }, // mutually defined
  I: { moves: false, note: 'remittance information only (BPR01 I): the money moves separately' },
  P: { moves: false, note: 'prenotification of future transfers (BPR01 P): no money moves' },
  H: { moves: false, note: 'notification only (BPR01 H): no money moves' },
};

// BPR04, payment method code.
const METHOD_KINDS: Record<string, EntryKind> = {
  ACH: 'ach',
  CHK: 'check',
  FWT: 'wire', // Federal Reserve funds/wire transfer, nonrepetitive
  FEW: 'wire', // Federal Reserve funds/wire transfer, repetitive
  SWT: 'wire', // SWIFT
  CWT: 'wire', // CHIPS
  BKW: 'wire', // book entry
};

function isoDate(s: X12Segment, n: number, what: string): string | undefined {
  const value = el(s, n);
  if (value === '') return undefined;
  const iso = /^\d{8}$/.test(value) ? compactDateToIso(value) : undefined;
  return iso ?? fail(s, `${s.id}${String(n).padStart(2, '0')} (${what}) "${value}" is not a date CCYYMMDD`);
}

/** The heading: segments before the first ENT or RMR (the detail area). */
function heading(body: X12Segment[]): X12Segment[] {
  const end = body.findIndex((s) => s.id === 'ENT' || s.id === 'RMR');
  return end < 0 ? body : body.slice(0, end);
}

function readPayment(set: X12TransactionSet, createdOn: string): { entry: BankEntry; account: string } {
  const { st, body } = set;
  const control = el(st, 2);
  if (el(st, 1) !== '820') fail(st, `transaction set ${control} is a ${el(st, 1) || '(blank)'}, not an 820 payment order/remittance advice`);
  const bpr = body[0]?.id === 'BPR' ? body[0] : undefined;
  if (!bpr) fail(st, `transaction set ${control} must begin with a BPR segment (the payment), after ST`);

  const handlingCode = el(bpr, 1);
  const handling = HANDLING[handlingCode] ?? fail(bpr, `BPR01 "${handlingCode}" is not a transaction handling code (C, D, H, I, P, U, X or Z)`);
  const flag = el(bpr, 3);
  if (flag !== 'C' && flag !== 'D') fail(bpr, `BPR03 (credit/debit flag) must be C or D, but it is "${flag}"`);
  const method = el(bpr, 4);
  if (!method) fail(bpr, 'BPR04 (the payment method) is empty');
  // BPR06 and BPR12 are DFI ID number qualifiers (X12 element 506, type ID 2/2: 01 ABA routing number,
  // 02 SWIFT, 03 CHIPS, 04 Canadian bank, ZZ mutually defined). A routing number there means an element
  // was left out before it and every later one (the accounts, the date) reads shifted.
  for (const [n, whose] of [[6, 'the payer\'s bank'], [12, 'the payee\'s bank']] as const) {
    const qualifier = el(bpr, n);
    if (qualifier && !/^[A-Z0-9]{2}$/.test(qualifier)) {
      fail(bpr, `BPR${String(n).padStart(2, '0')} (${whose} ID qualifier) "${qualifier}" is not a two-character code such as 01 (ABA routing number): the BPR's elements look shifted, an element is missing before it`);
    }
  }

  const head = heading(body);
  const cur = head.find((s) => s.id === 'CUR');
  const currency = cur ? el(cur, 2) : 'USD';
  if (cur && !CURRENCY_CODE.test(currency)) fail(cur, `CUR02 "${currency}" is not an ISO 4217 currency code`);
  const amount = amountToMinor(el(bpr, 2), currency, 'BPR02 (the payment amount)');
  if (!amount.ok) fail(bpr, el(bpr, 2) === '' ? 'BPR02 (the payment amount) is empty' : amount.reason);
  if (amount.value < 0) fail(bpr, `BPR02 (the payment amount) ${el(bpr, 2)} is negative: BPR03 says which way the money goes`);

  const trn = head.find((s) => s.id === 'TRN');
  const trace = trn ? el(trn, 2) : '';
  const memo: string[] = handling.note ? [handling.note] : [];

  const payer: Payer = {};
  const payerParty = head.find((s) => s.id === 'N1' && el(s, 1) === 'PR');
  if (payerParty && el(payerParty, 2)) payer.name = el(payerParty, 2);
  // N103 91: an identifier "assigned by seller", that is by us, the payee: our customer number.
  if (payerParty && el(payerParty, 3) === '91' && el(payerParty, 4)) payer.customerNumber = el(payerParty, 4);
  if (el(bpr, 9)) payer.accountRef = el(bpr, 9);
  if (el(bpr, 7)) payer.bankId = el(bpr, 7);
  const payee = head.find((s) => s.id === 'N1' && el(s, 1) === 'PE');
  if (payee && el(payee, 2)) memo.push(`paid to ${el(payee, 2)}`);
  for (const nte of body.filter((s) => s.id === 'NTE' && el(s, 2))) memo.push(el(nte, 2));

  const reading = readRemittance(body, currency);
  const problem = reading.problems[0];
  if (problem) fail(body.find((s) => s.index === problem.index) ?? st, problem.reason);
  memo.push(...reading.notes, ...describeAdjustments(reading, currency));
  const warning = handlingCode === 'P' ? undefined : balanceWarning(reading, amount.value, currency);
  if (warning) memo.push(warning);

  const entry: BankEntry = {
    direction: flag === 'C' ? 'credit' : 'debit',
    amountMinor: amount.value,
    currency,
    bookedOn: isoDate(bpr, 16, 'the payment date') ?? createdOn,
    kind: handling.moves ? METHOD_KINDS[method] ?? 'other' : 'other',
    typeCode: el(bpr, 5) ? `${method}/${el(bpr, 5)}` : method,
    bankRef: trace,
    customerRef: trace,
    payer,
    remittance: reading.lines,
    memo: memo.join('; '),
    location: `ST ${control} (segment ${st.index})`,
  };
  return { entry, account: el(bpr, 15) };
}

function readSets(text: string): X12TransactionSet[] {
  try {
    return readTransactionSets(text);
  } catch (err) {
    if (err instanceof X12EnvelopeError) throw new BankFileError('x12-820', err.line, err.message);
    throw err;
  }
}

/**
 * Reads an X12 820 file (one interchange or several back to back): one entry per transaction set.
 * Throws BankFileError for a broken envelope, a test interchange, or a payment that cannot be read.
 */
export function parseX12_820(text: string): BankFile {
  const sets = readSets(text);
  const first = sets[0];
  if (!first) throw new BankFileError('x12-820', 1, 'the interchange holds no transaction set (ST … SE)');
  const interchanges = [...new Set(sets.map((s) => s.isa))];
  for (const isa of interchanges) {
    const usage = el(isa, 15);
    if (usage === 'T') fail(isa, 'ISA15 is T: this is a test interchange, not payments to book');
    if (usage !== 'P' && usage !== 'I') fail(isa, `ISA15 (usage) must be P (production), T (test) or I (information), but it is "${usage}"`);
  }
  const createdOn = isoDate(first.gs, 4, 'the group date')
    ?? (/^\d{6}$/.test(el(first.isa, 9)) ? compactDateToIso(el(first.isa, 9)) : undefined)
    ?? fail(first.isa, `neither GS04 nor ISA09 "${el(first.isa, 9)}" is a date`);

  const accounts = new Map<string, BankAccountReport>();
  for (const set of sets) {
    const { entry, account } = readPayment(set, createdOn);
    const key = `${account} ${entry.currency}`;
    let report = accounts.get(key);
    if (!report) {
      report = { accountNumber: account, currency: entry.currency, entries: [] };
      accounts.set(key, report);
    }
    report.entries.push(entry);
  }
  return {
    format: 'x12-820',
    fileId: interchanges.map((isa) => el(isa, 13)).join('+'),
    createdOn,
    accounts: [...accounts.values()],
  };
}
