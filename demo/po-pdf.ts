// Writes customer purchase orders as real text PDFs, in the layouts customers actually send, for the
// demo mailbox, the tests and the benchmarks. What a customer's ERP would print, not what we parse best.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DEMO_CUSTOMERS } from './master-data.js';

export interface PoDocumentLine { itemCode: string; description: string; quantity: string; uom: string; unitPrice: string; amount: string }

export interface PoDocument {
  buyerCompany: string;
  buyerAddress: string[];
  customerNumber?: string;
  poNumber: string;
  orderDate: string;
  requestedDate?: string;
  shipTo: string[];
  lines: PoDocumentLine[];
  total: string;
  buyerName: string;
}

export type PoLayout = 'classic' | 'boxed-header' | 'sap-style' | 'european' | 'small-business' | 'oracle-grid' | 'two-page' | 'landscape-wide';

export const PO_LAYOUTS: PoLayout[] = ['classic', 'boxed-header', 'sap-style', 'european', 'small-business', 'oracle-grid', 'two-page', 'landscape-wide'];

/** Layouts printed on more than one page (a scan of page 1 alone is not the whole PO). */
export const MULTI_PAGE_LAYOUTS: PoLayout[] = ['two-page'];

/** Our company as the customer's purchasing system has it on file: the vendor block of their PO. */
const VENDOR = ['Northwind Components', '1200 Commerce Pkwy', 'Dayton, OH 45402'];

function text(page: PDFPage, font: PDFFont, s: string, x: number, y: number, size = 10): void {
  page.drawText(s, { x, y, size, font, color: rgb(0, 0, 0) });
}

function rightAligned(page: PDFPage, font: PDFFont, s: string, right: number, y: number, size = 10): void {
  text(page, font, s, right - font.widthOfTextAtSize(s, size), y, size);
}

interface Column {
  header: string;
  x: number;
  right?: boolean;
  /** Where a header sits left-aligned when it does not align like its cells. */
  headerAt?: number;
  cell: (line: PoDocumentLine, index: number) => string;
  /** Text rows printed under the cell, in its column (a description on the line's second row). */
  below?: (line: PoDocumentLine) => string[];
}

interface TableSpec {
  top: number; firstRowGap: number; rowHeight: number; size: number; columns: Column[];
  /** Space between one line's last text row and the next line, beyond rowHeight. */
  lineGap?: number;
  /** Index of the first line drawn, when a table continues from an earlier page. */
  firstIndex?: number;
}

/** A PO's line table: headers on one row, then each line on its row (and rows below), each cell placed at its column. */
function drawTable(page: PDFPage, font: PDFFont, bold: PDFFont, lines: PoDocumentLine[], table: TableSpec): number {
  const place = (f: PDFFont, value: string, c: Column, y: number) => (c.right ? rightAligned : text)(page, f, value, c.x, y, table.size);
  for (const c of table.columns) {
    if (c.headerAt !== undefined) text(page, bold, c.header, c.headerAt, table.top, table.size);
    else place(bold, c.header, c, table.top);
  }
  let y = table.top - table.firstRowGap;
  lines.forEach((line, k) => {
    let rows = 1;
    for (const c of table.columns) {
      const value = c.cell(line, (table.firstIndex ?? 0) + k);
      if (value) place(font, value, c, y);
      const extra = c.below?.(line) ?? [];
      extra.forEach((v, r) => text(page, font, v, c.x, y - (r + 1) * table.rowHeight, table.size));
      rows = Math.max(rows, 1 + extra.length);
    }
    y -= rows * table.rowHeight + (table.lineGap ?? 0);
  });
  return y + table.firstRowGap - (table.lineGap ?? 0); // where the table ends
}

/** Splits text into rows no wider than `width`, at spaces. */
function wrap(font: PDFFont, s: string, size: number, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of s.split(' ')) {
    const next = row ? `${row} ${word}` : word;
    if (row && font.widthOfTextAtSize(next, size) > width) { rows.push(row); row = word; } else row = next;
  }
  if (row) rows.push(row);
  return rows;
}

