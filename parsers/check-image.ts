// A scanned check (PNG, JPEG, TIFF and the other formats tesseract decodes, or a scanned PDF) to a
// check reading: the page image is cleaned, OCR'd and laid out as text exactly as a scanned PO is
// (image-cleanup, ocr-engine, ocr-layout, scanned-po's PDF page images), then read by readCheckScan.
// The front and a stub on a second page are read; anything beyond is the back of the check or another
// document and is left out.
import { readCheckScan, type CheckScanOptions, type CheckScanReading } from './check-scan.js';
import { cleanupForOcr, type GrayImage } from './image-cleanup.js';
import { decodeJpeg, decodePng, sniffImageFormat } from './image-files.js';
import type { OcrEngine, OcrPage } from './ocr-engine.js';
import { layoutOcrPages } from './ocr-layout.js';
import { MIN_SCAN_DPI, pageImagesOf, UnreadableScanError, type PageImage } from './scanned-po.js';

export interface CheckImageReading extends CheckScanReading {
  /** The layout text OCR made of the scan, for a person checking the reading. */
  ocrText: string;
  /** Mean OCR word confidence, 0..1. */
  ocrConfidence: number;
}

const MAX_CHECK_PAGES = 2;
/** Tesseract reads capitals ~30 px high best: ~400 dpi for the 10–12 pt print of a check. */
const TARGET_DPI = 400;
/** A lockbox voucher (check and stub) is a letter-size sheet's width, 8.5 in. */
const VOUCHER_WIDTH_INCHES = 8.5;

/** The resolution a PNG (pHYs) or JPEG (JFIF) states, in dots per inch. */
export function statedDpi(bytes: Uint8Array): number | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = sniffImageFormat(b);
  if (format === 'png') {
    for (let at = 8; at + 12 <= b.length;) {
      const length = b.readUInt32BE(at);
      const type = b.toString('latin1', at + 4, at + 8);
      if (type === 'pHYs' && length >= 9 && b[at + 16] === 1) return Math.round(b.readUInt32BE(at + 8) * 0.0254);
      if (type === 'IDAT' || type === 'IEND') return undefined;
      at += 12 + length;
    }
  }
  if (format === 'jpeg' && b.toString('latin1', 6, 11) === 'JFIF\0' && b.length > 18) {
    const units = b[13];
    const density = b.readUInt16BE(14);
    if (units === 1) return density;
    if (units === 2) return Math.round(density * 2.54);
  }
  return undefined;
}

async function pagesOf(bytes: Buffer, name: string, engine: OcrEngine): Promise<PageImage[]> {
  if (bytes.length === 0) throw new UnreadableScanError('no_content', `${name} is empty (0 bytes). Ask for the check image again.`);
  if (bytes.subarray(0, 1024).indexOf('%PDF-') >= 0) {
    const images = await pageImagesOf(bytes, name);
    if (images.length === 0) throw new UnreadableScanError('no_content', `${name} has no scanned image in it: a check must be read from its scan. Ask for the scanned image of the check.`);
    return images;
  }
  const format = sniffImageFormat(bytes);
  let image: GrayImage;
  try {
    if (format === 'png') image = decodePng(bytes);
    else if (format === 'jpeg') image = await decodeJpeg(bytes);
    else if (format === 'tiff' || format === 'bmp' || format === 'gif' || format === 'webp') image = await engine.decodeImage(bytes);
    else throw new UnreadableScanError('unsupported_format', `${name} is ${format ? `a ${format.toUpperCase()} image, which is not read` : 'not an image we recognise'}. Ask for the check as a PNG, JPEG or TIFF scan, or a scanned PDF.`);
  } catch (err) {
    if (err instanceof UnreadableScanError) throw err;
    throw new UnreadableScanError('damaged', `${name} is a damaged ${format?.toUpperCase() ?? ''} image (${(err as Error).message}). Scan the check again.`.replace('  ', ' '));
  }
  const dpi = statedDpi(bytes) ?? Math.round(image.width / VOUCHER_WIDTH_INCHES);
  return [{ page: 1, image, dpi }];
}

/**
 * OCRs a check scan and reads it. Throws UnreadableScanError (with what to do) when the file cannot
 * be read as a scan, and CheckScanError when what OCR found is not a check.
 */
export async function readCheckImage(bytes: Buffer, filename: string, engine: OcrEngine, options: CheckScanOptions = {}): Promise<CheckImageReading> {
  const name = filename || 'the check image';
  const pages = (await pagesOf(bytes, name, engine)).slice(0, MAX_CHECK_PAGES);
  const read: OcrPage[] = [];
  const problems: string[] = [];
  for (const page of pages) {
    const where = pages.length > 1 ? `page ${page.page} of ${name}` : name;
    if (page.image.width < 500 || page.image.height < 200 || page.dpi < MIN_SCAN_DPI) {
      problems.push(`${where} is too small to read (${page.image.width}×${page.image.height} pixels, about ${page.dpi} dpi). Scan the check again at 200–300 dpi.`);
      continue;
    }
    const cleaned = cleanupForOcr(page.image, { scale: Math.max(1, Math.min(3, Math.round(TARGET_DPI / page.dpi))) });
    if (cleaned.inkFraction < 0.0005 || cleaned.contrast < 40) {
      problems.push(`${where} is blank or too faint to read (the back of the check, or an empty page?). Scan the front of the check again.`);
      continue;
    }
    read.push(await engine.recognise(cleaned.image, { dpi: page.dpi * cleaned.scale }));
  }
  if (read.length === 0) throw new UnreadableScanError(problems.some((p) => p.includes('too small')) ? 'too_small' : 'blank', problems.join(' '));
  const layout = layoutOcrPages(read);
  if (layout.wordCount < 5) throw new UnreadableScanError('no_text_found', `OCR found no readable text in ${name}. Scan the check again (200–300 dpi, gray or black and white).`);
  const ocrText = layout.lines.join('\n');
  const words = read.flatMap((p) => p.words);
  const ocrConfidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
  return { ...readCheckScan(ocrText, options), ocrText, ocrConfidence };
}
