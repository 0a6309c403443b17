// Writes customer purchase orders as real text PDFs, in the layouts customers actually send, for the
// demo mailbox, the tests and the benchmarks. What a customer's ERP would print, not what we parse best.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

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

export type PoLayout = 'classic' | 'boxed-header' | 'sap-style' | 'european';

export const PO_LAYOUTS: PoLayout[] = ['classic', 'boxed-header', 'sap-style', 'european'];

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
}

/** A PO's line table: headers on one row, then one row per line, each cell placed at its column. */
function drawTable(page: PDFPage, font: PDFFont, bold: PDFFont, lines: PoDocumentLine[], table: { top: number; firstRowGap: number; rowHeight: number; size: number; columns: Column[] }): number {
  const place = (f: PDFFont, value: string, c: Column, y: number) => (c.right ? rightAligned : text)(page, f, value, c.x, y, table.size);
  for (const c of table.columns) {
    if (c.headerAt !== undefined) text(page, bold, c.header, c.headerAt, table.top, table.size);
    else place(bold, c.header, c, table.top);
  }
  lines.forEach((line, i) => {
    const y = table.top - table.firstRowGap - i * table.rowHeight;
    for (const c of table.columns) place(font, c.cell(line, i), c, y);
  });
  return table.top - lines.length * table.rowHeight; // where the table ends
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

const RENDERERS: Record<PoLayout, (page: PDFPage, font: PDFFont, bold: PDFFont, po: PoDocument) => void> = {
  classic, 'boxed-header': boxedHeader, 'sap-style': sapStyle, european,
};

export async function renderPoPdf(po: PoDocument, layout: PoLayout = 'classic'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Purchase Order ${po.poNumber}`);
  doc.setProducer(`${po.buyerCompany} purchasing`);
  // Fixed dates keep the bytes of a generated PO identical from run to run.
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  RENDERERS[layout](page, font, bold, po);
  return Buffer.from(await doc.save());
}
