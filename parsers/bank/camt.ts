// ISO 20022 bank-to-customer cash management: camt.053 statements (BkToCstmrStmt/Stmt) and camt.054
// debit/credit notifications (BkToCstmrDbtCdtNtfctn/Ntfctn), any version (namespaces are ignored;
// elements renamed between versions are read under both names). Every statement or notification is
// an account report, every Ntry one or more bank entries. A file whose own control figures disagree
// (transaction summary, balances in the account's currency, a batch booking's transactions against
// its entry) is rejected whole, naming the element and line. A batch's own count and total (Btch) are
// information, not control figures: a disagreement there is a warning in the entry's memo.
import {
  BankFileError, type BankAccountReport, type BankEntry, type BankFile,
} from '../../domain/payment-documents.js';
import { CURRENCY_CODE, decodeText } from '../structured-values.js';
import { readEntry, type EntryContext, type ReadEntry } from './camt-entry.js';
import {
  formatDecimal, readAmount, readBoolean, readCount, readDateChoice, readDateText, readDecimalTotal, readDirection,
} from './camt-values.js';
import {
  child, childrenNamed, firstOf, firstText, readXml, requireChild, requireText, type CamtFormat, type XmlElement,
} from './camt-xml.js';

const MESSAGES: Record<string, { format: CamtFormat; report: string; pagination: string }> = {
  BkToCstmrStmt: { format: 'camt.053', report: 'Stmt', pagination: 'StmtPgntn' },
  BkToCstmrDbtCdtNtfctn: { format: 'camt.054', report: 'Ntfctn', pagination: 'NtfctnPgntn' },
};

const OTHER_MESSAGES: Record<string, string> = {
  BkToCstmrAcctRpt: 'a camt.052 account report (intraday), not a statement or notification',
  CstmrCdtTrfInitn: 'a pain.001 payment order, not a bank statement',
  CstmrPmtStsRpt: 'a pain.002 payment status report, not a bank statement',
  CstmrDrctDbtInitn: 'a pain.008 direct debit order, not a bank statement',
};

export function parseCamt(xml: string | Buffer): BankFile {
  const text = typeof xml === 'string' ? xml.replace(/^\uFEFF/, '') : decodeText(xml);
  // Until the root is read, errors are reported under the format the text most resembles.
  const guessed: CamtFormat = /BkToCstmrDbtCdtNtfctn|camt\.054/.test(text) ? 'camt.054' : 'camt.053';
  const root = documentOf(readXml(text, guessed), guessed);
  const message = root.name === 'Document' ? root.children[0] : root;
  if (!message) throw new BankFileError(guessed, root.line, 'not a camt message: Document is empty');
  const kind = MESSAGES[message.name];
  if (!kind) {
    const what = OTHER_MESSAGES[message.name] ?? 'not a camt.053 or camt.054 message';
    throw new BankFileError(guessed, message.line, `${what} (${message.path})`);
  }
  const { format } = kind;
  if (root.name === 'Document' && root.children.length > 1) {
    throw new BankFileError(format, root.children[1]!.line, `Document holds more than one message (${root.children[1]!.path})`);
  }

  const header = requireChild(message, 'GrpHdr', format);
  const fileId = requireText(header, 'MsgId', format);
  const createdOn = readDateText(requireChild(header, 'CreDtTm', format), format);
  const reports = childrenNamed(message, kind.report);
  if (reports.length === 0) {
    throw new BankFileError(format, message.line, `${message.path}/${kind.report} is missing: the message reports on no account`);
  }
  const skipped: Skipped[] = [];
  // A message that is one page of several (GrpHdr/MsgPgntn) carries part of a statement, as a page of
  // a statement (StmtPgntn) does: its totals and balances speak for the whole.
  const wholeMessage = isSinglePage(child(header, 'MsgPgntn'), format);
  const accounts = reports.map((report, i) => readReport(report, `${kind.report} ${i + 1}`, kind.pagination, wholeMessage, format, createdOn, skipped));
  return { format, fileId, createdOn, accounts, ...(skipped.length > 0 ? { skipped } : {}) };
}

type Skipped = NonNullable<BankFile['skipped']>[number];

/**
 * The ISO 20022 Document: the root itself, or the one Document inside an envelope that carries it
 * beside its business application header (AppHdr). Anything else is left for the caller to name.
 */
