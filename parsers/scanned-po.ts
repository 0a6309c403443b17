// Reads a purchase order that arrived as a picture: a scanned PDF (page images, no text layer) or an
// image attachment (PNG, JPEG, TIFF…). Each page image is taken out of the PDF as embedded (never
// re-rendered: rendering would resample the scan), cleaned, OCR'd, laid out as text lines and read by
// the same PO reader as text PDFs. What cannot be read gets an UnreadableScanError saying what to do.
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { cleanupForOcr, toGray, type GrayImage } from './image-cleanup.js';
import { decodeJpeg, decodePng, sniffImageFormat } from './image-files.js';
import { sharedOcrEngine, type OcrEngine, type OcrPage } from './ocr-engine.js';
import { weighByOcrConfidence } from './ocr-confidence.js';
import { layoutOcrPages } from './ocr-layout.js';
import { readPurchaseOrder } from './po-reader.js';

export type UnreadableScanCode =
  | 'encrypted' | 'truncated' | 'damaged' | 'no_content' | 'html' | 'unsupported_format'
  | 'too_small' | 'blank' | 'too_many_pages' | 'no_text_found';

export class UnreadableScanError extends Error {
  override readonly name = 'UnreadableScanError';
  constructor(readonly code: UnreadableScanCode, message: string) { super(message); }
}

export interface ScannedDocument { filename: string | null | undefined; contentType: string; content: Buffer }

export interface PageImage {
  /** 1-based page number. */
  page: number;
  image: GrayImage;
  /** The scan's resolution, from the image's size on the page. */
  dpi: number;
}

/** OCR takes seconds a page: a longer document is almost never a PO, and would hold the OCR queue. */
export const MAX_OCR_PAGES = 20;
/** Below this the letters of ordinary print are a few pixels high: no OCR reads them. */
export const MIN_SCAN_DPI = 100;
const MIN_IMAGE_SIDE = 500;
/** Capital letters of ~10 pt print around 30 px high: what tesseract reads best. */
const TARGET_DPI = 400;

const GRAYSCALE_1BPP = 1, RGB_24BPP = 2, RGBA_32BPP = 3; // pdfjs ImageKind

type PdfImage = { width: number; height: number; kind?: number; data?: Uint8Array | Uint8ClampedArray };

function imagePixels(img: PdfImage): GrayImage | undefined {
  const { width, height, kind, data } = img;
  if (!data || !width || !height) return undefined;
  if (kind === RGBA_32BPP) return toGray(data, width, height, 4);
  if (kind === RGB_24BPP) return toGray(data, width, height, 3);
  if (kind === GRAYSCALE_1BPP) {
    const rowBytes = Math.ceil(width / 8);
    const gray = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) gray[y * width + x] = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
    }
    return { width, height, data: gray };
  }
  return undefined;
}

function nameOf(doc: ScannedDocument): string {
  return doc.filename || 'the attachment';
}

function looksLikeHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<body|<meta|<title|<!--|<script|<div)/.test(head);
}

async function openPdf(pdf: Uint8Array, name: string) {
  if (Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).indexOf('%%EOF') < 0) {
    throw new UnreadableScanError('truncated', `${name} is cut off: the PDF ends before its end-of-file marker (an incomplete download, or a mail system's size limit). Ask the customer to send the PDF again.`);
  }
  try {
    return await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'PasswordException' || /password/i.test(e.message)) {
      throw new UnreadableScanError('encrypted', `${name} is password-protected, so it cannot be read. Ask the customer to send it without a password (or to tell you the password and enter the order by hand).`);
    }
    throw new UnreadableScanError('damaged', `${name} is damaged and cannot be opened (${e.message}). Ask the customer to export or scan it again.`);
  }
}

/** The largest image drawn on each page, as gray pixels, with its resolution; pages without one are left out. */
export async function pageImagesOf(pdf: Uint8Array, name = 'the PDF'): Promise<PageImage[]> {
  return (await inspectPdf(pdf, name)).images;
}

