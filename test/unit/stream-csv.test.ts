// A streamed CSV download: whole when the batches are, a failed download (never a short file that looks
// whole) when the database fails midway, and the error page when it fails before the first row.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { streamCsv } from '../../console/http.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves one streamed CSV; what streamCsv threw (before any header) answers 500. */
async function serve(batches: () => AsyncIterable<string[][]>): Promise<string> {
  server = createServer((_req, res) => {
    streamCsv(res, 'x.csv', ['n', 'formula'], batches()).catch(() => { if (!res.headersSent) { res.writeHead(500); res.end('error page'); } });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('a streamed CSV', () => {
  it('carries every batch, with formula cells neutralised', async () => {
    const url = await serve(async function* () {
      for (let b = 0; b < 5; b++) yield Array.from({ length: 1_000 }, (_, n) => [String(b * 1_000 + n), '=HYPERLINK("x")']);
    });
    const res = await fetch(url);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(5_001);
    expect(lines[1]).toBe(`0,"'=HYPERLINK(""x"")"`);
    expect(lines[5_000]!.startsWith('4999,')).toBe(true);
  });

  it('breaks the download when a later batch fails, so the file is not taken as whole', async () => {
    const url = await serve(async function* () {
      yield [['1', 'a']];
      throw new Error('the database went away');
    });
    // The connection is cut: the headers may or may not have reached the browser, the body never ends well.
    await expect(fetch(url).then((res) => res.text())).rejects.toThrow();
  });

  it('sends no header when the first batch fails, so the server can answer with its error page', async () => {
    const url = await serve(async function* () { throw new Error('no database'); });
    const res = await fetch(url);
    expect([res.status, await res.text()]).toEqual([500, 'error page']);
  });
});
