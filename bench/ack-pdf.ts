// Acknowledgement PDFs per second with one warm browser: a new page per render, as in production.
// Prints the cold first render and the warm ms/page over N renders, for each Debian Chromium installed.
//   npx tsx bench/ack-pdf.ts 20
import { acknowledgementHtml, acknowledgementRevision, type AcknowledgementContext } from '../documents/order-acknowledgement.js';
import { CHROMIUM_CANDIDATES, chromiumPdfRenderer, findChromium } from '../documents/pdf-renderer.js';

const renders = Number(process.argv[2] ?? 20);

const context: AcknowledgementContext = {
  company: { name: 'Northwind Components', ordersAddress: 'orders@arflow.test' },
  customer: { name: 'Acme Fabrication Inc.', number: 'C-1001' },
  contact: { name: 'Jane Buyer' },
  salesRep: { name: 'Sam Reyes', email: 'sam.reyes@arflow.test' },
  document: acknowledgementRevision(1, new Date()),
  order: {
    poNumber: '4500012345', reference: 'SO-1A2B3C4D', revision: 1, orderDate: '2026-11-20', requestedShipDate: '2026-12-01',
    shipTo: 'Acme Fabrication Inc.\nDock 4\n1200 Industrial Way\nSpringfield, IL 62701', total: '12,345.00 USD', terms: 'Net 30 days',
  },
  lines: Array.from({ length: 12 }, (_, i) => ({
    lineNumber: i + 1, sku: `WID-${100 + i}`, customerSku: i % 3 ? null : `AC-${7000 + i}`, description: 'Steel widget, zinc plated',
    quantity: '250', unitOfMeasure: 'EA', unitPrice: '4.25 USD', amount: '1,062.50 USD',
  })),
  attachment: null,
};

for (const executablePath of CHROMIUM_CANDIDATES.filter((p) => findChromium([p]))) {
  const renderer = chromiumPdfRenderer({ executablePath });
  try {
    let started = performance.now();
    const first = await renderer.render(acknowledgementHtml(context));
    const cold = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < renders; i++) await renderer.render(acknowledgementHtml(context));
    const warm = (performance.now() - started) / renders;
    console.log(`${executablePath}: cold ${cold.toFixed(0)} ms (launch + first page), warm ${warm.toFixed(0)} ms/page over ${renders} renders, ${first.length} bytes`);
  } finally {
    await renderer.close();
  }
}
