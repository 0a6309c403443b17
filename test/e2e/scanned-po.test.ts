// A PO that arrives as a scan: the inbound workflow hands it to the OCR worker on its own task queue,
// and the order is entered from what OCR read, or the CSR is asked about what it doubts.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { acmePo } from '../../demo/emails.js';
import { scannedPoPdf } from '../../demo/scanned-po.js';
import { answerReviewQuestionsUpdate } from '../../workflows/order.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('scanned'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

const build = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer(options).compile().build((e, m) => (e ? reject(e) : resolve(m))));

describe('a scanned PO', () => {
  it('is read by OCR on its own queue; what OCR doubts is confirmed by the CSR before the order is entered', async () => {
    const po = `45${uniqueSuffix().replace(/[A-F]/g, '7')}`; // digits only: what a PO number looks like to OCR
    const scan = await scannedPoPdf(acmePo(po), 'classic', 'light', 7);
    const messageId = `<scan-${po}@arflow.test>`;
    await desk.send(await build({
      from: 'Carla Chen <carla.csr@arflow.test>', to: 'orders@arflow.test', subject: `Fwd: scanned PO ${po}`, messageId, text: 'Scanned copy attached.',
      attachments: [{ filename: `scan-${po}.pdf`, content: Buffer.from(scan.pdf), contentType: 'application/pdf' }],
    }));
    const order = await eventually(async () => (await desk.db.order.findFirst({ where: { poNumber: po }, include: { lines: { orderBy: { lineNumber: 'asc' } } } })) ?? undefined, 'the order from the scan', 90_000);
    const inbound = await desk.db.inboundMessage.findFirstOrThrow({ where: { messageIdHeader: messageId } });
    // OCR read every value right, but line 1 with too little confidence to enter unconfirmed: the CSR is asked.
    expect(order.lines).toEqual([]);
    const audit = await eventually(async () => (await desk.db.auditEvent.findFirst({ where: { subjectId: order.id, action: 'order_questions_asked' } })) ?? undefined, 'the questions');
    const questions = (audit.data as { questions: string[] }).questions;
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/^Line 1: we read ".*WID-100.*250.*4\.25.*" as item WID-100, quantity 250, unit price 4\.25 USD \(\d+% sure\)\. Is that right\?/);
    // She confirms; the order is entered exactly as read, and acknowledged.
    await desk.temporal.workflow.getHandle(order.workflowId).executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'carla.csr@arflow.test', answer: 'confirmed' }] });
    const done = await eventually(async () => { const o = await desk.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { lines: { orderBy: { lineNumber: 'asc' } } } }); return o.status === 'acknowledged' ? o : undefined; }, 'the acknowledgement');
    expect(done.lines.map((l) => [l.sku, l.customerSku, l.quantity.toString(), l.unitPriceMinor])).toEqual([['WID-100', null, '250', 425n], ['BRK-220', 'AC-77812', '1000', 85n]]);
    expect(done.totalMinor).toBe(191_250n);

    // The OCR step ran on the OCR queue, as an activity of the inbound workflow.
    const history = await desk.temporal.workflow.getHandle(inbound.workflowId).fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'readScannedPurchaseOrderDocument');
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes!.taskQueue!.name)).toEqual([`${desk.taskQueue}-ocr`]);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, inbound.workflowId);
    recordHistory('inbound-email-scanned', history);
  });

  it('that OCR cannot read is quarantined with the reason, the raw email kept', async () => {
    const messageId = `<blank-${uniqueSuffix()}@arflow.test>`;
    // A PDF with one empty page: no text layer, no image.
    const blank = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await desk.send(await build({ from: 'Carla Chen <carla.csr@arflow.test>', to: 'orders@arflow.test', subject: 'Fwd: PO', messageId, text: 'See attached.', attachments: [{ filename: 'po.pdf', content: blank, contentType: 'application/pdf' }] }));
    const row = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: messageId } }); return r?.status === 'quarantined' ? r : undefined; }, 'the quarantine', 60_000);
    expect(row.quarantineCode).toBe('unreadable_document');
    expect(row.quarantineReason).toMatch(/po\.pdf/);
  });
});
