// Starts arflow as one process: the database (embedded or PostgreSQL), the Temporal server (dev server
// or remote), the desk worker, and the mailbox ingester. Stops them all, in reverse, on request.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createActivities } from '../activities/index.js';
import { openDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { demoInbox } from '../demo/emails.js';
import { playDemoFollowUps } from '../demo/follow-ups.js';
import { announceRemitToChange } from './remit-to-watch.js';
import { invoiceWaitingShipments } from './invoice-backfill.js';
import { ensureServiceBillingSchedule, SERVICE_BILLING_SCHEDULE_ID } from './service-billing-schedule.js';
import { chromiumPdfRenderer, findChromium, CHROMIUM_CANDIDATES, type PdfRenderer } from '../documents/pdf-renderer.js';
import type { ErpExportTarget } from '../erp/erp-target.js';
import { folderErpTarget } from '../erp/folder-target.js';
import { webhookErpTarget } from '../erp/webhook-target.js';
import { DEMO_PASSWORD, seedDemoData } from '../demo/master-data.js';
import { startTemporalDevServer } from '../devstack/temporal.js';
import { createIngester } from '../mail/ingester.js';
import { dropFolderMailbox, imapMailbox, type Mailbox } from '../mail/mailbox.js';
import { outboxFolderTransport, smtpTransport } from '../mail/transport.js';
import { createDeskWorker, DESK_TASK_QUEUE } from '../workers/desk-worker.js';
import { startWaitingCashApplications } from '../activities/bank-files.js';
import { createConsoleServer } from '../console/server.js';
import { createOcrWorker, OCR_TASK_QUEUE } from '../workers/ocr-worker.js';
import { createOcrActivities } from '../activities/ocr.js';
import { createOcrEngine } from '../parsers/ocr-engine.js';
import type { ArflowConfig } from './config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { watchActivity } from './activity-feed.js';

export interface RunningArflow { stop(): Promise<void>; done: Promise<void> }

export async function startArflow(config: ArflowConfig, log: (line: string) => void): Promise<RunningArflow> {
  const stops: { what: string; stop: () => Promise<void> }[] = [];
  const onStop = (what: string, stop: () => Promise<void>) => stops.push({ what, stop });
  const stopAll = async () => {
    for (const { what, stop } of stops.reverse()) {
      if (process.env.ARFLOW_DEBUG_STOP) log(`stopping ${what}`);
      await stop().catch((err) => log(`while stopping ${what}: ${(err as Error).message}`));
    }
  };
  try {
    mkdirSync(config.home, { recursive: true });
    Runtime.install({ logger: new DefaultLogger('WARN') });

    let databaseUrl: string;
    if (config.database.kind === 'embedded') {
      const pg = await startEmbeddedPostgres(config.database.dataDir, config.database.port);
      onStop('embedded database', () => pg.stop());
      databaseUrl = pg.url;
      log(`database   embedded PostgreSQL (PGlite) in ${config.database.dataDir}`);
    } else {
      databaseUrl = config.database.url;
      log(`database   ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
    }
    const migrations = await migrate(databaseUrl);
    if (migrations.applied.length) log(`           applied migrations: ${migrations.applied.join(', ')}`);
    const db = openDb(databaseUrl, { poolMax: config.database.kind === 'embedded' ? 1 : 10 });
    onStop('database client', () => db.$disconnect());
    if (config.demo) await seedDemoData(db);
    const feed = watchActivity(db, log);
    onStop('activity feed', () => feed.stop());

    let temporalAddress: string;
    if (config.temporal.kind === 'dev-server') {
      const server = await startTemporalDevServer({ stateDir: config.temporal.stateDir, port: config.temporal.port, uiPort: config.temporal.uiPort });
      onStop('Temporal dev server', () => server.stop());
      temporalAddress = server.address;
      log(`temporal   dev server ${server.address}, history in ${join(config.temporal.stateDir, 'temporal.db')}`);
      log(`           Web UI: ${server.uiUrl}`);
    } else {
      temporalAddress = config.temporal.address;
      log(`temporal   ${temporalAddress} (namespace ${config.namespace})`);
    }

    const mailbox: Mailbox = config.mailbox.kind === 'imap'
      ? imapMailbox('orders', config.mailbox)
      : dropFolderMailbox('orders', config.mailbox.dir);
    onStop('mailbox', () => mailbox.close());
    const billingMailbox: Mailbox | undefined = config.billingMailbox.kind === 'imap' ? imapMailbox('billing', config.billingMailbox)
      : config.billingMailbox.kind === 'drop-folder' ? dropFolderMailbox('billing', config.billingMailbox.dir) : undefined;
    if (billingMailbox) onStop('billing mailbox', () => billingMailbox.close());
    const remitMailbox: Mailbox | undefined = config.remitMailbox.kind === 'imap' ? imapMailbox('remit', config.remitMailbox)
      : config.remitMailbox.kind === 'drop-folder' ? dropFolderMailbox('remit', config.remitMailbox.dir) : undefined;
    if (remitMailbox) onStop('remittance mailbox', () => remitMailbox.close());
    const w9Pdf = config.w9PdfPath ? readW9(config.w9PdfPath) : undefined;
    const transport = config.outgoing.kind === 'smtp' ? smtpTransport(config.outgoing) : outboxFolderTransport(config.outgoing.dir);
    onStop('mail transport', async () => transport.close());
    log(`orders in  ${mailbox.description}`);
    log(`billing in ${billingMailbox?.description ?? 'none (set ARFLOW_BILLING_IMAP_USER to read customers\' replies to invoices)'}`);
    log(`remit in   ${remitMailbox?.description ?? 'none (set ARFLOW_REMIT_IMAP_USER to read bank files, checks and remittance advice)'}`);
    log(`W-9        ${config.w9PdfPath ?? 'none (set ARFLOW_W9_PDF): W-9 requests go to a person'}`);
    log(`mail out   ${transport.description}`);

    if (config.demo && config.mailbox.kind === 'drop-folder') {
      // The demo orders arrive once, on the first start; later starts leave the folder alone.
      const marker = join(config.home, '.demo-mail-delivered');
      if (!existsSync(marker)) {
        const demo = await demoInbox();
        for (const { name, email } of demo) writeFileSync(join(config.mailbox.dir, 'incoming', name), email.raw);
        writeFileSync(marker, new Date().toISOString());
        log(`demo       ${demo.length} demo emails dropped in the orders mailbox`);
      }
    }

    const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
    onStop('worker connection', () => nativeConnection.close());
    const connection = await Connection.connect({ address: temporalAddress });
    onStop('client connection', () => connection.close());
    const temporal = new Client({ connection, namespace: config.namespace });

    // Chromium starts on the first PDF, not here; without it acknowledgements go without the PDF.
    let pdf: PdfRenderer | undefined;
    const chromiumPath = findChromium();
    if (chromiumPath) {
      const renderer = chromiumPdfRenderer({ executablePath: chromiumPath });
      onStop('PDF renderer', () => renderer.close());
      pdf = renderer;
      log(`documents  ${renderer.description}`);
    } else {
      log(`documents  no Chromium (${CHROMIUM_CANDIDATES.join(' or ')}): acknowledgements go without the PDF (apt-get install chromium-headless-shell)`);
    }
    const erp: ErpExportTarget | undefined = config.erp.kind === 'webhook' ? webhookErpTarget(config.erp.url)
      : config.erp.kind === 'folder' ? folderErpTarget(config.erp.dir) : undefined;
    log(`erp out    ${erp?.description ?? 'none (set ARFLOW_ERP_WEBHOOK_URL or ARFLOW_ERP_EXPORT_DIR)'}`);

    const activities = createActivities({ db, transport, mailboxes: new Map([mailbox, billingMailbox, remitMailbox].filter((m): m is Mailbox => m !== undefined).map((m) => [m.name, m] as const)), settings: { ...config.desk, w9Pdf }, pdf, erp, temporal, collections: { window: config.sendWindow } });
    log('worker     bundling workflows…');
    const worker = await createDeskWorker({ connection: nativeConnection, namespace: config.namespace, activities });
    const workerDone = worker.run();
    onStop('worker', async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await workerDone; });

    // Scanned POs: OCR on its own queue, one page at a time, the model loaded now rather than at the first scan.
    const ocr = createOcrEngine();
    onStop('OCR engine', () => ocr.terminate());
    const ocrWorker = await createOcrWorker({ connection: nativeConnection, namespace: config.namespace, activities: createOcrActivities({ db, ocr }), ocr });
    const ocrDone = ocrWorker.run();
    onStop('OCR worker', async () => { if (ocrWorker.getState() === 'RUNNING') ocrWorker.shutdown(); await ocrDone; });
    log(`ocr        tesseract.js (packaged English model) on task queue ${OCR_TASK_QUEUE}`);

    const abort = new AbortController();
    const ingesting = Promise.all([mailbox, billingMailbox, remitMailbox].filter((m): m is Mailbox => m !== undefined).map((m) =>
      createIngester({ db, temporal, taskQueue: DESK_TASK_QUEUE, mailbox: m, log: (l) => log(`${m.name.padEnd(10)} ${l}`) }).run(abort.signal, config.mailbox.kind === 'imap' ? 60_000 : 2_000)));
    onStop('mailbox ingester', async () => { abort.abort(); await ingesting; });

    const backfill = await invoiceWaitingShipments({ db, temporal, taskQueue: DESK_TASK_QUEUE });
    if (backfill.started.length) log(`invoices   ${backfill.started.length} shipment(s) handed to invoicing earlier are being invoiced now`);
    for (const line of backfill.unreadable) log(`invoices   not invoiced, needs a person: ${line}`);
    const consoleServer = createConsoleServer({ db, temporal, taskQueue: DESK_TASK_QUEUE, secureCookies: config.console.secureCookies, trustProxy: config.console.trustProxy });
    await new Promise<void>((resolve, reject) => { consoleServer.once('error', reject); consoleServer.listen(config.console.port, config.console.host, () => resolve()); });
    onStop('console', () => new Promise<void>((resolve) => { consoleServer.closeAllConnections(); consoleServer.close(() => resolve()); }));
    log(`console    http://${config.console.host}:${config.console.port}${config.demo ? ` (demo accounts such as dana.lead@arflow.test, password ${DEMO_PASSWORD})` : ''}`);
    const waitingPayments = await startWaitingCashApplications(db, temporal, DESK_TASK_QUEUE);
    if (waitingPayments.length) log(`cash       ${waitingPayments.length} payment(s) recorded earlier are being matched now`);
    const schedule = await ensureServiceBillingSchedule({ temporal, taskQueue: DESK_TASK_QUEUE, timeZone: config.sendWindow.timeZone });
    log(`tickets    service tickets mailed to the billing box are billed on the 1st of each month (schedule ${SERVICE_BILLING_SCHEDULE_ID}, ${schedule})`);
    const remit = await announceRemitToChange({ db, temporal, taskQueue: DESK_TASK_QUEUE, settings: { ...config.desk, w9Pdf } });
    if (remit.announced) log(`remit-to   changed (version ${remit.version}): every customer gets the new payment instructions (workflow ${remit.workflowId})`);

    if (config.demo && config.mailbox.kind === 'drop-folder' && config.billingMailbox.kind === 'drop-folder' && config.remitMailbox.kind === 'drop-folder') {
      const following = playDemoFollowUps({ db, home: config.home, ordersIncoming: join(config.mailbox.dir, 'incoming'), billingIncoming: join(config.billingMailbox.dir, 'incoming'), remitIncoming: join(config.remitMailbox.dir, 'incoming'), signal: abort.signal, log })
        .catch((err: Error) => log(`demo       follow-up mail not delivered: ${err.message}`));
      onStop('demo follow-ups', () => following);
    }

    log(`ready      drop .eml files in ${config.mailbox.kind === 'drop-folder' ? join(config.mailbox.dir, 'incoming') : 'the orders mailbox'}; Ctrl-C stops everything`);
    return { stop: stopAll, done: workerDone };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The company's W-9, read once at start: a missing or non-PDF file is a setting to fix, said now. */
function readW9(path: string): { filename: string; content: Uint8Array<ArrayBuffer> } {
  let content: Buffer;
  try { content = readFileSync(path); } catch (err) { throw new Error(`ARFLOW_W9_PDF: cannot read ${path}: ${(err as Error).message}`); }
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`ARFLOW_W9_PDF: ${path} is not a PDF`);
  return { filename: basename(path), content: new Uint8Array(content) };
}
