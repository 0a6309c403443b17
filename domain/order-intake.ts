// Turning a PO someone forwarded into an order we can enter. What stops the desk from knowing whose order
// it is (no PO number, unknown or conflicting customer) quarantines the email; everything else that is
// missing or doubtful becomes a question for the CSR, and the order waits for the answer.
// Pure: the same PO and master data always give the same answer.
import { identifyCustomer, type CustomerEvidence } from './customer-match.js';
import { itemKey, type MasterDataSlice, type PriceRecord, type ProductRecord, type CustomerRecord } from './master-data.js';
import { extendLine, formatMoney, formatQuantity, minorDigits, money, rescaleMinor } from './money.js';
import type { ParsedPurchaseOrder } from './purchase-order.js';

import { reviewConfidence, type ReviewQuestion } from './order-review.js';
import { readTermsText, sameTerms } from './payment-terms.js';

export type QuarantineCode =
  | 'no_purchase_order' | 'unreadable_document' | 'no_po_number' | 'unknown_customer' | 'conflicting_customer'
  | 'no_lines' | 'unreadable_line' | 'unknown_item' | 'no_price' | 'currency_mismatch' | 'duplicate_po' | 'bounce'
  | 'unauthorised_reply' | 'stale_reply' | 'vendor_invoice' | 'unreadable_shipment' | 'unmatched_shipment';

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
  /** Things a reviewer should see that did not stop entry. */
  notes: string[];
  /** What the CSR must answer before the order can be entered; empty when it is complete. */
  questions: ReviewQuestion[];
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

  const questions: ReviewQuestion[] = [];
  for (const row of po.unreadableLines) {
    questions.push({ code: 'unreadable_line', text: `This row of ${po.documentName} looks like an order line, but its item or quantity cannot be read: "${row}". What is the item and quantity? (Answer "add <qty> x <item>", or "ignore the unreadable rows".)` });
  }
  if (po.lines.length === 0 && po.unreadableLines.length === 0) {
    questions.push({ code: 'no_lines', text: `PO ${po.poNumber.value} has no order lines we could read (item, quantity) in ${po.documentName}. What was ordered? (Answer "add <qty> x <item>" per line, or send the corrected PO.)` });
  }
  if (po.currency && po.currency.value !== customer.currency) {
    questions.push({ code: 'currency_mismatch', text: `PO ${po.poNumber.value} is in ${po.currency.value}, but ${customer.name} is billed in ${customer.currency}. Which currency applies? (Answer "currency ${customer.currency}" to enter it in ${customer.currency} at our prices.)` });
  }
  const currency = po.currency && po.currency.value !== customer.currency ? undefined : po.currency?.value;

  const bySku = new Map(master.products.map((p) => [itemKey(p.sku), p]));
  const byId = new Map(master.products.map((p) => [p.id, p]));
  const byCustomerSku = new Map(master.customerItems.filter((i) => i.customerId === customer.id).map((i) => [itemKey(i.customerSku), i.productId]));

  const notes: string[] = [];
  const lines: OrderLineDraft[] = [];
  for (const line of po.lines) {
    const key = itemKey(line.itemCode);
    const viaCustomerSku = byCustomerSku.get(key);
    const product = (viaCustomerSku ? byId.get(viaCustomerSku) : undefined) ?? bySku.get(key);
    if (!product || !product.active) {
      questions.push({ code: 'unknown_item', lineNumber: line.lineNumber, text: `Line ${line.lineNumber}: item "${line.itemCode}" is not in our catalogue${product ? ' (it is discontinued)' : ''}. Which item is it? (Answer "line ${line.lineNumber} item <our item>", or "remove line ${line.lineNumber}".)` });
      continue;
    }
    const fromList = listPrice(product, customer, line.quantityMilli, master.prices);
    // With no currency on the PO its amounts were read as USD-like (two decimals): move them to the
    // customer's currency's precision, exactly or not at all.
    const poPrice = line.unitPriceMinor === undefined ? undefined
      : rescaleMinor(line.unitPriceMinor, minorDigits(currency ?? 'USD'), minorDigits(customer.currency));
    const unitPriceMinor = line.priceConfirmedBy !== undefined && poPrice !== undefined ? poPrice : fromList ?? poPrice;
    if (unitPriceMinor === undefined) {
      questions.push({ code: 'no_price', lineNumber: line.lineNumber, text: `Line ${line.lineNumber}: item ${product.sku} has no price on ${customer.name}'s price list and none on the PO. What is the unit price? (Answer "line ${line.lineNumber} price <amount>".)` });
      continue;
    }
    if (fromList !== undefined && poPrice !== undefined && poPrice !== fromList && line.priceConfirmedBy === undefined) {
      const m = (minor: number) => formatMoney(money(minor, customer.currency));
      questions.push({ code: 'price_differs', lineNumber: line.lineNumber, text: `Line ${line.lineNumber}: the PO's unit price for ${product.sku} is ${m(poPrice)}, our price list says ${m(fromList)}. Which price applies? (Answer "line ${line.lineNumber} list price" or "line ${line.lineNumber} PO price"; "use list prices" answers every line.)` });
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
      priceSource: unitPriceMinor === fromList ? 'price_list' : 'purchase_order',
    });
  }
  questions.push(...reviewConfidence(po));
  const termsQuestion = reviewTerms(po, customer, master);
  if (termsQuestion) questions.push(termsQuestion);

  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const poTotal = po.totalMinor ? rescaleMinor(po.totalMinor.value, minorDigits(currency ?? 'USD'), minorDigits(customer.currency)) : undefined;
  const pricesSettled = !questions.some((q) => q.code === 'price_differs' || q.code === 'no_price' || q.code === 'unknown_item');
  if (po.totalMinor && poTotal !== totalMinor && pricesSettled && po.totalMinor.confirmedBy === undefined) {
    const m = (minor: number) => formatMoney(money(minor, customer.currency));
    const poSays = poTotal === undefined ? `${po.totalMinor.value}` : m(poTotal);
    questions.push({ code: 'total_differs', text: `The PO's total is ${poSays}, but its lines come to ${m(totalMinor)} at the prices entered. Is a line missing or a price wrong? (Answer with the correction, or "total is fine" to enter the lines as they are.)` });
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
    notes: [
      ...notes,
      ...(po.shipTo ? [] : ['No ship-to on the PO: ships to the address on the customer account.']),
      ...(po.requestedShipDate ? [] : ['No requested date on the PO: ships as soon as available.']),
      ...(customer.salesRepId ? [] : [`${customer.name} has no sales rep on the account: acknowledgements go without one in copy.`]),
    ],
    questions,
  };
}

/** Payment terms are the account's: a PO asking for others is a question, answered by keeping the account's. */
function reviewTerms(po: ParsedPurchaseOrder, customer: CustomerRecord, master: MasterDataSlice): ReviewQuestion | undefined {
  if (!po.paymentTerms || po.paymentTerms.confirmedBy !== undefined) return undefined;
  const account = master.terms?.find((t) => t.code === customer.termsCode);
  const asked = readTermsText(po.paymentTerms.value);
  if (!account || !asked || sameTerms(asked, account)) return undefined;
  return {
    code: 'terms_differ',
    text: `The PO asks for payment terms "${po.paymentTerms.value}", but ${customer.name}'s account is on ${account.description}. The order is entered on the account's terms; other terms need an AR lead to change the account. (Answer "account terms" to go ahead, or "cancel order: <reason>".)`,
  };
}

export function describeLine(line: OrderLineDraft): string {
  return `${formatQuantity(line.quantityMilli)} ${line.unitOfMeasure} ${line.sku}`;
}
