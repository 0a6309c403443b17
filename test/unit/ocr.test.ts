// Scanned purchase orders: generated POs printed, scanned crooked with noise (demo/scanned-po.ts, no
// poppler needed), OCR'd by tesseract.js from its packaged model, and read by the ordinary PO reader.
import { MockActivityEnvironment } from '@temporalio/testing';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrActivities, type ScannedPurchaseOrderReading } from '../../activities/ocr.js';
import { acmePo } from '../../demo/emails.js';
import { renderPoPdf, type PoLayout } from '../../demo/po-pdf.js';
import { scannedPoPdf, type ScanNoise, type ScannedPo } from '../../demo/scanned-po.js';
import type { ParsedPurchaseOrder } from '../../domain/purchase-order.js';
import { cleanupForOcr } from '../../parsers/image-cleanup.js';
import { encodePng } from '../../parsers/image-files.js';
import { createOcrEngine, type OcrWord } from '../../parsers/ocr-engine.js';
import { layoutOcrPages } from '../../parsers/ocr-layout.js';
import { isScannedPdf, readScannedPurchaseOrder, UnreadableScanError, type UnreadableScanCode } from '../../parsers/scanned-po.js';
import { readPurchaseOrder } from '../../parsers/po-reader.js';
import { weighByOcrConfidence } from '../../parsers/ocr-confidence.js';

const ocr = createOcrEngine();
afterAll(() => ocr.terminate());

const truth = acmePo('4500012345');
const EXPECTED_LINES = [['WID-100', 250_000, 425], ['AC-77812', 1_000_000, 85]] as const;

/** Every value read either is right, or carries a confidence low enough to send it to a person. */
function checkRightOrDoubted(po: ParsedPurchaseOrder): { right: number; doubted: string[] } {
  let right = 0;
  const doubted: string[] = [];
  const check = (what: string, got: unknown, want: unknown, confidence: number | undefined) => {
    if (got === want) { right++; return; }
    expect(confidence ?? 0, `${what} is wrong (${String(got)} for ${String(want)}) yet confident`).toBeLessThan(0.9);
    doubted.push(what);
  };
  check('PO number', po.poNumber?.value, '4500012345', po.poNumber?.confidence);
  check('customer number', po.customerNumber?.value, 'C-1001', po.customerNumber?.confidence);
  EXPECTED_LINES.forEach(([code, qty, price], k) => {
    const line = po.lines[k];
    check(`line ${k + 1} item`, line?.itemCode, code, line?.confidence);
    check(`line ${k + 1} quantity`, line?.quantityMilli, qty, line?.confidence);
    check(`line ${k + 1} price`, line?.unitPriceMinor, price, line?.confidence);
  });
  return { right, doubted };
}

describe('a scanned PO, skewed and noisy', () => {
  const scans = new Map<string, ScannedPo>();
  const cases: [PoLayout, ScanNoise, number][] = [['classic', 'heavy', 4], ['european', 'light', 11]];
  beforeAll(async () => {
    for (const [layout, noise, seed] of cases) scans.set(`${layout}/${noise}`, await scannedPoPdf(truth, layout, noise, seed));
  });

  it.each(cases)('%s layout, %s noise: PO number, customer number and every line read exactly', async (layout, noise) => {
    const scan = scans.get(`${layout}/${noise}`)!;
    expect(Math.abs(scan.skewDegrees)).toBeGreaterThanOrEqual(1);
    expect(await isScannedPdf(scan.pdf)).toBe(true);
    const pages: number[] = [];
    const po = await readScannedPurchaseOrder({ filename: 'scan.pdf', contentType: 'application/pdf', content: scan.pdf }, (page, of) => pages.push(page, of), ocr);
    expect(pages).toEqual([1, 1]);
    expect(po.documentKind).toBe('ocr');
    expect(po.lines).toHaveLength(2);
    const { right, doubted } = checkRightOrDoubted(po);
    expect(doubted).toEqual([]);
    expect(right).toBe(8);
    // Confidence reflects the OCR: right fields are high but below a typed PO's.
    expect(po.poNumber!.confidence).toBeGreaterThan(0.7);
    expect(po.poNumber!.confidence).toBeLessThan(0.95);
  });

  it('reads the same scan sent as a JPEG image attachment', async () => {
    const scan = scans.get('european/light')!;
    const po = await readScannedPurchaseOrder({ filename: 'scan.jpg', contentType: 'image/jpeg', content: scan.jpeg }, undefined, ocr);
    expect(po.poNumber?.value).toBe('4500012345');
    checkRightOrDoubted(po);
  });

  it('deskews: the cleanup finds the angle the page was fed at', () => {
    for (const scan of scans.values()) expect(cleanupForOcr(scan.image).skewDegrees).toBeCloseTo(scan.skewDegrees, 0);
  });

  it('runs as an activity that heartbeats each page and returns a checked PO', async () => {
    const scan = scans.get('classic/heavy')!;
    const db = { inboundDocument: { findUnique: async () => ({ filename: 'PO scan.pdf', contentType: 'application/pdf', content: new Uint8Array(scan.pdf) }) } };
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const activities = createOcrActivities({ db: db as never, ocr });
    const result: ScannedPurchaseOrderReading = await env.run(activities.readScannedPurchaseOrderDocument, 'inbound-1', 0);
    expect(beats).toEqual([{ page: 1, of: 1 }]);
    expect(result.found && result.po.poNumber?.value).toBe('4500012345');
  });
});

