// Shipment confirmations as the warehouse sends them, with known truth: a packing slip and a bill of lading
// as real text PDFs (pdf-lib), the warehouse system's CSV and JSON feeds, and, for the classifier, a
// supplier's invoice that reached the orders mailbox by mistake.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface ShipmentDocumentLine {
  lineNumber: number;
  itemCode: string;
  description: string;
  ordered: string;
  shipped: string;
  backordered: string;
  uom: string;
  /** Pallets or cartons, for the bill of lading. */
  handlingUnits: number;
  weightLb: string;
}

export interface ShipmentDocument {
  shipperCompany: string;
  shipperAddress: string[];
  customerName: string;
  packingSlipNumber: string;
  bolNumber: string;
  orderRef: string;
  poNumber: string;
  customerNumber: string;
  /** ISO; printed month/day/year. */
  shippedAt: string;
  carrier: string;
  trackingNumbers: string[];
  proNumber: string;
  /** As printed, e.g. "45.00"; absent when the slip shows no freight. */
  freight?: string;
  freightTerms: string;
  shipTo: string[];
  lines: ShipmentDocumentLine[];
}

/** Acme's order (demo/emails.ts acmePo) shipping 200 of 250 widgets and all the brackets. */
export function acmeShipment(orderRef = 'SO-1A2B3C4D'): ShipmentDocument {
  return {
    shipperCompany: 'Northwind Components', shipperAddress: ['1200 Commerce Pkwy', 'Dayton, OH 45402'],
    customerName: 'Acme Fabrication Inc.',
    packingSlipNumber: 'PS-20931', bolNumber: 'BOL-778120', orderRef, poNumber: '4500012345', customerNumber: 'C-1001',
    shippedAt: '2026-11-28', carrier: 'UPS Ground', trackingNumbers: ['1Z999AA10123456784', '1Z999AA10123456785'], proNumber: '0412-558-3301',
    freight: '45.00', freightTerms: 'Prepaid & Add',
    shipTo: ['Acme Fabrication Dock 3', '200 Industrial Way', 'Springfield, IL 62702'],
    lines: [
      { lineNumber: 1, itemCode: 'WID-100', description: 'Steel widget, zinc plated', ordered: '250', shipped: '200', backordered: '50', uom: 'EA', handlingUnits: 1, weightLb: '410' },
      { lineNumber: 2, itemCode: 'BRK-220', description: 'Mounting bracket, 2 in', ordered: '1,000', shipped: '1,000', backordered: '0', uom: 'EA', handlingUnits: 2, weightLb: '1,180' },
    ],
  };
}

const usDate = (iso: string) => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };

function text(page: PDFPage, font: PDFFont, s: string, x: number, y: number, size = 10): void {
  page.drawText(s, { x, y, size, font, color: rgb(0, 0, 0) });
}

function rightAligned(page: PDFPage, font: PDFFont, s: string, right: number, y: number, size = 10): void {
  text(page, font, s, right - font.widthOfTextAtSize(s, size), y, size);
}

interface TableColumn<L> { header: string; x: number; right?: boolean; cell: (line: L) => string }

function drawTable<L>(page: PDFPage, font: PDFFont, bold: PDFFont, lines: L[], top: number, rowHeight: number, size: number, columns: TableColumn<L>[]): number {
  const place = (f: PDFFont, value: string, c: TableColumn<L>, y: number) => (c.right ? rightAligned : text)(page, f, value, c.x, y, size);
  for (const c of columns) place(bold, c.header, c, top);
  page.drawLine({ start: { x: 50, y: top - 4 }, end: { x: 560, y: top - 4 }, thickness: 0.5 });
  lines.forEach((line, i) => { for (const c of columns) place(font, c.cell(line), c, top - 20 - i * rowHeight); });
  return top - 20 - (lines.length - 1) * rowHeight;
}

async function newDocument(title: string): Promise<{ doc: PDFDocument; page: PDFPage; font: PDFFont; bold: PDFFont }> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  // Fixed dates keep the bytes identical from run to run.
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const page = doc.addPage([612, 792]);
  return { doc, page, font: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
}

