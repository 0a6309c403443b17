import { describe, expect, it } from 'vitest';
import { acmePo } from '../../demo/emails.js';
import { PO_LAYOUTS, renderPoPdf } from '../../demo/po-pdf.js';
import { readPdfLayout } from '../../parsers/pdf-layout.js';
import { readPurchaseOrder } from '../../parsers/po-reader.js';

describe.each(PO_LAYOUTS)('a text PDF purchase order, %s layout', (layout) => {
  it('gives the header fields and every line, by position', async () => {
    const pdf = await renderPoPdf(acmePo('4500012345'), layout);
    const { lines } = await readPdfLayout(pdf);
    const po = readPurchaseOrder(lines, 'pdf_text', 'po.pdf');
    expect(po.poNumber?.value).toBe('4500012345');
    expect(po.orderDate?.value).toBe('2026-11-20');
    expect(po.requestedShipDate?.value).toBe('2026-12-05');
    expect(po.customerNumber?.value).toBe('C-1001');
    expect(po.companyName?.value).toBe('Acme Fabrication Inc.');
    expect(po.shipTo?.value).toBe('Acme Fabrication Dock 3, 200 Industrial Way, Springfield, IL 62702');
    expect(po.totalMinor?.value).toBe(191250);
    expect(po.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitOfMeasure, l.unitPriceMinor, l.amountMinor, l.description])).toEqual([
      ['WID-100', 250_000, 'EA', 425, 106250, 'Steel widget, zinc plated'],
      ['AC-77812', 1_000_000, 'EA', 85, 85000, 'Mounting bracket 2in'],
    ]);
    // The customer's own line numbers are kept (SAP counts in tens).
    expect(po.lines.map((l) => l.lineNumber)).toEqual(layout === 'sap-style' ? [10, 20] : [1, 2]);
    expect(po.currency?.value).toBe(layout === 'european' ? 'EUR' : undefined);
    for (const field of [po.poNumber, po.orderDate, po.customerNumber]) expect(field!.confidence).toBeGreaterThanOrEqual(0.85);
  });
});

describe('an order typed in an email', () => {
  const read = (text: string) => readPurchaseOrder(text.split('\n'), 'email_body', 'the email body');

  it('reads the phrasings people use for lines', () => {
    const po = read([
      'Hi, please enter PO# 88231 for us.',
      '- 40 x WID-200 stainless widgets',
      '* 12 pcs CBL-050',
      'FST-M8 x 5',
      'Item GSK-310, quantity: 60 @ 6.12',
      '3. 2.5 ft WID-100',
    ].join('\n'));
    expect(po.poNumber?.value).toBe('88231');
    expect(po.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitOfMeasure ?? null, l.unitPriceMinor ?? null])).toEqual([
      ['WID-200', 40_000, null, null],
      ['CBL-050', 12_000, 'EA', null],
      ['FST-M8', 5000, null, null],
      ['GSK-310', 60_000, null, 612],
      ['WID-100', 2500, 'FT', null],
    ]);
  });

  it('finds labelled fields beside their labels', () => {
    const po = read('Customer #: C-1003\nPO Number: CM-5512\nNeed by: 12/10/2026\n\nGSK-310 x 60');
    expect(po.customerNumber?.value).toBe('C-1003');
    expect(po.poNumber?.value).toBe('CM-5512');
    expect(po.requestedShipDate?.value).toBe('2026-12-10');
  });

  it('reads a label and its value in one phrase', () => {
    const po = read('Please ship on PO 4471-B.\nNeed by 12/10/2026.\n\n10 x WID-100');
    expect(po.poNumber?.value).toBe('4471-B');
    expect(po.requestedShipDate?.value).toBe('2026-12-10');
  });

  it('ignores quoted history and does not take dates for PO numbers', () => {
    const po = read('> 99 x OLD-123 from last month\nPO: 11/20/2026\n');
    expect(po.lines).toEqual([]);
    expect(po.poNumber).toBeUndefined();
  });
});
