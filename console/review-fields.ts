// The PO as the reader extracted it, as rows a person checks: each field's value, how sure the reader
// was, where it read it, and whether it is below the confidence at which it is entered unconfirmed.
import { formatMoney, money } from '../domain/money.js';
import { CONFIDENCE_THRESHOLDS } from '../domain/order-review.js';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';

export interface FieldRow { field: string; value: string; confidence: string; source: string; doubtful: boolean; confirmedBy: string }

const percent = (c: number) => `${Math.round(c * 100)}%`;

export function reviewFieldRows(po: ParsedPurchaseOrder): FieldRow[] {
  const currency = po.currency?.value ?? 'USD';
  const rows: FieldRow[] = [];
  const header: [string, keyof ParsedPurchaseOrder, number | undefined][] = [
    ['PO number', 'poNumber', CONFIDENCE_THRESHOLDS.poNumber], ['Customer number', 'customerNumber', undefined], ['Company', 'companyName', undefined],
    ['Order date', 'orderDate', undefined], ['Requested ship date', 'requestedShipDate', CONFIDENCE_THRESHOLDS.requestedShipDate], ['Ship to', 'shipTo', CONFIDENCE_THRESHOLDS.shipTo],
    ['Currency', 'currency', undefined], ['Payment terms', 'paymentTerms', undefined], ['Total', 'totalMinor', undefined],
  ];
  for (const [label, key, threshold] of header) {
    const f = po[key] as { value: string | number; confidence: number; source: string; confirmedBy?: string } | undefined;
    if (!f) continue;
    const value = key === 'totalMinor' ? formatMoney(money(Number(f.value), currency)) : String(f.value);
    rows.push({ field: label, value, confidence: percent(f.confidence), source: f.source, doubtful: threshold !== undefined && !f.confirmedBy && f.confidence < threshold, confirmedBy: f.confirmedBy ?? '' });
  }
  for (const line of po.lines) {
    const qty = line.quantityMilli / 1000;
    const price = line.unitPriceMinor !== undefined ? ` at ${formatMoney(money(line.unitPriceMinor, currency))}` : '';
    rows.push({
      field: `Line ${line.lineNumber}`, value: `${line.itemCode}: ${qty} ${line.unitOfMeasure ?? ''}${price}${line.description ? ` (${line.description})` : ''}`.replace(/\s+/g, ' '),
      confidence: percent(line.confidence), source: line.sourceText, doubtful: !line.confirmedBy && line.confidence < CONFIDENCE_THRESHOLDS.line, confirmedBy: line.confirmedBy ?? '',
    });
  }
  for (const text of po.unreadableLines) rows.push({ field: 'Unreadable line', value: text, confidence: '—', source: po.documentName, doubtful: true, confirmedBy: '' });
  return rows;
}
