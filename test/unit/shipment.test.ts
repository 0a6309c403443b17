import { describe, expect, it } from 'vitest';
import { acmePo } from '../../demo/emails.js';
import { PO_LAYOUTS, renderPoPdf } from '../../demo/po-pdf.js';
import { acmeShipment, globexInvoice, renderBillOfLadingPdf, renderPackingSlipPdf, renderVendorInvoicePdf, shipmentCsv, shipmentJson, type ShipmentDocument } from '../../demo/shipment-docs.js';
import { invoiceRequestFromReview, invoiceRequestSchema, invoiceWorkflowId } from '../../domain/invoice-handoff.js';
import { orderIdPrefixFromReference, ShipmentReadError, type ShipmentConfirmation } from '../../domain/shipment.js';
import { reviewShipment, type OrderForReview, type PreviousShipment, type ShipmentPolicy } from '../../domain/shipment-review.js';
import { classifyDocumentKind } from '../../parsers/document-kind.js';
import { readPdfLayout } from '../../parsers/pdf-layout.js';
import { readShipmentDocument } from '../../parsers/shipment-document.js';
import { readShipmentCsv, readShipmentJson } from '../../parsers/shipment-feed.js';

const ACME_SHIP_TO = 'Acme Fabrication Dock 3, 200 Industrial Way, Springfield, IL 62702';

/** What the readers must give for demo/shipment-docs.ts acmeShipment(), whatever the format. */
function expectAcmeFields(c: ShipmentConfirmation): void {
  expect(c.orderRef?.value).toBe('SO-1A2B3C4D');
  expect(c.poNumber?.value).toBe('4500012345');
  expect(c.customerNumber?.value).toBe('C-1001');
  expect(c.shippedAt.value).toBe('2026-11-28');
  expect(c.carrier?.value).toBe('UPS Ground');
  expect(c.freightMinor?.value).toBe(4500);
  expect(c.lines.map((l) => [l.sku, l.quantityMilli])).toEqual([['WID-100', 200_000], ['BRK-220', 1_000_000]]);
}

async function layoutOf(pdf: Buffer): Promise<string[]> {
  return (await readPdfLayout(pdf)).lines;
}

function readError(fn: () => unknown): ShipmentReadError {
  try { fn(); } catch (err) { if (err instanceof ShipmentReadError) return err; throw err; }
  throw new Error('expected a ShipmentReadError');
}

