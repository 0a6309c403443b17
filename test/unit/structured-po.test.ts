// Structured purchase orders (X12 850, Order-X, UBL, CSV, order XML embedded in a PDF): exact fields
// and lines, a specific reason for every damaged envelope or unreadable file, and no other exception.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../demo/scanned-po.js';
import { acmePo, forwardedPdfOrder } from '../../demo/emails.js';
import {
  acmeStructuredPo, encodeWindows1252, orderXHybridPdf, orderXXml, poCsv, structuredDemoInbox, structuredOrderEmail, ublOrderXml, x12Interchange, type StructuredPo,
} from '../../demo/structured-pos.js';
import { renderPoPdf } from '../../demo/po-pdf.js';
import { parsedPurchaseOrderSchema, type ParsedPurchaseOrder } from '../../domain/purchase-order.js';
import { parseEmail } from '../../parsers/email.js';
import { OrderXmlError, pdfEmbeddedOrderXml, readOrderXml } from '../../parsers/order-xml.js';
import { CsvPoError, readCsvPurchaseOrder } from '../../parsers/po-csv.js';
import { findPurchaseOrder } from '../../parsers/po-from-email.js';
import { looksLikeX12, readX12PurchaseOrders, X12Error } from '../../parsers/x12-850.js';

const PO = '4500012345';
const spec = (): StructuredPo => acmeStructuredPo(PO);

/** What every format must give for Acme's order: our SKU, Acme's part number, the price per hundred made per unit. */
const ACME_LINES = [
  [1, 'WID-100', 250_000, 'EA', 425, 'Steel widget, zinc plated'],
  [2, 'AC-77812', 1_000_000, 'EA', 85, 'Mounting bracket 2in'],
  [3, 'FST-M8', 12_000, 'BX', 1875, 'M8 hex bolt, box of 100'],
];
const linesOf = (po: ParsedPurchaseOrder) => po.lines.map((l) => [l.lineNumber, l.itemCode, l.quantityMilli, l.unitOfMeasure, l.unitPriceMinor, l.description]);

function expectAcmeHeader(po: ParsedPurchaseOrder): void {
  expect(parsedPurchaseOrderSchema.parse(po)).toEqual(po);
  expect(po.poNumber?.value).toBe(PO);
  expect(po.orderDate?.value).toBe('2026-11-20');
  expect(po.requestedShipDate?.value).toBe('2026-12-05');
  expect(po.customerNumber?.value).toBe('C-1001');
  expect(po.companyName?.value).toBe('Acme Fabrication Inc.');
  expect(po.shipTo?.value).toBe('Acme Fabrication Dock 3, 200 Industrial Way, Springfield, IL 62702');
  expect(po.currency?.value).toBe('USD');
  expect(po.totalMinor?.value).toBe(213_750);
  expect(linesOf(po)).toEqual(ACME_LINES);
  expect(po.unreadableLines).toEqual([]);
  // Structured input is exact: nothing a later review should doubt.
  for (const field of [po.poNumber, po.orderDate, po.requestedShipDate, po.customerNumber, po.companyName, po.shipTo, po.currency, po.totalMinor]) expect(field!.confidence).toBe(1);
  for (const line of po.lines) expect(line.confidence).toBe(1);
}

/** The error a call throws, for asserting its type and message. */
function thrown(call: () => unknown): Error {
  try { call(); } catch (err) { return err as Error; }
  throw new Error('expected an error, none was thrown');
}

// ─── X12 850 ───

