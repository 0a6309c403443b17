// Rebuilds a PDF page's rows and columns from text positions, the way `pdftotext -layout` does:
// PDF text comes in write order, not reading order, so tables only parse once placed by coordinates.
// pdf-parse opens and checks the document; its pdfjs engine supplies the positioned text items.
import { PDFParse } from 'pdf-parse';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export class UnreadableDocumentError extends Error {
  constructor(readonly code: 'encrypted' | 'damaged' | 'no_text', message: string) { super(message); }
}

interface TextItem { x: number; y: number; width: number; height: number; text: string }

export interface PdfLayout {
  pageCount: number;
  /** One string per visual row, columns separated by runs of two or more spaces; pages separated by "\f". */
  lines: string[];
  characterCount: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Groups items whose baselines are close into rows, top of the page first. */
function rowsOf(items: TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; tolerance: number; items: TextItem[] }[] = [];
  for (const item of sorted) {
    const row = rows.find((r) => Math.abs(r.y - item.y) <= r.tolerance);
    if (row) row.items.push(item);
    else rows.push({ y: item.y, tolerance: Math.max(2, item.height * 0.45), items: [item] });
  }
  return rows.sort((a, b) => b.y - a.y).map((r) => r.items.sort((a, b) => a.x - b.x));
}

function layoutRow(items: TextItem[], charWidth: number): string {
  let line = '';
  let lastEnd: number | undefined;
  for (const item of items) {
    const column = Math.round(item.x / charWidth);
    if (lastEnd === undefined) line = ' '.repeat(column);
    else {
      const gap = item.x - lastEnd;
      if (gap > charWidth * 1.2) line += ' '.repeat(Math.max(2, column - line.length));
      else if (gap > charWidth * 0.25) line += ' ';
    }
    line += item.text;
    lastEnd = item.x + item.width;
  }
  return line.replace(/\s+$/, '');
}

export async function readPdfLayout(data: Uint8Array): Promise<PdfLayout> {
  // pdfjs takes ownership of the buffer it is given: hand each reader its own copy.
  const parser = new PDFParse({ data: new Uint8Array(data) });
  let pageCount: number;
  try {
    const info = await parser.getInfo();
    pageCount = info.total;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/password/i.test(message)) throw new UnreadableDocumentError('encrypted', 'the PDF is password-protected');
    throw new UnreadableDocumentError('damaged', `the PDF cannot be opened (${message})`);
  } finally {
    await parser.destroy();
  }

  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const lines: string[] = [];
    let characterCount = 0;
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      const page = await doc.getPage(pageNumber);
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      for (const raw of content.items) {
        if (!('str' in raw) || raw.str.trim() === '') continue;
        const [, , , d, x, y] = raw.transform as number[];
        items.push({ x: x!, y: y!, width: raw.width, height: Math.abs(d!) || raw.height, text: raw.str.replace(/\s+$/, '') });
        characterCount += raw.str.trim().length;
      }
      const charWidth = median(items.filter((i) => i.text.length > 0).map((i) => i.width / i.text.length)) || 5;
      if (pageNumber > 1) lines.push('\f');
      for (const row of rowsOf(items)) lines.push(layoutRow(row, charWidth));
      page.cleanup();
    }
    if (characterCount === 0) throw new UnreadableDocumentError('no_text', 'the PDF has no text layer (it looks scanned)');
    return { pageCount: pageCount || doc.numPages, lines, characterCount };
  } finally {
    await doc.destroy();
  }
}

/**
 * pdfjs takes over a second to load its engine on first use; a worker calls this at start so the
 * first customer's PO is not the one that pays for it.
 */
export async function warmPdfEngine(): Promise<void> {
  const minimal = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 35>>stream\nBT /F1 12 Tf 20 100 Td (warm) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  await readPdfLayout(new TextEncoder().encode(minimal)).catch(() => undefined);
}
