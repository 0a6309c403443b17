// A whole order desk for one test suite, on the real servers from global-setup: its own PostgreSQL
// database (migrated and seeded), the IMAP orders mailbox, SMTP out, a Temporal worker on its own task
// queue, and the mailbox ingester. Only what a test swaps on purpose (a transport) is not real.
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { DeskSettings } from '../../activities/settings.js';
import { openDb, type Db } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { DEMO_DOMAIN, ORDERS_ADDRESS, seedDemoData } from '../../demo/master-data.js';
import { createDatabase } from '../../devstack/postgres.js';
import { chromiumPdfRenderer, findChromium } from '../../documents/pdf-renderer.js';
import { createIngester } from '../../mail/ingester.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { imapMailbox, type Mailbox } from '../../mail/mailbox.js';
import { smtpTransport, type MailTransport } from '../../mail/transport.js';
import { createDeskWorker } from '../../workers/desk-worker.js';
import { createOcrWorker } from '../../workers/ocr-worker.js';
import { createOcrActivities } from '../../activities/ocr.js';
import { createOcrEngine } from '../../parsers/ocr-engine.js';
import { ocrTaskQueueOf } from '../../workflows/task-queues.js';

export const SETTINGS: DeskSettings = {
  companyName: 'Northwind Components', ordersAddress: ORDERS_ADDRESS, messageIdDomain: DEMO_DOMAIN,
  billingAddress: `billing@${DEMO_DOMAIN}`,
  // A stand-in W-9 (not a real tax form) for the W-9 packet.
  w9Pdf: { filename: 'Northwind-Components-W-9.pdf', content: new Uint8Array(readFileSync(new URL('../fixtures/documents/w9-test.pdf', import.meta.url))) }, remitTo: 'Northwind Components, Lockbox 4410, PO Box 98765, Chicago IL 60690\nACH routing 000000000 account 123456789 (test)',
};