/** Classic ERP print: letterhead left, "PURCHASE ORDER" and its fields right, lines in a ruled table. */
function classic(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, po.buyerCompany, 50, 750, 14);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 50, 734 - i * 13));
  text(page, bold, 'PURCHASE ORDER', 380, 750, 14);
  text(page, font, `PO Number: ${po.poNumber}`, 380, 732);
  text(page, font, `Date: ${po.orderDate}`, 380, 719);
  if (po.customerNumber) text(page, font, `Customer No: ${po.customerNumber}`, 380, 706);
  text(page, bold, 'Ship To:', 50, 670);
  po.shipTo.forEach((l, i) => text(page, font, l, 50, 656 - i * 13));
  if (po.requestedDate) text(page, font, `Required By: ${po.requestedDate}`, 380, 670);
  const y0 = 590;
  const end = drawTable(page, font, bold, po.lines, { top: y0, firstRowGap: 20, rowHeight: 16, size: 10, columns: [
    { header: 'Item', x: 50, cell: (l) => l.itemCode },
    { header: 'Description', x: 140, cell: (l) => l.description },
    { header: 'Qty', x: 370, right: true, cell: (l) => l.quantity },
    { header: 'UOM', x: 395, cell: (l) => l.uom },
    { header: 'Unit Price', x: 480, right: true, cell: (l) => l.unitPrice },
    { header: 'Amount', x: 550, right: true, cell: (l) => l.amount },
  ] });
  page.drawLine({ start: { x: 50, y: y0 - 4 }, end: { x: 555, y: y0 - 4 }, thickness: 0.5 });
  const yt = end - 30;
  text(page, bold, 'Total', 420, yt);
  rightAligned(page, bold, po.total, 550, yt);
  text(page, font, `Authorized by: ${po.buyerName}`, 50, yt - 40);
}

/** Fields in a boxed grid with values under their labels; the table leads with the quantity. */
function boxedHeader(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, 'Purchase Order', 230, 760, 16);
  text(page, bold, po.buyerCompany, 50, 730, 11);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 50, 716 - i * 12, 9));
  const labels = ['P.O. No.', 'Order Date', 'Requested Delivery Date', 'Account'];
  const values = [po.poNumber, po.orderDate, po.requestedDate ?? '', po.customerNumber ?? ''];
  const xs = [50, 170, 290, 450];
  labels.forEach((l, i) => {
    page.drawRectangle({ x: xs[i]! - 4, y: 630, width: 112, height: 34, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
    text(page, bold, l, xs[i]!, 652, 9);
    text(page, font, values[i]!, xs[i]!, 636, 10);
  });
  text(page, bold, 'Deliver To', 300, 600, 10);
  po.shipTo.forEach((l, i) => text(page, font, l, 300, 586 - i * 12, 9));
  const end = drawTable(page, font, bold, po.lines, { top: 520, firstRowGap: 18, rowHeight: 15, size: 9, columns: [
    { header: 'Quantity', headerAt: 50, x: 90, right: true, cell: (l) => `${l.quantity} ${l.uom}` },
    { header: 'Part Number', x: 110, cell: (l) => l.itemCode },
    { header: 'Description', x: 210, cell: (l) => l.description },
    { header: 'Price Each', x: 470, right: true, cell: (l) => l.unitPrice },
    { header: 'Ext. Price', x: 555, right: true, cell: (l) => l.amount },
  ] });
  const yt = end - 30;
  text(page, bold, 'Grand Total', 400, yt, 10);
  rightAligned(page, bold, po.total, 555, yt, 10);
  text(page, font, `Buyer: ${po.buyerName}`, 50, yt - 30, 9);
}

/** SAP-style print: item numbers 00010, 00020; the material is the item code; number and date share a label. */
function sapStyle(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, po.buyerCompany, 40, 760, 12);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 40, 746 - i * 11, 8));
  text(page, bold, 'Purchase Order', 360, 760, 13);
  text(page, font, 'PO number/date', 360, 740, 8);
  text(page, font, `${po.poNumber} / ${po.orderDate}`, 450, 740, 8);
  if (po.customerNumber) { text(page, font, 'Our customer no.', 360, 728, 8); text(page, font, po.customerNumber, 450, 728, 8); }
  text(page, font, 'Contact person', 360, 716, 8);
  text(page, font, po.buyerName, 450, 716, 8);
  text(page, bold, 'Delivery address', 40, 690, 8);
  po.shipTo.forEach((l, i) => text(page, font, l, 40, 678 - i * 11, 8));
  if (po.requestedDate) text(page, font, `Delivery date: ${po.requestedDate}`, 360, 690, 8);
  const y0 = 610;
  const end = drawTable(page, font, bold, po.lines, { top: y0, firstRowGap: 16, rowHeight: 13, size: 8, columns: [
    { header: 'Item', x: 40, cell: (_, i) => String((i + 1) * 10).padStart(5, '0') },
    { header: 'Material', x: 80, cell: (l) => l.itemCode },
    { header: 'Description', x: 160, cell: (l) => l.description },
    { header: 'Order Qty.', x: 380, right: true, cell: (l) => l.quantity },
    { header: 'Unit', x: 392, cell: (l) => l.uom },
    { header: 'Net Price', x: 480, right: true, cell: (l) => l.unitPrice },
    { header: 'Net Value', x: 560, right: true, cell: (l) => l.amount },
  ] });
  page.drawLine({ start: { x: 40, y: y0 - 3 }, end: { x: 560, y: y0 - 3 }, thickness: 0.4 });
  const yt = end - 30;
  text(page, bold, 'Total net value excl. tax USD', 330, yt, 8);
  rightAligned(page, bold, po.total, 560, yt, 8);
}

