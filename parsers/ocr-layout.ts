// Turns OCR words with pixel boxes into layout lines of the same form pdf-layout.ts makes from PDF text
// (one string per visual row, columns separated by runs of two or more spaces, "\f" between pages), so
// the PO reader reads a scan exactly as it reads a text PDF. Each line keeps which words it was made
// of and how sure OCR was of them, so a field can carry the confidence of the words behind it.
import type { OcrPage, OcrWord } from './ocr-engine.js';

export interface WordSpan { start: number; end: number; text: string; confidence: number }

export interface OcrLayout {
  pageCount: number;
  /** As PdfLayout.lines: one string per row, columns separated by 2+ spaces, pages by "\f". */
  lines: string[];
  /** Mean OCR confidence (0..1) of each line's words; 1 for the "\f" separators and empty lines. */
  lineConfidence: number[];
  /** Each line's words: where they sit in the line string, and their OCR confidence. */
  words: WordSpan[][];
  wordCount: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * What OCR makes of rules and box edges left on the page ("|", "—", "[") is not text; a box edge read
 * onto the front of a label is dropped from it; a zero between letters ("P.0. No.") is the letter O.
 */
export function cleanWordText(text: string): string | undefined {
  if (/^[|_—–=~[\]{}\\‘’'"`]+$/.test(text)) return undefined;
  const trimmed = text.replace(/^[|[\]{}]+(?=\S)/, '').replace(/(?<=\S)[|\]{}]+$/, '');
  const letterO = trimmed.replace(/(?<=[A-Za-z.])0(?=[A-Za-z.])/g, 'O');
  // An item code in capitals with a letter read small ("wiD-100"): codes are printed in one case.
  return /^[A-Za-z]{1,5}-\d[\dA-Za-z-]*$/.test(letterO) && /[A-Z]/.test(letterO) ? letterO.toUpperCase() : letterO;
}

/** The baseline tesseract fitted to the word's line, unless the word's own box says it belongs elsewhere. */
function baselineOf(word: OcrWord): number {
  const height = word.box.y1 - word.box.y0;
  const fits = word.baseline >= word.box.y1 - height * 0.45 && word.baseline <= word.box.y1 + height * 0.1;
  return fits ? word.baseline : word.box.y1;
}

/** Groups words whose baselines are close into rows, top of the page first, each row left to right. */
function rowsOf(words: OcrWord[], tolerance: number): OcrWord[][] {
  const rows: { y: number; words: OcrWord[] }[] = [];
  for (const word of [...words].sort((a, b) => baselineOf(a) - baselineOf(b) || a.box.x0 - b.box.x0)) {
    const y = baselineOf(word);
    const row = rows.find((r) => Math.abs(r.y - y) <= tolerance);
    if (row) row.words.push(word);
    else rows.push({ y, words: [word] });
  }
  return rows.sort((a, b) => a.y - b.y).map((r) => r.words.sort((a, b) => a.box.x0 - b.box.x0));
}

/**
 * Lays a row out in character columns. A gap as wide as a column gap starts a new cell at the word's
 * column (at least two spaces); any narrower gap is the one space between words of a phrase.
 */
function layoutRow(words: OcrWord[], charWidth: number, columnGap: number): { line: string; spans: WordSpan[] } {
  let line = '';
  const spans: WordSpan[] = [];
  let lastEnd: number | undefined;
  for (const word of words) {
    const column = Math.round(word.box.x0 / charWidth);
    if (lastEnd === undefined) line = ' '.repeat(column);
    else if (word.box.x0 - lastEnd > columnGap) line += ' '.repeat(Math.max(2, column - line.length));
    else line += ' ';
    spans.push({ start: line.length, end: line.length + word.text.length, text: word.text, confidence: word.confidence });
    line += word.text;
    lastEnd = word.box.x1;
  }
  return { line, spans };
}

/** Lays out one or more OCR'd pages, in order. */
export function layoutOcrPages(pages: OcrPage[]): OcrLayout {
  const lines: string[] = [];
  const lineConfidence: number[] = [];
  const words: WordSpan[][] = [];
  let wordCount = 0;
  pages.forEach((page, index) => {
    if (index > 0) { lines.push('\f'); lineConfidence.push(1); words.push([]); }
    const usable = page.words.flatMap((w) => {
      const text = cleanWordText(w.text);
      return text && w.box.x1 > w.box.x0 && w.box.y1 > w.box.y0 ? [{ ...w, text }] : [];
    });
    if (usable.length === 0) return;
    const charWidth = median(usable.filter((w) => w.text.length >= 2).map((w) => (w.box.x1 - w.box.x0) / w.text.length)) || 10;
    const height = median(usable.map((w) => w.box.y1 - w.box.y0));
    // Ink boxes leave out the letters' side bearings: a word space measures ~0.8 character widths
    // between boxes, a column gap in a printed PO well over 1.5.
    const columnGap = charWidth * 1.5;
    for (const row of rowsOf(usable, Math.max(2, height * 0.4))) {
      const { line, spans } = layoutRow(row, charWidth, columnGap);
      lines.push(line);
      words.push(spans);
      lineConfidence.push(spans.reduce((s, w) => s + w.confidence, 0) / spans.length);
      wordCount += spans.length;
    }
  });
  return { pageCount: pages.length, lines, lineConfidence, words, wordCount };
}
