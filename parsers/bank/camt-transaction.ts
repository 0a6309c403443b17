// One camt transaction (NtryDtls/TxDtls): its references, who paid, what the payer says it covers
// (structured remittance: referred documents and creditor references) and its free text.
import type { Payer, RemittanceLine } from '../../domain/payment-documents.js';
import { readBankTransactionCode, type BankTransactionCode } from './camt-bank-codes.js';
import { readAmount, readDirection } from './camt-values.js';
import { child, childrenNamed, firstText, textAt, type CamtFormat, type XmlElement } from './camt-xml.js';

export interface TransactionReferences {
  endToEnd?: string;
  cheque?: string;
  instruction?: string;
  paymentInfo?: string;
  /** The bank's own reference for this transaction (Refs/AcctSvcrRef). */
  servicer?: string;
}

export interface TransactionFacts {
  references: TransactionReferences;
  payer: Payer;
  remittance: RemittanceLine[];
  /** Free text pieces in reading order: Ustrd, AddtlRmtInf, AddtlTxInf. */
  memo: string[];
  /** The transaction is a return (it carries RtrInf). */
  returned: boolean;
  code?: BankTransactionCode;
}

// Max140Text: banks cut long unstructured remittance into 140-character pieces, mid-word.
const USTRD_PIECE = 140;

export function readTransaction(tx: XmlElement, currency: string, format: CamtFormat): TransactionFacts {
  const ustrd = childrenNamed(child(tx, 'RmtInf'), 'Ustrd').map((u) => u.text).filter(Boolean);
  const structured = childrenNamed(child(tx, 'RmtInf'), 'Strd');
  const memo = [
    ustrd.reduce((joined, piece, i) => (i === 0 ? piece : `${joined}${ustrd[i - 1]!.length === USTRD_PIECE ? '' : ' '}${piece}`), ''),
    ...structured.flatMap((s) => childrenNamed(s, 'AddtlRmtInf').map((a) => a.text)),
    textAt(tx, 'AddtlTxInf') ?? '',
  ].filter(Boolean);
  const code = readBankTransactionCode(child(tx, 'BkTxCd'));
  return {
    references: readReferences(tx),
    payer: readPayer(tx),
    remittance: structured.flatMap((s) => readStructuredRemittance(s, currency, format)),
    memo,
    returned: child(tx, 'RtrInf') !== undefined,
    ...(code ? { code } : {}),
  };
}

/** The payer's reference: end-to-end ID, cheque number, instruction, payment information, in that order. */
export function customerReference(refs: TransactionReferences): string | undefined {
  return refs.endToEnd ?? refs.cheque ?? refs.instruction ?? refs.paymentInfo;
}

/**
 * "NOTPROVIDED" is what pain.001 asks debtors to send when they have no reference; "NONREF" is the
 * SWIFT MT convention for the same, which banks carry into camt (the German DK format puts it in
 * AcctSvcrRef on every entry). Neither identifies anything.
 */
export function meaningfulReference(value: string | undefined): string | undefined {
  return value === undefined || /^(?:NOT ?PROVIDED|NONREF)$/i.test(value) ? undefined : value;
}

