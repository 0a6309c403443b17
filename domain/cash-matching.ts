// Cash application: which open invoices a payment pays, the way an AR specialist works it.
//   1. The payer's references (remittance lines, the bank's memo): exact, then fuzzy (prefix dropped,
//      OCR look-alikes), then one typo away when the amount agrees; a PO number as a last resort.
//   2. The amount: one of the customer's open invoices for exactly that (less a discount still earned).
//   3. Combinations of the customer's open invoices that add up to it, when exactly one does.
// Every proposal carries a confidence; only a confident one is applied without a person, because a wrong
// automatic match is worse than none. Short pays become deductions (written off when small, a dispute
// above that), over-payments and the unexplained rest stay on the account as unapplied cash.
import type { RemittanceLine } from './payment-documents.js';
import { DEFAULT_CASH_POLICY, scaledTo, type CashPolicy } from './cash-policy.js';
import { findCombinations } from './combination-search.js';
import { compactReference, oneTypoApart, poKey, referenceKey } from './invoice-reference.js';

export interface OpenInvoice {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  /** What is still owed, after payments already applied (including ones not yet booked on the invoice). */
  openMinor: number;
  totalMinor: number;
  dueDate: string;
  /** The early-payment discount and its last day, if the terms give one. */
  discountMinor: number;
  discountDate?: string;
  poNumber?: string;
}

export interface PaymentToMatch {
  amountMinor: number;
  currency: string;
  receivedOn: string;
  /** The customer the payer was identified as, if any (domain/payer-identity.ts). */
  customerId?: string;
  remittance: readonly RemittanceLine[];
  /** The bank's free text, searched for invoice numbers when there are no remittance lines. */
  memo: string;
  /** False for OCR readings that did not agree with themselves: never applied automatically. */
  amountReliable: boolean;
  /** Wires and ACH lose bank fees on the way; checks and cards do not. */
  feesPossible: boolean;
}

export interface ProposedApplication {
  invoiceId: string;
  invoiceNumber: string;
  /** Cash applied to the invoice. */
  amountMinor: number;
  /** Early-payment discount allowed. */
  discountMinor: number;
  /** What the payer held back: written off when `writeOff`, else disputed. */
  deductionMinor: number;
  deductionReason?: string;
  writeOff: boolean;
}

export type MatchBasis = 'reference' | 'amount' | 'combination' | 'none';

export interface MatchProposal {
  customerId: string;
  basis: MatchBasis;
  applications: ProposedApplication[];
  /** Left on the customer's account. */
  unappliedMinor: number;
  confidence: number;
  /** Why, in the desk's words, one line per finding. */
  explanation: string[];
}

export type CashDecision =
  | { kind: 'auto_apply'; proposal: MatchProposal }
  | { kind: 'exception'; candidates: MatchProposal[]; reason: string }
  | { kind: 'on_account'; customerId: string; reason: string }
  | { kind: 'suspense'; reason: string };

/**
 * The open items of all customers, indexed once for many payments. The invoices are held by reference:
 * as cash is applied the caller lowers their `openMinor`, and an invoice at zero drops out of every lookup
 * (and is reported as paid). `closedNumbers` (compact invoice number → "paid on …") may likewise be a Map
 * the caller keeps adding to.
 */
export class OpenItems {
  private readonly byKey = new Map<string, OpenInvoice[]>();
  private readonly byCompact = new Map<string, OpenInvoice>();
  private readonly byPo = new Map<string, OpenInvoice[]>();
  private readonly byCustomer = new Map<string, OpenInvoice[]>();
  private readonly keys = new Map<string, string>();

  constructor(invoices: Iterable<OpenInvoice>, private readonly closedNumbers: ReadonlyMap<string, string> = new Map()) {
    for (const invoice of invoices) {
      const key = referenceKey(invoice.number).key;
      this.keys.set(invoice.id, key);
      // Paid ones too, so a payment that names one again is told it was paid rather than guessed at.
      push(this.byKey, key, invoice);
      this.byCompact.set(compactReference(invoice.number), invoice);
      if (invoice.poNumber) push(this.byPo, poKey(invoice.poNumber), invoice);
      push(this.byCustomer, invoice.customerId, invoice);
    }
    const before = (a: OpenInvoice, b: OpenInvoice) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
    for (const list of this.byCustomer.values()) list.sort(before);
  }

