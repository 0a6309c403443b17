// Runs a generated cash desk (bench/cash-scenarios.ts) through the engine the way the workflow would: each
// payment in bank order, its payer identified first, then matched against the open items as they stand.
// What the engine applies automatically is booked (cash + discount + written-off deduction off the
// invoice's open amount); what it hands to a person is booked as the truth says, as the person would
// before the next day's payments. Scores each decision against the truth, per kind of case.
import { compactReference } from '../domain/invoice-reference.js';
import { matchPayment, OpenItems, type CashDecision, type MatchProposal, type OpenInvoice, type ProposedApplication } from '../domain/cash-matching.js';
import { DEFAULT_CASH_POLICY, type CashPolicy } from '../domain/cash-policy.js';
import { accountKey, identifyPayer, type PayerDirectory } from '../domain/payer-identity.js';
import { SCENARIO_KINDS, type CashCustomer, type CashScenarioSet, type ScenarioKind, type Truth, type TruthApplication } from './cash-scenarios.js';

export interface Tally {
  payments: number;
  /** Cases whose right answer is knowable from the payment (truth outcome `apply`). */
  applicable: number;
  autoCorrect: number;
  autoWrong: number;
  exception: number;
  onAccount: number;
  suspense: number;
}

export interface WrongMatch { index: number; kind: ScenarioKind; why: string; note: string; proposal: MatchProposal }

export interface DeskRun {
  byKind: Record<ScenarioKind, Tally>;
  total: Tally;
  wrong: WrongMatch[];
  /** Time to index the open items and the customers' names. */
  buildMs: number;
  identifyMs: number;
  matchMs: number;
}

const emptyTally = (): Tally => ({ payments: 0, applicable: 0, autoCorrect: 0, autoWrong: 0, exception: 0, onAccount: 0, suspense: 0 });

/** The directory a desk has: the customers' known bank accounts, their account numbers, their names. */
export function payerDirectory(customers: readonly CashCustomer[]): PayerDirectory {
  return {
    accounts: new Map(customers.flatMap((c) => c.accounts.map((a) => [accountKey(a), c.id] as const))),
    numbers: new Map(customers.map((c) => [c.number.toUpperCase(), c.id])),
    customers,
  };
}

/** Why an automatic application is wrong, or undefined when it is what the truth says. */
export function wrongness(proposal: MatchProposal, truth: Truth, paymentMinor: number): string | undefined {
  if (truth.outcome !== 'apply') return `a case for ${truth.outcome === 'person' ? 'a person' : 'suspense'} was applied automatically`;
  if (proposal.customerId !== truth.customerId) return `applied to customer ${proposal.customerId}, paid by ${truth.customerId}`;
  const expected = new Map(truth.invoices.map((t) => [t.invoiceId, t]));
  const got = new Map(proposal.applications.map((a) => [a.invoiceId, a]));
  for (const id of new Set([...expected.keys(), ...got.keys()])) {
    const e = expected.get(id);
    const a = got.get(id);
    if (!e) return `applied to ${a!.invoiceNumber}, which it does not pay`;
    if (!a) return `left out ${id}`;
    const diff = differences(a, e);
    if (diff) return `${a.invoiceNumber}: ${diff}`;
  }
  const unapplied = paymentMinor - truth.invoices.reduce((s, t) => s + t.amountMinor, 0);
  if (proposal.unappliedMinor !== unapplied) return `left ${proposal.unappliedMinor} unapplied, should be ${unapplied}`;
  return undefined;
}

function differences(a: ProposedApplication, e: TruthApplication): string | undefined {
  const d: string[] = [];
  if (a.amountMinor !== e.amountMinor) d.push(`cash ${a.amountMinor} (truth ${e.amountMinor})`);
  if (a.discountMinor !== e.discountMinor) d.push(`discount ${a.discountMinor} (truth ${e.discountMinor})`);
  if (a.deductionMinor !== e.deductionMinor) d.push(`deduction ${a.deductionMinor} (truth ${e.deductionMinor})`);
  if (e.deductionMinor > 0 && e.writeOff !== undefined && a.writeOff !== e.writeOff) d.push(a.writeOff ? 'written off (truth: disputed)' : 'disputed (truth: written off)');
  return d.length ? d.join(', ') : undefined;
}

/** Runs every payment of the set in order and scores the decisions. Works on a copy of the invoices. */
export function runCashDesk(set: CashScenarioSet, policy: CashPolicy = DEFAULT_CASH_POLICY): DeskRun {
  const invoices: OpenInvoice[] = set.invoices.map((i) => ({ ...i }));
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const closed = new Map<string, string>();
  const t0 = performance.now();
  const items = new OpenItems(invoices, closed);
  const directory = payerDirectory(set.customers);
  identifyPayer({ name: 'WARM THE NAME INDEX' }, '', directory);
  const buildMs = performance.now() - t0;

  const byKind = Object.fromEntries(SCENARIO_KINDS.map((k) => [k, emptyTally()])) as Record<ScenarioKind, Tally>;
  const total = emptyTally();
  const wrong: WrongMatch[] = [];
  let identifyMs = 0;
  let matchMs = 0;

  const book = (apps: readonly { invoiceId: string; amountMinor: number; discountMinor: number; deductionMinor: number; writeOff?: boolean }[], on: string) => {
    for (const a of apps) {
      const invoice = byId.get(a.invoiceId);
      if (!invoice) continue;
      invoice.openMinor -= a.amountMinor + a.discountMinor + (a.writeOff ? a.deductionMinor : 0);
      if (invoice.openMinor <= 0) closed.set(compactReference(invoice.number), `paid on ${on}`);
    }
  };

  set.payments.forEach(({ payment, payer, truth }, index) => {
    const a = performance.now();
    const identity = identifyPayer(payer, payment.memo, directory);
    const b = performance.now();
    const decision: CashDecision = matchPayment(identity.customerId ? { ...payment, customerId: identity.customerId } : payment, items, policy);
    const c = performance.now();
    identifyMs += b - a;
    matchMs += c - b;

    const tallies = [byKind[truth.kind], total];
    for (const t of tallies) { t.payments++; if (truth.outcome === 'apply') t.applicable++; }
    if (decision.kind === 'auto_apply') {
      const why = wrongness(decision.proposal, truth, payment.amountMinor);
      if (why) { for (const t of tallies) t.autoWrong++; wrong.push({ index, kind: truth.kind, why, note: truth.note, proposal: decision.proposal }); }
      else for (const t of tallies) t.autoCorrect++;
      book(decision.proposal.applications, payment.receivedOn);
    } else {
      for (const t of tallies) {
        if (decision.kind === 'exception') t.exception++; else if (decision.kind === 'on_account') t.onAccount++; else t.suspense++;
      }
      book(truth.invoices, payment.receivedOn); // the person who works the exception applies it as it really is
    }
  });
  return { byKind, total, wrong, buildMs, identifyMs, matchMs };
}