function readReferences(tx: XmlElement): TransactionReferences {
  const refs = child(tx, 'Refs');
  const entries: [keyof TransactionReferences, string | undefined][] = [
    ['endToEnd', meaningfulReference(textAt(refs, 'EndToEndId'))],
    ['cheque', meaningfulReference(textAt(refs, 'ChqNb'))],
    ['instruction', meaningfulReference(textAt(refs, 'InstrId'))],
    ['paymentInfo', meaningfulReference(textAt(refs, 'PmtInfId'))],
    ['servicer', meaningfulReference(textAt(refs, 'AcctSvcrRef'))],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TransactionReferences;
}

function readPayer(tx: XmlElement): Payer {
  const parties = child(tx, 'RltdPties');
  // Up to version 7 the party is Dbtr/Nm; from version 8 it is a choice, Dbtr/Pty/Nm or Dbtr/Agt.
  const partyName = (party: XmlElement | undefined) => firstText(party, 'Nm', 'Pty/Nm', 'Agt/FinInstnId/Nm');
  const payer: Payer = {};
  const name = partyName(child(parties, 'Dbtr')) ?? partyName(child(parties, 'UltmtDbtr'));
  const accountRef = firstText(parties, 'DbtrAcct/Id/IBAN', 'DbtrAcct/Id/Othr/Id');
  const bankId = firstText(child(tx, 'RltdAgts/DbtrAgt/FinInstnId'), 'BICFI', 'BIC', 'ClrSysMmbId/MmbId');
  if (name) payer.name = name;
  if (accountRef) payer.accountRef = accountRef;
  if (bankId) payer.bankId = bankId;
  return payer;
}

/**
 * One Strd block: each referred document (RfrdDocInf/Nb) is a line; the block's amounts (RfrdDocAmt)
 * belong to its document when it names exactly one. A creditor reference (CdtrRefInf/Ref, such as an
 * RF ISO 11649 reference) is a line of its own unless it repeats a document number.
 */
function readStructuredRemittance(strd: XmlElement, currency: string, format: CamtFormat): RemittanceLine[] {
  const documents = childrenNamed(strd, 'RfrdDocInf').map((d) => textAt(d, 'Nb')).filter((nb): nb is string => nb !== undefined);
  const amounts = readDocumentAmounts(child(strd, 'RfrdDocAmt'), currency, format);
  const creditorRef = textAt(strd, 'CdtrRefInf/Ref');
  const lines: RemittanceLine[] = documents.map((reference) => (documents.length === 1 ? { reference, ...amounts } : { reference }));
  if (creditorRef !== undefined && !documents.includes(creditorRef)) {
    lines.push(documents.length === 0 ? { reference: creditorRef, ...amounts } : { reference: creditorRef });
  }
  return lines;
}

type DocumentAmounts = Omit<RemittanceLine, 'reference'>;

function readDocumentAmounts(amounts: XmlElement | undefined, currency: string, format: CamtFormat): DocumentAmounts {
  if (!amounts) return {};
  // An amount in another currency than the entry's cannot be compared with it: it is left out.
  const inCurrency = (element: XmlElement | undefined): number | undefined => {
    // Version 2 writes the amount on the element itself; later versions nest some under Amt.
    const amount = element && (element.attributes.Ccy !== undefined ? element : child(element, 'Amt'));
    if (!amount) return undefined;
    const read = readAmount(amount, format);
    return read.currency === currency ? read.minor : undefined;
  };
  const sum = (values: (number | undefined)[]): number | undefined =>
    values.some((v) => v !== undefined) ? values.reduce<number>((total, v) => total + (v ?? 0), 0) : undefined;

  const result: DocumentAmounts = {};
  const paid = inCurrency(child(amounts, 'RmtdAmt'));
  const invoice = inCurrency(child(amounts, 'DuePyblAmt'));
  const discount = sum(childrenNamed(amounts, 'DscntApldAmt').map(inCurrency));
  const adjustments = childrenNamed(amounts, 'AdjstmntAmtAndRsn').map((a) => {
    const amount = inCurrency(a);
    // DBIT (or no indicator) decreases the amount remitted: money held back. CRDT adds to it.
    const indicator = child(a, 'CdtDbtInd');
    const sign = indicator && readDirection(indicator, format) === 'credit' ? -1 : 1;
    const reason = [textAt(a, 'Rsn'), textAt(a, 'AddtlInf')].filter(Boolean).join(' ');
    return { amount: amount === undefined ? undefined : sign * amount, reason };
  });
  const creditNote = inCurrency(child(amounts, 'CdtNoteAmt'));
  const adjustment = sum([...adjustments.map((a) => a.amount), creditNote]);
  const reasons = [...adjustments.map((a) => a.reason), creditNote === undefined ? '' : 'credit note'].filter(Boolean);
  if (paid !== undefined) result.paidMinor = paid;
  if (invoice !== undefined) result.invoiceAmountMinor = invoice;
  if (discount !== undefined) result.discountMinor = discount;
  if (adjustment !== undefined) result.adjustmentMinor = adjustment;
  if (reasons.length > 0) result.adjustmentReason = reasons.join('; ');
  return result;
}

/** The amount a transaction states in `currency`: TxDtls/Amt, else AmtDtls/TxAmt/Amt. */
export function transactionAmount(tx: XmlElement, currency: string, format: CamtFormat): number | undefined {
  for (const element of [child(tx, 'Amt'), child(tx, 'AmtDtls/TxAmt/Amt')]) {
    if (!element) continue;
    const amount = readAmount(element, format);
    if (amount.currency === currency) return amount.minor;
  }
  return undefined;
}

