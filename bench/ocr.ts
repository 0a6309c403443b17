// OCR of scanned POs whose truth we know: field accuracy per layout and noise level, and ms/page of
// tesseract.js against the native tesseract CLI (`OMP_THREAD_LIMIT=1 tesseract in.pgm - --psm 6`, a
// process per page, Debian's tesseract-ocr) reading the same cleaned image with the same model.
//   npm run bench:ocr -- 2      (POs per layout and noise level; default 2 → 16 pages)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { acmePo } from '../demo/emails.js';
import { PO_LAYOUTS, type PoDocument, type PoLayout } from '../demo/po-pdf.js';
import { SCAN_NOISE_LEVELS, scannedPoPdf, type ScanNoise } from '../demo/scanned-po.js';
import { parseAmountMinor, parseQuantityMilli } from '../domain/money.js';
import { cleanupForOcr } from '../parsers/image-cleanup.js';
import { encodePgm } from '../parsers/image-files.js';
import { createOcrEngine, ENGLISH_MODEL_DIR, type OcrPage, type OcrWord } from '../parsers/ocr-engine.js';
import { weighByOcrConfidence } from '../parsers/ocr-confidence.js';
import { layoutOcrPages } from '../parsers/ocr-layout.js';
import { readPurchaseOrder } from '../parsers/po-reader.js';
import { pageImagesOf } from '../parsers/scanned-po.js';

const perCell = Number(process.argv[2] ?? 2);
const ITEMS = [['WID-100', 'Steel widget, zinc plated', '4.25'], ['WID-200', 'Stainless widget', '11.50'], ['BRK-220', 'Mounting bracket 2in', '0.85'], ['CBL-050', 'Braided cable 50 ft', '39.99'], ['GSK-310', 'Neoprene gasket', '6.12']] as const;

function po(i: number): PoDocument {
  const base = acmePo(`45${String(100000 + i * 7919).slice(-6)}`);
  const lines = Array.from({ length: 1 + (i % 4) }, (_, k) => {
    const [code, description, price] = ITEMS[(i + k) % ITEMS.length]!;
    const qty = (k + 1) * (i % 7 + 1) * 10;
    return { itemCode: code, description, quantity: qty.toLocaleString('en-US'), uom: 'EA', unitPrice: price, amount: (Number(price) * qty).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) };
  });
  return { ...base, lines, orderDate: `11/${String(1 + (i % 28)).padStart(2, '0')}/2026` };
}

type Score = { right: number; total: number; confidentWrong: number };

/** PO number, customer number, order date, and each line's item, quantity and price; a wrong value at ≥0.9 confidence is counted apart. */
function score(truth: PoDocument, pages: OcrPage[]): Score {
  const layout = layoutOcrPages(pages);
  const read = weighByOcrConfidence(readPurchaseOrder(layout.lines, 'ocr', 'bench'), layout);
  const checks: [boolean, number][] = [
    [read.poNumber?.value === truth.poNumber, read.poNumber?.confidence ?? 0],
    [read.customerNumber?.value === truth.customerNumber, read.customerNumber?.confidence ?? 0],
    [read.orderDate?.value === `2026-${truth.orderDate.slice(0, 2)}-${truth.orderDate.slice(3, 5)}`, read.orderDate?.confidence ?? 0],
  ];
  truth.lines.forEach((l, k) => {
    const got = read.lines[k];
    const c = got?.confidence ?? 0;
    checks.push([got?.itemCode === l.itemCode, c], [got?.quantityMilli === parseQuantityMilli(l.quantity.replace(/,/g, '')), c], [got?.unitPriceMinor === parseAmountMinor(l.unitPrice), c]);
  });
  return { right: checks.filter(([ok]) => ok).length, total: checks.length, confidentWrong: checks.filter(([ok, c]) => !ok && c >= 0.9).length };
}

/** Native tesseract's TSV words (level 5 rows) as OcrWords; it gives no baseline, so the box bottom stands in. */
function nativeWords(tsv: string): OcrPage {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const [level, , , , , , left, top, width, height, conf, ...text] = row.split('\t');
    const t = text.join('\t').trim();
    if (level !== '5' || !t) continue;
    const box = { x0: +left!, y0: +top!, x1: +left! + +width!, y1: +top! + +height! };
    words.push({ text: t, confidence: Math.max(0, +conf! / 100), box, baseline: box.y1 });
  }
  return { width: 0, height: 0, words, confidence: words.reduce((s, w) => s + w.confidence, 0) / (words.length || 1) };
}