describe('an X12 850 purchase order', () => {
  it('gives every header field and line exactly, our SKU over the buyer\'s part number, the buyer\'s part number alone when that is all', () => {
    const orders = readX12PurchaseOrders(x12Interchange([spec()]), 'PO.edi');
    expect(orders).toHaveLength(1);
    expect(orders[0]!.documentKind).toBe('x12_850');
    expectAcmeHeader(orders[0]!);
    expect(orders[0]!.customerNumber?.source).toContain('91 (assigned by seller)');
    expect(orders[0]!.lines[0]!.sourceText).toContain('BP*AC-10450');
  });

  it.each([
    ['"|" elements, "^" components, a newline as the terminator', { element: '|', component: '^', terminator: '\n', lineBreaks: '' as const }],
    ['CR LF after each terminator', { lineBreaks: '\r\n' as const }],
    ['everything on one line', { lineBreaks: '' as const }],
    ['version 00501, whose ISA11 is the repetition separator', { version: '00501' as const, component: ':' }],
  ])('takes its delimiters from the ISA: %s', (_, options) => {
    const [po] = readX12PurchaseOrders(x12Interchange([spec()], options), 'PO.edi');
    expectAcmeHeader(po!);
  });

  it('returns every 850 of an interchange, in order', () => {
    const orders = readX12PurchaseOrders(x12Interchange([spec(), acmeStructuredPo('4500012346')]), 'batch.edi');
    expect(orders.map((o) => o.poNumber?.value)).toEqual([PO, '4500012346']);
  });

  it('reads back-to-back interchanges, each with its own delimiters', () => {
    const text = x12Interchange([spec()]) + x12Interchange([acmeStructuredPo('77')], { element: '|', controlNumber: 906 });
    expect(readX12PurchaseOrders(text, 'two.edi').map((o) => o.poNumber?.value)).toEqual([PO, '77']);
  });

  const edit = (from: string, to: string, text = x12Interchange([spec()])) => {
    expect(text).toContain(from);
    return text.replace(from, to);
  };
  // Segment positions in the generated interchange: ISA 1, GS 2, ST 3 … SE 22, GE 23, IEA 24.
  it.each([
    ['ISA one character short', () => edit('*00*          *ZZ', '*00*         *ZZ'), 'segment 1 (ISA): ISA must be 106 characters with fixed-width elements, but character 32 (before ISA05) is "Z", not the element separator "*"'],
    ['IEA01 not the number of groups', () => edit('IEA*1*', 'IEA*2*'), 'segment 24 (IEA): IEA01 says 2 functional group(s), but the interchange has 1'],
    ['IEA02 not ISA13', () => edit('IEA*1*000000905', 'IEA*1*000000906'), 'segment 24 (IEA): IEA02 "000000906" must equal ISA13 "000000905" (the interchange control number)'],
    ['GE01 not the number of transaction sets', () => edit('GE*1*1', 'GE*3*1'), 'segment 23 (GE): GE01 says 3 transaction set(s), but the group has 1'],
    ['GE02 not GS06', () => edit('GE*1*1', 'GE*1*2'), 'segment 23 (GE): GE02 "2" must equal GS06 "1" (the group control number of segment 2)'],
    ['SE01 not the segment count', () => edit('SE*20*0001', 'SE*19*0001'), 'segment 22 (SE): SE01 says 19 segments, but transaction set 0001 has 20 (ST to SE inclusive)'],
    ['SE02 not ST02', () => edit('SE*20*0001', 'SE*20*0002'), 'segment 22 (SE): SE02 "0002" must equal ST02 "0001" (the transaction set control number of segment 3)'],
    ['CTT01 not the number of PO1', () => edit('CTT*3', 'CTT*2'), 'segment 20 (CTT): CTT01 says 2 line item(s), but PO 4500012345 has 3 PO1 segment(s)'],
    ['no SE', () => edit('SE*20*0001~\n', ''), 'segment 22 (GE): transaction set 0001 (segment 3) has no SE before this GE'],
    ['a transaction set that is not an 850', () => edit('ST*850*0001', 'ST*810*0001'), 'segment 3 (ST): transaction set 0001 is 810 (an invoice), not an 850 purchase order'],
    ['a test interchange', () => edit('*0*P*>', '*0*T*>'), 'segment 1 (ISA): ISA15 is "T": this is a test interchange, not an order to enter'],
    ['a cancellation', () => edit('BEG*00*', 'BEG*01*'), 'segment 4 (BEG): BEG01 is 01: PO 4500012345 is a cancellation, which a person must apply; arflow enters new orders'],
    ['no PO number', () => edit(`BEG*00*SA*${PO}*`, 'BEG*00*SA**'), 'segment 4 (BEG): BEG03 (the PO number) is empty'],
    ['a truncated file', () => x12Interchange([spec()]).slice(0, 400), 'the file ends inside transaction set 0001 that starts at segment 3 (no SE): it looks truncated'],
    ['an EDIFACT interchange', () => "UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+261120:1004+1'", 'this is a UN/EDIFACT interchange (UNA/UNB), not ANSI X12; arflow reads X12 850 purchase orders'],
    ['text that is not X12', () => 'Hello, here is our order', 'an X12 interchange must start with an ISA segment, and this file does not'],
    ['an empty file', () => '  \n', 'the file is empty'],
  ])('says what is wrong, and where: %s', (_, text, message) => {
    const err = thrown(() => readX12PurchaseOrders(text(), 'PO.edi'));
    expect(err).toBeInstanceOf(X12Error);
    expect(err.message).toContain(message);
  });

  it('gives the segment position on the error itself', () => {
    const err = thrown(() => readX12PurchaseOrders(x12Interchange([spec()]).replace('SE*20*', 'SE*21*'), 'PO.edi')) as X12Error;
    expect([err.segmentIndex, err.segmentId]).toEqual([22, 'SE']);
  });

  it('reads decimals exactly, explicit or whole, and puts a line it cannot hold exactly aside with the reason', () => {
    const text = x12Interchange([spec()])
      .replace('PO1*1*250*EA*425.00*HP', 'PO1*1*2.5*FT*12*PE') // whole dollars, a fractional quantity
      .replace('PO1*2*1000*EA*0.85*PE', 'PO1*2*1000*EA*0.0853*PE') // a price below a cent: not enterable exactly
      .replace('PO1*3*12*BX*18.75*PE*VP*FST-M8', 'PO1*3*12*CA*.5*PE*UP*012345678905');
    const [po] = readX12PurchaseOrders(text, 'PO.edi');
    expect(po!.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitOfMeasure, l.unitPriceMinor])).toEqual([
      ['WID-100', 2500, 'FT', 1200],
      ['012345678905', 12_000, 'CS', 50], // no part number of ours or theirs: the UPC, for a person to map
    ]);
    expect(po!.unreadableLines).toEqual([
      'segment 16: PO1*2*1000*EA*0.0853*PE*BP*AC-77812 — unit price 0.0853 is not a whole number of USD minor units per unit',
    ]);
    expect(po!.totalMinor?.value).toBe(213_750); // the AMT*TT the customer sent, not a sum missing a line
  });

  it('takes our account number only when the seller assigned it, and the requested delivery date when no ship date is given', () => {
    const text = x12Interchange([spec()])
      .replace('N1*BY*Acme Fabrication Inc.*91*C-1001', 'N1*BY*Acme Fabrication Inc.*92*ACME-HQ')
      .replace('DTM*010*20261205', 'DTM*002*20261207')
      .replace(/SE\*20\*/, 'SE*20*');
    const [po] = readX12PurchaseOrders(text, 'PO.edi');
    expect(po!.customerNumber).toBeUndefined();
    expect(po!.companyName?.value).toBe('Acme Fabrication Inc.');
    expect(po!.requestedShipDate?.value).toBe('2026-12-07');
  });

  it('recognises an interchange by its content, whatever the file is called', () => {
    expect(looksLikeX12(Buffer.from(x12Interchange([spec()])))).toBe(true);
    expect(looksLikeX12(Buffer.from(`\uFEFF\r\n${x12Interchange([spec()])}`))).toBe(true);
    expect(looksLikeX12(Buffer.from('ISAAC Newton'))).toBe(false);
    expect(looksLikeX12(Buffer.from('%PDF-1.7'))).toBe(false);
  });
});