/** Our warehouse's packing slip: fields as "Label: value" at the right, ordered / shipped / backordered per line. */
export async function renderPackingSlipPdf(s: ShipmentDocument): Promise<Buffer> {
  const { doc, page, font, bold } = await newDocument(`Packing slip ${s.packingSlipNumber}`);
  text(page, bold, s.shipperCompany, 50, 750, 14);
  s.shipperAddress.forEach((l, i) => text(page, font, l, 50, 734 - i * 13));
  text(page, bold, 'PACKING SLIP', 380, 750, 14);
  [`Packing Slip No.: ${s.packingSlipNumber}`, `Ship Date: ${usDate(s.shippedAt)}`, `Our Order: ${s.orderRef}`, `Your PO: ${s.poNumber}`,
    `Customer No.: ${s.customerNumber}`, `Carrier: ${s.carrier}`].forEach((l, i) => text(page, font, l, 380, 732 - i * 13));
  text(page, bold, 'Ship To:', 50, 680);
  s.shipTo.forEach((l, i) => text(page, font, l, 50, 666 - i * 13));
  const end = drawTable(page, font, bold, s.lines, 590, 16, 10, [
    { header: 'Line', x: 50, cell: (l) => String(l.lineNumber) },
    { header: 'Item', x: 85, cell: (l) => l.itemCode },
    { header: 'Description', x: 160, cell: (l) => l.description },
    { header: 'Ordered', x: 385, right: true, cell: (l) => l.ordered },
    { header: 'Shipped', x: 440, right: true, cell: (l) => l.shipped },
    { header: 'Backordered', x: 515, right: true, cell: (l) => l.backordered },
    { header: 'UOM', x: 530, cell: (l) => l.uom },
  ]);
  let y = end - 34;
  if (s.freight) { text(page, font, `Freight: ${s.freight}`, 50, y); y -= 14; }
  text(page, font, `Tracking: ${s.trackingNumbers.join(', ')}`, 50, y);
  text(page, font, 'Packed by: M. Lopez', 50, y - 28);
  return Buffer.from(await doc.save());
}