const dir = mkdtempSync(join(tmpdir(), 'arflow-bench-ocr-'));
const engine = createOcrEngine();
try {
  const native = spawnSync('tesseract', ['--version']).status === 0;
  // The native CLI reads the same best_int model tesseract.js uses, unpacked once.
  if (native) writeFileSync(join(dir, 'eng.traineddata'), gunzipSync(readFileSync(join(ENGLISH_MODEL_DIR, 'eng.traineddata.gz'))));
  await engine.warm();
  type Cell = { js: Score; native: Score; jsMs: number; nativeMs: number; cleanupMs: number; pages: number };
  const cells = new Map<string, Cell>();
  let i = 0;
  for (const layout of PO_LAYOUTS) {
    for (const noise of SCAN_NOISE_LEVELS) {
      const cell: Cell = { js: { right: 0, total: 0, confidentWrong: 0 }, native: { right: 0, total: 0, confidentWrong: 0 }, jsMs: 0, nativeMs: 0, cleanupMs: 0, pages: 0 };
      cells.set(`${layout}|${noise}`, cell);
      for (let k = 0; k < perCell; k++, i++) {
        const truth = po(i);
        const scan = await scannedPoPdf(truth, layout as PoLayout, noise as ScanNoise, 1000 + i);
        const jsPages: OcrPage[] = [];
        const nativePages: OcrPage[] = [];
        for (const page of await pageImagesOf(scan.pdf)) {
          let t = performance.now();
          const cleaned = cleanupForOcr(page.image, { scale: Math.max(1, Math.round(400 / page.dpi)) });
          cell.cleanupMs += performance.now() - t;
          const dpi = page.dpi * cleaned.scale;
          t = performance.now();
          jsPages.push(await engine.recognise(cleaned.image, { dpi }));
          cell.jsMs += performance.now() - t;
          if (native) {
            const file = join(dir, 'page.pgm');
            writeFileSync(file, encodePgm(cleaned.image));
            t = performance.now();
            execFileSync('tesseract', [file, join(dir, 'out'), '--psm', '6', '--dpi', String(dpi), '--tessdata-dir', dir, '-l', 'eng', '-c', 'tessedit_create_tsv=1'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: 'ignore' });
            cell.nativeMs += performance.now() - t;
            nativePages.push(nativeWords(readFileSync(join(dir, 'out.tsv'), 'utf8')));
          }
          cell.pages++;
        }
        add(cell.js, score(truth, jsPages));
        if (native) add(cell.native, score(truth, nativePages));
      }
    }
  }
  console.log(`\nOCR of ${i} generated scanned POs (200 dpi, skewed 1–3°, noise), cleaned then enlarged to 400 dpi; fields: PO number, customer number, order date, and item/quantity/price of each line`);
  if (!native) console.log('native tesseract is not installed (apt-get install tesseract-ocr): its columns are skipped');
  console.log('layout         noise   cleanup ms  tesseract.js ms/page  native ms/page  ratio  fields right js      fields right native   wrong at ≥0.9 js/native');
  const pct = (s: Score) => `${((s.right / s.total) * 100).toFixed(1)}% (${s.right}/${s.total})`;
  const all = { js: { right: 0, total: 0, confidentWrong: 0 }, native: { right: 0, total: 0, confidentWrong: 0 }, jsMs: 0, nativeMs: 0, pages: 0 };
  for (const [key, c] of cells) {
    const [layout, noise] = key.split('|');
    add(all.js, c.js); add(all.native, c.native); all.jsMs += c.jsMs; all.nativeMs += c.nativeMs; all.pages += c.pages;
    console.log(`${layout!.padEnd(15)}${noise!.padEnd(8)}${(c.cleanupMs / c.pages).toFixed(0).padStart(10)}  ${(c.jsMs / c.pages).toFixed(0).padStart(20)}  ${native ? (c.nativeMs / c.pages).toFixed(0).padStart(14) : '—'.padStart(14)}  ${native ? (c.jsMs / c.nativeMs).toFixed(2).padStart(5) : '  —  '}  ${pct(c.js).padEnd(20)}  ${native ? pct(c.native).padEnd(20) : '—'.padEnd(20)}  ${c.js.confidentWrong}/${native ? c.native.confidentWrong : '—'}`);
  }
  console.log(`${'all'.padEnd(23)}${''.padStart(10)}  ${(all.jsMs / all.pages).toFixed(0).padStart(20)}  ${native ? (all.nativeMs / all.pages).toFixed(0).padStart(14) : '—'.padStart(14)}  ${native ? (all.jsMs / all.nativeMs).toFixed(2).padStart(5) : '  —  '}  ${pct(all.js).padEnd(20)}  ${native ? pct(all.native).padEnd(20) : '—'.padEnd(20)}  ${all.js.confidentWrong}/${native ? all.native.confidentWrong : '—'}`);
} finally {
  await engine.terminate();
  rmSync(dir, { recursive: true, force: true });
}

function add(into: Score, s: Score): void {
  into.right += s.right; into.total += s.total; into.confidentWrong += s.confidentWrong;
}
