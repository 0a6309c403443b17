// Scanned purchase orders with known truth, for the OCR tests and benchmark: the generated text PDFs of
// demo/po-pdf.ts, rasterised, then put through what a scanner and a fax do to paper (crooked feed,
// sensor noise, dust, soft focus, JPEG compression), and embedded as the only content of a text-less
// PDF, as a multifunction printer's scan-to-email sends it. Deterministic for a given seed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { rotate, type GrayImage } from '../parsers/image-cleanup.js';
import { decodeJpeg, encodePng } from '../parsers/image-files.js';
import { renderPoPdf, type PoDocument, type PoLayout } from './po-pdf.js';

export type ScanNoise = 'light' | 'heavy';
export const SCAN_NOISE_LEVELS: ScanNoise[] = ['light', 'heavy'];

interface Degradation {
  skewRange: [number, number]; // degrees, either direction
  gaussianSigma: number;
  saltAndPepper: number; // share of pixels flipped to black or white
  blur: boolean;
  jpegQuality?: number;
  paper: number; // gray of the paper
  ink: number; // gray of the ink
}

const DEGRADATIONS: Record<ScanNoise, Degradation> = {
  light: { skewRange: [1, 1.5], gaussianSigma: 10, saltAndPepper: 0.001, blur: false, paper: 245, ink: 20 },
  heavy: { skewRange: [2, 3], gaussianSigma: 28, saltAndPepper: 0.006, blur: true, jpegQuality: 0.55, paper: 225, ink: 55 },
};

const require = createRequire(import.meta.url);
// pdfjs draws the standard 14 fonts (Helvetica, which the generated POs use) from these files.
const STANDARD_FONTS = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

import { seededRandom } from './seeded-random.js';

export { seededRandom };

interface NodeCanvas { width: number; height: number; toBuffer(mime: 'image/jpeg', quality?: number): Buffer }
interface CanvasPair { canvas: NodeCanvas; context: CanvasRenderingContext2D }
interface CanvasFactory { create(width: number, height: number): CanvasPair; destroy(pair: CanvasPair): void }

/**
 * Renders every page of a PDF to gray pixels with pdfjs (its Node canvas, @napi-rs/canvas, comes
 * with pdfjs-dist), so fixtures need no poppler. `pdftoppm -gray -r 200` gives the same picture.
 */
export async function rasterisePdf(pdf: Uint8Array, dpi = 200): Promise<GrayImage[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, standardFontDataUrl: STANDARD_FONTS }).promise;
  try {
    const pages: GrayImage[] = [];
    for (let n = 1; n <= doc.numPages; n++) pages.push(await renderPage(doc, n, dpi));
    return pages;
  } finally {
    await doc.destroy();
  }
}

async function renderPage(doc: pdfjs.PDFDocumentProxy, pageNumber: number, dpi: number): Promise<GrayImage> {
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const pair = factory.create(Math.round(viewport.width), Math.round(viewport.height));
  pair.context.fillStyle = '#ffffff';
  pair.context.fillRect(0, 0, pair.canvas.width, pair.canvas.height);
  await page.render({ canvasContext: pair.context, canvas: pair.canvas as unknown as HTMLCanvasElement, viewport }).promise;
  const rgba = pair.context.getImageData(0, 0, pair.canvas.width, pair.canvas.height);
  const gray = new Uint8Array(rgba.width * rgba.height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgba.data[i * 4]!; // drawn in black on white: any channel is the gray
  factory.destroy(pair);
  page.cleanup();
  return { width: rgba.width, height: rgba.height, data: gray };
}

function boxBlur3(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += data[(y + dy) * w + x + dx]!;
      out[y * w + x] = Math.round(s / 9);
    }
  }
  return { width: w, height: h, data: out };
}

