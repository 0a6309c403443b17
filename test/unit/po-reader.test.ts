import { describe, expect, it } from 'vitest';
import { acmePo } from '../../demo/emails.js';
import { PO_LAYOUTS, renderPoPdf } from '../../demo/po-pdf.js';
import { readPdfLayout } from '../../parsers/pdf-layout.js';
import { readPurchaseOrder } from '../../parsers/po-reader.js';

// What each layout prints beyond the common fields: its unit column, currency field, and which part number it gives first.
const PRINTS_NO_UNIT = new Set(['small-business']);
const CURRENCY_PRINTED: Record<string, string> = { european: 'EUR', 'oracle-grid': 'USD', 'landscape-wide': 'USD' };

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
    const unit = PRINTS_NO_UNIT.has(layout) ? undefined : 'EA';
    expect(po.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitOfMeasure, l.unitPriceMinor, l.amountMinor, l.description])).toEqual([
      ['WID-100', 250_000, unit, 425, 106250, 'Steel widget, zinc plated'],
      // Where the customer's part number (AC-77812) is printed beside ours, ours is the item.
      [layout === 'landscape-wide' ? 'BRK-220' : 'AC-77812', 1_000_000, unit, 85, 85000, 'Mounting bracket 2in'],
    ]);
    expect(po.unreadableLines).toEqual([]);
    // The customer's own line numbers are kept (SAP counts in tens).
    expect(po.lines.map((l) => l.lineNumber)).toEqual(layout === 'sap-style' ? [10, 20] : [1, 2]);
    expect(po.currency?.value).toBe(CURRENCY_PRINTED[layout]);
    for (const field of [po.poNumber, po.orderDate, po.requestedShipDate, po.customerNumber]) expect(field!.confidence).toBeGreaterThanOrEqual(0.85);
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

it('a description wrapped over several rows under its item (oracle-grid) is one description', async () => {
  const order = acmePo('4500012345');
  order.lines[0]!.description = 'Stainless widget, heavy duty, passivated to ASTM A967, per drawing 1142 rev C';
  const { lines } = await readPdfLayout(await renderPoPdf(order, 'oracle-grid'));
  const po = readPurchaseOrder(lines, 'pdf_text', 'po.pdf');
  expect(po.lines.map((l) => [l.itemCode, l.description])).toEqual([
    ['WID-100', 'Stainless widget, heavy duty, passivated to ASTM A967, per drawing 1142 rev C'],
    ['AC-77812', 'Mounting bracket 2in'],
  ]);
});

describe('a PO table over more than one page, in pdftotext -layout text', () => {
  // pdftotext puts the page break ("\f") at the start of the next page's first row and leaves blank rows for gaps.
  const page1 = [
    'Acme Fabrication Inc.                                   PURCHASE ORDER',
    '                                          P.O. Number:      4500012399',
    '',
    'Ln   Item Number    Description                 Qty Ordered  U/M   Unit Cost    Extension',
    '1    WID-100        Steel widget, zinc plated           250  EA         4.25     1,062.50',
    '2    GSK-310        Neoprene gasket                      60  EA         6.12       367.20',
    '',
    '',
    '                                                                Continued on next page',
    '',
    '',
    'Purchase Order 4500012399                                                  Page 1 of 2',
  ];

  it('reads the lines on both pages, and not the page headers and footers', () => {
    const lines = [...page1,
      '\fAcme Fabrication Inc.                         Purchase Order 4500012399 (continued)',
      '',
      'Ln    Item Number   Description                Qty Ordered  U/M   Unit Cost   Extension',
      '3     AC-77812      Mounting bracket 2in             1,000  EA         0.85      850.00',
      '',
      '                                                        Total                2,279.70',
      'Purchase Order 4500012399                                                  Page 2 of 2',
      '\f',
    ];
    const po = readPurchaseOrder(lines, 'pdf_text', 'po.pdf');
    expect(po.lines.map((l) => [l.lineNumber, l.itemCode, l.quantityMilli, l.amountMinor, l.description])).toEqual([
      [1, 'WID-100', 250_000, 106250, 'Steel widget, zinc plated'],
      [2, 'GSK-310', 60_000, 36720, 'Neoprene gasket'],
      [3, 'AC-77812', 1_000_000, 85000, 'Mounting bracket 2in'],
    ]);
    expect(po.unreadableLines).toEqual([]);
    expect(po.totalMinor?.value).toBe(227970);
  });

  it('a continued page without the header repeated: its rows are still lines, its letterhead is not a description', () => {
    const lines = [...page1,
      '\fAcme Fabrication Inc.',
      '3     AC-77812      Mounting bracket 2in             1,000  EA         0.85      850.00',
      '4     CBL-050       Braided cable 50 ft              1O    EA        39.99      399.90',
      '                                                        Total                2,679.60',
    ];
    const po = readPurchaseOrder(lines, 'pdf_text', 'po.pdf');
    expect(po.lines.map((l) => [l.itemCode, l.description])).toEqual([
      ['WID-100', 'Steel widget, zinc plated'], ['GSK-310', 'Neoprene gasket'], ['AC-77812', 'Mounting bracket 2in'],
    ]);
    // A row that cannot be read whole (a letter O in its quantity) is kept for a person, never dropped.
    expect(po.unreadableLines).toEqual(['4     CBL-050       Braided cable 50 ft              1O    EA        39.99      399.90']);
  });
});

describe('columns the order does not need, and dates per line', () => {
  const header = 'Ln  Item No.   Supplier Item  Description          Need By     GL Account  Tax Code   Qty  UOM  Unit Price  Ext. Price';
  it('ignores GL accounts and tax codes, gives our part number over the customer\'s, and the earliest need-by date as doubtful when lines differ', () => {
    const po = readPurchaseOrder([
      'PO No.: 7781',
      header,
      '1   AC-77812   BRK-220        Mounting bracket     12/05/2026  5200-100    T1          100  EA         0.85       85.00',
      '2   AC-50110                  Special gasket       12/01/2026  5200-140    EX           10  EA         6.12       61.20',
    ], 'pdf_text', 'po.pdf');
    expect(po.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitPriceMinor])).toEqual([['BRK-220', 100_000, 85], ['AC-50110', 10_000, 612]]);
    expect(po.requestedShipDate).toMatchObject({ value: '2026-12-01', confidence: 0.5 });
  });
});

describe('header fields in grids', () => {
  it('reads a value under a label that runs into the next box\'s label', () => {
    const po = readPurchaseOrder([
      'Order Number Rev.      Page',
      '4500012345   0         1 of 1',
      'Order Date Buyer      Terms',
      '20-NOV-2026  Jane Buyer   Net 30',
    ], 'pdf_text', 'po.pdf');
    expect(po.poNumber).toMatchObject({ value: '4500012345', confidence: 0.85 });
    expect(po.orderDate?.value).toBe('2026-11-20');
  });
});