  ofCustomer(customerId: string): readonly OpenInvoice[] { return stillOpen(this.byCustomer.get(customerId)); }
  exact(reference: string): OpenInvoice | undefined {
    const invoice = this.byCompact.get(compactReference(reference));
    return invoice && invoice.openMinor > 0 ? invoice : undefined;
  }
  withKey(key: string): readonly OpenInvoice[] { return key ? stillOpen(this.byKey.get(key)) : []; }
  withPo(reference: string): readonly OpenInvoice[] { return stillOpen(this.byPo.get(poKey(reference))); }
  /** The key of an invoice's number (referenceKey), computed once. */
  keyOf(invoice: OpenInvoice): string { return this.keys.get(invoice.id) ?? referenceKey(invoice.number).key; }

  /** "paid on …" when a reference names an invoice that is no longer open (a duplicate payment). */
  closedNote(reference: string, customerId?: string): string | undefined {
    const compact = compactReference(reference);
    const noted = this.closedNumbers.get(compact);
    if (noted) return noted;
    const paid = this.paidInvoice(reference, customerId);
    return paid ? this.closedNumbers.get(compactReference(paid.number)) ?? `${paid.number} is already paid` : undefined;
  }

  /** The invoice a reference names exactly, or by its number within the customer's, that has since been paid. */
  paidInvoice(reference: string, customerId?: string): OpenInvoice | undefined {
    const exact = this.byCompact.get(compactReference(reference));
    if (exact) return exact.openMinor > 0 ? undefined : exact;
    const ref = referenceKey(reference);
    if (!customerId || ref.notAnInvoice || ref.digits.length < 3) return undefined;
    const mine = (this.byKey.get(ref.key) ?? []).filter((i) => i.customerId === customerId);
    return mine.length && mine.every((i) => i.openMinor <= 0) ? mine[0] : undefined;
  }
}