describe('words to layout lines', () => {
  const word = (text: string, x0: number, y1: number, confidence = 0.95): OcrWord => ({ text, confidence, box: { x0, y0: y1 - 20, x1: x0 + text.length * 12, y1 }, baseline: y1 });

  it('makes the columns the PO reader needs, and weighs each field by the OCR of its words', () => {
    const page = { width: 1700, height: 2200, confidence: 0.9, words: [
      word('PO', 100, 100), word('Number:', 140, 100), word('4500012345', 240, 101, 0.6),
      word('Item', 100, 200), word('Qty', 500, 200), word('Price', 700, 200),
      word('WID-100', 100, 240), word('250', 500, 241), word('4.25', 700, 239),
      word('|', 90, 240, 0.3), // a box edge read as a character
    ] };
    const layout = layoutOcrPages([page]);
    expect(layout.lines).toHaveLength(3);
    expect(layout.lines[0]!.trim()).toBe('PO Number: 4500012345');
    expect(layout.lines[1]).toMatch(/^\s*Item\s{2,}Qty\s{2,}Price$/);
    expect(layout.lines[2]).toMatch(/WID-100\s{2,}250\s{2,}4\.25/);
    const po = weighByOcrConfidence(readPurchaseOrder(layout.lines, 'ocr', 'scan'), layout);
    expect(po.poNumber?.value).toBe('4500012345');
    expect(po.poNumber!.confidence).toBeCloseTo(0.95 * 0.6, 3); // the doubtful number, not the sure label
    expect(po.lines[0]).toMatchObject({ itemCode: 'WID-100', quantityMilli: 250_000, unitPriceMinor: 425 });
    expect(po.lines[0]!.confidence).toBeCloseTo(0.9 * 0.95, 3);
  });
});

describe('what cannot be read says why, and what to do', () => {
  async function failure(filename: string, contentType: string, content: Buffer): Promise<UnreadableScanError> {
    const err = await readScannedPurchaseOrder({ filename, contentType, content }, undefined, ocr).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableScanError);
    return err as UnreadableScanError;
  }
  const expectError = async (code: UnreadableScanCode, message: RegExp, ...args: Parameters<typeof failure>) => {
    const err = await failure(...args);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Ask|Open|Check|should be read/);
  };
  let scanned: Buffer;
  beforeAll(async () => { scanned = (await scannedPoPdf(truth, 'classic', 'light', 2)).pdf; });

  it('a password-protected PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([612, 792]);
    doc.context.trailerInfo.Encrypt = doc.context.register(doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('11'.repeat(32)), U: PDFHexString.of('22'.repeat(32)), P: -4 }));
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('33'.repeat(16)), PDFHexString.of('33'.repeat(16))]);
    await expectError('encrypted', /password-protected/, 'po.pdf', 'application/pdf', Buffer.from(await doc.save({ useObjectStreams: false })));
  });

  it('a PDF cut off in transfer', async () => {
    await expectError('truncated', /cut off/, 'po.pdf', 'application/pdf', scanned.subarray(0, Math.floor(scanned.length / 2)));
  });

  it('a PDF with neither text nor images', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([612, 792]);
    await expectError('no_content', /neither text nor a scanned image/, 'po.pdf', 'application/pdf', Buffer.from(await doc.save()));
  });

  it('a text PDF is not a scan', async () => {
    expect(await isScannedPdf(await renderPoPdf(truth, 'classic'))).toBe(false);
    await expectError('no_content', /text layer/, 'po.pdf', 'application/pdf', await renderPoPdf(truth, 'classic'));
  });

  it('a web page saved as .pdf', async () => {
    await expectError('html', /web page \(HTML\), not a PDF/, 'po.pdf', 'application/pdf', Buffer.from('<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to download</body></html>'));
  });

  it('an image too small to read', async () => {
    const tiny = { width: 300, height: 200, data: new Uint8Array(300 * 200).fill(255) };
    await expectError('too_small', /too small to read \(300×200 pixels/, 'po.png', 'image/png', encodePng(tiny));
  });

  it('a blank page', async () => {
    const blank = { width: 1700, height: 2200, data: new Uint8Array(1700 * 2200).map((_, i) => 235 + ((i * 7919) % 13)) };
    await expectError('blank', /blank or too faint/, 'po.png', 'image/png', encodePng(blank));
  });

  it('an image format that is not read', async () => {
    await expectError('unsupported_format', /HEIC image, which is not read/, 'IMG_0042.heic', 'image/heic', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]));
  });
});