/** European print: day.month.year dates, comma decimals, amounts in euros. */
function european(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  const eu = (amount: string) => amount.replace(/,/g, '_').replace('.', ',').replace(/_/g, '.');
  const date = (us: string) => { const [m, d, y] = us.split('/'); return `${d}.${m}.${y}`; };
  text(page, bold, po.buyerCompany, 50, 760, 13);
  text(page, font, po.buyerAddress.join(' · '), 50, 746, 8);
  text(page, bold, 'ORDER', 50, 712, 16);
  const fields: [string, string][] = [['Order No.:', po.poNumber], ['Order Date:', date(po.orderDate)], ['Delivery Date:', po.requestedDate ? date(po.requestedDate) : ''], ['Currency:', 'EUR']];
  if (po.customerNumber) fields.push(['Customer No.:', po.customerNumber]);
  fields.forEach(([k, v], i) => { text(page, font, k, 330, 730 - i * 13, 9); text(page, font, v, 430, 730 - i * 13, 9); });
  text(page, bold, 'Ship to:', 50, 680, 9);
  po.shipTo.forEach((l, i) => text(page, font, l, 50, 667 - i * 12, 9));
  const end = drawTable(page, font, bold, po.lines, { top: 590, firstRowGap: 18, rowHeight: 14, size: 9, columns: [
    { header: 'Pos.', x: 50, cell: (_, i) => String(i + 1) },
    { header: 'Art.-No.', x: 85, cell: (l) => l.itemCode },
    { header: 'Description', x: 160, cell: (l) => l.description },
    { header: 'Qty', x: 380, right: true, cell: (l) => l.quantity.replace(/,/g, '.') },
    { header: 'Unit', x: 392, cell: (l) => (l.uom === 'EA' ? 'pcs' : l.uom) },
    { header: 'Unit Price', x: 480, right: true, cell: (l) => eu(l.unitPrice) },
    { header: 'Total', x: 555, right: true, cell: (l) => eu(l.amount) },
  ] });
  const yt = end - 32;
  text(page, bold, 'Total EUR', 420, yt, 9);
  rightAligned(page, bold, eu(po.total), 555, yt, 9);
}

