// The ERP's import folder: `<orderRef>.json` (the whole document) and `orders.csv` (one row per order
// line, appended, created with its header when absent). Every file is written whole to a temporary name
// and renamed, so an importer never reads half a file. Writers take `orders.csv.lock` (created
// exclusively) around the read-append-rename of the CSV; an importer that takes the file by renaming it
// away while no lock exists never loses or doubles a row. An order already in the CSV is not appended again.
import { ApplicationFailure } from '@temporalio/common';
import { parse } from 'csv-parse/sync';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErpExportTarget, ErpHandOff } from './erp-target.js';
import { erpCsvHeader, erpCsvRows, type ErpOrderDocument } from './order-document.js';

export const ERP_CSV_FILE = 'orders.csv';
const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a process that died while writing. */
const STALE_LOCK_MS = 60_000;

async function writeWhole(dir: string, name: string, content: string): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(tmp, 'wx');
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, join(dir, name));
}

async function withLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const since = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > STALE_LOCK_MS) { await rm(lockPath, { force: true }); continue; }
      if (Date.now() > deadline) throw ApplicationFailure.retryable(`${lockPath} has been held for over ${LOCK_WAIT_MS / 1000} s by another writer`, 'ErpFolderBusy');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try { return await fn(); } finally { await rm(lockPath, { force: true }); }
}

function alreadyInCsv(existing: string, reference: string, revision: number): boolean {
  const rows = parse(existing, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.some((r) => r.order_reference === reference && r.revision === String(revision));
}

export function folderErpTarget(dir: string): ErpExportTarget {
  return {
    description: `ERP export folder ${dir}`,
    async send(document: ErpOrderDocument): Promise<ErpHandOff> {
      const { orderReference: reference, revision } = document.header;
      try {
        await mkdir(dir, { recursive: true });
        await writeWhole(dir, `${reference}.json`, `${JSON.stringify(document, null, 2)}\n`);
        const appended = await withLock(join(dir, `${ERP_CSV_FILE}.lock`), async () => {
          const csvPath = join(dir, ERP_CSV_FILE);
          const existing = await readFile(csvPath, 'utf8').catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return undefined; throw err; });
          if (existing !== undefined && existing !== '' && !existing.startsWith(erpCsvHeader())) {
            throw ApplicationFailure.nonRetryable(`${csvPath} does not start with arflow's header row (${erpCsvHeader().trim()}): move it away so arflow can start a new one`, 'ErpFolderMisconfigured');
          }
          if (existing && alreadyInCsv(existing, reference, revision)) return false;
          const before = existing ? (/\n$/.test(existing) ? existing : `${existing}\r\n`) : erpCsvHeader();
          await writeWhole(dir, ERP_CSV_FILE, before + erpCsvRows(document));
          return true;
        });
        return { erpOrderNumber: null, delivery: `folder ${reference}.json${appended ? ` + ${ERP_CSV_FILE}` : ` (already in ${ERP_CSV_FILE})`}` };
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        const e = err as NodeJS.ErrnoException;
        throw ApplicationFailure.retryable(`could not write ${reference} to the ERP export folder ${dir}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '), 'ErpFolderUnwritable');
      }
    },
  };
}
