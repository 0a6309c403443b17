// What each entry of a bank file means for the AR desk, decided before anything is written:
//   • a credit that is one of our own deposit batches (the checks we took to the bank) reconciles it;
//   • any other customer credit (ACH, wire, card, a check or lockbox credit we did not batch) is a payment;
//   • debits, fees and credits that carry nothing of a payer (interest, transfers) are listed, not booked;
//   • a returned item is listed for a person (a payment applied earlier may have to be reversed).
// Nothing is dropped: every entry gets a line in the import's summary, with its reason.
import type { BankEntry, BankFile, PaymentMethod } from './payment-documents.js';

export interface OpenDeposit { id: string; number: string; depositDate: string; currency: string; totalMinor: number }

export interface PlannedPayment {
  entry: BankEntry;
  account: string;
  method: PaymentMethod;
  /** Unique per bank account across files: camt.054 and the day's camt.053 report the same entry once. */
  externalRef: string;
  sourceKey: string;
}

export type EntryOutcome =
  | { location: string; outcome: 'payment'; externalRef: string; amountMinor: number; currency: string }
  | { location: string; outcome: 'deposit_reconciled'; deposit: string; amountMinor: number; currency: string }
  | { location: string; outcome: 'returned_item'; amountMinor: number; currency: string; reason: string }
  | { location: string; outcome: 'not_a_payment'; amountMinor: number; currency: string; reason: string };

export interface BankImportPlan {
  payments: PlannedPayment[];
  deposits: { depositId: string; number: string; bankReference: string }[];
  outcomes: EntryOutcome[];
}

/** Days after a deposit is prepared within which the bank's credit for it is expected. */
export const DEPOSIT_CREDIT_WINDOW_DAYS = 5;

const METHOD_OF: Partial<Record<BankEntry['kind'], PaymentMethod>> = { ach: 'ach', wire: 'wire', card: 'card', check: 'check', deposit: 'check', lockbox: 'lockbox' };

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A short, stable fingerprint of text (FNV-1a, 32 bits), for keys built from an entry's content. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { hash ^= text.charCodeAt(i); hash = Math.imul(hash, 0x01000193) >>> 0; }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The key a payment keeps across files: the bank's reference with its day and amount (references are unique
 * within a file, and trace numbers come round again), else the entry's own content, so the same entry in the
 * prior-day and the current-day report, or in a file sent again corrected, is recognised.
 */
export function entryKey(entry: BankEntry): string {
  const ref = entry.bankRef || entry.customerRef;
  if (ref) return `${ref}/${entry.bookedOn}/${entry.amountMinor}`;
  return `${entry.bookedOn}/${entry.amountMinor}/${entry.typeCode}/${fingerprint([entry.payer.name, entry.payer.accountRef, entry.memo, ...entry.remittance.map((l) => l.reference)].join('|'))}`;
}

export function planBankImport(file: BankFile, openDeposits: readonly OpenDeposit[], reconciledDepositRefs: ReadonlyMap<string, string> = new Map()): BankImportPlan {
  const plan: BankImportPlan = { payments: [], deposits: [], outcomes: [] };
  for (const skipped of file.skipped ?? []) plan.outcomes.push({ location: skipped.location, outcome: 'not_a_payment', amountMinor: 0, currency: file.accounts[0]?.currency ?? '', reason: skipped.reason });
  const unclaimed = [...openDeposits];
  const seen = new Set<string>();
  for (const account of file.accounts) {
    for (const entry of account.entries) {
      const base = { location: entry.location, amountMinor: entry.amountMinor, currency: entry.currency };
      if (entry.kind === 'return') {
        plan.outcomes.push({ ...base, outcome: 'returned_item', reason: `returned ${entry.direction === 'debit' ? 'payment charged back' : 'item'} (${entry.typeCode}${entry.memo ? `: ${entry.memo}` : ''}): a person checks whether a payment must be reversed` });
        continue;
      }
      if (entry.direction === 'debit') {
        plan.outcomes.push({ ...base, outcome: 'not_a_payment', reason: `${entry.kind === 'fee' ? 'bank fee' : 'debit'} (${entry.typeCode}), for the bookkeeper` });
        continue;
      }
      if (entry.kind === 'deposit' || entry.kind === 'check' || entry.kind === 'lockbox') {
        // The credit for a deposit reconciled from an earlier report (the intraday camt.054, then the statement).
        const earlier = entry.bankRef ? reconciledDepositRefs.get(entry.bankRef) : undefined;
        if (earlier) {
          plan.outcomes.push({ ...base, outcome: 'not_a_payment', reason: `the credit for deposit ${earlier}, reconciled from an earlier report` });
          continue;
        }
        const batch = unclaimed.find((d) => d.currency === entry.currency && d.totalMinor === entry.amountMinor
          && daysBetween(d.depositDate, entry.bookedOn) >= 0 && daysBetween(d.depositDate, entry.bookedOn) <= DEPOSIT_CREDIT_WINDOW_DAYS);
        if (batch) {
          unclaimed.splice(unclaimed.indexOf(batch), 1);
          plan.deposits.push({ depositId: batch.id, number: batch.number, bankReference: entry.bankRef || entry.customerRef || entry.location });
          plan.outcomes.push({ ...base, outcome: 'deposit_reconciled', deposit: batch.number });
          continue;
        }
      }
      const method = METHOD_OF[entry.kind];
      const speaksOfPayer = !!(entry.payer.name || entry.payer.accountRef || entry.remittance.length);
      if (!method && !speaksOfPayer) {
        plan.outcomes.push({ ...base, outcome: 'not_a_payment', reason: `credit of type ${entry.typeCode} names no payer or invoice (interest, a transfer?), for the bookkeeper` });
        continue;
      }
      let externalRef = entryKey(entry);
      if (seen.has(`${account.accountNumber}|${externalRef}`)) externalRef = `${externalRef}@${entry.location}`;
      seen.add(`${account.accountNumber}|${externalRef}`);
      plan.payments.push({ entry, account: account.accountNumber, method: method ?? 'wire', externalRef, sourceKey: `bank:${account.accountNumber}` });
      plan.outcomes.push({ ...base, outcome: 'payment', externalRef });
    }
  }
  return plan;
}