/** A straight bill of lading: boxed fields with values under their labels, ship-from beside ship-to, pallets. */
export async function renderBillOfLadingPdf(s: ShipmentDocument): Promise<Buffer> {
  const { doc, page, font, bold } = await newDocument(`Bill of lading ${s.bolNumber}`);
  text(page, bold, 'BILL OF LADING', 50, 760, 14);
  text(page, font, 'Straight bill of lading - short form - not negotiable', 50, 746, 8);
  const boxes = (labels: string[], values: string[], top: number) => labels.forEach((label, i) => {
    const x = [50, 170, 290, 440][i]!;
    page.drawRectangle({ x: x - 4, y: top - 22, width: 116, height: 34, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
    text(page, bold, label, x, top, 9);
    text(page, font, values[i]!, x, top - 16, 10);
  });
  boxes(['BOL #', 'Ship Date', 'Carrier', 'PRO #'], [s.bolNumber, usDate(s.shippedAt), s.carrier, s.proNumber], 710);
  text(page, bold, 'Ship From:', 50, 660, 9);
  [s.shipperCompany, ...s.shipperAddress].forEach((l, i) => text(page, font, l, 50, 646 - i * 12, 9));
  text(page, bold, 'Ship To:', 300, 660, 9);
  [s.customerName, ...s.shipTo].forEach((l, i) => text(page, font, l, 300, 646 - i * 12, 9));
  boxes(['Sales Order', 'Customer PO', 'Customer No.', 'Freight Terms'], [s.orderRef, s.poNumber, s.customerNumber, s.freightTerms], 580);
  const end = drawTable(page, font, bold, s.lines, 520, 15, 9, [
    { header: 'Handling Units', x: 50, cell: (l) => String(l.handlingUnits) },
    { header: 'Type', x: 125, cell: () => 'PLT' },
    { header: 'Item No.', x: 160, cell: (l) => l.itemCode },
    { header: 'Description', x: 225, cell: (l) => l.description },
    { header: 'Qty Shipped', x: 440, right: true, cell: (l) => `${l.shipped} ${l.uom}` },
    { header: 'Weight (lb)', x: 505, right: true, cell: (l) => l.weightLb },
    { header: 'Class', x: 520, cell: () => '70' },
  ]);
  if (s.freight) text(page, font, `Freight Charges: $${s.freight}`, 50, end - 34, 9);
  text(page, font, 'Shipper signature: ____________    Carrier signature: ____________', 50, end - 60, 9);
  return Buffer.from(await doc.save());
}

const CSV_HEADER = ['packing_slip_no', 'sales_order', 'customer_po', 'customer_no', 'ship_date', 'carrier', 'tracking_no', 'freight', 'line', 'sku', 'qty_shipped', 'qty_backordered'];

/** The warehouse system's flat export: one row per shipped line, the shipment's fields repeated. */
export function shipmentCsv(shipments: ShipmentDocument[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = shipments.flatMap((s) => s.lines.map((l) => [
    s.packingSlipNumber, s.orderRef, s.poNumber, s.customerNumber, s.shippedAt, s.carrier, s.trackingNumbers.join(';'), s.freight ?? '',
    String(l.lineNumber), l.itemCode, l.shipped, l.backordered,
  ]));
  return [CSV_HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** The warehouse system's JSON feed, in the shape parsers/shipment-feed.ts documents. */
export function shipmentJson(shipments: ShipmentDocument[]): string {
  return JSON.stringify({
    shipments: shipments.map((s) => ({
      reference: s.packingSlipNumber, orderRef: s.orderRef, poNumber: s.poNumber, customerNumber: s.customerNumber, shippedAt: s.shippedAt,
      carrier: s.carrier, trackingNumbers: s.trackingNumbers, ...(s.freight ? { freight: s.freight } : {}), shipTo: s.shipTo.join(', '),
      lines: s.lines.map((l) => ({ lineNumber: l.lineNumber, sku: l.itemCode, quantity: Number(l.shipped.replace(/,/g, '')), backordered: Number(l.backordered.replace(/,/g, '')) })),
    })),
  }, null, 2);
}

export interface VendorInvoiceDocument {
  vendorName: string;
  vendorAddress: string[];
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  billTo: string[];
  remitTo: string[];
  ourPoNumber: string;
  lines: { itemCode: string; description: string; quantity: string; unitPrice: string; amount: string }[];
  freight: string;
  amountDue: string;
}

/** A steel supplier billing us: it belongs with accounts payable, not the orders desk. */
export function globexInvoice(): VendorInvoiceDocument {
  return {
    vendorName: 'Globex Steel Supply', vendorAddress: ['4410 Foundry Rd', 'Chicago, IL 60609'],
    invoiceNumber: 'GX-55120', invoiceDate: '11/25/2026', dueDate: '12/25/2026',
    billTo: ['Northwind Components', 'Accounts Payable', '1200 Commerce Pkwy', 'Dayton, OH 45402'],
    remitTo: ['Globex Steel Supply', 'PO Box 4410', 'Chicago, IL 60680'],
    ourPoNumber: 'NW-77120',
    lines: [
      { itemCode: 'CR-1018', description: 'Cold rolled bar 1018, 12 ft', quantity: '40', unitPrice: '96.50', amount: '3,860.00' },
      { itemCode: 'ZN-PLT', description: 'Zinc plating service', quantity: '1', unitPrice: '1,250.00', amount: '1,250.00' },
    ],
    freight: '130.00', amountDue: '5,240.00',
  };
}

export async function renderVendorInvoicePdf(inv: VendorInvoiceDocument): Promise<Buffer> {
  const { doc, page, font, bold } = await newDocument(`Invoice ${inv.invoiceNumber}`);
  text(page, bold, inv.vendorName, 50, 750, 14);
  inv.vendorAddress.forEach((l, i) => text(page, font, l, 50, 734 - i * 13));
  text(page, bold, 'INVOICE', 420, 750, 16);
  [`Invoice No.: ${inv.invoiceNumber}`, `Invoice Date: ${inv.invoiceDate}`, `Due Date: ${inv.dueDate}`, 'Terms: Net 30'].forEach((l, i) => text(page, font, l, 420, 730 - i * 13));
  text(page, bold, 'Bill To:', 50, 670);
  inv.billTo.forEach((l, i) => text(page, font, l, 50, 656 - i * 13));
  text(page, bold, 'Remit To:', 300, 670);
  inv.remitTo.forEach((l, i) => text(page, font, l, 300, 656 - i * 13));
  text(page, font, `P.O. Number: ${inv.ourPoNumber}`, 50, 590);
  const end = drawTable(page, font, bold, inv.lines, 560, 16, 10, [
    { header: 'Item', x: 50, cell: (l) => l.itemCode },
    { header: 'Description', x: 130, cell: (l) => l.description },
    { header: 'Qty', x: 380, right: true, cell: (l) => l.quantity },
    { header: 'Unit Price', x: 470, right: true, cell: (l) => l.unitPrice },
    { header: 'Amount', x: 555, right: true, cell: (l) => l.amount },
  ]);
  text(page, font, 'Freight', 400, end - 30);
  rightAligned(page, font, inv.freight, 555, end - 30);
  text(page, bold, 'Amount Due', 400, end - 46);
  rightAligned(page, bold, inv.amountDue, 555, end - 46);
  return Buffer.from(await doc.save());
}