/** Encodes gray pixels as a JPEG (for image-attachment fixtures and the JPEG degradation). */
export async function encodeJpeg(img: GrayImage, quality = 0.8): Promise<Buffer> {
  const doc = await pdfjs.getDocument({ data: new TextEncoder().encode(MINIMAL_PDF), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
    const pair = factory.create(img.width, img.height);
    const rgba = pair.context.createImageData(img.width, img.height);
    for (let i = 0; i < img.data.length; i++) {
      const v = img.data[i]!;
      rgba.data[i * 4] = v; rgba.data[i * 4 + 1] = v; rgba.data[i * 4 + 2] = v; rgba.data[i * 4 + 3] = 255;
    }
    pair.context.putImageData(rgba, 0, 0);
    const jpeg = pair.canvas.toBuffer('image/jpeg', Math.round(quality * 100));
    factory.destroy(pair);
    return jpeg;
  } finally {
    await doc.destroy();
  }
}

const MINIMAL_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** What a scanner does to a clean page: faded ink on gray paper, a crooked feed, noise, dust, blur. */
export async function degradeScan(clean: GrayImage, noise: ScanNoise, seed: number): Promise<{ image: GrayImage; skewDegrees: number; jpeg?: Buffer }> {
  const d = DEGRADATIONS[noise];
  const random = seededRandom(seed);
  const [low, high] = d.skewRange;
  const skewDegrees = Math.round((low + random() * (high - low)) * (random() < 0.5 ? -1 : 1) * 100) / 100;
  // Ink and paper tones first, so the rotation's white corners become paper too.
  const toned = new Uint8Array(clean.data.length);
  for (let i = 0; i < toned.length; i++) toned[i] = Math.round(d.ink + (clean.data[i]! / 255) * (d.paper - d.ink));
  let img: GrayImage = { width: clean.width, height: clean.height, data: toned };
  if (d.blur) img = boxBlur3(img);
  img = rotate(img, skewDegrees);
  const data = new Uint8Array(img.data);
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 255) data[i] = d.paper; // rotated-in corners
    // Box–Muller: one Gaussian sample per pixel.
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let v = data[i]! + g * d.gaussianSigma;
    const r = random();
    if (r < d.saltAndPepper / 2) v = 0;
    else if (r < d.saltAndPepper) v = 255;
    data[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  img = { width: img.width, height: img.height, data };
  if (d.jpegQuality === undefined) return { image: img, skewDegrees };
  // Saved as a low-quality JPEG, as many scanners and fax servers do: block artefacts on every stroke.
  const jpeg = await encodeJpeg(img, d.jpegQuality);
  return { image: await decodeJpeg(jpeg), skewDegrees, jpeg };
}

/** A scanned page: its pixels (or the scanner's JPEG of them) and its size on paper, in points. */
export type ScanPage = ({ gray: GrayImage } | { jpeg: Buffer }) & { size?: [number, number] };

/**
 * Puts page images into a PDF with no text layer, each filling a US Letter page, as scan-to-email does:
 * gray pages as a Flate-compressed DeviceGray image (what pdf-lib's embedPng would write, but deflated
 * by node's zlib: pdf-lib's own PNG path takes seconds on a noisy page), JPEG pages as they are (DCTDecode).
 */
export async function imageOnlyPdf(pages: ScanPage[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setProducer('Scan to Email');
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  for (const scan of pages) {
    const [width, height] = scan.size ?? [612, 792];
    const page = doc.addPage([width, height]);
    if ('jpeg' in scan) {
      page.drawImage(await doc.embedJpg(scan.jpeg), { x: 0, y: 0, width, height });
      continue;
    }
    const stream = doc.context.stream(deflateSync(scan.gray.data), {
      Type: 'XObject', Subtype: 'Image', Width: scan.gray.width, Height: scan.gray.height, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'FlateDecode',
    });
    const name = page.node.newXObject('Scan', doc.context.register(stream));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
  }
  return Buffer.from(await doc.save());
}

export interface ScannedPo {
  /** A text-less PDF: each page as a gray Flate image (light noise) or as the scanner's JPEG (heavy). */
  pdf: Buffer;
  /** The first page as the scanner saw it, PNG-encoded (an image attachment). */
  png: Buffer;
  /** The same first page as a JPEG (the scanner's own for heavy noise). */
  jpeg: Buffer;
  /** The first page's pixels, and every page's. */
  image: GrayImage;
  pages: GrayImage[];
  /** How crooked the first page was fed (each page gets its own angle). */
  skewDegrees: number;
}

/** A PO in any of demo/po-pdf.ts's layouts, printed, scanned with `noise`, as a text-less PDF (every page) and the first page as PNG and JPEG. */
export async function scannedPoPdf(po: PoDocument, layout: PoLayout, noise: ScanNoise, seed = 1, dpi = 200): Promise<ScannedPo> {
  const clean = await rasterisePdf(await renderPoPdf(po, layout), dpi);
  const scanned = [];
  for (const [index, page] of clean.entries()) scanned.push(await degradeScan(page, noise, seed + index * 7919));
  const pdf = await imageOnlyPdf(scanned.map((s) => {
    const size: [number, number] = [Math.round((s.image.width / dpi) * 72), Math.round((s.image.height / dpi) * 72)];
    return s.jpeg ? { jpeg: s.jpeg, size } : { gray: s.image, size };
  }));
  const first = scanned[0]!;
  return { pdf, png: encodePng(first.image), jpeg: first.jpeg ?? await encodeJpeg(first.image, 0.9), image: first.image, pages: scanned.map((s) => s.image), skewDegrees: first.skewDegrees };
}