/** A row of ruled boxes, each a label with its value under it (ERP header grids, accounting packages' field strips). */
function fieldGrid(page: PDFPage, font: PDFFont, bold: PDFFont, fields: [string, string][], x: number, y: number, width: number, size = 8): void {
  fields.forEach(([label, value], i) => {
    const left = x + i * width;
    page.drawRectangle({ x: left - 4, y: y - size - 10, width, height: 2 * size + 16, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
    text(page, bold, label, left, y, size);
    if (value) text(page, font, value, left, y - size - 5, size + 1);
  });
}

/** A labelled address block: the label, then its lines under it. */
function block(page: PDFPage, font: PDFFont, bold: PDFFont, label: string, rows: string[], x: number, y: number, size = 9): void {
  text(page, bold, label, x, y, size);
  rows.forEach((r, i) => text(page, font, r, x, y - size - 5 - i * (size + 3), size));
}

const usDate = (us: string) => { const [m, d, y] = us.split('/'); return { m: m!, d: d!, y: y! }; };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Oracle prints 20-NOV-2026. */
const oracleDate = (us: string) => { const { m, d, y } = usDate(us); return `${d}-${MONTHS[Number(m) - 1]}-${y}`; };
const isoDate = (us: string) => { const { m, d, y } = usDate(us); return `${y}-${m}-${d}`; };

/** Our SKU for an item the customer wrote with their own part number (demo master data), else the code as written. */
export function supplierItemCode(itemCode: string): string {
  for (const c of DEMO_CUSTOMERS) for (const i of c.items) if (i.customerSku === itemCode) return i.sku;
  return itemCode;
}
/** The customer's own part number, when the code they wrote is one (printed beside ours by wide layouts). */
const customerPartNumber = (itemCode: string) => (supplierItemCode(itemCode) !== itemCode ? itemCode : '');

/** Small-business accounting package (QuickBooks/Xero-like): Date and P.O. No. boxed top right, Vendor and Ship To side by side. */
function smallBusiness(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, po.buyerCompany, 40, 750, 12);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 40, 736 - i * 11, 9));
  rightAligned(page, bold, 'Purchase Order', 572, 748, 18);
  fieldGrid(page, font, bold, [['Date', po.orderDate], ['P.O. No.', po.poNumber]], 444, 712, 66);
  page.drawRectangle({ x: 36, y: 604, width: 250, height: 66, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
  page.drawRectangle({ x: 318, y: 604, width: 254, height: 66, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
  block(page, font, bold, 'Vendor', VENDOR, 40, 660);
  block(page, font, bold, 'Ship To', po.shipTo, 322, 660);
  fieldGrid(page, font, bold, [['Account No.', po.customerNumber ?? ''], ['Expected Date', po.requestedDate ?? ''], ['Ship Via', 'UPS Ground'], ['Terms', 'Net 30']], 40, 580, 133);
  const y0 = 530;
  const end = drawTable(page, font, bold, po.lines, { top: y0, firstRowGap: 18, rowHeight: 16, size: 9, columns: [
    { header: 'Item', x: 40, cell: (l) => l.itemCode },
    { header: 'Description', x: 130, cell: (l) => l.description },
    { header: 'Qty', x: 390, right: true, cell: (l) => l.quantity },
    { header: 'Rate', x: 480, right: true, cell: (l) => l.unitPrice },
    { header: 'Amount', x: 568, right: true, cell: (l) => l.amount },
  ] });
  page.drawLine({ start: { x: 36, y: y0 - 5 }, end: { x: 572, y: y0 - 5 }, thickness: 0.5 });
  const yt = end - 28;
  page.drawRectangle({ x: 430, y: yt - 6, width: 142, height: 20, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
  text(page, bold, 'Total', 436, yt, 10);
  rightAligned(page, bold, `$${po.total}`, 568, yt, 10);
}

/** Oracle/NetSuite-style: three address blocks, a two-row header grid, each line's description on the row under its item. */
function oracleGrid(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, po.buyerCompany, 40, 752, 13);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 40, 738 - i * 11, 8));
  text(page, bold, 'PURCHASE ORDER', 400, 756, 14);
  fieldGrid(page, font, bold, [['Order Number', po.poNumber], ['Rev.', '0'], ['Page', '1 of 1']], 400, 732, 62);
  block(page, font, bold, 'Supplier:', VENDOR, 40, 684, 8);
  block(page, font, bold, 'Ship To:', po.shipTo, 230, 684, 8);
  block(page, font, bold, 'Bill To:', [po.buyerCompany, 'Accounts Payable', ...po.buyerAddress], 420, 684, 8);
  fieldGrid(page, font, bold, [['Order Date', oracleDate(po.orderDate)], ['Customer Acct No.', po.customerNumber ?? ''], ['Buyer', po.buyerName], ['Terms', 'Net 30'], ['Ship Via', 'UPS Ground'], ['FOB', 'Origin']], 40, 606, 88.7);
  fieldGrid(page, font, bold, [['Need By', po.requestedDate ? oracleDate(po.requestedDate) : ''], ['Currency', 'USD'], ['Freight Terms', 'Prepaid'], ['Confirm To', po.buyerName]], 40, 574, 88.7);
  const y0 = 524;
  const end = drawTable(page, font, bold, po.lines, { top: y0, firstRowGap: 16, rowHeight: 11, lineGap: 6, size: 8, columns: [
    { header: 'Line', x: 40, cell: (_, i) => String(i + 1) },
    { header: 'Item / Description', x: 70, cell: (l) => l.itemCode, below: (l) => wrap(font, l.description, 8, 120) },
    { header: 'Quantity', x: 380, right: true, cell: (l) => l.quantity },
    { header: 'UOM', x: 392, cell: (l) => l.uom },
    { header: 'Unit Price', x: 480, right: true, cell: (l) => l.unitPrice },
    { header: 'Extended', x: 568, right: true, cell: (l) => l.amount },
  ] });
  page.drawLine({ start: { x: 36, y: y0 - 4 }, end: { x: 572, y: y0 - 4 }, thickness: 0.5 });
  const yt = end - 24;
  text(page, bold, 'Total:', 420, yt, 9);
  rightAligned(page, bold, `${po.total} USD`, 568, yt, 9);
  text(page, font, `Authorized Signature: ${po.buyerName}`, 40, yt - 40, 8);
}

/** A PO whose line table runs onto a second page under its repeated header, with page footers. */
function twoPage(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument, addPage: () => PDFPage): void {
  const columns: Column[] = [
    { header: 'Ln', x: 40, cell: (_, i) => String(i + 1) },
    { header: 'Item Number', x: 65, cell: (l) => l.itemCode },
    { header: 'Description', x: 150, cell: (l) => l.description },
    { header: 'Qty Ordered', x: 400, right: true, cell: (l) => l.quantity },
    { header: 'U/M', x: 410, cell: (l) => l.uom },
    { header: 'Unit Cost', x: 490, right: true, cell: (l) => l.unitPrice },
    { header: 'Extension', x: 568, right: true, cell: (l) => l.amount },
  ];
  const footer = (p: PDFPage, n: number) => {
    text(p, font, `Purchase Order ${po.poNumber}`, 40, 30, 8);
    rightAligned(p, font, `Page ${n} of 2`, 572, 30, 8);
  };
  text(page, bold, po.buyerCompany, 40, 752, 13);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 40, 738 - i * 11, 9));
  rightAligned(page, bold, 'PURCHASE ORDER', 572, 752, 16);
  const fields: [string, string][] = [['P.O. Number:', po.poNumber], ['P.O. Date:', po.orderDate], ['Vendor No.:', 'V-20417'], ['Our Account No.:', po.customerNumber ?? ''], ['Delivery Required:', po.requestedDate ?? '']];
  fields.forEach(([k, v], i) => { text(page, bold, k, 370, 728 - i * 12, 9); text(page, font, v, 470, 728 - i * 12, 9); });
  block(page, font, bold, 'Vendor:', VENDOR, 40, 650);
  block(page, font, bold, 'Ship To:', po.shipTo, 320, 650);
  // The demo's POs are short: the split is forced half way so the continuation is always there.
  const onFirst = Math.ceil(po.lines.length / 2);
  const end1 = drawTable(page, font, bold, po.lines.slice(0, onFirst), { top: 580, firstRowGap: 18, rowHeight: 16, size: 9, columns });
  rightAligned(page, font, 'Continued on next page', 568, end1 - 24, 8);
  footer(page, 1);
  const second = addPage();
  text(second, bold, po.buyerCompany, 40, 752, 11);
  rightAligned(second, bold, `Purchase Order ${po.poNumber} (continued)`, 572, 752, 11);
  const end2 = drawTable(second, font, bold, po.lines.slice(onFirst), { top: 710, firstRowGap: 18, rowHeight: 16, size: 9, columns, firstIndex: onFirst });
  const yt = end2 - 30;
  text(second, bold, 'Total', 440, yt, 10);
  rightAligned(second, bold, po.total, 568, yt, 10);
  text(second, bold, 'Terms and conditions', 40, yt - 50, 9);
  ['1. Quote this order number on all correspondence.', '2. Deliveries are received Monday to Friday, 7:00 to 15:00.', '3. Prices are firm for the duration of this order.']
    .forEach((l, i) => text(second, font, l, 40, yt - 64 - i * 11, 8));
  footer(second, 2);
}