export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export interface TestDesk {
  db: Db;
  /** The suite's own database, for commands that open it themselves (the CLI). */
  databaseUrl: string;
  temporal: Client;
  taskQueue: string;
  mailbox: Mailbox;
  /** Delivers a raw message to an address through SMTP, as any mail client would. */
  send(raw: Buffer, to?: string): Promise<void>;
  /** Every message in a mailbox folder, parsed. */
  messages(user: string, folder?: string): Promise<(ParsedMail & { source: Buffer })[]>;
  emptyMailboxes(): Promise<void>;
  startWorker(transport?: MailTransport): Promise<{ worker: Worker; stopped: Promise<void> }>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

export async function startTestDesk(name: string, options: { transport?: MailTransport; worker?: boolean } = {}): Promise<TestDesk> {
  const stack = inject('stack');
  if (!runtimeInstalled) { Runtime.install({ logger: new DefaultLogger('WARN') }); runtimeInstalled = true; }
  const url = createDatabase(stack.postgresPort, `arflow_${name}_${uniqueSuffix().toLowerCase()}`);
  await migrate(url);
  const db = openDb(url);
  await seedDemoData(db);
  // Suites share one Temporal server but not a database: payment numbers (and so the payment workflows'
  // IDs, payment-<number>) carry the suite's own prefix, as two deployments would not share a namespace.
  await db.numberSequence.create({ data: { name: 'payment', prefix: `PMT-${uniqueSuffix()}-`, next: 1n } });
  const imap = (user: string) => ({ host: '127.0.0.1', port: stack.imapPort, secure: false, user, password: stack.mailPassword });
  const mailbox = imapMailbox('orders', imap('orders'));
  const billingMailbox = imapMailbox('billing', imap('billing'));
  const remitMailbox = imapMailbox('remit', imap('remit'));
  const realTransport = smtpTransport({ host: '127.0.0.1', port: stack.smtpPort, secure: false });
  // Debian's Chromium (setup.sh --for-tests installs it) renders acknowledgement PDFs, as in production.
  const chromiumPath = findChromium();
  const pdf = chromiumPath ? chromiumPdfRenderer({ executablePath: chromiumPath }) : undefined;
  const taskQueue = `test-${name}-${uniqueSuffix()}`;
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection });
  const workers: { worker: Worker; stopped: Promise<void> }[] = [];
  const ocr = createOcrEngine();
  let ocrStarted = false;

  async function startWorker(transport: MailTransport = options.transport ?? realTransport) {
    const activities = createActivities({ db, transport, mailboxes: new Map([['orders', mailbox], ['billing', billingMailbox], ['remit', remitMailbox]]), settings: SETTINGS, pdf, temporal });
    const worker = await createDeskWorker({ connection: nativeConnection, taskQueue, activities, workflowBundle: { codePath: stack.workflowBundlePath } });
    const running = { worker, stopped: worker.run() };
    workers.push(running);
    // One OCR worker beside the desk, whichever desk worker runs; the engine loads on the first scan,
    // so suites without one pay nothing.
    if (!ocrStarted) {
      ocrStarted = true;
      const ocrWorker = await createOcrWorker({ connection: nativeConnection, taskQueue: ocrTaskQueueOf(taskQueue), activities: createOcrActivities({ db, ocr }) });
      workers.push({ worker: ocrWorker, stopped: ocrWorker.run() });
    }
    return running;
  }
  if (options.worker !== false) await startWorker();

  // Every suite seeds the same customers and shares one Temporal server, and collections are one workflow
  // per customer (collections-<number>): an earlier suite's, left on its stopped worker's task queue, would
  // swallow this suite's invoices. End them, as a fresh deployment would have none.
  async function endCollections(reason: string) {
    for (const { number } of await db.customer.findMany({ select: { number: true } })) {
      await temporal.workflow.getHandle(collectionsWorkflowId(number)).terminate(reason).catch(() => {});
    }
  }
  await endCollections(`test suite ${name} starts`);

  async function withImap<T>(user: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({ host: '127.0.0.1', port: stack.imapPort, secure: false, auth: { user, pass: stack.mailPassword }, logger: false });
    await c.connect();
    try { return await fn(c); } finally { await c.logout().catch(() => c.close()); }
  }
  async function emptyMailboxes() {
    for (const user of ['orders', 'billing', 'remit', 'catchall']) {
      await withImap(user, async (c) => {
        for (const folder of ['INBOX', 'Processed', 'Quarantine']) {
          const lock = await c.getMailboxLock(folder);
          try { if (c.mailbox && c.mailbox.exists > 0) await c.messageDelete('1:*'); } finally { lock.release(); }
        }
      });
    }
  }
  // The mailboxes are shared by every suite: what an earlier suite left in them is not this suite's mail.
  await emptyMailboxes();

  const abort = new AbortController();
  const ingesting = Promise.all([mailbox, billingMailbox, remitMailbox].map((m) => createIngester({ db, temporal, taskQueue, mailbox: m }).run(abort.signal, 2_000)));
  const sender = nodemailer.createTransport({ host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true });

  return {
    db, databaseUrl: url, temporal, taskQueue, mailbox, startWorker,
    async send(raw, to = ORDERS_ADDRESS) {
      await sender.sendMail({ envelope: { from: 'relay-test@arflow.test', to: [to] }, raw });
    },
    async messages(user, folder = 'INBOX') {
      return withImap(user, async (c) => {
        const lock = await c.getMailboxLock(folder);
        try {
          const out: (ParsedMail & { source: Buffer })[] = [];
          if (c.mailbox && c.mailbox.exists > 0) for await (const m of c.fetch('1:*', { source: true })) if (m.source) out.push({ ...(await simpleParser(m.source)), source: m.source });
          return out;
        } finally { lock.release(); }
      });
    },
    emptyMailboxes,
    async stop() {
      abort.abort();
      await ingesting;
      await endCollections(`test suite ${name} ends`);
      for (const w of workers) { if (w.worker.getState() === 'RUNNING') w.worker.shutdown(); await w.stopped.catch(() => {}); }
      await mailbox.close();
      await billingMailbox.close();
      await remitMailbox.close();
      await pdf?.close();
      await ocr.terminate();
      realTransport.close();
      sender.close();
      await nativeConnection.close();
      await connection.close();
      await db.$disconnect();
    },
  };
}
