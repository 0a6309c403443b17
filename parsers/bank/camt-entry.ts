// One camt entry (Ntry) as bank entries. A batch booking (one Ntry, several TxDtls that each state
// their amount) becomes one entry per transaction, and the transactions must add up to the booking;
// otherwise the Ntry is one entry carrying everything its transactions say. A batch's own count and
// total (Btch NbOfTxs, TtlAmt) are information about the batch, not what was booked: where they
// disagree with the TxDtls listed, the entry's memo says so and the file is still read.
import { BankFileError, type BankEntry, type Payer } from '../../domain/payment-documents.js';
import { readBankTransactionCode, type BankTransactionCode } from './camt-bank-codes.js';
import { customerReference, meaningfulReference, readTransaction, transactionAmount, type TransactionFacts } from './camt-transaction.js';
import { formatDecimal, readAmount, readBoolean, readCount, readDateChoice, readDirection } from './camt-values.js';
import { child, childrenNamed, firstText, requireChild, textAt, type CamtFormat, type XmlElement } from './camt-xml.js';

export interface EntryContext {
  format: CamtFormat;
  /** The account's currency: every Ntry/Amt must be in it. */
  currency: string;
  /** The message's creation date, for entries that carry no date of their own. */
  createdOn: string;
  /** "Stmt 1" or "Ntfctn 2", the start of every entry's location. */
  report: string;
}

export interface ReadEntry {
  direction: 'credit' | 'debit';
  amountMinor: number;
  /** Sts BOOK (or no status): part of the balance. Pending and information-only entries are not. */
  booked: boolean;
  /** The status code as written (BOOK, PDNG, INFO, FUTR), when the entry states one. */
  status?: string;
  /** "Stmt 1 / Ntry 3", for people. */
  location: string;
  entries: BankEntry[];
}

type Direction = 'credit' | 'debit';

interface Transaction {
  element: XmlElement;
  /** The Btch of the NtryDtls it sits in. */
  batch: XmlElement | undefined;
  /** Where that Btch disagrees with the TxDtls listed beside it. */
  batchWarnings: string[];
  facts: TransactionFacts;
}

export function readEntry(ntry: XmlElement, index: number, ctx: EntryContext): ReadEntry {
  const { format } = ctx;
  const amountElement = requireChild(ntry, 'Amt', format);
  const amount = readAmount(amountElement, format);
  if (amount.currency !== ctx.currency) {
    throw new BankFileError(format, amountElement.line, `${amountElement.path} is in ${amount.currency} but the account is in ${ctx.currency}`);
  }
  const direction = readDirection(requireChild(ntry, 'CdtDbtInd', format), format);
  const reversalElement = child(ntry, 'RvslInd');
  const reversal = reversalElement ? readBoolean(reversalElement, format) : false;
  // Sts is a code up to version 7 and a choice (Sts/Cd or Sts/Prtry) from version 8.
  const status = firstText(ntry, 'Sts/Cd', 'Sts/Prtry', 'Sts');
  const bookedOn = readDateChoice(child(ntry, 'BookgDt'), format) ?? readDateChoice(child(ntry, 'ValDt'), format) ?? ctx.createdOn;

  const transactions: Transaction[] = childrenNamed(ntry, 'NtryDtls').flatMap((details) => {
    const batch = child(details, 'Btch');
    const txs = childrenNamed(details, 'TxDtls');
    const batchWarnings = batch && txs.length > 0 ? batchDisagreements(batch, txs, direction, ctx) : [];
    return txs.map((element) => ({ element, batch, batchWarnings, facts: readTransaction(element, ctx.currency, format) }));
  });

  const common = {
    currency: amount.currency,
    bookedOn,
    entryCode: readBankTransactionCode(child(ntry, 'BkTxCd')),
    bankRef: meaningfulReference(textAt(ntry, 'AcctSvcrRef')) ?? meaningfulReference(textAt(ntry, 'NtryRef')) ?? '',
    entryMemo: textAt(ntry, 'AddtlNtryInf'),
    reversal,
    location: `${ctx.report} / Ntry ${index}`,
  };
  const split = transactions.length > 1 ? splitAmounts(ntry, transactions, amount.minor, direction, ctx) : undefined;
  const entries = split
    ? transactions.map((tx, i) => splitEntry(tx, i + 1, split[i]!, common, sharedServicerRefs(transactions)))
    : [wholeEntry(transactions, amount.minor, direction, childrenNamed(ntry, 'NtryDtls').map((d) => child(d, 'Btch')), common)];
  return {
    direction, amountMinor: amount.minor, booked: status === undefined || status === 'BOOK',
    ...(status === undefined ? {} : { status }), location: common.location, entries,
  };
}