async function inspectPdf(pdf: Uint8Array, name: string): Promise<{ pageCount: number; textCharacters: number; images: PageImage[] }> {
  const doc = await openPdf(pdf, name);
  try {
    const images: PageImage[] = [];
    let textCharacters = 0;
    const pageCount = doc.numPages;
    if (pageCount > MAX_OCR_PAGES) {
      throw new UnreadableScanError('too_many_pages', `${name} has ${pageCount} pages; scanned documents are read up to ${MAX_OCR_PAGES} pages. Forward only the pages of the purchase order.`);
    }
    for (let n = 1; n <= pageCount; n++) {
      const page = await doc.getPage(n);
      const text = await page.getTextContent();
      for (const item of text.items) if ('str' in item) textCharacters += item.str.trim().length;
      const ops = await page.getOperatorList();
      let largest: PdfImage | undefined;
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        let img: PdfImage | undefined;
        if (fn === pdfjs.OPS.paintImageXObject || fn === pdfjs.OPS.paintImageXObjectRepeat) {
          const id = (ops.argsArray[i] as [string])[0];
          const store = id.startsWith('g_') ? page.commonObjs : page.objs;
          img = await new Promise<PdfImage>((resolve) => store.get(id, (data: unknown) => resolve(data as PdfImage)));
        } else if (fn === pdfjs.OPS.paintInlineImageXObject) {
          img = (ops.argsArray[i] as [PdfImage])[0];
        }
        if (img && (!largest || img.width * img.height > largest.width * largest.height)) largest = img;
      }
      const pixels = largest && imagePixels(largest);
      if (pixels) {
        const [x0, , x1] = page.view as [number, number, number, number];
        const pageWidthInches = Math.abs(x1 - x0) / 72 || 8.5;
        const rotated = page.rotate % 180 !== 0;
        const pageSpan = rotated ? Math.abs((page.view[3] ?? 792) - (page.view[1] ?? 0)) / 72 : pageWidthInches;
        images.push({ page: n, image: pixels, dpi: Math.round(pixels.width / pageSpan) });
      }
      page.cleanup();
    }
    return { pageCount, textCharacters, images };
  } finally {
    await doc.destroy();
  }
}

/** A PDF with no text layer but page images: a scan, for OCR. */
export async function isScannedPdf(pdf: Uint8Array): Promise<boolean> {
  try {
    const { textCharacters, images } = await inspectPdf(pdf, 'the PDF');
    return textCharacters === 0 && images.length > 0;
  } catch (err) {
    if (err instanceof UnreadableScanError && err.code === 'too_many_pages') return true;
    return false;
  }
}

function tiffPageCount(bytes: Uint8Array): number {
  const b = Buffer.from(bytes);
  const little = b.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
  let pages = 0;
  for (let offset = u32(4); offset > 0 && offset + 2 <= b.length && pages < 1000; pages++) {
    const entries = u16(offset);
    const next = offset + 2 + entries * 12;
    offset = next + 4 <= b.length ? u32(next) : 0;
  }
  return pages;
}

/** An image attachment's pixels; the resolution is guessed from a letter-size page's width when the file does not say. */
async function imageAttachmentPages(doc: ScannedDocument, ocr: OcrEngine): Promise<PageImage[]> {
  const name = nameOf(doc);
  const format = sniffImageFormat(doc.content);
  let image: GrayImage;
  try {
    if (format === 'png') image = decodePng(doc.content);
    else if (format === 'jpeg') image = await decodeJpeg(doc.content);
    else if (format === 'tiff' || format === 'bmp' || format === 'gif' || format === 'webp') {
      if (format === 'tiff' && tiffPageCount(doc.content) > 1) {
        throw new UnreadableScanError('unsupported_format', `${name} is a multi-page TIFF; only single-page TIFFs are read. Ask the customer for the scan as a PDF.`);
      }
      image = await ocr.decodeImage(doc.content);
    } else {
      throw new UnreadableScanError('unsupported_format', `${name} is ${format ? `a ${format.toUpperCase()} image, which is not read` : `not an image we recognise (${doc.contentType})`}. Ask the customer for the order as a PDF, or as a PNG or JPEG scan.`);
    }
  } catch (err) {
    if (err instanceof UnreadableScanError) throw err;
    throw new UnreadableScanError('damaged', `${name} is a damaged ${format?.toUpperCase() ?? ''} image (${(err as Error).message}). Ask the customer to scan it again.`.replace('  ', ' '));
  }
  return [{ page: 1, image, dpi: Math.round(image.width / 8.5) }];
}

