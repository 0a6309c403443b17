// A field read from a scan is only as sure as the OCR of the characters it came from: each field's
// confidence becomes the reader's confidence times the lowest OCR confidence of the words behind it,
// so a misread digit (which tesseract usually doubts) sends the field to review instead of into an order.
import type { ParsedLine, ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { DATE_PATTERN, parseDate } from './layout-text.js';
import type { OcrLayout, WordSpan } from './ocr-layout.js';

type Field = { value: string | number; confidence: number; source: string };

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Words of `line` overlapping characters [start, end). */
function wordsIn(spans: WordSpan[], start: number, end: number): WordSpan[] {
  return spans.filter((w) => w.start < end && w.end > start);
}

function lowest(words: WordSpan[]): number | undefined {
  return words.length ? Math.min(...words.map((w) => w.confidence)) : undefined;
}

/** Where in the layout a value's text sits, as the words covering it: each match is one candidate. */
function candidates(layout: OcrLayout, lineIndexes: number[], find: (line: string) => [number, number][]): WordSpan[][] {
  const found: WordSpan[][] = [];
  for (const i of lineIndexes) {
    for (const [start, end] of find(layout.lines[i]!)) {
      const words = wordsIn(layout.words[i]!, start, end);
      if (words.length) found.push(words);
    }
  }
  return found;
}

function allIndexesOf(line: string, text: string): [number, number][] {
  const out: [number, number][] = [];
  if (!text) return out;
  for (let at = line.indexOf(text); at >= 0; at = line.indexOf(text, at + 1)) out.push([at, at + text.length]);
  return out;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The text forms a field's value can have on the page: the string itself, a date as printed, an amount's digits. */
function finderFor(name: string, value: string | number): (line: string) => [number, number][] {
  if (name === 'orderDate' || name === 'requestedShipDate') {
    return (line) => {
      const out: [number, number][] = [];
      const re = new RegExp(DATE_PATTERN.source, 'gi');
      for (let m = re.exec(line); m; m = re.exec(line)) if (parseDate(m[1]!.replace(/,$/, '')) === value) out.push([m.index, m.index + m[0].length]);
      return out;
    };
  }
  if (typeof value === 'number') {
    const digits = digitsOf(String(Math.abs(value)));
    return (line) => {
      const out: [number, number][] = [];
      const re = /\d[\d.,' ]*\d|\d/g;
      for (let m = re.exec(line); m; m = re.exec(line)) if (digitsOf(m[0]).replace(/^0+/, '') === digits.replace(/^0+/, '')) out.push([m.index, m.index + m[0].length]);
      return out;
    };
  }
  return (line) => allIndexesOf(line, value);
}

/** The line a reader's source quotes ("PO number: \"PO Number: 4500012345\""), if it quotes one. */
function quotedLines(layout: OcrLayout, source: string): number[] {
  const quoted = /"(.*)"\s*$/.exec(source)?.[1];
  if (!quoted) return [];
  return layout.lines.flatMap((l, i) => (l.trim() === quoted ? [i] : []));
}

function ocrConfidenceOfField(layout: OcrLayout, name: string, field: Field, fallback: number): number {
  const everyLine = layout.lines.map((_, i) => i);
  const parts = name === 'shipTo' ? String(field.value).split(', ') : [field.value];
  let result = 1;
  for (const part of parts) {
    const find = finderFor(name, part);
    const quoted = quotedLines(layout, field.source);
    let found = candidates(layout, quoted, find);
    if (!found.length) found = candidates(layout, everyLine, find);
    // The value was put together from text we cannot point at (it should not happen): trust it as much as the page.
    const confidence = found.length ? Math.max(...found.map((words) => lowest(words)!)) : fallback;
    result = Math.min(result, confidence);
  }
  return result;
}

/** An order line leans on its code, quantity and prices: the words holding digits and the item code. */
function ocrConfidenceOfLine(layout: OcrLayout, line: ParsedLine, fallback: number): number {
  const index = layout.lines.findIndex((l) => l.trim() === line.sourceText);
  if (index < 0) return fallback;
  const words = layout.words[index]!.filter((w) => /\d/.test(w.text) || w.text.includes(line.itemCode));
  return lowest(words) ?? layout.lineConfidence[index]!;
}

const HEADER_FIELDS = ['poNumber', 'orderDate', 'requestedShipDate', 'customerNumber', 'companyName', 'shipTo', 'currency', 'totalMinor'] as const;

/** Multiplies each field's reader confidence by the OCR confidence (0..1) of the words it was read from. */
export function weighByOcrConfidence(po: ParsedPurchaseOrder, layout: OcrLayout): ParsedPurchaseOrder {
  const spans = layout.words.flat();
  const pageConfidence = spans.length ? spans.reduce((s, w) => s + w.confidence, 0) / spans.length : 0;
  const weighed: ParsedPurchaseOrder = { ...po, lines: po.lines.map((l) => ({ ...l, confidence: round(l.confidence * ocrConfidenceOfLine(layout, l, pageConfidence)) })) };
  for (const name of HEADER_FIELDS) {
    const field = po[name] as Field | undefined;
    if (!field) continue;
    (weighed as Record<string, unknown>)[name] = { ...field, confidence: round(field.confidence * ocrConfidenceOfField(layout, name, field, pageConfidence)) };
  }
  return weighed;
}