/** Each transaction's amount and direction when all state one in the entry's currency, checked against the entry. */
function splitAmounts(
  ntry: XmlElement, transactions: Transaction[], entryMinor: number, entryDirection: Direction, ctx: EntryContext,
): { minor: number; direction: Direction }[] | undefined {
  const parts = transactions.map((tx) => {
    const minor = transactionAmount(tx.element, ctx.currency, ctx.format);
    const indicator = child(tx.element, 'CdtDbtInd');
    return { minor, direction: indicator ? readDirection(indicator, ctx.format) : entryDirection };
  });
  // Without every amount in the booking's currency the booking cannot be divided: it stays whole.
  if (parts.some((p) => p.minor === undefined)) return undefined;
  const resolved = parts as { minor: number; direction: Direction }[];
  const net = resolved.reduce((total, p) => total + signed(p.minor, p.direction), 0n);
  if (net !== signed(entryMinor, entryDirection)) {
    throw new BankFileError(ctx.format, ntry.line,
      `${ntry.path}: its ${transactions.length} TxDtls amounts net to ${formatDecimal(net, ctx.currency)} ${ctx.currency}, `
      + `but the entry's Amt is ${entryDirection === 'debit' ? '-' : ''}${formatDecimal(entryMinor, ctx.currency)} ${ctx.currency}`);
  }
  return resolved;
}

/**
 * Where Btch's count of transactions or their total disagrees with the TxDtls listed beside it, in
 * words for the memo. The total is compared only when every TxDtls states an amount in its currency.
 */
function batchDisagreements(batch: XmlElement, txs: XmlElement[], entryDirection: Direction, ctx: EntryContext): string[] {
  const { format } = ctx;
  const warnings: string[] = [];
  const count = child(batch, 'NbOfTxs');
  const stated = count ? readCount(count, format) : txs.length;
  if (stated !== txs.length) warnings.push(`batch says ${stated} transaction${stated === 1 ? '' : 's'}, ${txs.length} listed`);
  const totalElement = child(batch, 'TtlAmt');
  if (!totalElement) return warnings;
  const total = readAmount(totalElement, format);
  const batchIndicator = child(batch, 'CdtDbtInd');
  const batchDirection = batchIndicator ? readDirection(batchIndicator, format) : entryDirection;
  const amounts = txs.map((tx) => {
    const minor = transactionAmount(tx, total.currency, format);
    const indicator = child(tx, 'CdtDbtInd');
    return minor === undefined ? undefined : signed(minor, indicator ? readDirection(indicator, format) : batchDirection);
  });
  if (amounts.some((a) => a === undefined)) return warnings;
  const net = amounts.reduce<bigint>((sum, a) => sum + a!, 0n);
  const statedTotal = signed(total.minor, batchDirection);
  if (net !== statedTotal) {
    const money = (minor: bigint) => `${formatDecimal(minor, total.currency)} ${total.currency}`;
    const listed = txs.length === 1 ? 'the one transaction listed nets' : `the ${txs.length} transactions listed net`;
    warnings.push(`batch says a total of ${money(statedTotal)}, ${listed} to ${money(net)}`);
  }
  return warnings;
}

function signed(minor: number, direction: Direction): bigint {
  return direction === 'credit' ? BigInt(minor) : -BigInt(minor);
}

interface EntryCommon {
  currency: string;
  bookedOn: string;
  entryCode: BankTransactionCode | undefined;
  bankRef: string;
  entryMemo: string | undefined;
  reversal: boolean;
  location: string;
}

/** Servicer references that more than one transaction of the booking carries (Swiss banks put the batch's package id on each). */
function sharedServicerRefs(transactions: Transaction[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const ref of transactions.map((t) => t.facts.references.servicer)) {
    if (ref !== undefined && seen.has(ref)) shared.add(ref);
    if (ref !== undefined) seen.add(ref);
  }
  return shared;
}