// ─── Order XML ───

describe('an Order-X or UBL order', () => {
  it.each([['Order-X', orderXXml], ['UBL', ublOrderXml]])('%s: every header field and line exactly, the price per hundred made per unit', (_, write) => {
    const po = readOrderXml(write(spec()), 'order.xml');
    expect(po.documentKind).toBe('order_xml');
    expectAcmeHeader(po);
    expect(po.lines.map((l) => l.amountMinor)).toEqual([106_250, 85_000, 22_500]);
  });

  it('reads bytes with a BOM and keeps leading zeros and trailing decimals as written', () => {
    const xml = orderXXml({ ...spec(), poNumber: '0004500' }).replace('<ram:ChargeAmount>0.85</ram:ChargeAmount>', '<ram:ChargeAmount>0.8500</ram:ChargeAmount>');
    const po = readOrderXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]), 'order.xml');
    expect(po.poNumber?.value).toBe('0004500');
    expect(po.lines[1]!.unitPriceMinor).toBe(85);
  });

  it('puts aside a line whose price per basis quantity is no whole number of cents, or is per another unit', () => {
    const xml = ublOrderXml(spec())
      .replace('<cbc:PriceAmount currencyID="USD">0.85</cbc:PriceAmount>', '<cbc:PriceAmount currencyID="USD">10.00</cbc:PriceAmount><cbc:BaseQuantity unitCode="C62">3</cbc:BaseQuantity>')
      .replace('<cbc:PriceAmount currencyID="USD">18.75</cbc:PriceAmount>', '<cbc:PriceAmount currencyID="USD">18.75</cbc:PriceAmount><cbc:BaseQuantity unitCode="XCS">1</cbc:BaseQuantity>');
    const po = readOrderXml(xml, 'order.xml');
    expect(po.lines.map((l) => l.itemCode)).toEqual(['WID-100']);
    expect(po.unreadableLines).toEqual([
      'line 2: item AC-77812, quantity 1000 C62, price 10.00 per 3 C62, amount 850.00 — unit price 10.00 per 3 units is not a whole number of USD minor units per unit',
      'line 3: item FST-M8, quantity 12 XBX, price 18.75 per 1 XCS, amount 225.00 — the price is per 1 XCS but the quantity is in XBX',
    ]);
  });

  const invoice = (root: string, ns: string) => `<?xml version="1.0"?><${root} xmlns="${ns}"><ID>INV-1</ID></${root}>`;
  it.each([
    ['a Factur-X invoice', '<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"><rsm:ExchangedDocument/></rsm:CrossIndustryInvoice>', 'not_an_order', 'the XML is a Factur-X / ZUGFeRD (CII) invoice, not a purchase order'],
    ['a UBL invoice', invoice('Invoice', 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'), 'not_an_order', 'the XML is a UBL invoice, not a purchase order'],
    ['an <Order> that is not UBL', invoice('Order', 'http://erp.example/orders'), 'not_an_order', 'the root element is <Order> but in namespace "http://erp.example/orders", not UBL\'s urn:oasis:names:specification:ubl:schema:xsd:Order-2'],
    ['an Order-X order response', orderXXml(spec()).replace('<ram:TypeCode>220</ram:TypeCode>', '<ram:TypeCode>231</ram:TypeCode>'), 'not_an_order', 'TypeCode is 231 (an order response), not 220 (an order)'],
    ['an Order-X cancellation', orderXXml(spec()).replace('<ram:PurposeCode>9</ram:PurposeCode>', '<ram:PurposeCode>1</ram:PurposeCode>'), 'not_an_order', 'PurposeCode is 1 (a cancellation)'],
    ['some other XML', '<catalog><book/></catalog>', 'not_an_order', "the XML's root element is <catalog>; arflow reads Order-X (SCRDMCCBDACIOMessageStructure) and UBL <Order> purchase orders"],
    ['XML that is not well-formed', '<Order><ID>1</Order>', 'not_xml', 'the XML is not well-formed (line 1'],
    ['a DOCTYPE with entities', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'not_an_order', 'the XML declares a DOCTYPE'],
    ['not XML at all', 'PO number 12, 10 x WID-100', 'not_xml', 'the file is not XML'],
    ['an order without a number', ublOrderXml(spec()).replace(`<cbc:ID>${PO}</cbc:ID>`, ''), 'invalid_order', 'the UBL Order has no cbc:ID (the order number)'],
  ])('refuses %s with the reason', (_, xml, code, message) => {
    const err = thrown(() => readOrderXml(xml, 'x.xml'));
    expect(err).toBeInstanceOf(OrderXmlError);
    expect((err as OrderXmlError).code).toBe(code);
    expect(err.message).toContain(message);
  });
});

