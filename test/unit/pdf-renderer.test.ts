// The acknowledgement PDF as a customer opens it: rendered by Debian's Chromium from the real template,
// read back with pdf-parse. And what a template must never do: run a value as markup, or reach the network.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acknowledgementHtml, acknowledgementPdfFilename, acknowledgementRevision, renderAcknowledgementPdf, type AcknowledgementContext,
} from '../../documents/order-acknowledgement.js';
import { chromiumPdfRenderer, findChromium, type PdfRenderer } from '../../documents/pdf-renderer.js';

function acknowledgement(revision: number, description = 'Steel widget, zinc plated'): AcknowledgementContext {
  return {
    company: { name: 'Northwind Components', ordersAddress: 'orders@arflow.test' },
    customer: { name: 'Acme Fabrication Inc.', number: 'C-1001' },
    contact: { name: 'Jane Buyer' },
    salesRep: { name: 'Sam Reyes', email: 'sam.reyes@arflow.test' },
    document: acknowledgementRevision(revision, new Date('2026-11-21T09:30:00Z')),
    order: {
      poNumber: '4500012345', reference: 'SO-1A2B3C4D', revision, orderDate: '2026-11-20', requestedShipDate: '2026-12-01',
      shipTo: 'Acme Fabrication Inc.\nDock 4\n1200 Industrial Way\nSpringfield, IL 62701', total: '1,912.50 USD', terms: 'Net 30 days',
    },
    lines: [
      { lineNumber: 1, sku: 'WID-100', customerSku: null, description, quantity: '250', unitOfMeasure: 'EA', unitPrice: '4.25 USD', amount: '1,062.50 USD' },
      { lineNumber: 2, sku: 'BRK-220', customerSku: 'AC-77812', description: 'Mounting bracket, 2 in', quantity: '1000', unitOfMeasure: 'EA', unitPrice: '0.85 USD', amount: '850.00 USD' },
    ],
    attachment: null,
  };
}

async function pdfText(pdf: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try { return (await parser.getText()).text; } finally { await parser.destroy(); }
}

let renderer: PdfRenderer;
const blocked: string[] = [];

beforeAll(() => {
  const chromium = findChromium();
  if (!chromium) throw new Error("no Debian Chromium: install chromium-headless-shell (scripts/setup.sh --for-tests does)");
  renderer = chromiumPdfRenderer({ executablePath: chromium, timeoutMs: 20_000, onBlockedRequest: (url) => blocked.push(url) });
});
afterAll(async () => { await renderer?.close(); });

describe('the acknowledgement PDF', () => {
  it('shows the PO number, our reference, the revision, every line and the total', async () => {
    const pdf = await renderAcknowledgementPdf(renderer, acknowledgement(2));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('4500012345');
    expect(text).toContain('SO-1A2B3C4D');
    expect(text).toContain('Revised acknowledgement — revision 2');
    expect(text).toContain('WID-100');
    expect(text).toContain('BRK-220');
    expect(text).toContain('your part AC-77812');
    expect(text).toContain('1,912.50 USD');
    expect(text).toContain('1200 Industrial Way');
    expect(text).toContain('Net 30 days');
  });

  it('says nothing of a revision on the first acknowledgement', async () => {
    const text = await pdfText(await renderAcknowledgementPdf(renderer, acknowledgement(1)));
    expect(text).toContain('Order acknowledgement');
    expect(text).not.toMatch(/revised/i);
  });

  it('prints a value holding markup as text, never as markup', async () => {
    const context = acknowledgement(1, 'Bracket <script>document.title="x"</script><img src=x onerror=alert(1)>');
    const html = acknowledgementHtml(context);
    expect(html).not.toContain('<script>document');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
    const text = await pdfText(await renderer.render(html));
    expect(text).toContain('<script>document.title="x"</script>');
  });

  it('names the file after the PO and revision, safely', () => {
    expect(acknowledgementPdfFilename('4500012345', 2)).toBe('Acknowledgement-4500012345-r2.pdf');
    expect(acknowledgementPdfFilename(' PO 77/12\\a ', 1)).toBe('Acknowledgement-PO-77-12-a-r1.pdf');
  });
});

describe('a page that tries to reach the network', () => {
  let server: Server;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => { hits++; res.end('body { background: red; }'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('is refused every request (a local server sees none), and still renders promptly', async () => {
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    blocked.length = 0;
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${local}/style.css"><style>@import url("http://example.com/more.css");</style></head>
      <body><p>Logo below</p><img src="${local}/logo.png"><img src="http://example.com/logo.png">
      <iframe src="http://example.com/"></iframe><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>`;
    const started = Date.now();
    const text = await pdfText(await renderer.render(html));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(text).toContain('Logo below');
    expect(hits).toBe(0);
    expect(blocked).toEqual(expect.arrayContaining([`${local}/style.css`, `${local}/logo.png`, 'http://example.com/logo.png', 'http://example.com/']));
  });
});