/**
 * The parts of one booking share its reference, and sometimes each other's: each part gets its own
 * so that none looks like a duplicate of another ("REF#2").
 */
function partReference(own: string | undefined, booking: string, n: number, sharedRefs: Set<string>): string {
  if (own !== undefined) return sharedRefs.has(own) ? `${own}#${n}` : own;
  return booking ? `${booking}#${n}` : '';
}

function splitEntry(
  tx: Transaction, n: number, part: { minor: number; direction: Direction }, common: EntryCommon, sharedRefs: Set<string>,
): BankEntry {
  const { facts } = tx;
  const code = facts.code ?? common.entryCode;
  return {
    direction: part.direction,
    amountMinor: part.minor,
    currency: common.currency,
    bookedOn: common.bookedOn,
    kind: common.reversal || facts.returned ? 'return' : code?.kind ?? 'other',
    typeCode: code?.typeCode ?? '',
    bankRef: partReference(facts.references.servicer, common.bankRef, n, sharedRefs),
    customerRef: customerReference(facts.references) ?? meaningfulReference(textAt(tx.batch, 'PmtInfId')) ?? '',
    payer: facts.payer,
    remittance: facts.remittance,
    memo: joinMemo([...facts.memo, common.entryMemo, ...tx.batchWarnings]),
    location: `${common.location} / TxDtls ${n}`,
  };
}

/** The entry as booked, with what all of its transactions (none, one, or an undivided batch) say. */
function wholeEntry(
  transactions: Transaction[], minor: number, direction: Direction, batches: (XmlElement | undefined)[], common: EntryCommon,
): BankEntry {
  const facts = transactions.map((t) => t.facts);
  const code = common.entryCode ?? agreed(facts.map((f) => f.code), (c) => c?.typeCode);
  const refs = facts.map((f) => f.references);
  const customerRef = agreedText(refs.map((r) => r.endToEnd)) ?? agreedText(refs.map((r) => r.cheque))
    ?? agreedText(refs.map((r) => r.instruction)) ?? agreedText(refs.map((r) => r.paymentInfo))
    ?? agreedText(batches.map((b) => meaningfulReference(textAt(b, 'PmtInfId')))) ?? '';
  return {
    direction,
    amountMinor: minor,
    currency: common.currency,
    bookedOn: common.bookedOn,
    kind: common.reversal || (facts.length > 0 && facts.every((f) => f.returned)) ? 'return' : code?.kind ?? 'other',
    typeCode: code?.typeCode ?? '',
    bankRef: common.bankRef || (agreedText(refs.map((r) => r.servicer)) ?? ''),
    customerRef,
    payer: agreedPayer(facts.map((f) => f.payer)),
    remittance: facts.flatMap((f) => f.remittance),
    memo: joinMemo([...facts.flatMap((f) => f.memo), common.entryMemo, ...transactions.flatMap((t) => t.batchWarnings)]),
    location: common.location,
  };
}

/** The value every transaction that states one agrees on; undefined when none does or they differ. */
function agreed<T>(values: T[], key: (value: T) => string | undefined): T | undefined {
  const stated = values.filter((v) => key(v) !== undefined);
  return stated.length > 0 && stated.every((v) => key(v) === key(stated[0]!)) ? stated[0] : undefined;
}

function agreedText(values: (string | undefined)[]): string | undefined {
  return agreed(values, (v) => v);
}

/** A payer field survives only when the transactions agree on it: one batch may carry many payers. */
function agreedPayer(payers: Payer[]): Payer {
  const payer: Payer = {};
  const name = agreedText(payers.map((p) => p.name));
  const accountRef = agreedText(payers.map((p) => p.accountRef));
  const bankId = agreedText(payers.map((p) => p.bankId));
  if (name) payer.name = name;
  if (accountRef) payer.accountRef = accountRef;
  if (bankId) payer.bankId = bankId;
  return payer;
}

function joinMemo(parts: (string | undefined)[]): string {
  return [...new Set(parts.filter((p): p is string => Boolean(p)))].join(' | ');
}