describe('order XML embedded in a PDF', () => {
  it('finds order-x.xml in a hybrid PDF, and nothing in a plain one or in bytes that are no PDF', async () => {
    const embedded = await pdfEmbeddedOrderXml(await orderXHybridPdf(spec()));
    expect(embedded?.filename).toBe('order-x.xml');
    expectAcmeHeader(readOrderXml(embedded!.xml, 'x'));
    expect(await pdfEmbeddedOrderXml(await renderPoPdf(acmePo(PO)))).toBeUndefined();
    expect(await pdfEmbeddedOrderXml(Buffer.from('%PDF-1.4 this is not really a PDF'))).toBeUndefined();
  });
});

// ─── CSV ───

describe('a CSV purchase order', () => {
  it.each([
    ['comma-delimited, UTF-8 with a BOM, the PO number on every row', { delimiter: ',' as const, encoding: 'utf8-bom' as const, layout: 'po-per-row' as const }],
    ['semicolon-delimited with decimal commas, fields in rows above the table', { delimiter: ';' as const, layout: 'header-block' as const }],
    ['tab-delimited', { delimiter: '\t' as const, layout: 'header-block' as const }],
  ])('%s: every field and line exactly', (_, options) => {
    const po = readCsvPurchaseOrder(poCsv(spec(), options), 'po.csv');
    expect(po.documentKind).toBe('csv');
    expect(po.lines.map((l) => l.amountMinor)).toEqual([106_250, 85_000, 22_500]);
    if (options.layout === 'po-per-row') {
      // The per-row layout carries no customer fields: those come from the sender, as with a typed order.
      expect([po.customerNumber, po.companyName, po.currency]).toEqual([undefined, undefined, undefined]);
      expect(linesOf(po)).toEqual(ACME_LINES);
      expect(po.poNumber?.value).toBe(PO);
      expect(po.requestedShipDate?.value).toBe('2026-12-05');
      expect(po.shipTo?.value).toBe('Acme Fabrication Dock 3, 200 Industrial Way, Springfield, IL 62702');
    } else expectAcmeHeader(po);
  });

  it('reads a Windows-1252 file as its characters, thousands separators and the decimal comma exactly', () => {
    const text = [
      'Bestellnummer;;',
      'PO Number;DE-7781',
      'Customer;Zürich Präzision AG',
      'Currency;EUR',
      '',
      'Pos.;Art.-Nr.;Bezeichnung;Menge;Einheit;Preis;Betrag',
      '1;GSK-310;Dichtung – Neopren Ø310;1.250;Stück;6,12;7.650,00',
      '2;WID-100;Widget „Stahl“;2,5;kg;4,25;10,63',
    ].join('\r\n');
    // Germans write "Art.-Nr." and "Menge": only the columns named in English are needed here.
    const english = text.replace('Pos.;Art.-Nr.;Bezeichnung;Menge;Einheit;Preis;Betrag', 'Pos;Item;Description;Qty;UoM;Price;Amount');
    const po = readCsvPurchaseOrder(encodeWindows1252(english), 'bestellung.csv');
    expect(po.companyName?.value).toBe('Zürich Präzision AG');
    expect(po.currency?.value).toBe('EUR');
    expect(po.lines.map((l) => [l.itemCode, l.description, l.quantityMilli, l.unitOfMeasure, l.unitPriceMinor, l.amountMinor])).toEqual([
      ['GSK-310', 'Dichtung – Neopren Ø310', 1_250_000, 'EA', 612, 765_000],
      ['WID-100', 'Widget „Stahl“', 2500, 'KG', 425, 1063],
    ]);
  });

  it('takes Excel\'s sep= hint, a quoted "1,000" and a price per unit column', () => {
    const csv = 'sep=,\r\nPO#,Item #,Qty,U/M,Unit Price (USD),Per\r\nA-1,WID-100,"1,000",EA,425.00,100\r\n';
    const po = readCsvPurchaseOrder(Buffer.from(csv), 'po.csv');
    expect(po.currency?.value).toBe('USD');
    expect(linesOf(po)).toEqual([[1, 'WID-100', 1_000_000, 'EA', 425, '']]);
  });

  it('never enters the order short a line: a row it cannot read is kept with the reason', () => {
    const csv = [
      'PO Number,Item,Description,Qty,UoM,Price',
      '55,WID-100,Widget,250,EA,4.25',
      '55,BRK-220,Bracket,ten,EA,0.85',
      '55,FST-M8,Bolts,12,BX,"18,7"',
      '55,,Gasket,4,EA,6.12',
      '55,CBL-050,Cable,,RL,39.99',
      ',,zinc plated,,,',
      ',,Notes: deliver to dock 3,,,',
      'Subtotal,,,,,',
    ].join('\n');
    const po = readCsvPurchaseOrder(Buffer.from(csv), 'po.csv');
    expect(po.lines.map((l) => l.itemCode)).toEqual(['WID-100']);
    expect(po.lines[0]!.description).toBe('Widget zinc plated'); // a description carried onto its own row; the notes row is no line
    expect(po.unreadableLines).toEqual([
      'row 3: 55,BRK-220,Bracket,ten,EA,0.85 — quantity "ten" is not a number',
      'row 4: 55,FST-M8,Bolts,12,BX,18,7 — unit price "18,7" is not a number we can read exactly',
      'row 5: 55,,Gasket,4,EA,6.12 — it has a quantity but no item',
      'row 6: 55,CBL-050,Cable,,RL,39.99 — it has an item but no quantity',
    ]);
    expect(po.totalMinor).toBeUndefined(); // no sum over a PO with lines missing
  });

  it.each([
    ['a file without a header row', Buffer.from('WID-100,250\nBRK-220,1000\n'), 'no_header', 'no header row names both an item column (Item, SKU, Part number, Customer part) and a quantity column (Qty, Quantity) in the first 40 rows'],
    ['two PO numbers', Buffer.from('PO,Item,Qty\n1,WID-100,2\n2,BRK-220,3\n'), 'several_pos', 'the file carries 2 PO numbers (1, 2); arflow enters one PO per file'],
    ['an empty file', Buffer.alloc(0), 'empty', 'the file is empty'],
    ['binary bytes', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]), 'not_text', 'the file is not text (it contains NUL bytes)'],
  ])('refuses %s with the reason', (_, bytes, code, message) => {
    const err = thrown(() => readCsvPurchaseOrder(bytes, 'po.csv'));
    expect(err).toBeInstanceOf(CsvPoError);
    expect((err as CsvPoError).code).toBe(code);
    expect(err.message).toBe(message);
  });
});

