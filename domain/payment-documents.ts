// What every payment source becomes once read: bank files (BAI2, camt.053/054, NACHA, X12 820, a card
// processor's export) become a BankFile of entries; remittance advice (email body, PDF, spreadsheet) and
// scanned check stubs become a RemittanceAdvice. Parsers produce these; the domain decides what is a
// payment, what reconciles a deposit, and what to match. Money is integer minor units with its currency.

/** How money reached us. `lockbox` is a bank's lockbox service reporting the checks it deposited. */
export type PaymentMethod = 'check' | 'ach' | 'wire' | 'card' | 'lockbox';

export type BankFileFormat = 'bai2' | 'camt.053' | 'camt.054' | 'nacha' | 'x12-820' | 'card-csv';

/** One invoice the payer says a payment covers, as the payer wrote it. */
export interface RemittanceLine {
  /** The invoice reference exactly as written ("INV-000123", "123", "lNV0O0123" from OCR). */
  reference: string;
  /** What the payer paid against it; undefined when the remittance lists references only. */
  paidMinor?: number;
  /** The invoice's amount as the payer states it (X12 RMR04, a remittance's "invoice amount" column). */
  invoiceAmountMinor?: number;
  /** Early-payment discount the payer took. */
  discountMinor?: number;
  /** Other amounts the payer held back (short pay), positive: damaged goods, freight, pricing. */
  adjustmentMinor?: number;
  /** The payer's reason for the adjustment, as code or words (X12 ADX02/CARC, "damaged"). */
  adjustmentReason?: string;
}

export interface Payer {
  name?: string;
  /** Our account number for them, when they quote it (C-1001). */
  customerNumber?: string;
  /** Their bank account (masked or full) or card's last four: identifies a repeat payer. */
  accountRef?: string;
  /** Their bank's routing number / BIC. */
  bankId?: string;
}

/** What a bank entry is, read from its type code (BAI2 type, camt BkTxCd, NACHA SEC/transaction code). */
export type EntryKind = 'ach' | 'wire' | 'check' | 'deposit' | 'lockbox' | 'card' | 'fee' | 'return' | 'other';

export interface BankEntry {
  direction: 'credit' | 'debit';
  /** Always positive; `direction` says which way. */
  amountMinor: number;
  currency: string;
  /** Booking or value date, YYYY-MM-DD (the file's date when an entry has none of its own). */
  bookedOn: string;
  kind: EntryKind;
  /** The code the bank used (BAI2 "195", camt "PMNT/RCDT/ESCT", NACHA "22/CCD", X12 "ACH/CCP"). */
  typeCode: string;
  /** The bank's reference for the entry, unique within the file for an account (may be empty). */
  bankRef: string;
  /** The payer's own reference (check number, end-to-end ID, trace number, individual ID). */
  customerRef: string;
  payer: Payer;
  remittance: RemittanceLine[];
  /** Free text the bank carried (BAI2 88 continuation text, camt AddtlNtryInf/Ustrd, NACHA addenda). */
  memo: string;
  /** Where in the file, for people: "line 12", "Stmt 1 / Ntry 3 / TxDtls 2", "batch 1 entry 4". */
  location: string;
}

export interface BankAccountReport {
  /** Our account at the bank the entries are for. */
  accountNumber: string;
  currency: string;
  /** Opening and closing ledger balances when the file states them. */
  openingMinor?: number;
  closingMinor?: number;
  entries: BankEntry[];
}

export interface BankFile {
  format: BankFileFormat;
  /** The file's own identification (BAI2 file ID, camt MsgId, NACHA file ID modifier + creation, ISA control). */
  fileId: string;
  /** The date the file was created, YYYY-MM-DD. */
  createdOn: string;
  accounts: BankAccountReport[];
  /**
   * Records the file lists that moved no money (a card processor's declined, voided or authorised-only
   * charges), each with where it is and why it is not an entry: nothing in a file is dropped unseen.
   */
  skipped?: { location: string; reason: string }[];
}

/** A bank file that breaks its own rules (control totals, structure): it is rejected whole. */
export class BankFileError extends Error {
  constructor(readonly format: BankFileFormat | 'unknown', readonly line: number, readonly reason: string) {
    super(line > 0 ? `${format} line ${line}: ${reason}` : `${format}: ${reason}`);
    this.name = 'BankFileError';
  }
}

/**
 * Remittance advice: what a payer tells us a payment covers, from an email, a PDF, a spreadsheet or a
 * check stub. It is not money: it joins the payment it describes when the money arrives (or is the
 * check itself, when a scanned check carries it).
 */
export interface RemittanceAdvice {
  payer: Payer;
  method?: PaymentMethod;
  /** Check number, ACH trace, wire reference, as the payer gives it. */
  paymentRef?: string;
  paidOn?: string;
  totalMinor?: number;
  currency: string;
  lines: RemittanceLine[];
  /**
   * False when amounts came from OCR or loose text and did not add up: such an advice never lets a
   * payment apply automatically.
   */
  amountsReliable: boolean;
  /** Problems noticed while reading (a total that does not add up, an unreadable line). */
  warnings: string[];
}
