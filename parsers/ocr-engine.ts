// Optical character recognition of one page image with tesseract.js: one long-lived tesseract worker
// (loading the English model takes ~2 s, so it is created on first use and kept), words with their
// boxes and confidences out. Pages are read one at a time: OCR is CPU-bound and the worker is single.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, type Worker as TesseractWorker } from 'tesseract.js';
import type { GrayImage } from './image-cleanup.js';
import { decodePng, encodePgm } from './image-files.js';

export interface OcrBox { x0: number; y0: number; x1: number; y1: number }

export interface OcrWord {
  text: string;
  /** Tesseract's confidence in the word, scaled to 0..1. */
  confidence: number;
  /** Pixel box, origin top left. */
  box: OcrBox;
  /** y of the text line's baseline under this word (pixels, down from the top). */
  baseline: number;
}

export interface OcrPage {
  width: number;
  height: number;
  words: OcrWord[];
  /** Mean word confidence, 0..1 (0 when no words were found). */
  confidence: number;
}

export interface OcrEngine {
  /**
   * Reads a page: gray pixels (cleaned by image-cleanup first, for best results) or an encoded image
   * file tesseract decodes itself. `dpi` helps tesseract size its text when the scan's resolution is known.
   */
  recognise(image: GrayImage | Uint8Array, options?: { dpi?: number }): Promise<OcrPage>;
  /**
   * Decodes an image file tesseract's own image library reads (TIFF, including fax CCITT G4, BMP,
   * GIF, WebP) to gray pixels, without recognising it, so it can be cleaned up like any other scan.
   */
  decodeImage(file: Uint8Array): Promise<GrayImage>;
  /** Loads the model now, so the first customer's PO does not wait for it. */
  warm(): Promise<void>;
  /** Ends the tesseract worker; a later recognise starts a new one. */
  terminate(): Promise<void>;
}

const require = createRequire(import.meta.url);
/**
 * The English model from the @tesseract.js-data/eng package (best_int: LSTM only, integer weights).
 * Without a langPath tesseract.js downloads the model from a CDN at run time, which fails on machines
 * without internet (and would make OCR depend on a third party's uptime); the package ships it.
 */
export const ENGLISH_MODEL_DIR = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

// Page segmentation mode 6: the page as one uniform block of text. Mode 3 (automatic) finds "columns"
// in a PO's line table and reads them one after the other, which loses which price belongs to which item.
const SINGLE_BLOCK = '6';

export function createOcrEngine(config?: Record<string, string>): OcrEngine {
  let worker: Promise<TesseractWorker> | undefined;

  function tesseract(): Promise<TesseractWorker> {
    worker ??= createWorker('eng', 1 /* LSTM only */, { langPath: ENGLISH_MODEL_DIR, gzip: true, cacheMethod: 'none' }, config)
      .then(async (w) => {
        await w.setParameters({ tessedit_pageseg_mode: SINGLE_BLOCK as never });
        return w;
      })
      .catch((err: unknown) => {
        worker = undefined; // let the next page try again
        throw new Error(`the OCR engine could not start: ${(err as Error).message ?? String(err)}`);
      });
    return worker;
  }

  return {
    async recognise(image, options = {}) {
      const w = await tesseract();
      const bytes = image instanceof Uint8Array ? Buffer.from(image) : encodePgm(image);
      await w.setParameters({ user_defined_dpi: options.dpi ? String(Math.round(options.dpi)) : '0' });
      let result;
      try {
        result = await w.recognize(bytes, {}, { blocks: true, text: false });
      } catch (err) {
        // tesseract reports an image it cannot decode as a bare string or an Error.
        throw new Error(`the OCR engine could not read the image: ${err instanceof Error ? err.message : String(err)}`);
      }
      const words: OcrWord[] = [];
      for (const block of result.data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            const { x0, y0, x1, y1 } = line.baseline;
            for (const word of line.words) {
              const text = word.text.trim();
              if (!text) continue;
              const centre = (word.bbox.x0 + word.bbox.x1) / 2;
              const baseline = x1 !== x0 ? y0 + ((y1 - y0) * (centre - x0)) / (x1 - x0) : word.bbox.y1;
              words.push({ text, confidence: Math.max(0, Math.min(1, word.confidence / 100)), box: { ...word.bbox }, baseline });
            }
          }
        }
      }
      const size = image instanceof Uint8Array ? { width: 0, height: 0 } : { width: image.width, height: image.height };
      const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
      return { ...size, words, confidence };
    },

    async decodeImage(file) {
      const w = await tesseract();
      let result;
      try {
        result = await w.recognize(Buffer.from(file), {}, { imageGrey: true, text: false, blocks: false, hocr: false, tsv: false });
      } catch (err) {
        throw new Error(`the image cannot be decoded: ${err instanceof Error ? err.message : String(err)}`);
      }
      const dataUrl = result.data.imageGrey;
      if (!dataUrl) throw new Error('the image cannot be decoded');
      return decodePng(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    },

    async warm() {
      await tesseract();
    },

    async terminate() {
      const current = worker;
      worker = undefined;
      if (current) await (await current.catch(() => undefined))?.terminate();
    },
  };
}

let shared: OcrEngine | undefined;

/** One engine for the whole process (a worker's OCR activities and the benchmark share it). */
export function sharedOcrEngine(): OcrEngine {
  shared ??= createOcrEngine();
  return shared;
}