async function pagesOf(doc: ScannedDocument, ocr: OcrEngine): Promise<PageImage[]> {
  const name = nameOf(doc);
  const bytes = doc.content;
  if (bytes.length === 0) throw new UnreadableScanError('no_content', `${name} is empty (0 bytes). Ask the customer to send it again.`);
  if (bytes.subarray(0, 1024).indexOf('%PDF-') >= 0) {
    const { pageCount, textCharacters, images } = await inspectPdf(bytes, name);
    if (images.length === 0) {
      throw new UnreadableScanError('no_content', textCharacters > 0
        ? `${name} has a text layer and no scanned pages: it should be read as a text PDF, not by OCR.`
        : `${name} has ${pageCount} page(s) with neither text nor a scanned image on them: it is blank. Ask the customer to send the PO again.`);
    }
    return images;
  }
  if (looksLikeHtml(bytes)) {
    throw new UnreadableScanError('html', `${name} is a web page (HTML), not a ${/pdf/i.test(doc.contentType + (doc.filename ?? '')) ? 'PDF' : 'scan'}, though it is named or labelled as one: usually the sign-in or download page of a link. Open the link in the customer's email and download the PO, or ask the customer to attach the file itself.`);
  }
  return imageAttachmentPages(doc, ocr);
}

/**
 * OCRs a scanned PO. `onPage(page, of)` is called as each page starts (an activity heartbeats with it).
 * The default engine is the process's shared one; tests and workers may pass their own.
 */
export async function readScannedPurchaseOrder(
  doc: ScannedDocument,
  onPage?: (page: number, of: number) => void,
  ocr: OcrEngine = sharedOcrEngine(),
): Promise<ParsedPurchaseOrder> {
  const name = nameOf(doc);
  const pages = await pagesOf(doc, ocr);
  const readPages: OcrPage[] = [];
  const problems: string[] = [];
  for (const [index, page] of pages.entries()) {
    onPage?.(index + 1, pages.length);
    const where = pages.length > 1 ? `page ${page.page} of ${name}` : name;
    if (page.image.width < MIN_IMAGE_SIDE || page.image.height < MIN_IMAGE_SIDE || page.dpi < MIN_SCAN_DPI) {
      problems.push(`${where} is too small to read (${page.image.width}×${page.image.height} pixels, about ${page.dpi} dpi). Ask the customer to scan it again at 200–300 dpi.`);
      continue;
    }
    const cleaned = cleanupForOcr(page.image, { scale: Math.max(1, Math.min(3, Math.round(TARGET_DPI / page.dpi))) });
    if (cleaned.inkFraction < 0.0005 || cleaned.contrast < 40) {
      problems.push(`${where} is blank or too faint to read. Check the scan (the wrong side of the paper, or an empty page), and ask the customer for a clearer copy.`);
      continue;
    }
    readPages.push(await ocr.recognise(cleaned.image, { dpi: page.dpi * cleaned.scale }));
  }
  if (readPages.length === 0) {
    const code = problems.some((p) => p.includes('too small')) ? 'too_small' : 'blank';
    throw new UnreadableScanError(code, problems.join(' '));
  }
  const layout = layoutOcrPages(readPages);
  if (layout.wordCount < 5) {
    throw new UnreadableScanError('no_text_found', `OCR found no readable text in ${name}. Ask the customer for a clearer scan (200–300 dpi, black on white) or the original PDF.`);
  }
  return weighByOcrConfidence(readPurchaseOrder(layout.lines, 'ocr', name), layout);
}
