// The Order Entry/AR specialist's review of a shipment: shipped against ordered, cumulative over the
// order's earlier shipments, then backorders, over-shipments, strange items, freight and address.
// A clean shipment comes back with exactly what to invoice; anything else with findings a person acts on.
// Pure and deterministic: the same order, shipments and policy always give the same answer. No Node imports
// (domain/ids.ts uses node:crypto), so the order workflow may call it directly.
import { z } from 'zod';
import { itemKey } from './master-data.js';
import { extendLine, formatMoney, formatQuantity } from './money.js';
import { normalizeShipmentReference, type ShipmentConfirmation } from './shipment.js';

export interface OrderLineForReview {
  lineNumber: number;
  sku: string;
  customerSku?: string | null;
  description: string;
  quantityMilli: number;
  unitOfMeasure: string;
  unitPriceMinor: number;
}

export interface OrderForReview {
  id: string;
  /** Our reference, as on the acknowledgement: activities/outbox.ts orderReference(id). */
  reference: string;
  erpOrderNumber?: string | null;
  customerNumber: string;
  poNumber: string;
  /** The order's status (prisma OrderStatus); only `cancelled` matters here. */
  status: string;
  currency: string;
  shipTo: string | null;
  lines: OrderLineForReview[];
}

/** An earlier shipment of the same order, as recorded (not this confirmation). */
export interface PreviousShipment {
  reference: string;
  shippedAt: string;
  /** `orderLineNumber` is the order line the earlier review allocated it to (ShipmentLine.lineNumber). */
  lines: { orderLineNumber?: number; sku: string; quantityMilli: number }[];
}

export const shipmentPolicySchema = z.object({
  /** The customer takes an order in more than one shipment. */
  allowPartialShipments: z.boolean(),
  /** The customer accepts that what did not ship follows later (rather than the rest being cancelled). */
  allowBackorders: z.boolean(),
  /** How far a line may ship over its ordered quantity, cumulatively, and still be invoiced as shipped: 200 = 2%. */
  overShipToleranceBasisPoints: z.number().int().min(0).max(10_000),
  /** prepaid: we pay the carrier, nothing billed; prepaid_and_add: we pay and add it to the invoice; collect: the customer pays the carrier. */
  freightTerms: z.enum(['prepaid', 'prepaid_and_add', 'collect']),
  /** Freight above this (in the order's currency) goes to a person before it is billed. */
  freightCapMinor: z.number().int().nonnegative().optional(),
});
export type ShipmentPolicy = z.infer<typeof shipmentPolicySchema>;

/** What a desk that has said nothing else does: ship what is there, bill the freight, no overage. */
export const DEFAULT_SHIPMENT_POLICY: ShipmentPolicy = {
  allowPartialShipments: true, allowBackorders: true, overShipToleranceBasisPoints: 0, freightTerms: 'prepaid_and_add',
};

export interface InvoiceLineDraft {
  orderLineNumber: number;
  sku: string;
  description: string;
  quantityMilli: number;
  unitOfMeasure: string;
  unitPriceMinor: number;
  /** extendLine(quantityMilli, unitPriceMinor) */
  amountMinor: number;
}

export interface Backorder { orderLineNumber: number; sku: string; orderedMilli: number; shippedToDateMilli: number; backorderMilli: number }

/** This confirmation's quantities by order line, as to be stored in ShipmentLine (lineNumber = orderLineNumber). */
export interface ShipmentAllocation { orderLineNumber: number; sku: string; quantityMilli: number }

export type Finding =
  | { code: 'order_cancelled'; message: string }
  | { code: 'duplicate_shipment'; reference: string; message: string }
  | { code: 'order_mismatch'; field: 'orderRef' | 'poNumber' | 'customerNumber'; onConfirmation: string; onOrder: string; message: string }
  | { code: 'ship_to_mismatch'; orderShipTo: string; shippedTo: string; message: string }
  | { code: 'nothing_shipped'; message: string }
  | { code: 'short_shipment'; orderLineNumber: number; sku: string; orderedMilli: number; shippedToDateMilli: number; backorderMilli: number; reason: 'partial_shipments_not_allowed' | 'backorders_not_accepted'; message: string }
  | { code: 'over_shipment'; orderLineNumber: number; sku: string; orderedMilli: number; shippedToDateMilli: number; overMilli: number; toleranceMilli: number; message: string }
  | { code: 'shipped_twice'; orderLineNumber: number; sku: string; orderedMilli: number; shippedBeforeMilli: number; shippedNowMilli: number; overMilli: number; earlierReferences: string[]; message: string }
  | { code: 'unknown_sku'; sku: string; quantityMilli: number; message: string }
  | { code: 'currency_mismatch'; confirmationCurrency: string; orderCurrency: string; message: string }
  | { code: 'freight_missing'; message: string }
  | { code: 'freight_over_cap'; freightMinor: number; capMinor: number; message: string };

