// What a camt entry is, from its ISO 20022 Bank Transaction Code (BkTxCd): the structured
// Domain/Family/SubFamily code first, the bank's proprietary code when that says nothing more.
import type { EntryKind } from '../../domain/payment-documents.js';
import { firstText, textAt, type XmlElement } from './camt-xml.js';

export interface BankTransactionCode {
  /** "PMNT/RCDT/ESCT", or the proprietary code, or '' when the entry has none. */
  typeCode: string;
  kind: EntryKind;
}

// Families of the Payments domain (ISO 20022 External Code Set, ExternalBankTransactionFamily1Code).
const PAYMENT_FAMILIES: Record<string, EntryKind> = {
  RCDT: 'wire', ICDT: 'wire', // received / issued credit transfers
  RRCT: 'wire', IRCT: 'wire', // real-time (instant) credit transfers
  RDDT: 'ach', IDDT: 'ach', // direct debits
  RCHQ: 'check', ICHQ: 'check', DRFT: 'check', // cheques, drafts
  CNTR: 'deposit', // counter transactions
  LBOX: 'lockbox',
  CCRD: 'card', MCRD: 'card', // customer and merchant card transactions
  CHRG: 'fee',
};

// Sub-families that say more than their family does, whatever the family.
const SUB_FAMILIES: Record<string, EntryKind> = {
  // Clearing-house (batch) credit transfers: SEPA, ACH, payroll, standing orders.
  ESCT: 'ach', ATXN: 'ach', ACDT: 'ach', ACOR: 'ach', APAC: 'ach', ASET: 'ach', SALA: 'ach', STDO: 'ach', VCOM: 'ach',
  // Individually settled transfers: domestic (Fedwire, CHAPS), cross-border, priority, same day.
  DMCT: 'wire', XBCT: 'wire', PRCT: 'wire', SDVA: 'wire', FICT: 'wire', XBSA: 'wire',
  // Returns and reversals of transfers, direct debits, cheques and card payments.
  ARET: 'return', AREV: 'return', RRTN: 'return', RPCR: 'return', UPDD: 'return', PRDD: 'return', URCQ: 'return', UPCQ: 'return', CQRV: 'return',
  // Charges and fees.
  CHRG: 'fee', COMM: 'fee', FEES: 'fee', SUBS: 'fee',
  // Deposits at the counter or the lockbox.
  CDPT: 'deposit', CHKD: 'deposit', BCDP: 'deposit', MIXD: 'deposit', LBDP: 'lockbox',
  BCHQ: 'check', CCHQ: 'check',
  // Withdrawals are not deposits even at the counter.
  CWDL: 'other', FCWD: 'other',
};

// SWIFT MT940 transaction type identification codes banks reuse as proprietary codes ("NTRF", "NTRF+166").
const SWIFT_TYPES: Record<string, EntryKind> = {
  TRF: 'wire', CHK: 'check', DDT: 'ach', STO: 'ach', CHG: 'fee', COM: 'fee', RTI: 'return', LBX: 'lockbox',
};

/** Reads a BkTxCd element (of an entry or of one transaction in it). */
export function readBankTransactionCode(code: XmlElement | undefined): BankTransactionCode | undefined {
  if (!code) return undefined;
  const domain = textAt(code, 'Domn/Cd');
  const family = textAt(code, 'Domn/Fmly/Cd');
  const subFamily = textAt(code, 'Domn/Fmly/SubFmlyCd');
  const proprietary = firstText(code, 'Prtry/Cd');
  if (!domain && !proprietary) return undefined;
  const structured = domain ? structuredKind(domain, family, subFamily) : 'other';
  const kind = structured !== 'other' || !proprietary ? structured : proprietaryKind(proprietary);
  const typeCode = domain ? [domain, family, subFamily].filter(Boolean).join('/') : proprietary ?? '';
  return { typeCode, kind };
}

function structuredKind(domain: string, family: string | undefined, subFamily: string | undefined): EntryKind {
  const bySubFamily = subFamily ? SUB_FAMILIES[subFamily] : undefined;
  if (bySubFamily === 'fee' || bySubFamily === 'return') return bySubFamily;
  if (domain !== 'PMNT') return 'other';
  const byFamily = family ? PAYMENT_FAMILIES[family] : undefined;
  if (byFamily === undefined) return bySubFamily ?? 'other';
  // A withdrawal at the counter is not a deposit; a lockbox deposit stays a lockbox payment.
  if (byFamily === 'deposit' || byFamily === 'wire' || byFamily === 'check') return bySubFamily ?? byFamily;
  return byFamily;
}

function proprietaryKind(code: string): EntryKind {
  const structured = /^([A-Z]{4})\/([A-Z]{4})\/([A-Z]{4})$/.exec(code);
  if (structured) return structuredKind(structured[1]!, structured[2], structured[3]);
  const swift = /^[NSF]([A-Z]{3})(?:\b|\+|$)/.exec(code);
  return (swift && SWIFT_TYPES[swift[1]!]) || 'other';
}
