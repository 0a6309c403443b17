// Our positional layout reader against `pdftotext -layout` (poppler) as the baseline, on POs whose
// truth we know: milliseconds per page, and how many PO fields each one's text lets the reader get right.
//   npm run bench:pdf-layout -- 40     (default 40 POs, spread over the layouts)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acmePo } from '../demo/emails.js';
import { PO_LAYOUTS, renderPoPdf, supplierItemCode, type PoDocument, type PoLayout } from '../demo/po-pdf.js';
import { readPdfLayout, warmPdfEngine } from '../parsers/pdf-layout.js';
import { readPurchaseOrder } from '../parsers/po-reader.js';
import { parseAmountMinor, parseQuantityMilli } from '../domain/money.js';

const count = Number(process.argv[2] ?? 40);
// AC-77812 is Acme's own part number for our BRK-220: layouts that print both must give ours.
const ITEMS = [['WID-100', 'Steel widget, zinc plated', '4.25'], ['WID-200', 'Stainless widget', '11.50'], ['AC-77812', 'Mounting bracket 2in', '0.85'], ['CBL-050', 'Braided cable 50 ft', '39.99'], ['GSK-310', 'Neoprene gasket', '6.12']] as const;

function po(i: number): PoDocument {
  const base = acmePo(`45${String(100000 + i)}`);
  const lines = Array.from({ length: 1 + (i % 5) }, (_, k) => {
    const [code, description, price] = ITEMS[(i + k) % ITEMS.length]!;
    const qty = (k + 1) * (i % 7 + 1) * 10;
    const amount = (Number(price) * qty).toFixed(2);
    return { itemCode: code, description, quantity: qty.toLocaleString('en-US'), uom: 'EA', unitPrice: price, amount: Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 }) };
  });
  const totalMinor = lines.reduce((sum, l) => sum + parseAmountMinor(l.amount)!, 0);
  const total = (totalMinor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  return { ...base, lines, total, orderDate: `11/${String(1 + (i % 28)).padStart(2, '0')}/2026` };
}

const iso = (us: string) => `${us.slice(6)}-${us.slice(0, 2)}-${us.slice(3, 5)}`;

function score(layout: PoLayout, truth: PoDocument, lines: string[]): { right: number; total: number } {
  const read = readPurchaseOrder(lines, 'pdf_text', 'bench.pdf');
  const checks: boolean[] = [
    read.poNumber?.value === truth.poNumber,
    read.customerNumber?.value === truth.customerNumber,
    read.orderDate?.value === iso(truth.orderDate),
    read.requestedShipDate?.value === iso(truth.requestedDate!),
    read.shipTo?.value === truth.shipTo.join(', '),
    read.totalMinor?.value === parseAmountMinor(truth.total),
  ];
  truth.lines.forEach((l, k) => {
    const got = read.lines[k];
    checks.push(got?.itemCode === (layout === 'landscape-wide' ? supplierItemCode(l.itemCode) : l.itemCode));
    checks.push(got?.quantityMilli === parseQuantityMilli(l.quantity));
    checks.push(got?.unitPriceMinor === parseAmountMinor(l.unitPrice));
    checks.push(got?.amountMinor === parseAmountMinor(l.amount));
  });
  checks.push(read.lines.length === truth.lines.length && read.unreadableLines.length === 0);
  return { right: checks.filter(Boolean).length, total: checks.length };
}

const dir = mkdtempSync(join(tmpdir(), 'arflow-bench-pdf-'));
try {
  await warmPdfEngine();
  type Tally = { oursMs: number; popplerMs: number; ours: { right: number; total: number }; poppler: { right: number; total: number }; pages: number };
  const results = Object.fromEntries(PO_LAYOUTS.map((l) => [l, { oursMs: 0, popplerMs: 0, ours: { right: 0, total: 0 }, poppler: { right: 0, total: 0 }, pages: 0 }])) as Record<PoLayout, Tally>;
  for (let i = 0; i < count; i++) {
    const layout = PO_LAYOUTS[i % PO_LAYOUTS.length]!;
    const truth = po(i);
    const pdf = await renderPoPdf(truth, layout);
    const file = join(dir, `po-${i}.pdf`);
    writeFileSync(file, pdf);
    const r = results[layout];
    let t = performance.now();
    const ours = await readPdfLayout(pdf);
    r.oursMs += performance.now() - t;
    t = performance.now();
    const poppler = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    r.popplerMs += performance.now() - t;
    r.pages += ours.pageCount;
    for (const [who, lines] of [['ours', ours.lines], ['poppler', poppler.split('\n')]] as const) {
      const s = score(layout, truth, lines);
      r[who].right += s.right;
      r[who].total += s.total;
    }
  }
  console.log(`\nPO text from ${count} generated PDFs: arflow's positional layout vs pdftotext -layout (process per file)`);
  console.log('layout         ms/page ours  ms/page poppler  ratio  fields right ours  fields right poppler');
  for (const [layout, r] of Object.entries(results)) {
    const pct = (x: { right: number; total: number }) => `${((x.right / x.total) * 100).toFixed(1)}% (${x.right}/${x.total})`;
    console.log(`${layout.padEnd(15)}${(r.oursMs / r.pages).toFixed(1).padStart(12)}  ${(r.popplerMs / r.pages).toFixed(1).padStart(15)}  ${(r.oursMs / r.popplerMs).toFixed(2).padStart(5)}  ${pct(r.ours).padStart(17)}  ${pct(r.poppler).padStart(20)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
