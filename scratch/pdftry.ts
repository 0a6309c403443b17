import { renderPoPdf } from '../demo/po-pdf.js';
import { readPdfLayout } from '../parsers/pdf-layout.js';
import { readPurchaseOrder } from '../parsers/po-reader.js';
import { writeFileSync } from 'node:fs';
const po = { buyerCompany: 'Acme Fabrication Inc.', buyerAddress: ['100 Main St', 'Springfield, IL 62701'], customerNumber: 'C-1001', poNumber: '4500012345', orderDate: '11/20/2026', requestedDate: '12/05/2026', shipTo: ['Acme Fabrication Dock 3', '200 Industrial Way', 'Springfield, IL 62702'], lines: [
 { itemCode: 'WID-100', description: 'Steel widget, zinc plated', quantity: '250', uom: 'EA', unitPrice: '4.25', amount: '1,062.50' },
 { itemCode: 'BRK-220', description: 'Mounting bracket 2in', quantity: '1,000', uom: 'EA', unitPrice: '0.85', amount: '850.00' }], total: '1,912.50', buyerName: 'Jane Buyer' };
for (const layout of ['classic', 'boxed-header'] as const) {
  const pdf = await renderPoPdf(po, layout);
  writeFileSync(`/tmp/po-${layout}.pdf`, pdf);
  const l = await readPdfLayout(pdf);
  console.log(l.lines.join('\n'));
  console.log(JSON.stringify(readPurchaseOrder(l.lines, 'pdf_text', 'po.pdf'), null, 1));
}
