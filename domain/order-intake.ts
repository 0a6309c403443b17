// Turning a PO someone forwarded into an order we can enter, or saying exactly why we cannot.
// Pure: the same PO and master data always give the same answer.
import { identifyCustomer, type CustomerEvidence } from './customer-match.js';
import { itemKey, type MasterDataSlice, type PriceRecord, type ProductRecord, type CustomerRecord } from './master-data.js';
import { extendLine, formatQuantity, minorDigits, rescaleMinor } from './money.js';
import type { ParsedPurchaseOrder } from './purchase-order.js';

export type QuarantineCode =
  | 'no_purchase_order' | 'unreadable_document' | 'no_po_number' | 'unknown_customer' | 'conflicting_customer'
  | 'no_lines' | 'unreadable_line' | 'unknown_item' | 'no_price' | 'currency_mismatch' | 'duplicate_po' | 'bounce';

export interface QuarantineDecision {
  kind: 'quarantine';
  code: QuarantineCode;
  /** Every problem found, written for the CSR who will fix it. */
  problems: string[];
}

export interface OrderLineDraft {
  lineNumber: number;
  productId: string;
  sku: string;
  customerSku: string | null;
  description: string;
  quantityMilli: number;
  unitOfMeasure: string;
  unitPriceMinor: number;
  amountMinor: number;
  priceSource: 'price_list' | 'purchase_order';
}

export interface OrderDraft {
  kind: 'order';
  customerId: string;
  customerNumber: string;
  customerName: string;
  customerVia: string;
  poNumber: string;
  orderDate: string | null;
  requestedShipDate: string | null;
  shipTo: string | null;
  currency: string;
  termsCode: string;
  salesRepId: string | null;
  lines: OrderLineDraft[];
  totalMinor: number;
  /** Things a reviewer should see that did not stop entry (e.g. PO price differs from our list). */
  notes: string[];
}

export type IntakeDecision = OrderDraft | QuarantineDecision;

function listPrice(product: ProductRecord, customer: CustomerRecord, quantityMilli: number, prices: readonly PriceRecord[]): number | undefined {
  const eligible = prices
    .filter((p) => p.productId === product.id && p.priceListId === customer.priceListId && p.minQuantity * 1000 <= quantityMilli)
    .sort((a, b) => b.minQuantity - a.minQuantity);
  return eligible[0]?.unitPriceMinor;
}

export function decideIntake(po: ParsedPurchaseOrder, sender: { originalSender?: string }, master: MasterDataSlice): IntakeDecision {
  const quarantine = (code: QuarantineCode, ...problems: string[]): QuarantineDecision => ({ kind: 'quarantine', code, problems });
  if (!po.poNumber) return quarantine('no_po_number', `No PO number was found in ${po.documentName}. Look for a label such as "PO #" or "Purchase Order No." and resend with it.`);

  const evidence: CustomerEvidence = {
    customerNumber: po.customerNumber?.value,
    originalSender: sender.originalSender,
    companyName: po.companyName?.value,
  };
  const match = identifyCustomer(evidence, master.customers);
  if (!match.found) return quarantine(match.code, match.reason);
  const customer = match.customer;

  if (po.unreadableLines.length > 0) {
    return quarantine('unreadable_line', ...po.unreadableLines.map((row) => `This row of ${po.documentName} looks like an order line, but its item or quantity cannot be read: "${row}".`));
  }
  if (po.lines.length === 0) return quarantine('no_lines', `PO ${po.poNumber.value} has no order lines we could read (item, quantity) in ${po.documentName}.`);
  if (po.currency && po.currency.value !== customer.currency) {
    return quarantine('currency_mismatch', `PO ${po.poNumber.value} is in ${po.currency.value}, but ${customer.name} is billed in ${customer.currency}.`);
  }

  const bySku = new Map(master.products.map((p) => [itemKey(p.sku), p]));
  const byId = new Map(master.products.map((p) => [p.id, p]));
  const byCustomerSku = new Map(master.customerItems.filter((i) => i.customerId === customer.id).map((i) => [itemKey(i.customerSku), i.productId]));

  const problems: { code: QuarantineCode; text: string }[] = [];
  const notes: string[] = [];
  const lines: OrderLineDraft[] = [];
  for (const line of po.lines) {
    const key = itemKey(line.itemCode);
    const viaCustomerSku = byCustomerSku.get(key);
    const product = (viaCustomerSku ? byId.get(viaCustomerSku) : undefined) ?? bySku.get(key);
    if (!product || !product.active) {
      problems.push({ code: 'unknown_item', text: `Line ${line.lineNumber}: item "${line.itemCode}" is not in our catalogue${product ? ' (it is discontinued)' : ''}.` });
      continue;
    }
    const fromList = listPrice(product, customer, line.quantityMilli, master.prices);
    // With no currency on the PO its amounts were read as USD-like (two decimals): move them to the
    // customer's currency's precision, exactly or not at all.
    const poPrice = line.unitPriceMinor === undefined ? undefined
      : rescaleMinor(line.unitPriceMinor, minorDigits(po.currency?.value ?? 'USD'), minorDigits(customer.currency));
    const unitPriceMinor = fromList ?? poPrice;
    if (unitPriceMinor === undefined) {
      problems.push({ code: 'no_price', text: `Line ${line.lineNumber}: item ${product.sku} has no price on ${customer.name}'s price list and none on the PO.` });
      continue;
    }
    if (fromList !== undefined && poPrice !== undefined && poPrice !== fromList) {
      notes.push(`Line ${line.lineNumber}: the PO's unit price (${poPrice}) differs from the price list (${fromList}); entered at the list price.`);
    }
    lines.push({
      lineNumber: line.lineNumber,
      productId: product.id,
      sku: product.sku,
      customerSku: viaCustomerSku ? line.itemCode : null,
      description: product.description,
      quantityMilli: line.quantityMilli,
      unitOfMeasure: line.unitOfMeasure ?? product.unitOfMeasure,
      unitPriceMinor,
      amountMinor: extendLine(line.quantityMilli, unitPriceMinor),
      priceSource: fromList !== undefined ? 'price_list' : 'purchase_order',
    });
  }
  if (problems.length > 0) return { kind: 'quarantine', code: problems[0]!.code, problems: problems.map((p) => p.text) };

  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const poTotal = po.totalMinor ? rescaleMinor(po.totalMinor.value, minorDigits(po.currency?.value ?? 'USD'), minorDigits(customer.currency)) : undefined;
  if (po.totalMinor && poTotal !== totalMinor) {
    notes.push(`The PO's total (${po.totalMinor.value}) differs from the entered total (${totalMinor}).`);
  }
  return {
    kind: 'order',
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.name,
    customerVia: match.via,
    poNumber: po.poNumber.value.trim(),
    orderDate: po.orderDate?.value ?? null,
    requestedShipDate: po.requestedShipDate?.value ?? null,
    shipTo: po.shipTo?.value ?? null,
    currency: customer.currency,
    termsCode: customer.termsCode,
    salesRepId: customer.salesRepId,
    lines,
    totalMinor,
    notes,
  };
}

export function describeLine(line: OrderLineDraft): string {
  return `${formatQuantity(line.quantityMilli)} ${line.unitOfMeasure} ${line.sku}`;
}