// ─── Damaged input never throws anything but the readers' own errors ───

// The scan generator's seeded PRNG, so a failing case can be replayed.
const prng = seededRandom;

function mutate(text: string, random: () => number): string {
  const at = () => Math.floor(random() * text.length);
  const noise = '*~>:|^\n\r 0123456789.,;"-ABCSEPO\u00e9\u0000';
  const pick = () => noise[Math.floor(random() * noise.length)]!;
  switch (Math.floor(random() * 6)) {
    case 0: { const i = at(); return text.slice(0, i) + text.slice(i + 1 + Math.floor(random() * 8)); }
    case 1: { const i = at(); return text.slice(0, i) + pick() + text.slice(i); }
    case 2: { const i = at(); return text.slice(0, i) + pick() + text.slice(i + 1); }
    case 3: return text.slice(0, at());
    case 4: { const i = at(); const j = at(); return text.slice(0, Math.min(i, j)) + text.slice(Math.max(i, j)) + text.slice(Math.min(i, j), Math.max(i, j)); }
    default: { const i = at(); const j = Math.min(text.length, i + Math.floor(random() * 40)); return text.slice(0, j) + text.slice(i, j) + text.slice(j); }
  }
}

describe('damaged files', () => {
  const random = prng(20261120);
  const outcome = (read: () => ParsedPurchaseOrder | ParsedPurchaseOrder[], typed: new (...args: never[]) => Error): 'read' | 'refused' => {
    try {
      for (const po of [read()].flat()) parsedPurchaseOrderSchema.parse(po);
      return 'read';
    } catch (err) {
      if (err instanceof typed) return 'refused';
      throw new Error(`a ${(err as Error).name} escaped: ${(err as Error).message}`);
    }
  };

  it('random bytes are refused by every reader with its own error', () => {
    for (let n = 0; n < 50; n++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 400) }, () => Math.floor(random() * 256)));
      expect(outcome(() => readX12PurchaseOrders(bytes.toString('latin1'), 'x.edi'), X12Error)).toBe('refused');
      expect(outcome(() => readOrderXml(bytes, 'x.xml'), OrderXmlError)).toBe('refused');
      outcome(() => readCsvPurchaseOrder(bytes, 'x.csv'), CsvPoError); // read or refused, but no other exception
    }
  });

  it('300 mutations of a valid X12 interchange give an order or an X12Error, nothing else', () => {
    const valid = x12Interchange([spec(), acmeStructuredPo('4500012346')]);
    const seen = { read: 0, refused: 0 };
    for (let n = 0; n < 300; n++) seen[outcome(() => readX12PurchaseOrders(mutate(valid, random), 'x.edi'), X12Error)]++;
    expect(seen.refused).toBeGreaterThan(100); // most damage is caught by the envelope checks
  });

  it('300 mutations of a valid CSV and 200 of each order XML give an order or the reader\'s error', () => {
    const csv = poCsv(spec(), { delimiter: ';', layout: 'header-block' }).toString('utf8');
    for (let n = 0; n < 300; n++) outcome(() => readCsvPurchaseOrder(Buffer.from(mutate(csv, random)), 'x.csv'), CsvPoError);
    for (const xml of [orderXXml(spec()), ublOrderXml(spec())]) {
      for (let n = 0; n < 200; n++) outcome(() => readOrderXml(mutate(xml, random), 'x.xml'), OrderXmlError);
    }
  });
});

