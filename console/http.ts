// The console's HTTP plumbing: responses with the security headers every page carries, forms read with a
// size cap, cookies, constant-time token comparison, CSV downloads.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

const MAX_FORM_BYTES = 64 * 1024;

// No script runs on any page: the policy forbids it, so an injected one would not run either.
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // Customers' figures are not left in a browser's or a proxy's cache (nor shown again by Back after sign-out).
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers });
  res.end(html);
}

export function redirect(res: ServerResponse, to: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { Location: to, ...headers });
  res.end();
}

export function sendCsv(res: ServerResponse, filename: string, rows: string[][]): void {
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' });
  res.end(rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
}

/**
 * A CSV of any length, written batch by batch as the database gives it (an auditor's year of events does
 * not sit in memory). Formula cells are neutralised as in sendCsv. The first batch is read before the
 * headers go, so a database that fails at once gives the error page; one that fails later breaks the
 * download (the browser says it failed) rather than ending it as if the file were whole.
 */
export async function streamCsv(res: ServerResponse, filename: string, header: string[], batches: AsyncIterable<string[][]>): Promise<void> {
  const source = batches[Symbol.asyncIterator]();
  let next = await source.next();
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' });
  const line = (r: string[]) => r.map(csvCell).join(',') + '\r\n';
  res.write(line(header));
  try {
    while (!next.done) {
      if (res.destroyed) { await source.return?.(); return; } // the browser went away: stop reading
      if (!res.write(next.value.map(line).join(''))) {
        // Wait for room, or for the browser to leave (then 'drain' would never come).
        await new Promise<void>((resolve) => { const go = () => { res.off('drain', go); res.off('close', go); resolve(); }; res.once('drain', go); res.once('close', go); });
      }
      next = await source.next();
    }
  } catch (err) {
    res.destroy(err as Error);
    return;
  }
  res.end();
}

/** A stored file for download, never shown inline (an .eml or a PDF from a customer is not our page). */
export function sendDownload(res: ServerResponse, filename: string, contentType: string, content: Uint8Array): void {
  const safe = filename.replace(/[^\w.@+-]+/g, '_').slice(0, 120) || 'download';
  res.writeHead(200, { 'Content-Type': contentType || 'application/octet-stream', 'Content-Disposition': `attachment; filename="${safe}"`, 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': 'no-store' });
  res.end(Buffer.from(content));
}

/** One CSV cell; one a spreadsheet would run as a formula is written as text (negative amounts stay numbers). */
export function csvCell(v: string): string {
  const text = /^[=+\-@\t\r]/.test(v) && !/^-[\d.,]+$/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) || text !== v ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The request's cookies; one another site on this host planted with a broken encoding is skipped, not fatal. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try { out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim()); } catch { /* not ours */ }
  }
  return out;
}

export function sameToken(a: string | null | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

export class FormTooLargeError extends Error {}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