interface ReviewCommon {
  /**
   * Clean: exactly the lines to invoice. Discrepancy: the part nobody questions (known items, capped at what
   * is still open on the order), empty when the whole shipment is in question; a person decides the rest.
   */
  invoiceLines: InvoiceLineDraft[];
  backorders: Backorder[];
  /** Every order line has shipped in full once this shipment counts. */
  complete: boolean;
  allocations: ShipmentAllocation[];
}

export type ShipmentReview =
  | ({ kind: 'clean'; /** Freight to add to the invoice (0 unless the terms are prepaid-and-add). */ freightMinor: number } & ReviewCommon)
  | ({ kind: 'discrepancy'; findings: Finding[] } & ReviewCommon);

type AllocatableLine = { sku: string; quantityMilli: number; orderLineNumber?: number };

/**
 * Puts shipped quantities on order lines by item (our SKU or the customer's). A line number helps only
 * when it names an order line of the same item; an item ordered on two lines fills the first one first.
 */
function allocate(order: OrderForReview, lines: readonly AllocatableLine[], alreadyShipped: ReadonlyMap<number, number>): { byLine: Map<number, number>; unknown: AllocatableLine[] } {
  const byLine = new Map<number, number>();
  const unknown: AllocatableLine[] = [];
  const open = (l: OrderLineForReview) => l.quantityMilli - (alreadyShipped.get(l.lineNumber) ?? 0) - (byLine.get(l.lineNumber) ?? 0);
  const add = (lineNumber: number, qty: number) => byLine.set(lineNumber, (byLine.get(lineNumber) ?? 0) + qty);
  for (const line of lines) {
    if (line.quantityMilli === 0) continue;
    const key = itemKey(line.sku);
    const candidates = order.lines.filter((l) => itemKey(l.sku) === key || (l.customerSku && itemKey(l.customerSku) === key));
    if (candidates.length === 0) { unknown.push(line); continue; }
    const named = candidates.find((l) => l.lineNumber === line.orderLineNumber);
    if (named || candidates.length === 1) { add((named ?? candidates[0]!).lineNumber, line.quantityMilli); continue; }
    let rest = line.quantityMilli;
    for (const candidate of candidates) {
      const take = Math.min(rest, Math.max(0, open(candidate)));
      if (take > 0) { add(candidate.lineNumber, take); rest -= take; }
    }
    if (rest > 0) add(candidates[candidates.length - 1]!.lineNumber, rest);
  }
  return { byLine, unknown };
}

// Words that do not tell two places apart: company forms, and the country a domestic slip may add.
const COMPANY_WORDS = new Set(['inc', 'llc', 'ltd', 'co', 'corp', 'corporation', 'company', 'gmbh', 'the', 'usa', 'us', 'united', 'states', 'america']);
const ABBREVIATIONS: Record<string, string> = { street: 'st', avenue: 'ave', road: 'rd', drive: 'dr', boulevard: 'blvd', suite: 'ste', parkway: 'pkwy', highway: 'hwy', lane: 'ln', north: 'n', south: 's', east: 'e', west: 'w' };

function addressWords(address: string): Set<string> {
  const words = address.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter((w) => w && !COMPANY_WORDS.has(w));
  return new Set(words.map((w) => ABBREVIATIONS[w] ?? w));
}

/** The same place when one address says no more than the other (a slip may leave out a dock or the company line). */
function sameAddress(a: string, b: string): boolean {
  const x = addressWords(a);
  const y = addressWords(b);
  const within = (p: Set<string>, q: Set<string>) => [...p].every((w) => q.has(w));
  return within(x, y) || within(y, x);
}

/** PO numbers and order references compare minus case and spacing, as domain/ids.ts normalizePoNumber does. */
const sameCode = (a: string, b: string) => a.trim().toUpperCase().replace(/\s+/g, '') === b.trim().toUpperCase().replace(/\s+/g, '');