// ─── Through findPurchaseOrder, as forwarded emails ───

describe('finding a structured PO in a forwarded email', () => {
  const find = async (attachments: { filename: string; content: Buffer; contentType: string }[], text?: string) =>
    findPurchaseOrder(await parseEmail((await structuredOrderEmail({ messageId: '<s@arflow.test>', attachments, text })).raw));
  const x12 = (text: string, filename = 'PO4500012345.edi', contentType = 'application/octet-stream') => ({ filename, content: Buffer.from(text, 'latin1'), contentType });

  it.each([
    ['an X12 .edi file', () => x12(x12Interchange([spec()])), 'x12_850'],
    ['an X12 interchange named .txt', () => x12(x12Interchange([spec()]), 'order.txt', 'text/plain'), 'x12_850'],
    ['an Order-X XML', () => ({ filename: 'order-x.xml', content: Buffer.from(orderXXml(spec())), contentType: 'application/xml' }), 'order_xml'],
    ['a UBL order', () => ({ filename: 'PO.xml', content: Buffer.from(ublOrderXml(spec())), contentType: 'text/xml' }), 'order_xml'],
    ['a CSV', () => ({ filename: 'PO.csv', content: poCsv(spec(), { delimiter: ';', layout: 'header-block', encoding: 'windows-1252' }), contentType: 'application/vnd.ms-excel' }), 'csv'],
    ['a UTF-16 tab-delimited export (Excel\'s "Unicode text")', () => ({ filename: 'PO.txt', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(poCsv(spec(), { delimiter: '\t', layout: 'header-block' }).toString('utf8'), 'utf16le')]), contentType: 'text/plain' }), 'csv'],
  ])('%s is read exactly', async (_, attachment, kind) => {
    const result = await find([attachment()]);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.po.documentKind).toBe(kind);
    expectAcmeHeader(result.po);
  });

  it('a hybrid PDF is read from its embedded XML, not from the page, which prints 240 where the order says 250', async () => {
    const result = await find([{ filename: 'PO_4500012345.pdf', content: await orderXHybridPdf(spec()), contentType: 'application/pdf' }]);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.po.documentName).toBe('PO_4500012345.pdf (embedded order-x.xml)');
    expectAcmeHeader(result.po);
  });

  it('a structured attachment wins over a PDF beside it, and a .txt note is passed over', async () => {
    const pdf = (await parseEmail((await forwardedPdfOrder(acmePo('111'), { messageId: '<p@arflow.test>' })).raw)).attachments[0]!;
    const result = await find([
      { filename: 'notes.txt', content: Buffer.from('Please deliver before noon.\n'), contentType: 'text/plain' },
      { filename: pdf.filename!, content: pdf.content, contentType: 'application/pdf' },
      x12(x12Interchange([spec()])),
    ]);
    expect(result.found && [result.po.documentKind, result.po.poNumber?.value]).toEqual(['x12_850', PO]);
  });

  it('a PDF with no embedded XML is still read from its text', async () => {
    const result = await find([{ filename: 'PO_111.pdf', content: await renderPoPdf(acmePo('111')), contentType: 'application/pdf' }]);
    expect(result.found && [result.po.documentKind, result.po.poNumber?.value]).toEqual(['pdf_text', '111']);
  });

  it('several POs in one interchange go to a person, with their numbers', async () => {
    const result = await find([x12(x12Interchange([spec(), acmeStructuredPo('4500012346'), acmeStructuredPo('4500012347')]), 'batch.edi')]);
    expect(result).toEqual({
      found: false, code: 'unreadable_document',
      problems: ['batch.edi carries 3 purchase orders (4500012345, 4500012346, 4500012347); arflow enters one PO per email: forward each PO in its own email, or ask the customer to send one 850 per interchange.'],
    });
  });

  it.each([
    ['a damaged envelope', () => x12(x12Interchange([spec()]).replace('SE*20*', 'SE*18*')), 'PO4500012345.edi cannot be read as an X12 850 purchase order: segment 22 (SE): SE01 says 18 segments, but transaction set 0001 has 20 (ST to SE inclusive).'],
    ['an invoice XML', () => ({ filename: 'invoice.xml', content: Buffer.from('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'), contentType: 'application/xml' }), 'invoice.xml cannot be read as an order: the XML is a UBL invoice, not a purchase order.'],
    ['a CSV with no header row', () => ({ filename: 'order.csv', content: Buffer.from('WID-100;250\n'), contentType: 'text/csv' }), 'order.csv cannot be read as a CSV purchase order: no header row names both an item column (Item, SKU, Part number, Customer part) and a quantity column (Qty, Quantity) in the first 40 rows.'],
    ['an Excel workbook', () => ({ filename: 'PO.xlsx', content: Buffer.from('PK\u0003\u0004'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'PO.xlsx is a spreadsheet workbook; arflow reads purchase orders as CSV: ask the customer to save the sheet as CSV, or to send the PO as a PDF.'],
  ])('%s is quarantined with a reason that names the file', async (_, attachment, problem) => {
    const result = await find([attachment()], 'Please enter.');
    expect(result).toEqual({ found: false, code: 'unreadable_document', problems: [problem] });
  });
});

describe('the structured demo emails', () => {
  it('each carry one Acme order that arflow finds exactly', async () => {
    const found = [];
    for (const { email } of await structuredDemoInbox()) {
      const result = await findPurchaseOrder(await parseEmail(email.raw));
      if (!result.found) throw new Error(result.problems.join(' '));
      found.push([result.po.documentKind, result.po.poNumber?.value, result.po.customerNumber?.value, result.po.lines.length]);
    }
    expect(found).toEqual([
      ['x12_850', '4500012400', 'C-1001', 3],
      ['order_xml', '4500012401', 'C-1001', 3],
      ['csv', '4500012402', 'C-1001', 3],
    ]);
  });
});