/** Landscape, wide table: the customer's part number beside ours, and columns for their own books (need-by, GL account, tax code). */
function landscapeWide(page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument): void {
  text(page, bold, po.buyerCompany, 30, 575, 13);
  po.buyerAddress.forEach((l, i) => text(page, font, l, 30, 561 - i * 11, 8));
  rightAligned(page, bold, 'PURCHASE ORDER', 762, 575, 16);
  const strip: [string, number, number][] = [
    [`PO No.: ${po.poNumber}`, 30, 520], [`Order Date: ${isoDate(po.orderDate)}`, 210, 520], [`Customer Acct: ${po.customerNumber ?? ''}`, 390, 520], ['Currency: USD', 600, 520],
    [`Buyer: ${po.buyerName}`, 30, 507], ['Payment Terms: Net 30', 210, 507], ['Ship Via: Best Way', 390, 507],
  ];
  for (const [s, x, y] of strip) text(page, font, s, x, y, 9);
  block(page, font, bold, 'Ship To:', po.shipTo, 30, 478, 8);
  block(page, font, bold, 'Bill To:', [po.buyerCompany, 'Accounts Payable', ...po.buyerAddress], 280, 478, 8);
  block(page, font, bold, 'Supplier:', VENDOR, 600, 478, 8);
  const y0 = 400;
  const end = drawTable(page, font, bold, po.lines, { top: y0, firstRowGap: 16, rowHeight: 14, size: 8, columns: [
    { header: 'Ln', x: 30, cell: (_, i) => String(i + 1) },
    { header: 'Item No.', x: 50, cell: (l) => customerPartNumber(l.itemCode) },
    { header: 'Supplier Item', x: 115, cell: (l) => supplierItemCode(l.itemCode) },
    { header: 'Description', x: 185, cell: (l) => l.description },
    { header: 'Need By', x: 355, cell: () => po.requestedDate ?? '' },
    { header: 'GL Account', x: 410, cell: (_, i) => (i % 2 ? '5200-140' : '5200-100') },
    { header: 'Tax Code', x: 470, cell: () => 'T1' },
    { header: 'Qty', x: 560, right: true, cell: (l) => l.quantity },
    { header: 'UOM', x: 570, cell: (l) => l.uom },
    { header: 'Unit Price', x: 660, right: true, cell: (l) => l.unitPrice },
    { header: 'Ext. Price', x: 750, right: true, cell: (l) => l.amount },
  ] });
  page.drawLine({ start: { x: 30, y: y0 - 4 }, end: { x: 762, y: y0 - 4 }, thickness: 0.5 });
  const yt = end - 24;
  ([['Subtotal', po.total], ['Tax', '0.00'], ['Total USD', po.total]] as const).forEach(([k, v], i) => {
    text(page, i === 2 ? bold : font, k, 610, yt - i * 13, 9);
    rightAligned(page, i === 2 ? bold : font, v, 750, yt - i * 13, 9);
  });
  text(page, font, `Approved by: ${po.buyerName}`, 30, yt - 50, 8);
}

type Renderer = (page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument, addPage: () => PDFPage) => void;

const RENDERERS: Record<PoLayout, Renderer> = {
  classic, 'boxed-header': boxedHeader, 'sap-style': sapStyle, european,
  'small-business': smallBusiness, 'oracle-grid': oracleGrid, 'two-page': twoPage, 'landscape-wide': landscapeWide,
};

const LANDSCAPE: PoLayout[] = ['landscape-wide'];

export async function renderPoPdf(po: PoDocument, layout: PoLayout = 'classic'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Purchase Order ${po.poNumber}`);
  doc.setProducer(`${po.buyerCompany} purchasing`);
  // Fixed dates keep the bytes of a generated PO identical from run to run.
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const size: [number, number] = LANDSCAPE.includes(layout) ? [792, 612] : [612, 792];
  const addPage = () => doc.addPage(size);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  RENDERERS[layout](addPage(), font, bold, po, addPage);
  return Buffer.from(await doc.save());
}