function documentOf(root: XmlElement, format: CamtFormat): XmlElement {
  if (root.name === 'Document') return root;
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    for (const c of element.children) {
      if (c.name === 'Document') found.push(c);
      else visit(c);
    }
  };
  visit(root);
  if (found.length > 1) {
    throw new BankFileError(format, found[1]!.line, `${root.path} carries ${found.length} ISO 20022 Documents; a bank file holds one (${found[1]!.path})`);
  }
  return found[0] ?? root;
}

// Entry statuses (ExternalEntryStatus1Code; EntryStatus2Code up to version 7) that are not bookings.
const NOT_BOOKED: Record<string, string> = {
  PDNG: 'pending', INFO: 'information only', FUTR: 'future (not yet booked)',
};

function readReport(
  report: XmlElement, label: string, paginationName: string, wholeMessage: boolean, format: CamtFormat, createdOn: string, skipped: Skipped[],
): BankAccountReport {
  requireText(report, 'Id', format);
  const account = requireChild(report, 'Acct', format);
  const accountNumber = firstText(account, 'Id/IBAN', 'Id/Othr/Id');
  if (!accountNumber) throw new BankFileError(format, account.line, `${account.path}/Id/IBAN or ${account.path}/Id/Othr/Id is missing`);
  const ntries = childrenNamed(report, 'Ntry');
  const balances = readBalances(report, format);
  const currency = accountCurrency(account, ntries, balances, format);

  const ctx: EntryContext = { format, currency, createdOn, report: label };
  const read = ntries.map((ntry, i) => readEntry(ntry, i + 1, ctx));
  // A balance in another currency than the account's cannot be set against the entries (banks do state
  // some in a reporting currency): it is neither reported as the account's balance nor checked.
  const comparable = balances.filter((b) => b.currency === currency);
  // A statement over several days may state a booked balance for each day: the period opens with the
  // earliest opening balance and closes with the latest closing one.
  const opening = earliest(comparable.filter((b) => b.code === 'OPBD')) ?? earliest(comparable.filter((b) => b.code === 'PRCD'));
  const closing = latest(comparable.filter((b) => b.code === 'CLBD'));
  // A page of a longer statement holds only some entries: its totals and balances speak for the whole.
  if (wholeMessage && isSinglePage(child(report, paginationName), format)) {
    checkSummary(report, read, currency, format);
    if (opening && closing) checkBalances(report, read, opening, closing, currency, format);
  }

  const entries: BankEntry[] = read.filter((r) => r.booked).flatMap((r) => r.entries);
  for (const r of read.filter((e) => !e.booked)) {
    const meaning = NOT_BOOKED[r.status ?? ''] ?? 'not booked';
    skipped.push({ location: r.location, reason: `status ${r.status} (${meaning}): not a booking, so neither an entry nor part of the balance` });
  }
  return {
    accountNumber,
    currency,
    ...(opening ? { openingMinor: opening.signedMinor } : {}),
    ...(closing ? { closingMinor: closing.signedMinor } : {}),
    entries,
  };
}

interface Balance {
  code: string;
  currency: string;
  signedMinor: number;
  /** Bal/Dt, YYYY-MM-DD, when stated. */
  date: string | undefined;
  element: XmlElement;
}

/** The balance with the earliest date (the first written when dates are missing or equal). */
function earliest(balances: Balance[]): Balance | undefined {
  return balances.reduce<Balance | undefined>((best, b) => (!best || (b.date && best.date && b.date < best.date) ? b : best), undefined);
}

/** The balance with the latest date (the first written when dates are missing or equal). */
function latest(balances: Balance[]): Balance | undefined {
  return balances.reduce<Balance | undefined>((best, b) => (!best || (b.date && best.date && b.date > best.date) ? b : best), undefined);
}

/** The booked balances a statement states: OPBD (or PRCD, the previous closing) and CLBD. */
function readBalances(report: XmlElement, format: CamtFormat): Balance[] {
  return childrenNamed(report, 'Bal').flatMap((element) => {
    const code = firstText(element, 'Tp/CdOrPrtry/Cd', 'Tp/CdOrPrtry/Prtry');
    if (code !== 'OPBD' && code !== 'PRCD' && code !== 'CLBD') return [];
    const amount = readAmount(requireChild(element, 'Amt', format), format);
    const direction = readDirection(requireChild(element, 'CdtDbtInd', format), format);
    const date = readDateChoice(child(element, 'Dt'), format);
    return [{ code, currency: amount.currency, signedMinor: direction === 'credit' ? amount.minor : -amount.minor, date, element }];
  });
}

