// Writes a BankFile as an ISO 20022 camt.053.001.08 statement: one Stmt per account, one Ntry (with
// one TxDtls) per entry, balances and a transaction summary computed from the entries. For the demo,
// the benchmark and round-trip tests; parseCamt reads back what this writes.
import type { BankAccountReport, BankEntry, BankFile, Payer, RemittanceLine } from '../../domain/payment-documents.js';
import { formatDecimal } from './camt-values.js';

const NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

/** A child that may be absent: `condition && element`. */
type Child = Element | false | undefined;

export function writeCamt053(file: BankFile): string {
  const body = el('BkToCstmrStmt', [
    el('GrpHdr', [text('MsgId', file.fileId), text('CreDtTm', dateTime(file.createdOn))]),
    // Stmt/Id is Max35Text.
    ...file.accounts.map((account, i) => statement(account, `S${i + 1}-${file.fileId}`.slice(0, 35), file.createdOn)),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${NAMESPACE}">\n${render(body, 1)}</Document>\n`;
}

function statement(account: BankAccountReport, id: string, createdOn: string): Element {
  const { currency } = account;
  const credits = account.entries.filter((e) => e.direction === 'credit');
  const debits = account.entries.filter((e) => e.direction === 'debit');
  const sum = (entries: BankEntry[]) => entries.reduce((total, e) => total + BigInt(e.amountMinor), 0n);
  const net = sum(credits) - sum(debits);
  return el('Stmt', [
    text('Id', id),
    text('CreDtTm', dateTime(createdOn)),
    el('Acct', [
      el('Id', [isIban(account.accountNumber) ? text('IBAN', account.accountNumber) : el('Othr', [text('Id', account.accountNumber)])]),
      text('Ccy', currency),
    ]),
    account.openingMinor !== undefined && balance('OPBD', account.openingMinor, currency, createdOn),
    account.closingMinor !== undefined && balance('CLBD', account.closingMinor, currency, createdOn),
    el('TxsSummry', [
      el('TtlNtries', [
        text('NbOfNtries', String(account.entries.length)),
        text('Sum', formatDecimal(sum(account.entries), currency)),
        el('TtlNetNtry', [text('Amt', formatDecimal(net < 0n ? -net : net, currency)), text('CdtDbtInd', net < 0n ? 'DBIT' : 'CRDT')]),
      ]),
      el('TtlCdtNtries', [text('NbOfNtries', String(credits.length)), text('Sum', formatDecimal(sum(credits), currency))]),
      el('TtlDbtNtries', [text('NbOfNtries', String(debits.length)), text('Sum', formatDecimal(sum(debits), currency))]),
    ]),
    ...account.entries.map(entry),
  ]);
}

function balance(code: string, signedMinor: number, currency: string, date: string): Element {
  return el('Bal', [
    el('Tp', [el('CdOrPrtry', [text('Cd', code)])]),
    amount('Amt', Math.abs(signedMinor), currency),
    text('CdtDbtInd', signedMinor < 0 ? 'DBIT' : 'CRDT'),
    el('Dt', [text('Dt', date)]),
  ]);
}

function entry(e: BankEntry): Element {
  const details = transactionDetails(e);
  return el('Ntry', [
    amount('Amt', e.amountMinor, e.currency),
    text('CdtDbtInd', e.direction === 'credit' ? 'CRDT' : 'DBIT'),
    // A return written as a reversal reads back as one whatever its transaction code says.
    e.kind === 'return' && text('RvslInd', 'true'),
    el('Sts', [text('Cd', 'BOOK')]),
    el('BookgDt', [text('Dt', e.bookedOn)]),
    e.bankRef !== '' && text('AcctSvcrRef', e.bankRef),
    e.typeCode !== '' && bankTransactionCode(e.typeCode),
    details.length > 0 && el('NtryDtls', [el('TxDtls', details)]),
    e.memo !== '' && text('AddtlNtryInf', e.memo),
  ]);
}

function bankTransactionCode(code: string): Element {
  const parts = /^([A-Z]{4})\/([A-Z]{4})\/([A-Z]{4})$/.exec(code);
  if (!parts) return el('BkTxCd', [el('Prtry', [text('Cd', code)])]);
  return el('BkTxCd', [el('Domn', [text('Cd', parts[1]!), el('Fmly', [text('Cd', parts[2]!), text('SubFmlyCd', parts[3]!)])])]);
}

function transactionDetails(e: BankEntry): Element[] {
  const parties = payerParties(e.payer);
  return present([
    e.customerRef !== '' && el('Refs', [text('EndToEndId', e.customerRef)]),
    parties.length > 0 && el('RltdPties', parties),
    e.payer.bankId !== undefined && el('RltdAgts', [el('DbtrAgt', [el('FinInstnId', [
      isBic(e.payer.bankId) ? text('BICFI', e.payer.bankId) : el('ClrSysMmbId', [text('MmbId', e.payer.bankId)]),
    ])])]),
    e.remittance.length > 0 && el('RmtInf', e.remittance.map((line) => structuredRemittance(line, e.currency))),
  ]);
}

function payerParties(payer: Payer): Element[] {
  return present([
    payer.name !== undefined && el('Dbtr', [el('Pty', [text('Nm', payer.name)])]),
    payer.accountRef !== undefined && el('DbtrAcct', [el('Id', [
      isIban(payer.accountRef) ? text('IBAN', payer.accountRef) : el('Othr', [text('Id', payer.accountRef)]),
    ])]),
  ]);
}

function structuredRemittance(line: RemittanceLine, currency: string): Element {
  const amounts = present([
    line.invoiceAmountMinor !== undefined && amount('DuePyblAmt', line.invoiceAmountMinor, currency),
    line.discountMinor !== undefined && el('DscntApldAmt', [amount('Amt', line.discountMinor, currency)]),
    line.adjustmentMinor !== undefined && el('AdjstmntAmtAndRsn', [
      amount('Amt', Math.abs(line.adjustmentMinor), currency),
      // DBIT: held back from the amount remitted; CRDT: added to it (a negative adjustment).
      text('CdtDbtInd', line.adjustmentMinor < 0 ? 'CRDT' : 'DBIT'),
      line.adjustmentReason !== undefined && text('AddtlInf', line.adjustmentReason),
    ]),
    line.paidMinor !== undefined && amount('RmtdAmt', line.paidMinor, currency),
  ]);
  return el('Strd', [
    el('RfrdDocInf', [text('Nb', line.reference)]),
    amounts.length > 0 && el('RfrdDocAmt', amounts),
  ]);
}

function isIban(value: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value);
}

function isBic(value: string): boolean {
  return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value);
}

function dateTime(date: string): string {
  return `${date}T00:00:00`;
}

// A small element tree rendered with indentation; text values are written as they are (escaped).
interface Element {
  name: string;
  children?: Element[];
  value?: string;
  currency?: string;
}

function el(name: string, children: Child[]): Element {
  return { name, children: present(children) };
}

function present(children: Child[]): Element[] {
  return children.filter((c): c is Element => typeof c === 'object');
}

function text(name: string, value: string): Element {
  return { name, value };
}

function amount(name: string, minor: number, currency: string): Element {
  return { name, value: formatDecimal(minor, currency), currency };
}

function render(element: Element, depth: number): string {
  const pad = '  '.repeat(depth);
  const attributes = element.currency === undefined ? '' : ` Ccy="${escape(element.currency)}"`;
  if (element.value !== undefined) return `${pad}<${element.name}${attributes}>${escape(element.value)}</${element.name}>\n`;
  const inner = (element.children ?? []).map((c) => render(c, depth + 1)).join('');
  return `${pad}<${element.name}${attributes}>\n${inner}${pad}</${element.name}>\n`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
