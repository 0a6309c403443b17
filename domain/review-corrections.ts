// Applies a person's answers to the PO under review. Everything a person states is taken as confirmed by
// them (confidence 1, confirmedBy), so the re-review asks only about what is still open.
// Pure: the same PO and answers always give the same corrected PO.
import { formatQuantity } from './money.js';
import type { ParsedLine, ParsedPurchaseOrder } from './purchase-order.js';

export type ReviewInstruction =
  | { kind: 'cancel'; reason: string }
  | { kind: 'remove_line'; lineNumber: number }
  | { kind: 'add_line'; itemCode: string; quantityMilli: number; unitPriceMinor?: number }
  | { kind: 'ignore_unreadable_rows' }
  | { kind: 'set_item'; lineNumber: number; itemCode: string }
  | { kind: 'set_quantity'; lineNumber: number; quantityMilli: number }
  | { kind: 'set_price'; lineNumber: number; unitPriceMinor: number }
  | { kind: 'use_list_price'; lineNumber?: number }
  | { kind: 'use_po_price'; lineNumber?: number }
  | { kind: 'set_ship_to'; shipTo: string }
  | { kind: 'set_requested_date'; date: string }
  | { kind: 'set_currency'; currency: string }
  | { kind: 'accept_total' }
  | { kind: 'keep_account_terms' }
  | { kind: 'confirm_all' };

export interface CorrectionResult {
  po: ParsedPurchaseOrder;
  /** What was changed, in words, for the audit log and the next email. */
  applied: string[];
  /** Instructions that could not be carried out, with why. */
  refused: string[];
  cancel?: { reason: string };
}

export function applyCorrections(original: ParsedPurchaseOrder, instructions: readonly ReviewInstruction[], by: string): CorrectionResult {
  const po: ParsedPurchaseOrder = structuredClone(original);
  const applied: string[] = [];
  const refused: string[] = [];
  const confirmed = (value: string) => ({ confidence: 1, source: `answer from ${by}`, confirmedBy: by, value });
  const lineOf = (n: number): ParsedLine | undefined => po.lines.find((l) => l.lineNumber === n);
  const eachLine = (n: number | undefined, what: string, change: (l: ParsedLine) => void) => {
    const targets = n === undefined ? po.lines : [lineOf(n)].filter((l): l is ParsedLine => l !== undefined);
    if (targets.length === 0) { refused.push(`There is no line ${n} on PO ${po.poNumber?.value ?? ''} (it has lines ${po.lines.map((l) => l.lineNumber).join(', ') || 'none'}), so "${what}" was not applied.`); return; }
    targets.forEach(change);
    applied.push(n === undefined ? `${what} (every line)` : `line ${n}: ${what}`);
  };

  for (const i of instructions) {
    switch (i.kind) {
      case 'cancel':
        return { po: original, applied: [], refused: [], cancel: { reason: i.reason } };
      case 'remove_line': {
        const before = po.lines.length;
        po.lines = po.lines.filter((l) => l.lineNumber !== i.lineNumber);
        if (po.lines.length === before) refused.push(`There is no line ${i.lineNumber} to remove.`);
        else applied.push(`line ${i.lineNumber} removed`);
        break;
      }
      case 'add_line': {
        const lineNumber = Math.max(0, ...po.lines.map((l) => l.lineNumber)) + 1;
        po.lines.push({
          lineNumber, itemCode: i.itemCode, description: '', quantityMilli: i.quantityMilli, unitPriceMinor: i.unitPriceMinor,
          confidence: 1, sourceText: `added by ${by}`, confirmedBy: by, ...(i.unitPriceMinor !== undefined ? { priceConfirmedBy: by } : {}),
        });
        // Each added line answers one row we could not read; the CSR says so when the rest are to be ignored.
        po.unreadableLines = po.unreadableLines.slice(1);
        applied.push(`line ${lineNumber} added: ${formatQuantity(i.quantityMilli)} x ${i.itemCode}`);
        break;
      }
      case 'ignore_unreadable_rows':
        if (po.unreadableLines.length) applied.push(`${po.unreadableLines.length} unreadable row(s) ignored`);
        po.unreadableLines = [];
        break;
      case 'set_item':
        eachLine(i.lineNumber, `item ${i.itemCode}`, (l) => { l.itemCode = i.itemCode; l.confirmedBy = by; l.confidence = 1; });
        break;
      case 'set_quantity':
        eachLine(i.lineNumber, `quantity ${formatQuantity(i.quantityMilli)}`, (l) => { l.quantityMilli = i.quantityMilli; l.amountMinor = undefined; l.confirmedBy = by; l.confidence = 1; });
        break;
      case 'set_price':
        eachLine(i.lineNumber, `unit price ${i.unitPriceMinor} (minor units)`, (l) => { l.unitPriceMinor = i.unitPriceMinor; l.amountMinor = undefined; l.priceConfirmedBy = by; });
        break;
      case 'use_list_price':
        // Dropping the PO's price leaves the price list to decide.
        eachLine(i.lineNumber, 'our list price', (l) => { l.unitPriceMinor = undefined; l.amountMinor = undefined; l.priceConfirmedBy = undefined; });
        break;
      case 'use_po_price':
        eachLine(i.lineNumber, "the PO's price", (l) => { if (l.unitPriceMinor !== undefined) l.priceConfirmedBy = by; });
        break;
      case 'set_ship_to':
        po.shipTo = confirmed(i.shipTo);
        applied.push(`ship to: ${i.shipTo}`);
        break;
      case 'set_requested_date':
        po.requestedShipDate = confirmed(i.date);
        applied.push(`requested date ${i.date}`);
        break;
      case 'set_currency':
        po.currency = confirmed(i.currency);
        // Amounts read in another currency are not carried over: the price list of the account decides.
        for (const l of po.lines) { l.unitPriceMinor = undefined; l.amountMinor = undefined; l.priceConfirmedBy = undefined; }
        po.totalMinor = undefined;
        applied.push(`currency ${i.currency}, at our prices`);
        break;
      case 'accept_total':
        if (po.totalMinor) { po.totalMinor = { ...po.totalMinor, confirmedBy: by }; applied.push('the PO total accepted as it is'); }
        break;
      case 'keep_account_terms':
        if (po.paymentTerms) { po.paymentTerms = { ...po.paymentTerms, confirmedBy: by }; applied.push("the account's payment terms kept"); }
        break;
      case 'confirm_all':
        for (const field of [po.poNumber, po.shipTo, po.requestedShipDate, po.orderDate]) if (field) field.confirmedBy = by;
        for (const l of po.lines) l.confirmedBy ??= by;
        applied.push('the fields as read confirmed');
        break;
    }
  }
  return { po, applied, refused };
}