/** Acct/Ccy when stated, else the currency the entries (or the balances) are in. */
function accountCurrency(account: XmlElement, ntries: XmlElement[], balances: Balance[], format: CamtFormat): string {
  const stated = child(account, 'Ccy');
  if (stated) {
    if (!CURRENCY_CODE.test(stated.text)) throw new BankFileError(format, stated.line, `${stated.path} "${stated.text}" is not an ISO 4217 code`);
    return stated.text;
  }
  for (const ntry of ntries) {
    const amount = child(ntry, 'Amt');
    if (amount) return readAmount(amount, format).currency;
  }
  const fromBalance = balances[0]?.currency;
  if (fromBalance) return fromBalance;
  throw new BankFileError(format, account.line, `${account.path}/Ccy is missing and no entry or balance states a currency`);
}

/** No pagination, or page 1 that is also the last (Pagination: PgNb and LastPgInd). */
function isSinglePage(pagination: XmlElement | undefined, format: CamtFormat): boolean {
  if (!pagination) return true;
  const page = requireText(pagination, 'PgNb', format);
  return /^0*1$/.test(page) && readBoolean(requireChild(pagination, 'LastPgInd', format), format);
}

/** TxsSummry: the number and sum of all entries, of the credits and of the debits, and their net. */
function checkSummary(report: XmlElement, read: ReadEntry[], currency: string, format: CamtFormat): void {
  const summary = child(report, 'TxsSummry');
  if (!summary) return;
  const credits = read.filter((r) => r.direction === 'credit');
  const debits = read.filter((r) => r.direction === 'debit');
  const total = (entries: ReadEntry[]) => entries.reduce((sum, r) => sum + BigInt(r.amountMinor), 0n);
  const groups: [string, ReadEntry[]][] = [['TtlNtries', read], ['TtlCdtNtries', credits], ['TtlDbtNtries', debits]];
  for (const [name, entries] of groups) {
    const group = child(summary, name);
    if (!group) continue;
    const count = child(group, 'NbOfNtries');
    if (count && readCount(count, format) !== entries.length) {
      throw new BankFileError(format, count.line, `${count.path} says ${count.text} entries but ${report.path} has ${entries.length}`);
    }
    const sum = child(group, 'Sum');
    if (sum && readDecimalTotal(sum, currency, format) !== total(entries)) {
      throw new BankFileError(format, sum.line,
        `${sum.path} says ${sum.text} but the entries add up to ${formatDecimal(total(entries), currency)} ${currency}`);
    }
  }
  // Net of all entries: TtlNetNtry/Amt + CdtDbtInd from version 3, TtlNetNtryAmt + CdtDbtInd in version 2.
  const totals = child(summary, 'TtlNtries');
  const netAmount = firstOf(totals, 'TtlNetNtry/Amt', 'TtlNetNtryAmt');
  if (!totals || !netAmount) return;
  const indicator = firstOf(totals, 'TtlNetNtry/CdtDbtInd', 'CdtDbtInd');
  const stated = readDecimalTotal(netAmount, currency, format);
  const net = total(credits) - total(debits);
  const matches = indicator
    ? (readDirection(indicator, format) === 'credit' ? stated : -stated) === net
    : stated === (net < 0n ? -net : net);
  if (!matches) {
    const statedText = `${indicator?.text === 'DBIT' ? '-' : ''}${netAmount.text}`;
    throw new BankFileError(format, netAmount.line,
      `${netAmount.path} says a net of ${statedText} but the entries net to ${formatDecimal(net, currency)} ${currency}`);
  }
}

/** Opening balance + booked credits − booked debits must be the closing balance. */
function checkBalances(report: XmlElement, read: ReadEntry[], opening: Balance, closing: Balance, currency: string, format: CamtFormat): void {
  const booked = read.filter((r) => r.booked);
  const net = booked.reduce((sum, r) => sum + (r.direction === 'credit' ? BigInt(r.amountMinor) : -BigInt(r.amountMinor)), 0n);
  const expected = BigInt(opening.signedMinor) + net;
  if (expected !== BigInt(closing.signedMinor)) {
    const money = (minor: number | bigint) => `${formatDecimal(minor, currency)} ${currency}`;
    throw new BankFileError(format, closing.element.line,
      `${report.path}: opening balance (${opening.code}) ${money(opening.signedMinor)} with booked entries netting ${money(net)} `
      + `makes ${money(expected)}, but the closing balance (${closing.code}) is ${money(closing.signedMinor)}`);
  }
}
