// Image files in and out as gray pixel arrays: what a scan arrives as (PNG, JPEG) and what OCR is
// handed (PGM: a header and the bytes, nothing to compress). Formats are told by their bytes, since
// mail clients label attachments loosely.
import { PNG } from 'pngjs';
import { toGray, type GrayImage } from './image-cleanup.js';

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'gif' | 'bmp' | 'webp' | 'heic';

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(ascii(8, 12))) return 'heic';
  return undefined;
}

export function decodePng(bytes: Uint8Array): GrayImage {
  // Keep the file's own channels (no colour conversion): gray scans stay one byte per pixel.
  const png = PNG.sync.read(Buffer.from(bytes), { skipRescale: false });
  return toGray(png.data, png.width, png.height, 4); // pngjs always unpacks to RGBA
}

interface JpegDecoder {
  parse(data: Uint8Array): void;
  width: number;
  height: number;
  numComponents: number;
  getData(options: { width: number; height: number; forceRGB?: boolean }): Uint8ClampedArray;
}

/** pdfjs ships a pure-JavaScript baseline and progressive JPEG decoder (it reads JPEGs inside PDFs). */
export async function decodeJpeg(bytes: Uint8Array): Promise<GrayImage> {
  const module = (await import('pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs' as string)) as { JpegImage: new () => JpegDecoder };
  const jpeg = new module.JpegImage();
  jpeg.parse(bytes);
  const { width, height } = jpeg;
  const data = jpeg.getData({ width, height, forceRGB: jpeg.numComponents !== 1 });
  return toGray(data, width, height, jpeg.numComponents === 1 ? 1 : 3);
}

export function encodePng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0 });
}

/** Binary PGM (P5): what tesseract reads fastest, since there is nothing to decompress. */
export function encodePgm(img: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1');
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}