function stillOpen(list: OpenInvoice[] | undefined): OpenInvoice[] {
  return list ? list.filter((i) => i.openMinor > 0) : [];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

type How = 'exact' | 'fuzzy' | 'typo' | 'po';
type Resolution = { invoice: OpenInvoice; how: How; line: RemittanceLine };

/** Finds the invoice a reference names, preferring the identified customer's. */
function resolveReference(line: RemittanceLine, ctx: Ctx): Resolution | undefined {
  const { items, payment } = ctx;
  const { customerId, currency } = payment;
  const sameCurrency = (i: OpenInvoice) => i.currency === currency;
  const ref = referenceKey(line.reference);
  if (!ref.notAnInvoice) {
    // The payer named one of its invoices that is paid: a duplicate, not a typo for a neighbouring number.
    const paid = items.paidInvoice(line.reference, customerId);
    if (paid && (!customerId || paid.customerId === customerId)) return undefined;
    const exact = items.exact(line.reference);
    if (exact && (!customerId || exact.customerId === customerId)) return sameCurrency(exact) ? { invoice: exact, how: 'exact', line } : undefined;
    if (!exact && ref.digits.length >= 3) {
      const keyed = items.withKey(ref.key).filter(sameCurrency);
      const mine = customerId ? keyed.filter((i) => i.customerId === customerId) : keyed;
      if (mine.length === 1) return { invoice: mine[0]!, how: 'fuzzy', line };
    }
    // Invoice numbers are dense, so a mistyped number is usually someone else's live invoice: when exactly
    // one of the payer's own is one keystroke away (and the other's invoice is not what was paid), it is a typo.
    if (customerId && ref.key.length >= 4) {
      // What this line (or, for a lone line without amounts, the payment) pays, to tell apart invoices a typo could mean.
      const paid = line.paidMinor ?? (payment.remittance.length <= 1 ? payment.amountMinor : undefined);
      const pays = (i: OpenInvoice) => paid !== undefined && (paid === i.openMinor || paid === settlingAmount(i, payment.receivedOn, ctx.policy).amount);
      let near = items.ofCustomer(customerId).filter((i) => sameCurrency(i) && oneTypoApart(items.keyOf(i), ref.key));
      if (near.length > 1) near = near.filter(pays);
      const paysTheOther = exact !== undefined && pays(exact);
      if (near.length === 1 && !paysTheOther) return { invoice: near[0]!, how: 'typo', line };
    }
    if (exact) return sameCurrency(exact) ? { invoice: exact, how: 'exact', line } : undefined;
  }
  const byPo = items.withPo(line.reference).filter((i) => sameCurrency(i) && (!customerId || i.customerId === customerId));
  if (byPo.length === 1) return { invoice: byPo[0]!, how: 'po', line };
  return undefined;
}

/** Why a reference found nothing, for the person who will look: paid already, or in another currency. */
function whyNotFound(line: RemittanceLine, items: OpenItems, customerId: string | undefined, currency: string): string {
  const note = items.closedNote(line.reference, customerId);
  if (note) return `${line.reference} (${note})`;
  const other = items.exact(line.reference);
  if (other && other.currency !== currency) return `${line.reference} (${other.number} is in ${other.currency}, the payment in ${currency})`;
  return line.reference;
}

/** The amount that settles an invoice on `on`: its open amount, less the discount if still earned. */
function settlingAmount(invoice: OpenInvoice, on: string, policy: CashPolicy): { amount: number; discount: number } {
  const earned = invoice.discountMinor > 0 && invoice.discountDate !== undefined && invoice.openMinor === invoice.totalMinor
    && on <= addDays(invoice.discountDate, policy.discountGraceDays);
  return earned ? { amount: invoice.openMinor - invoice.discountMinor, discount: invoice.discountMinor } : { amount: invoice.openMinor, discount: 0 };
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Invoice references written in the bank's free text ("INV 000123, 000124", "INV000123"). */
export function referencesInMemo(memo: string): RemittanceLine[] {
  const found = new Set<string>();
  for (const m of memo.matchAll(/\b(?:INV(?:OICE)?S?|IN|BILLS?)(?:\b[\s.:#-]*|(?=\d))((?:[A-Z]{0,4}[-]?\d{1,12}[\s,;&/]*(?:AND\s+)?)+)/gi)) {
    // A list with an invoice-like number in it keeps its short ones too ("4453, 64, 1836"): the payer named
    // them, and one we cannot read must reach a person rather than vanish. "IN 2 PARTS" is no list.
    const refs = m[1]!.split(/[\s,;&/]+|AND/i).map((r) => r.trim()).filter((r) => /\d/.test(r));
    if (refs.some((r) => /\d{3,}/.test(r))) for (const ref of refs) found.add(ref);
  }
  for (const m of memo.matchAll(/\b[A-Z]{2,4}-\d{4,12}\b/g)) found.add(m[0]);
  return [...found].map((reference) => ({ reference }));
}

interface Ctx { payment: PaymentToMatch; items: OpenItems; policy: CashPolicy; fee: number; writeOff: number }

/** One invoice a set of references names, and what the payment does to it. */
interface Draft {
  invoice: OpenInvoice;
  how: How;
  lines: RemittanceLine[];
  settle: { amount: number; discount: number };
  cash: number;
  discount: number;
  deduction: number;
  reason?: string;
  writeOff?: boolean;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const lateDiscount = (invoice: OpenInvoice) => `discount taken after ${invoice.discountDate ?? 'the terms allow'}`;

/** Puts a bank fee on the last invoice that can carry it, written off. */
function chargeFee(drafts: Draft[], gap: number, explanation: string[]): void {
  const target = [...drafts].reverse().find((d) => d.deduction === 0 && d.cash >= gap) ?? [...drafts].reverse().find((d) => d.cash >= gap) ?? drafts.at(-1)!;
  target.cash -= gap;
  if (target.deduction === 0) { target.deduction = gap; target.reason = 'bank fee'; target.writeOff = true; } else { target.deduction += gap; target.reason = `${target.reason}; bank fee`; }
  explanation.push(`${gap} short: the banks' fee, written off`);
}

/**
 * The payer said what it paid on each invoice: take it at its word. Returns whether the payment agrees
 * with the remittance (the lines add up to it, or to it plus a bank fee) and caps confidence when not.
 */
function allocateStated(ctx: Ctx, drafts: Draft[], unresolved: RemittanceLine[], explanation: string[]): { agrees: boolean; cap: number } {
  for (const d of drafts) {
    const paid = sum(d.lines.map((l) => l.paidMinor!));
    d.cash = Math.max(0, Math.min(paid, d.invoice.openMinor));
    const rest = d.invoice.openMinor - d.cash;
    if (rest === 0) continue;
    if (d.settle.discount > 0 && rest === d.settle.discount) {
      d.discount = rest;
      explanation.push(`${d.invoice.number}: discount of ${rest} taken in time`);
    } else {
      const statedDiscount = sum(d.lines.map((l) => l.discountMinor ?? 0));
      d.deduction = rest;
      d.reason = d.lines.map((l) => l.adjustmentReason).find((x) => x)
        ?? (statedDiscount > 0 || (d.invoice.discountMinor > 0 && rest === d.invoice.discountMinor) ? lateDiscount(d.invoice) : 'short paid, no reason given');
    }
  }
  // Each line agrees with its invoice when what it says was paid, discounted and held back makes the invoice.
  const linesAgree = drafts.every((d) => d.lines.some((l) => l.paidMinor === d.settle.amount || l.paidMinor === d.invoice.openMinor
    || l.paidMinor! + (l.discountMinor ?? 0) + (l.adjustmentMinor ?? 0) === d.invoice.openMinor));
  // The money for lines we could not place is part of the payment too.
  const statedTotal = sum(drafts.flatMap((d) => d.lines.map((l) => l.paidMinor!))) + sum(unresolved.map((l) => l.paidMinor ?? 0));
  const gap = statedTotal - ctx.payment.amountMinor;
  if (gap <= 0) return { agrees: gap === 0 && linesAgree, cap: 100 };
  if (ctx.payment.feesPossible && gap <= ctx.fee && drafts.some((d) => d.cash >= gap)) {
    chargeFee(drafts, gap, explanation);
    return { agrees: linesAgree, cap: 96 };
  }
  // Less money than the remittance says: the remittance may not be this payment's. Never apply more than came in.
  let over = sum(drafts.map((d) => d.cash)) - ctx.payment.amountMinor;
  for (const d of [...drafts].reverse()) { const cut = Math.min(d.cash, Math.max(0, over)); d.cash -= cut; over -= cut; }
  explanation.push(`the remittance lines add up to ${statedTotal} but the payment is ${ctx.payment.amountMinor}`);
  return { agrees: false, cap: 60 };
}

/**
 * The payer named invoices but not amounts: the payment must explain itself against them — the discounted
 * total, the full total, the full total plus an over-payment, one invoice short (a deduction), or a bank fee.
 */
function allocateUnstated(ctx: Ctx, drafts: Draft[], explanation: string[]): { agrees: boolean; cap: number } {
  const amount = ctx.payment.amountMinor;
  const discounted = sum(drafts.map((d) => d.settle.amount));
  const full = sum(drafts.map((d) => d.invoice.openMinor));
  const settleAll = () => { for (const d of drafts) { d.cash = d.settle.amount; d.discount = d.settle.discount; if (d.discount) explanation.push(`${d.invoice.number}: discount of ${d.discount} taken in time`); } };
  if (amount === discounted) { settleAll(); return { agrees: true, cap: 100 }; }
  if (amount >= full) {
    for (const d of drafts) d.cash = d.invoice.openMinor;
    return { agrees: amount === full, cap: 100 };
  }
  if (amount > discounted) {
    settleAll();
    explanation.push(`the payment is more than the invoices less their discounts (${discounted}) but less than their full amount (${full})`);
    return { agrees: false, cap: 70 };
  }
  const short = discounted - amount;
  const only = drafts.length === 1 ? drafts[0]! : undefined;
  if (only && only.settle.discount === 0 && only.invoice.discountMinor > 0 && short === only.invoice.discountMinor) {
    // Exactly the terms' discount, taken after its date.
    only.cash = amount; only.deduction = short; only.reason = lateDiscount(only.invoice);
    return { agrees: true, cap: 100 };
  }
  if (ctx.payment.feesPossible && short <= ctx.fee && drafts.some((d) => d.settle.amount >= short)) {
    settleAll();
    chargeFee(drafts, short, explanation);
    return { agrees: true, cap: 96 };
  }
  if (only || short <= ctx.writeOff) {
    // One invoice short, or a short small enough to write off: the last invoice carries it.
    settleAll();
    const target = [...drafts].reverse().find((d) => d.cash >= short) ?? drafts.at(-1)!;
    target.cash -= short; target.deduction = short;
    target.reason = target.lines.map((l) => l.adjustmentReason).find((x) => x) ?? 'short paid, no reason given';
    return { agrees: false, cap: 100 };
  }
  // Several invoices and a large shortfall: which one is short is the payer's to say, or a person's.
  let left = amount;
  for (const d of drafts) { d.cash = Math.min(d.settle.amount, left); d.discount = d.cash === d.settle.amount ? d.settle.discount : 0; left -= d.cash; }
  explanation.push(`the payment is ${short} short of the invoices named, and the payer does not say which is short`);
  return { agrees: false, cap: 70 };
}

/** Builds the applications a set of resolved references (all one customer's) implies, and how far to trust them. */
function proposeFromReferences(ctx: Ctx, resolved: Resolution[], unresolved: RemittanceLine[]): { proposal: MatchProposal; moneyAgrees: boolean } {
  const { payment } = ctx;
  const customerId = resolved[0]!.invoice.customerId;
  const explanation: string[] = [];
  let confidence = 98;
  // One application per invoice, even if the payer listed it twice; the surest reading of it counts.
  const groups = new Map<string, Resolution[]>();
  for (const r of resolved) push(groups, r.invoice.id, r);
  const drafts: Draft[] = [...groups.values()].map((group) => {
    const best = group.reduce((b, r) => (rank(r.how) < rank(b.how) ? r : b));
    const invoice = best.invoice;
    // Reading "123" as INV-000123 costs a little once, however many invoices the payer wrote that way.
    if (best.how === 'fuzzy') { confidence = Math.min(confidence, 95); explanation.push(`"${best.line.reference}" read as ${invoice.number}`); }
    if (best.how === 'typo') { confidence -= 8; explanation.push(`"${best.line.reference}" is one keystroke from ${invoice.number}`); }
    if (best.how === 'po') { confidence -= 8; explanation.push(`"${best.line.reference}" is the PO of ${invoice.number}`); }
    return { invoice, how: best.how, lines: group.map((r) => r.line), settle: settlingAmount(invoice, payment.receivedOn, ctx.policy), cash: 0, discount: 0, deduction: 0 };
  });

  // The payer's own figure for the invoice's amount, when it gives one, must be ours: else it means another invoice.
  for (const d of drafts) {
    const theirs = d.lines.find((l) => l.invoiceAmountMinor !== undefined && l.invoiceAmountMinor !== d.invoice.totalMinor && l.invoiceAmountMinor !== d.invoice.openMinor);
    if (theirs) { confidence = Math.min(confidence, 70); explanation.push(`the payer says ${theirs.reference} is for ${theirs.invoiceAmountMinor}, ${d.invoice.number} is for ${d.invoice.totalMinor}`); }
  }
  const stated = resolved.every((r) => r.line.paidMinor !== undefined);
  const { agrees, cap } = stated ? allocateStated(ctx, drafts, unresolved, explanation) : allocateUnstated(ctx, drafts, explanation);
  confidence = Math.min(confidence, cap);

  // A near reference (a typo, a PO) only counts when the money says the same thing.
  for (const d of drafts.filter((x) => x.how === 'typo' || x.how === 'po')) {
    const open = d.invoice.openMinor;
    const confirmed = stated
      ? d.lines.some((l) => l.paidMinor === d.settle.amount || l.paidMinor === open || l.paidMinor! + (l.discountMinor ?? 0) + (l.adjustmentMinor ?? 0) === open)
      : payment.amountMinor === sum(drafts.map((x) => x.settle.amount)) || payment.amountMinor === sum(drafts.map((x) => x.invoice.openMinor))
        || (drafts.length === 1 && payment.feesPossible && payment.amountMinor < d.settle.amount && d.settle.amount - payment.amountMinor <= ctx.fee);
    if (!confirmed) { confidence = Math.min(confidence, 70); explanation.push(`the amount does not confirm ${d.invoice.number}`); }
  }

  for (const d of drafts) {
    if (d.deduction > 0 && d.writeOff === undefined) {
      d.writeOff = d.deduction <= ctx.writeOff;
      explanation.push(`${d.invoice.number}: ${d.deduction} held back (${d.reason}) — ${d.writeOff ? 'small, written off' : 'disputed'}`);
    }
    if (d.cash + d.discount + d.deduction < d.invoice.openMinor && d.cash > 0) explanation.push(`${d.invoice.number}: paid in part, ${d.invoice.openMinor - d.cash - d.discount - d.deduction} stays open`);
  }
  const applications: ProposedApplication[] = drafts.map((d) => ({
    invoiceId: d.invoice.id, invoiceNumber: d.invoice.number, amountMinor: d.cash, discountMinor: d.discount, deductionMinor: d.deduction,
    ...(d.reason ? { deductionReason: d.reason } : {}), writeOff: d.writeOff ?? false,
  }));
  const unapplied = Math.max(0, payment.amountMinor - sum(applications.map((a) => a.amountMinor)));

  // Lines that name a PO or a check alongside the invoices are information, not missing invoices.
  const missing = unresolved.filter((l) => !referenceKey(l.reference).notAnInvoice);
  if (missing.length) {
    confidence -= 10 * missing.length;
    explanation.push(`not found among open invoices: ${missing.map((l) => whyNotFound(l, ctx.items, payment.customerId, payment.currency)).join(', ')}`);
  }
  if (unapplied > 0) explanation.push(`${unapplied} more than the invoices: left on account`);
  if (payment.customerId && payment.customerId !== customerId) {
    confidence = Math.min(confidence, 50);
    explanation.push('the invoices belong to another customer than the payer');
  }
  if (!payment.customerId && !agrees) {
    // With no payer to vouch for them, references are trusted only when the money agrees with them.
    confidence = Math.min(confidence, 80);
    explanation.push('the payer is not known and the amount does not match the invoices named');
  }
  return { proposal: { customerId, basis: 'reference', applications, unappliedMinor: unapplied, confidence: clamp(confidence), explanation }, moneyAgrees: agrees };
}

function rank(how: How): number { return { exact: 0, fuzzy: 1, typo: 2, po: 3 }[how]; }
function clamp(n: number): number { return Math.max(0, Math.min(100, Math.round(n))); }

function fullApplication(invoice: OpenInvoice, settle: { amount: number; discount: number }, shortBy = 0): ProposedApplication {
  return {
    invoiceId: invoice.id, invoiceNumber: invoice.number, amountMinor: settle.amount - shortBy, discountMinor: settle.discount,
    deductionMinor: shortBy, ...(shortBy ? { deductionReason: 'bank fee' } : {}), writeOff: shortBy > 0,
  };
}

/**
 * Proposals from the amount alone: one invoice, or a unique combination, of the customer's open items.
 * Exactly the amount first; only when nothing makes it exactly, the same up to a bank fee short.
 */
function proposeFromAmount(ctx: Ctx, customerId: string): MatchProposal[] {
  const { payment } = ctx;
  const open = ctx.items.ofCustomer(customerId).filter((i) => i.currency === payment.currency);
  if (!open.length) return [];
  const settles = open.map((i) => settlingAmount(i, payment.receivedOn, ctx.policy));
  const exactly = proposeWithin(ctx, customerId, open, settles, 0);
  if (!payment.feesPossible || ctx.fee <= 0) return exactly;
  if (!exactly.length) return proposeWithin(ctx, customerId, open, settles, ctx.fee);
  if (exactly.some((p) => p.basis === 'amount')) return exactly;
  // A set of invoices makes the amount exactly, but one invoice less a bank fee does too: a person picks.
  const feeShort = proposeWithin(ctx, customerId, open, settles, ctx.fee).filter((p) => p.basis === 'amount');
  if (!feeShort.length) return exactly;
  for (const p of [...exactly, ...feeShort]) {
    p.confidence = Math.min(p.confidence, 60);
    p.explanation.push(p.basis === 'amount' ? 'and a set of invoices makes the amount exactly' : `and ${feeShort.map((f) => f.applications[0]!.invoiceNumber).join(', ')} less a bank fee makes it too`);
  }
  return [...exactly, ...feeShort];
}

function proposeWithin(ctx: Ctx, customerId: string, open: readonly OpenInvoice[], settles: readonly { amount: number; discount: number }[], shortBy: number): MatchProposal[] {
  const { payment, policy } = ctx;
  const proposals: MatchProposal[] = [];
  // An invoice whose discount is still earned may be paid with or without it; one whose discount date
  // has passed may still be paid less exactly that discount (a late discount, which is a deduction).
  const fits = (s: { amount: number }) => s.amount >= payment.amountMinor && s.amount - payment.amountMinor <= shortBy;
  const single = open.flatMap((invoice, n) => {
    const s = settles[n]!;
    const late = !s.discount && invoice.discountMinor > 0 && invoice.openMinor === invoice.totalMinor && payment.amountMinor === invoice.openMinor - invoice.discountMinor;
    if (late) return [{ invoice, settle: s, late: true }];
    const ways = (s.discount ? [s, { amount: invoice.openMinor, discount: 0 }] : [s]).filter(fits).sort((a, b) => a.amount - b.amount);
    return ways.length ? [{ invoice, settle: ways[0]!, late: false }] : [];
  });
  const everything = sum(settles.map((s) => s.amount));
  // The invoices of a fee-short payment add up to more than it: search for sums in [payment, payment + fee].
  const combinations = (tolerance: number) => findCombinations(settles.map((s) => s.amount), payment.amountMinor + tolerance, { maxItems: Math.max(policy.maxCombinationInvoices, everything === payment.amountMinor ? open.length : 0), maxSteps: policy.maxCombinationSteps, shortBy: tolerance });
  if (single.length) {
    // One invoice for the amount is only the answer when no set of the others makes it as well.
    const gap0 = single.length === 1 && !single[0]!.late ? single[0]!.settle.amount - payment.amountMinor : 0;
    const search = single.length === 1 ? combinations(gap0) : { solutions: [], complete: true };
    const rivals = search.solutions.filter((s) => s.length > 1);
    for (const { invoice, settle, late } of single) {
      const gap = late ? 0 : settle.amount - payment.amountMinor;
      const alone = single.length === 1 && !rivals.length;
      // Too many open invoices to rule out a set of them making the amount too: confident, not sure.
      const sure = alone && search.complete;
      const application = late
        ? { invoiceId: invoice.id, invoiceNumber: invoice.number, amountMinor: payment.amountMinor, discountMinor: 0, deductionMinor: invoice.discountMinor, deductionReason: lateDiscount(invoice), writeOff: invoice.discountMinor <= ctx.writeOff }
        : fullApplication(invoice, settle, gap);
      proposals.push({
        customerId, basis: 'amount', applications: [application], unappliedMinor: 0,
        confidence: alone ? (sure ? (gap === 0 && !late ? 92 : 90) : 85) : 60,
        explanation: [`${invoice.number} is ${single.length === 1 ? 'the only' : 'one of ' + single.length} open invoice${single.length === 1 ? '' : 's'} for this amount${gap ? ` (${gap} short: bank fee)` : ''}${settle.discount ? ', discount earned' : ''}${late ? `, less its discount taken after ${invoice.discountDate}` : ''}${rivals.length ? `, but ${rivals[0]!.length} others together make it too` : ''}${alone && !sure ? ' (too many open invoices to rule out a combination of others)' : ''}`],
      });
    }
    for (const solution of rivals) {
      const gap = sum(solution.map((n) => settles[n]!.amount)) - payment.amountMinor;
      proposals.push({
        customerId, basis: 'combination', applications: solution.map((n, k) => fullApplication(open[n]!, settles[n]!, k === solution.length - 1 ? gap : 0)), unappliedMinor: 0, confidence: 55,
        explanation: [`${solution.length} of the customer's open invoices add up to the payment, and so does ${single[0]!.invoice.number} alone`],
      });
    }
    return proposals;
  }

  const search = combinations(shortBy);
  for (const solution of search.solutions) {
    const gap = sum(solution.map((n) => settles[n]!.amount)) - payment.amountMinor;
    const applications = solution.map((n, k) => fullApplication(open[n]!, settles[n]!, k === solution.length - 1 ? gap : 0));
    const unique = search.solutions.length === 1 && search.complete;
    proposals.push({
      customerId, basis: 'combination', applications, unappliedMinor: 0,
      confidence: unique ? (solution.length === open.length ? 94 : 90) - (gap ? 2 : 0) : 55,
      explanation: [`${solution.length === open.length ? 'all' : solution.length} of the customer's open invoices add up to the payment${unique ? ', and no other combination does' : search.complete ? ', but so does another combination' : ' (search stopped before trying every combination)'}${gap ? ` (${gap} short: bank fee)` : ''}`],
    });
  }
  return proposals;
}

/** Decides what to do with one payment. Pure: the same inputs always give the same decision. */
export function matchPayment(payment: PaymentToMatch, items: OpenItems, policy: CashPolicy = DEFAULT_CASH_POLICY): CashDecision {
  const ctx: Ctx = { payment, items, policy, fee: scaledTo(policy.bankFeeToleranceMinor, payment.currency), writeOff: scaledTo(policy.deductionWriteOffMinor, payment.currency) };
  const lines = payment.remittance.length ? payment.remittance : referencesInMemo(payment.memo);
  const resolved: Resolution[] = [];
  const unresolved: RemittanceLine[] = [];
  for (const line of lines) {
    const r = resolveReference(line, ctx);
    if (r) resolved.push(r); else unresolved.push(line);
  }
  const owner = new Map(resolved.map((r) => [r.line, r.invoice]));
  const named = () => lines.map((l) => {
    const invoice = owner.get(l);
    if (!invoice) return whyNotFound(l, items, payment.customerId, payment.currency);
    return payment.customerId && invoice.customerId !== payment.customerId ? `${l.reference} (${invoice.number}, another customer's invoice)` : l.reference;
  }).join(', ');

  const byReference: { proposal: MatchProposal; moneyAgrees: boolean }[] = [];
  const byCustomer = new Map<string, Resolution[]>();
  for (const r of resolved) push(byCustomer, r.invoice.customerId, r);
  for (const group of byCustomer.values()) {
    const others = resolved.filter((r) => !group.includes(r)).map((r) => r.line);
    byReference.push(proposeFromReferences(ctx, group, [...unresolved, ...others]));
  }
  const candidates = byReference.map((r) => r.proposal);
  const customerId = payment.customerId ?? (candidates.length === 1 ? candidates[0]!.customerId : undefined);
  const best = byReference.reduce<(typeof byReference)[number] | undefined>((b, r) => (!b || r.proposal.confidence > b.proposal.confidence ? r : b), undefined);

  if (customerId && (!best || best.proposal.confidence < policy.autoApplyConfidence || !best.moneyAgrees)) {
    const byAmount = proposeFromAmount(ctx, customerId);
    const namedIds = new Set(resolved.map((r) => r.invoice.id));
    const elsewhere = (p: MatchProposal) => p.applications.some((a) => !namedIds.has(a.invoiceId));
    if (best && !best.moneyAgrees) {
      // The references say one thing and the amount is exactly another open invoice: a person looks.
      const other = byAmount.find((p) => p.confidence >= policy.autoApplyConfidence && elsewhere(p) && p.applications.every((a) => a.deductionMinor === 0));
      // Or the money left over is exactly an invoice the payer did not name (or named in a way we could not read).
      const rest = best.proposal.unappliedMinor;
      const fee = payment.feesPossible ? ctx.fee : 0;
      const restIs = rest > 0 ? items.ofCustomer(best.proposal.customerId).find((i) => {
        if (namedIds.has(i.id) || i.currency !== payment.currency) return false;
        const settles = settlingAmount(i, payment.receivedOn, policy).amount;
        return (rest <= i.openMinor && i.openMinor - rest <= fee) || (rest <= settles && settles - rest <= fee);
      }) : undefined;
      if (other || restIs) {
        best.proposal.confidence = Math.min(best.proposal.confidence, 70);
        best.proposal.explanation.push(other ? `the amount is exactly ${other.applications.map((a) => a.invoiceNumber).join(' + ')} instead` : `the ${rest} left over is exactly ${restIs!.number}`);
      }
    }
    if (lines.length) {
      // The payer named invoices: whatever the amount suggests elsewhere, a person looks first.
      for (const p of byAmount.filter(elsewhere)) {
        p.confidence = Math.min(p.confidence, 70);
        p.explanation.push(`the payer named ${named()}`);
      }
    }
    // On the invoices the payer named, its own lines say what happened (a return, not a bank fee): the
    // amount's reading of those same invoices is no second opinion.
    candidates.push(...(resolved.length ? byAmount.filter(elsewhere) : byAmount));
  }
  if (!payment.amountReliable) for (const c of candidates) { c.confidence = Math.min(c.confidence, 60); c.explanation.push('the amount was not read reliably'); }
  candidates.sort((a, b) => b.confidence - a.confidence || a.applications.length - b.applications.length);

  const top = candidates[0];
  if (top && top.confidence >= policy.autoApplyConfidence && !(candidates[1] && candidates[1].confidence >= policy.autoApplyConfidence)) {
    return { kind: 'auto_apply', proposal: top };
  }
  if (candidates.length) return { kind: 'exception', candidates: candidates.slice(0, 5), reason: top!.explanation.join('; ') };
  if (customerId) {
    return { kind: 'on_account', customerId, reason: `no open invoice or combination matches${lines.length ? `: the payer named ${named()}` : ''}` };
  }
  return { kind: 'suspense', reason: lines.length ? `the payer is unknown and ${named()} name no open invoice` : 'the payer is unknown and the payment names no invoice' };
}