export function reviewShipment(order: OrderForReview, previousShipments: readonly PreviousShipment[], confirmation: ShipmentConfirmation, policy: ShipmentPolicy): ShipmentReview {
  const ref = confirmation.reference.value;
  const qty = (milli: number, line?: OrderLineForReview) => `${formatQuantity(milli)}${line ? ` ${line.unitOfMeasure}` : ''}`;
  const label = (line: OrderLineForReview) => `Line ${line.lineNumber} (${line.sku})`;

  const duplicate = previousShipments.find((s) => normalizeShipmentReference(s.reference) === normalizeShipmentReference(ref));
  if (duplicate) {
    return {
      kind: 'discrepancy',
      findings: [{ code: 'duplicate_shipment', reference: duplicate.reference, message: `Shipment ${ref} was already received for order ${order.reference} (shipped ${duplicate.shippedAt}); it is not counted or invoiced again.` }],
      invoiceLines: [], backorders: [], complete: false, allocations: [],
    };
  }

  const findings: Finding[] = [];
  let wholeShipmentInQuestion = false;
  if (order.status === 'cancelled') {
    wholeShipmentInQuestion = true;
    findings.push({ code: 'order_cancelled', message: `Order ${order.reference} (PO ${order.poNumber}) was cancelled, but ${ref} shipped against it on ${confirmation.shippedAt.value}. Recall the goods or reinstate the order before anything is invoiced.` });
  }
  const identifiers: [Extract<Finding, { code: 'order_mismatch' }>['field'], string | undefined, string[], string][] = [
    ['orderRef', confirmation.orderRef?.value, [order.reference, ...(order.erpOrderNumber ? [order.erpOrderNumber] : [])], 'our order reference'],
    ['poNumber', confirmation.poNumber?.value, [order.poNumber], 'the customer PO number'],
    ['customerNumber', confirmation.customerNumber?.value, [order.customerNumber], 'the customer number'],
  ];
  for (const [field, onConfirmation, onOrder, what] of identifiers) {
    if (onConfirmation === undefined) continue;
    const same = onOrder.some((o) => sameCode(o, onConfirmation));
    if (same) continue;
    wholeShipmentInQuestion = true;
    findings.push({ code: 'order_mismatch', field, onConfirmation, onOrder: onOrder[0]!, message: `${ref} gives ${what} as ${onConfirmation}, but the order it was matched to has ${onOrder[0]}. Check which order this shipment belongs to.` });
  }
  if (confirmation.shipTo && order.shipTo && !sameAddress(confirmation.shipTo.value, order.shipTo)) {
    wholeShipmentInQuestion = true;
    findings.push({ code: 'ship_to_mismatch', orderShipTo: order.shipTo, shippedTo: confirmation.shipTo.value, message: `${ref} shipped to "${confirmation.shipTo.value}", but order ${order.reference} ships to "${order.shipTo}". Confirm the customer asked for this address before invoicing.` });
  }

  // Earlier shipments first, in the order they shipped, so the same history always allocates the same way.
  const earlier = [...previousShipments].sort((a, b) => a.shippedAt.localeCompare(b.shippedAt) || a.reference.localeCompare(b.reference));
  const shippedBefore = new Map<number, number>();
  const earlierRefsByLine = new Map<number, string[]>();
  for (const shipment of earlier) {
    const { byLine } = allocate(order, shipment.lines, shippedBefore);
    for (const [lineNumber, q] of byLine) {
      shippedBefore.set(lineNumber, (shippedBefore.get(lineNumber) ?? 0) + q);
      earlierRefsByLine.set(lineNumber, [...(earlierRefsByLine.get(lineNumber) ?? []), shipment.reference]);
    }
  }
  const { byLine: shippedNow, unknown } = allocate(order, confirmation.lines.map((l) => ({ sku: l.sku, quantityMilli: l.quantityMilli, orderLineNumber: l.lineNumber })), shippedBefore);

  if (shippedNow.size === 0 && unknown.length === 0) {
    wholeShipmentInQuestion = true;
    findings.push({ code: 'nothing_shipped', message: `${ref} lists no shipped quantity for order ${order.reference}: nothing to invoice. Check whether the warehouse sent the right document.` });
  }

  const invoiceLines: InvoiceLineDraft[] = [];
  const undisputed: InvoiceLineDraft[] = [];
  const backorders: Backorder[] = [];
  const allocations: ShipmentAllocation[] = [];
  const invoiceLine = (line: OrderLineForReview, quantityMilli: number): InvoiceLineDraft => ({
    orderLineNumber: line.lineNumber, sku: line.sku, description: line.description, quantityMilli,
    unitOfMeasure: line.unitOfMeasure, unitPriceMinor: line.unitPriceMinor, amountMinor: extendLine(quantityMilli, line.unitPriceMinor),
  });
  for (const line of [...order.lines].sort((a, b) => a.lineNumber - b.lineNumber)) {
    const before = shippedBefore.get(line.lineNumber) ?? 0;
    const now = shippedNow.get(line.lineNumber) ?? 0;
    const toDate = before + now;
    const ordered = line.quantityMilli;
    if (now > 0) {
      allocations.push({ orderLineNumber: line.lineNumber, sku: line.sku, quantityMilli: now });
      invoiceLines.push(invoiceLine(line, now));
      const notQuestioned = Math.min(now, Math.max(0, ordered - before));
      if (notQuestioned > 0) undisputed.push(invoiceLine(line, notQuestioned));
    }
    if (toDate < ordered) {
      const backorderMilli = ordered - toDate;
      backorders.push({ orderLineNumber: line.lineNumber, sku: line.sku, orderedMilli: ordered, shippedToDateMilli: toDate, backorderMilli });
      const shippedText = `${qty(ordered, line)} ordered, ${qty(toDate)} shipped to date`;
      if (!policy.allowPartialShipments) {
        findings.push({ code: 'short_shipment', orderLineNumber: line.lineNumber, sku: line.sku, orderedMilli: ordered, shippedToDateMilli: toDate, backorderMilli, reason: 'partial_shipments_not_allowed',
          message: `${label(line)}: ${shippedText}, ${qty(backorderMilli, line)} short; this customer does not take partial shipments. Hold the invoice until the rest ships, or agree the partial shipment with the customer.` });
      } else if (!policy.allowBackorders) {
        findings.push({ code: 'short_shipment', orderLineNumber: line.lineNumber, sku: line.sku, orderedMilli: ordered, shippedToDateMilli: toDate, backorderMilli, reason: 'backorders_not_accepted',
          message: `${label(line)}: ${shippedText}, ${qty(backorderMilli, line)} short; this customer does not accept backorders. Cancel the remaining ${qty(backorderMilli, line)} on the order, or ask the customer.` });
      }
    }
    if (toDate > ordered && now > 0) {
      const overMilli = toDate - ordered;
      // Tolerance in exact integers: over / ordered > bp / 10 000.
      if (overMilli * 10_000 > ordered * policy.overShipToleranceBasisPoints) {
        const toleranceMilli = Math.floor((ordered * policy.overShipToleranceBasisPoints) / 10_000);
        if (before > 0) {
          const earlierReferences = earlierRefsByLine.get(line.lineNumber) ?? [];
          findings.push({ code: 'shipped_twice', orderLineNumber: line.lineNumber, sku: line.sku, orderedMilli: ordered, shippedBeforeMilli: before, shippedNowMilli: now, overMilli, earlierReferences,
            message: `${label(line)}: ${qty(ordered, line)} ordered, ${qty(before)} already shipped on ${earlierReferences.join(', ')} and ${qty(now)} more on ${ref}: ${qty(overMilli, line)} more than ordered. Check whether the line was shipped twice.` });
        } else {
          findings.push({ code: 'over_shipment', orderLineNumber: line.lineNumber, sku: line.sku, orderedMilli: ordered, shippedToDateMilli: toDate, overMilli, toleranceMilli,
            message: `${label(line)}: ${qty(ordered, line)} ordered, ${qty(toDate)} shipped: ${qty(overMilli, line)} over, beyond the ${formatQuantity(toleranceMilli)} allowed (${policy.overShipToleranceBasisPoints / 100}%). Ask the customer to accept the extra, or arrange its return.` });
        }
      }
    }
  }
  for (const line of unknown) {
    findings.push({ code: 'unknown_sku', sku: line.sku, quantityMilli: line.quantityMilli,
      message: `${ref} ships ${qty(line.quantityMilli)} of ${line.sku}, which is not on order ${order.reference}. Find out whether it was substituted, belongs to another order, or was sent by mistake.` });
  }

  let freightMinor = 0;
  const currency = confirmation.currency?.value;
  if (currency && currency !== order.currency) {
    findings.push({ code: 'currency_mismatch', confirmationCurrency: currency, orderCurrency: order.currency, message: `${ref} states its freight in ${currency}, but order ${order.reference} is billed in ${order.currency}.` });
  } else if (policy.freightTerms === 'prepaid_and_add') {
    const freight = confirmation.freightMinor?.value;
    if (freight === undefined) {
      findings.push({ code: 'freight_missing', message: `${ref} gives no freight charge, but this customer's terms are prepaid and add: get the freight from the carrier's bill before invoicing.` });
    } else if (policy.freightCapMinor !== undefined && freight > policy.freightCapMinor) {
      findings.push({ code: 'freight_over_cap', freightMinor: freight, capMinor: policy.freightCapMinor,
        message: `${ref} charges freight of ${formatMoney({ amountMinor: freight, currency: order.currency })}, above the ${formatMoney({ amountMinor: policy.freightCapMinor, currency: order.currency })} that may be billed without approval.` });
    } else freightMinor = freight;
  }

  const complete = backorders.length === 0;
  if (findings.length === 0) return { kind: 'clean', invoiceLines, freightMinor, backorders, complete, allocations };
  return { kind: 'discrepancy', findings, invoiceLines: wholeShipmentInQuestion ? [] : undisputed, backorders, complete, allocations };
}