describe('the packing slip and bill of lading reader', () => {
  it('reads a packing slip PDF: labelled fields, tracking numbers, the ship-to block, shipped and backordered per line', async () => {
    const c = readShipmentDocument(await layoutOf(await renderPackingSlipPdf(acmeShipment())), 'PS-20931.pdf');
    expectAcmeFields(c);
    expect(c.documentKind).toBe('pdf_text');
    expect(c.reference.value).toBe('PS-20931');
    expect(c.trackingNumbers.map((t) => t.value)).toEqual(['1Z999AA10123456784', '1Z999AA10123456785']);
    expect(c.shipTo?.value).toBe(ACME_SHIP_TO);
    expect(c.lines.map((l) => [l.lineNumber, l.backorderedMilli, l.description])).toEqual([[1, 50_000, 'Steel widget, zinc plated'], [2, 0, 'Mounting bracket, 2 in']]);
    expect(c.reference.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('reads a bill of lading with values under boxed labels, the PRO number as tracking, and the consignee beside the shipper', async () => {
    const c = readShipmentDocument(await layoutOf(await renderBillOfLadingPdf(acmeShipment())), 'BOL-778120.pdf');
    expectAcmeFields(c);
    expect(c.reference.value).toBe('BOL-778120');
    expect(c.trackingNumbers.map((t) => t.value)).toEqual(['0412-558-3301']);
    expect(c.shipTo?.value).toBe(`Acme Fabrication Inc., ${ACME_SHIP_TO}`);
    expect(c.lines.every((l) => l.backorderedMilli === undefined)).toBe(true);
  });

  it('refuses a slip whose shipped quantity has a letter O in it, naming the row, rather than dropping the line', async () => {
    const slip = acmeShipment();
    slip.lines[0]!.shipped = '2O0';
    const lines = await layoutOf(await renderPackingSlipPdf(slip));
    const e = readError(() => readShipmentDocument(lines, 'PS-20931.pdf'));
    expect(e.code).toBe('unreadable_line');
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/quantity shipped "2O0" is not a quantity \(a letter O or l where a digit belongs\?\): "1 +WID-100/);
  });

  it('says what is missing from a slip with no number, no date and no order', () => {
    const e = readError(() => readShipmentDocument(['NORTHWIND COMPONENTS', 'Item   Description   Shipped', 'WID-100   Steel widget   5'], 'scan.pdf'));
    expect(e.code).toBe('missing_field');
    expect(e.problems).toEqual([
      'No packing slip or bill of lading number was found in scan.pdf (a label such as "Packing Slip No." or "BOL #").',
      'No ship date was found in scan.pdf (a label such as "Ship Date").',
      'Neither our order reference ("Our Order", "Sales Order") nor the customer\'s PO number ("Your PO", "Customer PO") was found in scan.pdf: the shipment cannot be matched to an order.',
    ]);
  });
});

describe('the warehouse feed reader', () => {
  const second: ShipmentDocument = { ...acmeShipment('SO-99AA00BB'), packingSlipNumber: 'PS-20932', poNumber: 'CM-5512', customerNumber: 'C-1003', freight: undefined,
    lines: [{ lineNumber: 1, itemCode: 'GSK-310', description: 'Neoprene gasket', ordered: '60', shipped: '60', backordered: '0', uom: 'EA', handlingUnits: 1, weightLb: '30' }] };

  it('reads a CSV export, grouping rows into shipments by packing slip', () => {
    const [a, b, ...rest] = readShipmentCsv(shipmentCsv([acmeShipment(), second]), 'shipments-2026-11-28.csv');
    expect(rest).toEqual([]);
    expectAcmeFields(a!);
    expect(a!.reference).toMatchObject({ value: 'PS-20931', confidence: 1 });
    expect(a!.trackingNumbers.map((t) => t.value)).toEqual(['1Z999AA10123456784', '1Z999AA10123456785']);
    expect(a!.lines.map((l) => [l.lineNumber, l.backorderedMilli])).toEqual([[1, 50_000], [2, 0]]);
    expect(b!.reference.value).toBe('PS-20932');
    expect(b!.freightMinor).toBeUndefined();
    expect(b!.lines.map((l) => [l.sku, l.quantityMilli])).toEqual([['GSK-310', 60_000]]);
  });

  it('knows the headers warehouse systems use, semicolon-separated too', () => {
    const csv = ['Slip #;SO;PO #;Date Shipped;Ship Via;PRO Number;Item;Qty;Freight Amount', 'PS-1;SO-1A2B3C4D;4500012345;11/28/2026;Old Dominion;0412-558-3301;WID-100;2.5;"1,250.00"', 'PS-1;SO-1A2B3C4D;4500012345;11/28/2026;Old Dominion;0412-558-3301;BRK-220;10;1,250.00'].join('\n');
    const [c] = readShipmentCsv(csv, 'odfl.csv');
    expect(c!.reference.value).toBe('PS-1');
    expect(c!.shippedAt.value).toBe('2026-11-28');
    expect(c!.carrier?.value).toBe('Old Dominion');
    expect(c!.trackingNumbers.map((t) => t.value)).toEqual(['0412-558-3301']);
    expect(c!.freightMinor?.value).toBe(125_000);
    expect(c!.lines.map((l) => [l.sku, l.quantityMilli])).toEqual([['WID-100', 2_500], ['BRK-220', 10_000]]);
  });

  it('refuses a CSV without the columns it needs, naming them and the columns it has', () => {
    const e = readError(() => readShipmentCsv('slip,order_date,part\nPS-1,2026-11-28,WID-100\n', 'bad.csv'));
    expect(e.code).toBe('wrong_columns');
    expect(e.problems).toEqual([
      'bad.csv has no column for the ship date (a header such as "ship_date", "shipped_at", "shipped_on", "shipped_date").',
      'bad.csv has no column for the quantity shipped (a header such as "qty_shipped", "quantity_shipped", "shipped_qty", "ship_qty").',
      'bad.csv has no column for our sales order or the customer PO (a header such as "sales_order", "so_number", "customer_po", "po_number"): its shipments cannot be matched to orders.',
      'Its columns are: "slip", "order_date", "part".',
    ]);
  });

  it('names the row and column of a quantity written with a letter O', () => {
    const csv = shipmentCsv([acmeShipment()]).replace(',200,50', ',1O,50');
    const e = readError(() => readShipmentCsv(csv, 'feed.csv'));
    expect(e.code).toBe('unreadable_line');
    expect(e.problems).toEqual(['Row 2 of feed.csv, column "qty_shipped": "1O" is not a quantity (a letter O or l where a digit belongs?).']);
  });

  it('refuses rows of one shipment that disagree, and a date it cannot read', () => {
    const lines = shipmentCsv([acmeShipment()]).trim().split('\r\n');
    lines[2] = lines[2]!.replace('2026-11-28', '2026-11-29');
    expect(readError(() => readShipmentCsv(lines.join('\n'), 'feed.csv')).problems).toEqual([
      'Row 3 of feed.csv: column "ship_date" says "2026-11-29" but row 2 says "2026-11-28" for shipment PS-20931; a shipment has one ship date.',
    ]);
    const european = shipmentCsv([acmeShipment()]).replace(/2026-11-28/g, '28/11/2026');
    expect(readError(() => readShipmentCsv(european, 'feed.csv')).problems).toEqual(['Row 2 of feed.csv, column "ship_date": "28/11/2026" is not a date (write YYYY-MM-DD).']);
  });

  it('reads the JSON feed', () => {
    const [c, ...rest] = readShipmentJson(shipmentJson([acmeShipment()]), 'feed.json');
    expect(rest).toEqual([]);
    expectAcmeFields(c!);
    expect(c!.documentKind).toBe('json_feed');
    expect(c!.shipTo?.value).toBe(ACME_SHIP_TO);
    expect(c!.lines.map((l) => [l.lineNumber, l.backorderedMilli])).toEqual([[1, 50_000], [2, 0]]);
    // One shipment on its own is accepted too.
    const single = JSON.stringify({ reference: 'PS-9', poNumber: '4500012345', shippedAt: '2026-11-28T16:40:00Z', lines: [{ sku: 'WID-100', quantity: '2.5' }] });
    expect(readShipmentJson(single, 'one.json')[0]).toMatchObject({ shippedAt: { value: '2026-11-28' }, lines: [{ sku: 'WID-100', quantityMilli: 2_500 }] });
  });

  it('refuses JSON of the wrong shape, naming each field', () => {
    const feed = JSON.parse(shipmentJson([acmeShipment()]));
    feed.shipments[0].freigth = feed.shipments[0].freight;
    delete feed.shipments[0].freight;
    delete feed.shipments[0].reference;
    feed.shipments[0].lines[1].quantity = { value: 1000 };
    const e = readError(() => readShipmentJson(JSON.stringify(feed), 'feed.json'));
    expect(e.code).toBe('wrong_shape');
    expect([...e.problems].sort()).toEqual([
      'feed.json: shipments[0].lines[1].quantity: expected a number or a decimal string (the quantity shipped).',
      'feed.json: shipments[0].reference: is missing (the packing slip or BOL number).',
      'feed.json: shipments[0]: unknown field "freigth" (check the spelling against the documented shape).',
    ]);
    const letterO = shipmentJson([acmeShipment()]).replace('"quantity": 200', '"quantity": "2OO"');
    expect(readError(() => readShipmentJson(letterO, 'feed.json')).problems).toEqual(['feed.json: shipments[0].lines[0].quantity: "2OO" is not a quantity (a letter O or l where a digit belongs?).']);
    expect(readError(() => readShipmentJson('{"shipments": [', 'feed.json')).code).toBe('not_json');
    expect(readError(() => readShipmentJson('"PS-1"', 'feed.json')).problems).toEqual(['feed.json: expected a shipment object, an array of them, or {"shipments": [...]}.']);
  });
});

describe('what kind of document reached the orders mailbox', () => {
  it.each(PO_LAYOUTS)('a customer PO in the %s layout is a purchase order', async (layout) => {
    const decision = classifyDocumentKind(await layoutOf(await renderPoPdf(acmePo('4500012345'), layout)), { ourCompanyName: 'Northwind Components' });
    expect(decision.kind).toBe('purchase_order');
  });

  it('packing slips and bills of lading are shipment confirmations, and say why', async () => {
    const slip = classifyDocumentKind(await layoutOf(await renderPackingSlipPdf(acmeShipment())), { ourCompanyName: 'Northwind Components' });
    expect(slip).toEqual({ kind: 'shipment_confirmation', reason: expect.stringContaining('a packing slip title or number') });
    expect(classifyDocumentKind(await layoutOf(await renderBillOfLadingPdf(acmeShipment()))).kind).toBe('shipment_confirmation');
  });

  it("a supplier's invoice billing us is recognised, by its words and by whom it bills", async () => {
    const lines = await layoutOf(await renderVendorInvoicePdf(globexInvoice()));
    const decision = classifyDocumentKind(lines, { ourCompanyName: 'Northwind Components' });
    expect(decision.kind).toBe('vendor_invoice');
    expect(decision.reason).toContain('a "Bill To" naming Northwind Components');
    expect(classifyDocumentKind(lines).kind).toBe('vendor_invoice');
  });

  it('an order typed in an email body, or a note, is unknown: too little to tell', () => {
    expect(classifyDocumentKind('Customer #: C-1003\nPO Number: CM-5512\n\nGSK-310 x 60\n').kind).toBe('unknown');
    expect(classifyDocumentKind('Hi team, do we know the lead time on stainless widgets?')).toEqual({ kind: 'unknown', reason: 'No title or label of a purchase order, packing slip, bill of lading or invoice.' });
  });
});

// ─── The review ───

const ORDER: OrderForReview = {
  id: '1a2b3c4d-5e6f-4a00-8000-000000000001', reference: 'SO-1A2B3C4D', customerNumber: 'C-1001', poNumber: '4500012345', status: 'acknowledged', currency: 'USD',
  shipTo: ACME_SHIP_TO,
  lines: [
    { lineNumber: 1, sku: 'WID-100', description: 'Steel widget, zinc plated', quantityMilli: 250_000, unitOfMeasure: 'EA', unitPriceMinor: 425 },
    { lineNumber: 2, sku: 'BRK-220', customerSku: 'AC-77812', description: 'Mounting bracket, 2 in', quantityMilli: 1_000_000, unitOfMeasure: 'EA', unitPriceMinor: 85 },
  ],
};

const POLICY: ShipmentPolicy = { allowPartialShipments: true, allowBackorders: true, overShipToleranceBasisPoints: 200, freightTerms: 'prepaid_and_add', freightCapMinor: 10_000 };

const exact = <T>(value: T) => ({ value, confidence: 1, source: 'test' });

function shipment(reference: string, lines: [string, number][], extra: Partial<ShipmentConfirmation> = {}): ShipmentConfirmation {
  return {
    documentKind: 'json_feed', documentName: 'test', reference: exact(reference), orderRef: exact('SO-1A2B3C4D'), poNumber: exact('4500012345'),
    shippedAt: exact('2026-11-28'), trackingNumbers: [], freightMinor: exact(4500),
    lines: lines.map(([sku, quantityMilli]) => ({ sku, quantityMilli, confidence: 1, sourceText: sku })), ...extra,
  };
}

const FIRST: PreviousShipment = { reference: 'PS-20931', shippedAt: '2026-11-28', lines: [{ orderLineNumber: 1, sku: 'WID-100', quantityMilli: 200_000 }, { orderLineNumber: 2, sku: 'BRK-220', quantityMilli: 1_000_000 }] };

describe('reviewing a shipment against its order', () => {
  it('a read packing slip, short a backorder the customer accepts, is clean: exactly the shipped lines and freight to invoice', async () => {
    const confirmation = readShipmentDocument(await layoutOf(await renderPackingSlipPdf(acmeShipment())), 'PS-20931.pdf');
    const review = reviewShipment(ORDER, [], confirmation, POLICY);
    expect(review).toMatchObject({ kind: 'clean', freightMinor: 4500, complete: false });
    expect(review.invoiceLines.map((l) => [l.orderLineNumber, l.sku, l.quantityMilli, l.unitPriceMinor, l.amountMinor])).toEqual([[1, 'WID-100', 200_000, 425, 85_000], [2, 'BRK-220', 1_000_000, 85, 85_000]]);
    expect(review.backorders).toEqual([{ orderLineNumber: 1, sku: 'WID-100', orderedMilli: 250_000, shippedToDateMilli: 200_000, backorderMilli: 50_000 }]);
    expect(review.allocations).toEqual([{ orderLineNumber: 1, sku: 'WID-100', quantityMilli: 200_000 }, { orderLineNumber: 2, sku: 'BRK-220', quantityMilli: 1_000_000 }]);
  });

  it('a bill of lading naming the consignee company above the same address is still the order\'s address', async () => {
    const confirmation = readShipmentDocument(await layoutOf(await renderBillOfLadingPdf(acmeShipment())), 'BOL.pdf');
    expect(reviewShipment(ORDER, [], confirmation, POLICY).kind).toBe('clean');
    const withCountry = shipment('PS-1', [['WID-100', 250_000], ['BRK-220', 1_000_000]], { shipTo: exact('200 Industrial Way, Springfield, IL 62702, USA') });
    expect(reviewShipment(ORDER, [], withCountry, POLICY).kind).toBe('clean');
  });

  it('the same short shipment for a customer who does not accept backorders goes to a person, with the quantity short', () => {
    const review = reviewShipment(ORDER, [], shipment('PS-1', [['WID-100', 200_000], ['BRK-220', 1_000_000]]), { ...POLICY, allowBackorders: false });
    expect(review.kind).toBe('discrepancy');
    if (review.kind !== 'discrepancy') return;
    expect(review.findings).toEqual([expect.objectContaining({ code: 'short_shipment', orderLineNumber: 1, backorderMilli: 50_000, reason: 'backorders_not_accepted' })]);
    expect(review.findings[0]!.message).toBe('Line 1 (WID-100): 250 EA ordered, 200 shipped to date, 50 EA short; this customer does not accept backorders. Cancel the remaining 50 EA on the order, or ask the customer.');
    expect(review.invoiceLines.map((l) => l.quantityMilli)).toEqual([200_000, 1_000_000]); // what is not in question
  });

  it('no partial shipments: every line not shipped in full is a finding, including one not on the slip at all', () => {
    const review = reviewShipment(ORDER, [], shipment('PS-1', [['WID-100', 250_000]]), { ...POLICY, allowPartialShipments: false });
    expect(review.kind === 'discrepancy' && review.findings.map((f) => [f.code, 'backorderMilli' in f ? f.backorderMilli : null, 'reason' in f ? f.reason : null]))
      .toEqual([['short_shipment', 1_000_000, 'partial_shipments_not_allowed']]);
  });

  it('an over-shipment within tolerance is invoiced as shipped; beyond it, a person decides and only the ordered quantity is undisputed', () => {
    const within = reviewShipment(ORDER, [], shipment('PS-1', [['WID-100', 255_000], ['BRK-220', 1_000_000]]), POLICY); // 2% of 250 is 5
    expect(within.kind).toBe('clean');
    expect(within.invoiceLines[0]).toMatchObject({ quantityMilli: 255_000, amountMinor: 108_375 });
    const beyond = reviewShipment(ORDER, [], shipment('PS-1', [['WID-100', 256_000], ['BRK-220', 1_000_000]]), POLICY);
    expect(beyond.kind).toBe('discrepancy');
    if (beyond.kind !== 'discrepancy') return;
    expect(beyond.findings).toEqual([expect.objectContaining({ code: 'over_shipment', orderLineNumber: 1, overMilli: 6_000, toleranceMilli: 5_000 })]);
    expect(beyond.findings[0]!.message).toContain('6 EA over, beyond the 5 allowed (2%)');
    expect(beyond.invoiceLines[0]).toMatchObject({ quantityMilli: 250_000, amountMinor: 106_250 });
  });

  it("an item not on the order is a finding; the customer's own part number is not", () => {
    const review = reviewShipment(ORDER, [], shipment('PS-1', [['WID-100', 250_000], ['AC-77812', 1_000_000], ['GSK-310', 10_000]]), POLICY);
    expect(review.kind === 'discrepancy' && review.findings).toEqual([expect.objectContaining({ code: 'unknown_sku', sku: 'GSK-310', quantityMilli: 10_000 })]);
    expect(review.invoiceLines.map((l) => [l.sku, l.quantityMilli])).toEqual([['WID-100', 250_000], ['BRK-220', 1_000_000]]);
  });

  it('a second shipment completing the backorder is clean and invoices only what it shipped', () => {
    const review = reviewShipment(ORDER, [FIRST], shipment('PS-20950', [['WID-100', 50_000]], { freightMinor: exact(1200) }), POLICY);
    expect(review).toMatchObject({ kind: 'clean', freightMinor: 1200, complete: true, backorders: [] });
    expect(review.invoiceLines).toEqual([{ orderLineNumber: 1, sku: 'WID-100', description: 'Steel widget, zinc plated', quantityMilli: 50_000, unitOfMeasure: 'EA', unitPriceMinor: 425, amountMinor: 21_250 }]);
  });

  it('a second shipment that takes a line past its ordered quantity is a line shipped twice', () => {
    const review = reviewShipment(ORDER, [FIRST], shipment('PS-20950', [['WID-100', 100_000]]), POLICY);
    expect(review.kind).toBe('discrepancy');
    if (review.kind !== 'discrepancy') return;
    expect(review.findings).toEqual([expect.objectContaining({ code: 'shipped_twice', shippedBeforeMilli: 200_000, shippedNowMilli: 100_000, overMilli: 50_000, earlierReferences: ['PS-20931'] })]);
    expect(review.findings[0]!.message).toBe('Line 1 (WID-100): 250 EA ordered, 200 already shipped on PS-20931 and 100 more on PS-20950: 50 EA more than ordered. Check whether the line was shipped twice.');
    expect(review.invoiceLines.map((l) => l.quantityMilli)).toEqual([50_000]);
  });

  it('the same packing slip received again is never counted or invoiced twice', () => {
    const review = reviewShipment(ORDER, [FIRST], shipment('ps 20931', [['WID-100', 200_000]]), POLICY);
    expect(review.kind === 'discrepancy' && review.findings.map((f) => f.code)).toEqual(['duplicate_shipment']);
    expect(review.invoiceLines).toEqual([]);
  });

  it('freight above the cap, or missing under prepaid-and-add terms, goes to a person; prepaid freight is not billed', () => {
    const full: [string, number][] = [['WID-100', 250_000], ['BRK-220', 1_000_000]];
    const over = reviewShipment(ORDER, [], shipment('PS-1', full, { freightMinor: exact(12_500) }), POLICY);
    expect(over.kind === 'discrepancy' && over.findings).toEqual([expect.objectContaining({ code: 'freight_over_cap', freightMinor: 12_500, capMinor: 10_000 })]);
    expect(over.kind === 'discrepancy' && over.findings[0]!.message).toContain('freight of 125.00 USD, above the 100.00 USD');
    const missing = reviewShipment(ORDER, [], shipment('PS-1', full, { freightMinor: undefined }), POLICY);
    expect(missing.kind === 'discrepancy' && missing.findings.map((f) => f.code)).toEqual(['freight_missing']);
    expect(reviewShipment(ORDER, [], shipment('PS-1', full, { freightMinor: exact(12_500) }), { ...POLICY, freightTerms: 'prepaid' })).toMatchObject({ kind: 'clean', freightMinor: 0, complete: true });
  });

  it('a shipment against a cancelled order, or to another address, puts the whole shipment in question', () => {
    const full: [string, number][] = [['WID-100', 250_000], ['BRK-220', 1_000_000]];
    const cancelled = reviewShipment({ ...ORDER, status: 'cancelled' }, [], shipment('PS-1', full), POLICY);
    expect(cancelled.kind === 'discrepancy' && cancelled.findings.map((f) => f.code)).toEqual(['order_cancelled']);
    expect(cancelled.invoiceLines).toEqual([]);
    const elsewhere = reviewShipment(ORDER, [], shipment('PS-1', full, { shipTo: exact('Acme Fabrication Plant 2, 900 Harbor Rd, Peoria, IL 61602') }), POLICY);
    expect(elsewhere.kind === 'discrepancy' && elsewhere.findings.map((f) => f.code)).toEqual(['ship_to_mismatch']);
    const otherPo = reviewShipment(ORDER, [], shipment('PS-1', full, { poNumber: exact('4500099999') }), POLICY);
    expect(otherPo.kind === 'discrepancy' && otherPo.findings).toEqual([expect.objectContaining({ code: 'order_mismatch', field: 'poNumber', onConfirmation: '4500099999', onOrder: '4500012345' })]);
  });
});

describe('the hand-off to invoicing', () => {
  it('derives one workflow ID per customer and shipment, whatever the spacing, case or dashes of the slip number', () => {
    expect(invoiceWorkflowId('C-1001', 'ps 20931')).toBe('invoice-C-1001-PS20931');
    expect(invoiceWorkflowId('C-1001', 'PS-20931')).toBe('invoice-C-1001-PS20931');
    expect(invoiceWorkflowId('C-1001', 'PS-20932')).not.toBe(invoiceWorkflowId('C-1001', 'PS-20931'));
    expect(orderIdPrefixFromReference('SO-1A2B3C4D')).toBe('1a2b3c4d');
    expect(orderIdPrefixFromReference('4500012345')).toBeUndefined();
  });

  it('a clean review becomes a valid invoice request; amounts that do not extend are refused', () => {
    const review = reviewShipment(ORDER, [FIRST], shipment('PS-20950', [['WID-100', 50_000]]), POLICY);
    if (review.kind !== 'clean') throw new Error('expected a clean review');
    const request = invoiceRequestFromReview({ order: { id: ORDER.id, customerNumber: 'C-1001', poNumber: '4500012345', currency: 'USD' }, shipment: { id: 'shp-1', reference: 'PS-20950', shippedAt: '2026-12-02' }, released: review, requestedBy: 'arflow' });
    expect(request).toMatchObject({ shipmentReference: 'PS-20950', freightMinor: 4500, lines: [{ sku: 'WID-100', quantityMilli: 50_000, unitPriceMinor: 425, amountMinor: 21_250 }] });
    const wrong = { ...request, lines: [{ ...request.lines[0]!, amountMinor: 21_251 }] };
    expect(invoiceRequestSchema.safeParse(wrong).error?.issues[0]?.path).toEqual(['lines', 0, 'amountMinor']);
  });
});
