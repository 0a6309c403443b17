// How fast order emails become acknowledgements on the real stack, beside the floor of the same number
// of no-op workflows on the same Temporal server. Prints figures; asserts nothing.
//   npm run bench:orders -- 100      (default 50 orders)
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createRequire } from 'node:module';
import { createActivities } from '../activities/index.js';
import { openDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { acmePo, forwardedPdfOrder } from '../demo/emails.js';
import { seedDemoData, ORDERS_ADDRESS, DEMO_DOMAIN } from '../demo/master-data.js';
import { createIngester } from '../mail/ingester.js';
import { imapMailbox } from '../mail/mailbox.js';
import { smtpTransport } from '../mail/transport.js';
import { createDeskWorker } from '../workers/desk-worker.js';
import { noopWorkflow } from './noop-workflow.js';
import { percentile, startBenchStack } from './stack.js';

const count = Number(process.argv[2] ?? 50);
Runtime.install({ logger: new DefaultLogger('WARN') });
const stack = await startBenchStack();
try {
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });

  // ── Floor: N no-op workflows started at once. ──
  const noopWorker = await Worker.create({
    connection: nativeConnection, taskQueue: 'bench-noop',
    workflowsPath: createRequire(import.meta.url).resolve('./noop-workflow.ts'),
  });
  const noopRun = noopWorker.run();
  await client.workflow.execute(noopWorkflow, { taskQueue: 'bench-noop', workflowId: 'noop-warmup' });
  const noopStart = performance.now();
  const noopLatencies = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const t0 = performance.now();
    await client.workflow.execute(noopWorkflow, { taskQueue: 'bench-noop', workflowId: `noop-${i}` });
    return performance.now() - t0;
  }));
  const noopSeconds = (performance.now() - noopStart) / 1000;
  noopWorker.shutdown();
  await noopRun;

  // ── Orders: N forwarded PO PDFs sent through SMTP into the orders mailbox at once. ──
  const url = stack.databaseUrl(`arflow_bench_${Date.now()}`);
  await migrate(url);
  const db = openDb(url);
  await seedDemoData(db);
  // Every bench order is Acme's: a credit line that takes them all keeps holds (a person's step) out of the timing.
  await db.customer.update({ where: { number: 'C-1001' }, data: { creditLimitMinor: 10_000_000_000n } });
  const mailbox = imapMailbox('orders', stack.imap);
  const transport = smtpTransport(stack.smtp);
  const activities = createActivities({ db, transport, mailboxes: new Map([['orders', mailbox]]), settings: { companyName: 'Bench Co', ordersAddress: ORDERS_ADDRESS, messageIdDomain: DEMO_DOMAIN } });
  const worker = await createDeskWorker({ connection: nativeConnection, taskQueue: 'bench-desk', activities });
  const workerRun = worker.run();
  const abort = new AbortController();
  const ingesting = createIngester({ db, temporal: client, taskQueue: 'bench-desk', mailbox }).run(abort.signal, 1000);
  // One order first, so the measured ones see a warm worker, as they would on a desk running all day.
  const warmup = await forwardedPdfOrder(acmePo('W0000001'), { messageId: `<bench-warmup-${Date.now()}@arflow.test>` });
  const warmSender = nodemailer.createTransport({ ...stack.smtp, ignoreTLS: true });
  await warmSender.sendMail({ envelope: { from: 'bench@arflow.test', to: [ORDERS_ADDRESS] }, raw: warmup.raw });
  warmSender.close();
  const warmDeadline = Date.now() + 120_000;
  // Acknowledged, not merely sent: its rows are cleared next, and its workflow must be done with them.
  while ((await db.order.count({ where: { status: 'acknowledged' } })) < 1) {
    if (Date.now() > warmDeadline) throw new Error('the warm-up order was not acknowledged within 2 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  await db.outboundMessage.deleteMany({});
  await db.orderLine.deleteMany({});
  await db.auditEvent.deleteMany({});
  await db.order.deleteMany({});

  const emails = await Promise.all(Array.from({ length: count }, (_, i) => forwardedPdfOrder(acmePo(`B${String(i).padStart(6, '0')}`), { messageId: `<bench-${i}-${Date.now()}@arflow.test>` })));
  const sender = nodemailer.createTransport({ ...stack.smtp, ignoreTLS: true, pool: true, maxConnections: 4 });
  const sentAt = new Map<string, number>();
  const ordersStart = Date.now();
  await Promise.all(emails.map(async (e, i) => {
    await sender.sendMail({ envelope: { from: 'bench@arflow.test', to: [ORDERS_ADDRESS] }, raw: e.raw });
    sentAt.set(`B${String(i).padStart(6, '0')}`, Date.now());
  }));
  const deadline = Date.now() + 10 * 60_000;
  let acked: { poNumber: string; sentAt: Date | null }[] = [];
  while (Date.now() < deadline) {
    const rows = await db.outboundMessage.findMany({ where: { kind: 'order_acknowledgement', status: 'sent' }, select: { sentAt: true, orderId: true } });
    if (rows.length >= count) {
      const orders = await db.order.findMany({ select: { id: true, poNumber: true } });
      const poById = new Map(orders.map((o) => [o.id, o.poNumber]));
      acked = rows.map((r) => ({ poNumber: poById.get(r.orderId!)!, sentAt: r.sentAt }));
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (acked.length < count) throw new Error(`only ${acked.length} of ${count} acknowledgements were sent within 10 minutes`);
  const lastAck = Math.max(...acked.map((a) => a.sentAt!.getTime()));
  const orderSeconds = (lastAck - ordersStart) / 1000;
  const latencies = acked.map((a) => a.sentAt!.getTime() - sentAt.get(a.poNumber)!).sort((a, b) => a - b);
  const noopSorted = noopLatencies.sort((a, b) => a - b);

  const ordersPerMinute = (count / orderSeconds) * 60;
  const noopPerMinute = (count / noopSeconds) * 60;
  console.log(`\norder emails → acknowledgements, ${count} at once, real SMTP/IMAP/Temporal/PostgreSQL on this machine`);
  console.log(`  orders/minute               ${ordersPerMinute.toFixed(0)}`);
  console.log(`  email→ack latency p50/p95   ${percentile(latencies, 50)} ms / ${percentile(latencies, 95)} ms`);
  console.log(`floor: ${count} no-op workflows at once on the same server`);
  console.log(`  workflows/minute            ${noopPerMinute.toFixed(0)}`);
  console.log(`  start→result p50/p95        ${percentile(noopSorted, 50).toFixed(0)} ms / ${percentile(noopSorted, 95).toFixed(0)} ms`);
  console.log(`ratio: orders/minute is ${(ordersPerMinute / noopPerMinute * 100).toFixed(1)}% of the no-op floor; p50 latency is ${(percentile(latencies, 50) / percentile(noopSorted, 50)).toFixed(1)}× the floor's`);

  // Where the time goes, per order: mailbox → stored, stored → entered, entered → acknowledgement sent.
  const stages = await db.order.findMany({ select: { poNumber: true, createdAt: true, inboundMessage: { select: { receivedAt: true } } } });
  const ackAt = new Map(acked.map((a) => [a.poNumber, a.sentAt!.getTime()]));
  const stage = (f: (o: (typeof stages)[number]) => number) => stages.map(f).sort((a, b) => a - b);
  const show = (label: string, v: number[]) => console.log(`  ${label.padEnd(28)}${percentile(v, 50)} ms / ${percentile(v, 95)} ms`);
  console.log('stages p50/p95');
  show('sent → stored by ingester', stage((o) => o.inboundMessage!.receivedAt.getTime() - sentAt.get(o.poNumber)!));
  show('stored → order entered', stage((o) => o.createdAt.getTime() - o.inboundMessage!.receivedAt.getTime()));
  show('entered → ack sent', stage((o) => ackAt.get(o.poNumber)! - o.createdAt.getTime()));

  abort.abort();
  await ingesting;
  worker.shutdown();
  await workerRun;
  sender.close();
  transport.close();
  await mailbox.close();
  await db.$disconnect();
  await nativeConnection.close();
} finally {
  await stack.stop();
}
