// The completeness review a specialist does before entering an order: what must a person answer, and
// which of the reader's guesses are too doubtful to enter without someone confirming them.
// Pure: thresholds are data, so a desk can tighten them without touching the workflow.
import { formatMoney, formatQuantity, money } from './money.js';
import type { ParsedPurchaseOrder } from './purchase-order.js';

export type ReviewQuestionCode =
  | 'unreadable_line' | 'no_lines' | 'currency_mismatch' | 'unknown_item' | 'no_price' | 'price_differs'
  | 'total_differs' | 'low_confidence' | 'terms_differ'
  /** An answer took away what makes the order this one (its customer, its PO number). */
  | 'not_this_order';

export interface ReviewQuestion {
  code: ReviewQuestionCode;
  lineNumber?: number;
  /** The question as the CSR reads it, with how to answer. */
  text: string;
}

/**
 * The lowest confidence at which a field is entered without a person confirming it. A PDF's labelled
 * field reads at 0.85–0.95 and a typed order line at 0.8; OCR multiplies by how sure the OCR was.
 */
export const CONFIDENCE_THRESHOLDS = {
  poNumber: 0.75,
  line: 0.8,
  shipTo: 0.7,
  requestedShipDate: 0.75,
} as const;

function doubtful(field: { confidence: number; confirmedBy?: string } | undefined, threshold: number): boolean {
  return field !== undefined && field.confirmedBy === undefined && field.confidence < threshold;
}

/** A question for every field read with too little confidence to enter it unconfirmed. */
export function reviewConfidence(po: ParsedPurchaseOrder, thresholds = CONFIDENCE_THRESHOLDS): ReviewQuestion[] {
  const questions: ReviewQuestion[] = [];
  const pct = (c: number) => `${Math.round(c * 100)}%`;
  if (doubtful(po.poNumber, thresholds.poNumber)) {
    questions.push({ code: 'low_confidence', text: `We read the PO number as "${po.poNumber!.value}" (${pct(po.poNumber!.confidence)} sure, from ${po.poNumber!.source}). Is that right? (Answer "confirmed", or "PO number <the right one>".)` });
  }
  for (const line of po.lines) {
    if (line.confirmedBy !== undefined || line.confidence >= thresholds.line) continue;
    questions.push({ code: 'low_confidence', lineNumber: line.lineNumber, text: `Line ${line.lineNumber}: we read "${line.sourceText.trim()}" as item ${line.itemCode}, quantity ${formatQuantity(line.quantityMilli)}${line.unitPriceMinor !== undefined ? `, unit price ${formatMoney(money(line.unitPriceMinor, po.currency?.value ?? 'USD'))}` : ''} (${pct(line.confidence)} sure). Is that right? (Answer "confirmed", or "line ${line.lineNumber} qty <n>" / "line ${line.lineNumber} item <item>".)` });
  }
  if (doubtful(po.shipTo, thresholds.shipTo)) {
    questions.push({ code: 'low_confidence', text: `We read the ship-to address as "${po.shipTo!.value}" (${pct(po.shipTo!.confidence)} sure). Is that right? (Answer "confirmed", or "ship to: <address>".)` });
  }
  if (doubtful(po.requestedShipDate, thresholds.requestedShipDate)) {
    questions.push({ code: 'low_confidence', text: `We read the requested date as ${po.requestedShipDate!.value} (${pct(po.requestedShipDate!.confidence)} sure). Is that right? (Answer "confirmed", or "requested date <YYYY-MM-DD>".)` });
  }
  return questions;
}
