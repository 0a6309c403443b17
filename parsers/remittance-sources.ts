// The rows a remittance advice arrives as, for the readers in remittance-advice.ts: an email body or a
// PDF's text split into cells (tabs, pipes, or runs of spaces that keep each cell's place on the line),
// a sheet's rows, a CSV under whichever delimiter shows an invoice table, or a workbook's sheets with
// each cell as the sheet shows it (numbers never written from a float's digits).
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { cellsOf } from './layout-text.js';
import { htmlToText } from './reply-text.js';
import { headerColumns, type Row } from './remittance-table.js';

/** A row of cells, and its text for reading sentences. */
export interface Line { row: Row; text: string }

export function textLines(input: string): Line[] {
  let text = input.replace(/\r\n?/g, '\n');
  if (/<(?:html|body|table|div|p|br|td)\b[^>]*>/i.test(text)) {
    // Table cells keep apart as pipe-separated columns; htmlToText would run them together.
    text = htmlToText(text.replace(/<\/t[dh]\s*>/gi, ' | $&'));
  }
  return text.split('\n').map((raw, i) => {
    const line = raw.replace(/\u00a0/g, ' ').trimEnd();
    const plain = line.includes('|') ? line.split('|').map((p) => p.trim()).join('  ') : line;
    return { row: { cells: splitCells(line), line: i + 1 }, text: plain.replace(/\t/g, '  ').trim() };
  });
}

/** Pipes or tabs separate columns by position in the row; otherwise runs of two or more spaces do, by place. */
function splitCells(line: string): Row['cells'] {
  const indexed = (parts: string[]) => parts.map((t, j) => ({ text: t.trim(), start: j, end: j + 1 })).filter((c) => c.text);
  if ((line.match(/\|/g)?.length ?? 0) >= 2) {
    const parts = line.split('|');
    if (!parts[0]!.trim()) parts.shift();
    return indexed(parts);
  }
  if (line.includes('\t')) return indexed(line.split('\t'));
  return cellsOf(line);
}

export function sheetLines(rows: string[][]): Line[] {
  return (Array.isArray(rows) ? rows : []).map((r, i) => {
    const cells = (Array.isArray(r) ? r : []).map((t, j) => ({ text: String(t ?? '').replace(/\s+/g, ' ').trim(), start: j, end: j + 1 })).filter((c) => c.text);
    return { row: { cells, line: i + 1 }, text: cells.map((c) => c.text).join('  ') };
  });
}

const hasInvoiceTable = (lines: Line[]) => lines.slice(0, 60).some((l) => headerColumns(l.row));

/** A CSV's rows under the delimiter that shows an invoice table (else the one giving the widest rows); undefined when no delimiter parses. */
export function csvLines(text: string): Line[] | undefined {
  const body = text.replace(/^\uFEFF/, '').replace(/^sep=.\r?\n/i, '');
  let best: { lines: Line[]; score: number } | undefined;
  for (const delimiter of [',', ';', '\t']) {
    let rows: string[][];
    try {
      rows = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    } catch {
      continue;
    }
    const lines = sheetLines(rows);
    const score = (hasInvoiceTable(lines) ? 1_000_000 : 0) + lines.reduce((widest, l) => Math.max(widest, l.row.cells.length), 0);
    if (!best || score > best.score) best = { lines, score };
  }
  return best?.lines;
}

/** The workbook's sheet with an invoice table (else its first filled sheet), or why it cannot be opened. */
export function workbookLines(bytes: Buffer, digits: number): { lines: Line[] } | { problem: string } {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'buffer', cellDates: false });
  } catch (err) {
    return { problem: `cannot be opened as a workbook (${(err as Error).message})` };
  }
  const sheets = book.SheetNames.map((sheetName) => sheetLines(sheetRows(book.Sheets[sheetName], digits)));
  const chosen = sheets.find(hasInvoiceTable) ?? sheets.find((lines) => lines.some((l) => l.row.cells.length > 0));
  return chosen ? { lines: chosen } : { problem: 'has no filled cells' };
}

function sheetRows(sheet: XLSX.WorkSheet | undefined, digits: number): string[][] {
  if (!sheet || !sheet['!ref']) return [];
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const rows: string[][] = [];
  // A sheet's used range can claim a million rows; remittance tables are far smaller.
  for (let r = range.s.r; r <= Math.min(range.e.r, range.s.r + 20_000); r++) {
    const row: string[] = [];
    for (let c = range.s.c; c <= Math.min(range.e.c, range.s.c + 200); c++) row.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined, digits));
    rows.push(row);
  }
  return rows;
}

/** The cell as the sheet shows it; a number without a shown form is written out exactly, never as a float's digits. */
function cellText(cell: XLSX.CellObject | undefined, digits: number): string {
  if (!cell || cell.v === undefined || cell.v === null) return typeof cell?.w === 'string' ? cell.w : '';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const v = cell.v;
    if (!Number.isFinite(v)) return '';
    const shown = typeof cell.w === 'string' ? cell.w.trim() : '';
    // General format shows 12-digit invoice numbers as 1.23457E+11: the value is what was typed.
    if (shown && !/e[+-]?\d/i.test(shown)) return shown;
    if (Number.isInteger(v)) return Number.isSafeInteger(v) ? String(v) : '';
    return Math.abs(v) < 1e15 ? v.toFixed(digits) : '';
  }
  if (typeof cell.w === 'string' && cell.w.trim()) return cell.w;
  return String(cell.v);
}
