// The acknowledgement a customer receives carries its PDF (rendered by Debian's Chromium in the worker),
// a revision is acknowledged as revised, and a scheduled order reaches the ERP once, by folder or webhook.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createErpExportActivities } from '../../activities/erp-export.js';
import { createOutboxActivities, orderReference } from '../../activities/outbox.js';
import { acmePo, forwardedPdfOrder } from '../../demo/emails.js';
import { chromiumPdfRenderer, findChromium, type PdfRenderer } from '../../documents/pdf-renderer.js';
import { folderErpTarget } from '../../erp/folder-target.js';
import { webhookErpTarget } from '../../erp/webhook-target.js';
import { eventually, SETTINGS, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';

let desk: TestDesk;
let pdf: PdfRenderer;
beforeAll(async () => {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Debian Chromium: scripts/setup.sh --for-tests installs chromium-headless-shell');
  pdf = chromiumPdfRenderer({ executablePath: chromium });
  desk = await startTestDesk('ack_pdf');
});
afterAll(async () => { await desk?.stop(); await pdf?.close(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try { return (await parser.getText()).text; } finally { await parser.destroy(); }
}

/** A PO through the whole stack, acknowledged; returns the order and the acknowledgement as received. */
async function acknowledgedOrder() {
  const po = `46${uniqueSuffix()}`;
  const email = await forwardedPdfOrder(acmePo(po), { messageId: `<fwd-pdf-${po}@arflow.test>` });
  await desk.send(email.raw);
  const ack = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject?.includes(`PO ${po}`)), 'the acknowledgement in the customer mailbox');
  const order = await eventually(async () => (await desk.db.order.findFirst({ where: { poNumber: po, acknowledgedAt: { not: null } } })) ?? undefined, 'the order marked acknowledged');
  return { po, ack, order };
}

describe('the acknowledgement PDF', () => {
  it('arrives attached to the acknowledgement, with the PO, lines and total, and is stored with the message', async () => {
    const { po, ack, order } = await acknowledgedOrder();
    expect(ack.text).toContain(`The acknowledgement is attached as a PDF: Acknowledgement-${po}-r1.pdf`);
    expect(ack.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`Acknowledgement-${po}-r1.pdf`, 'application/pdf']]);
    const text = await pdfText(ack.attachments[0]!.content);
    for (const expected of [po, orderReference(order.id), 'WID-100', 'BRK-220', 'your part AC-77812', '1,912.50 USD', 'Acme Fabrication Inc.']) expect(text).toContain(expected);
    expect(text).not.toMatch(/revised/i);

    // The stored bytes are the sent bytes: a resend would carry the same document.
    const outbound = await desk.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `order-ack:${order.id}:1` }, include: { attachments: true } });
    expect(outbound.attachments.map((a) => [a.position, a.filename])).toEqual([[0, `Acknowledgement-${po}-r1.pdf`]]);
    expect(Buffer.compare(Buffer.from(outbound.attachments[0]!.content), ack.attachments[0]!.content)).toBe(0);
  });

  it('is marked revised for a later revision, once, under its own key', async () => {
    const { po, order } = await acknowledgedOrder();
    await desk.db.order.update({ where: { id: order.id }, data: { revision: 2 } });
    const outbox = createOutboxActivities({ db: desk.db, settings: SETTINGS, pdf });
    const first = await outbox.composeOrderAcknowledgement(order.id, 2);
    expect(await outbox.composeOrderAcknowledgement(order.id, 2)).toEqual(first);
    const revised = await desk.db.outboundMessage.findUniqueOrThrow({ where: { id: first.outboundId }, include: { attachments: true } });
    expect(revised.idempotencyKey).toBe(`order-ack:${order.id}:2`);
    expect(revised.subject).toMatch(new RegExp(`^Revised order acknowledgement \\(revision 2\\): your PO ${po} `));
    expect(revised.textBody).toContain('This is a revised acknowledgement (revision 2)');
    expect(revised.attachments.map((a) => a.filename)).toEqual([`Acknowledgement-${po}-r2.pdf`]);
    expect(await pdfText(revised.attachments[0]!.content)).toContain('Revised acknowledgement — revision 2');
    // A revision not yet recorded on the order cannot be acknowledged.
    await expect(outbox.composeOrderAcknowledgement(order.id, 3)).rejects.toThrow(`PO ${po} is at revision 2: revision 3 cannot be acknowledged before the amendment is recorded`);
  });

  it('is left out, and not mentioned, where no Chromium is installed', async () => {
    const { order } = await acknowledgedOrder();
    await desk.db.order.update({ where: { id: order.id }, data: { revision: 2 } });
    const withoutPdf = createOutboxActivities({ db: desk.db, settings: SETTINGS });
    const { outboundId } = await withoutPdf.composeOrderAcknowledgement(order.id, 2);
    const message = await desk.db.outboundMessage.findUniqueOrThrow({ where: { id: outboundId }, include: { attachments: true } });
    expect(message.attachments).toEqual([]);
    expect(message.textBody).not.toMatch(/PDF|attached/);
    expect(message.htmlBody).not.toMatch(/PDF|attached/);
  });
});

describe('the hand-off to the ERP', () => {
  it('writes the order to the export folder once, records it and audits it', async () => {
    const { order } = await acknowledgedOrder();
    const dir = mkdtempSync(join(tmpdir(), 'arflow-erp-e2e-'));
    try {
      const erp = createErpExportActivities({ db: desk.db, erp: folderErpTarget(dir) });
      const first = await erp.exportOrderToErp(order.id);
      expect(first.erpOrderNumber).toBeNull();
      const csv = readFileSync(join(dir, 'orders.csv'), 'utf8');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3); // header + two lines
      expect(csv).toContain(`${orderReference(order.id)},1,${order.poNumber},C-1001,Acme Fabrication Inc.`);
      expect(JSON.parse(readFileSync(join(dir, `${orderReference(order.id)}.json`), 'utf8')).header.total).toEqual({ amountMinor: 191250, currency: 'USD' });

      expect(await erp.exportOrderToErp(order.id)).toEqual(first);
      expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(csv);
      const stored = await desk.db.order.findUniqueOrThrow({ where: { id: order.id } });
      expect(stored.erpExportedAt?.toISOString()).toBe(first.exportedAt);
      expect(await desk.db.auditEvent.count({ where: { action: 'order_exported_to_erp', subjectId: order.id } })).toBe(1);

      // The ERP's number, told later: recorded once, the same again changes nothing, another is refused.
      expect(await erp.recordErpOrderNumber(order.id, 'ERP-5501')).toEqual({ erpOrderNumber: 'ERP-5501', recorded: true });
      expect(await erp.recordErpOrderNumber(order.id, ' ERP-5501 ')).toEqual({ erpOrderNumber: 'ERP-5501', recorded: false });
      await expect(erp.recordErpOrderNumber(order.id, 'ERP-9999')).rejects.toThrow('already has ERP order number ERP-5501; ERP-9999 was reported for it too');
      expect(await desk.db.auditEvent.count({ where: { action: 'erp_order_number_recorded', subjectId: order.id } })).toBe(1);
      expect((await desk.db.order.findUniqueOrThrow({ where: { id: order.id } })).erpExportedAt?.toISOString()).toBe(first.exportedAt);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('posts the order to the webhook once and takes the ERP order number it answers', async () => {
    const { order } = await acknowledgedOrder();
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(201, { 'content-type': 'application/json' }); res.end('{"erpOrderNumber":"SO-100234"}'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
      const erp = createErpExportActivities({ db: desk.db, erp: webhookErpTarget(url) });
      const result = await erp.exportOrderToErp(order.id);
      expect(result.erpOrderNumber).toBe('SO-100234');
      expect(await erp.exportOrderToErp(order.id)).toEqual(result);
      expect(received).toHaveLength(1);
      expect(received[0]!.headers['idempotency-key']).toBe(`order-${order.id}-r1`);
      expect(JSON.parse(received[0]!.body).header).toMatchObject({ poNumber: order.poNumber, orderReference: orderReference(order.id) });
      expect(await desk.db.auditEvent.findFirst({ where: { action: 'order_exported_to_erp', subjectId: order.id } })).toMatchObject({ data: { erpOrderNumber: 'SO-100234', delivery: 'webhook 201' } });

      // An amendment is a new revision: the ERP gets it once more, under its own idempotency key.
      await desk.db.order.update({ where: { id: order.id }, data: { revision: 2 } });
      await erp.exportOrderToErp(order.id);
      await erp.exportOrderToErp(order.id);
      expect(received.map((r) => r.headers['idempotency-key'])).toEqual([`order-${order.id}-r1`, `order-${order.id}-r2`]);
      expect((await desk.db.order.findUniqueOrThrow({ where: { id: order.id } })).erpExportedRevision).toBe(2);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses to export a cancelled order, and says why', async () => {
    const { order } = await acknowledgedOrder();
    await desk.db.order.update({ where: { id: order.id }, data: { status: 'cancelled' } });
    const erp = createErpExportActivities({ db: desk.db, erp: folderErpTarget(join(tmpdir(), 'arflow-erp-never')) });
    await expect(erp.exportOrderToErp(order.id)).rejects.toThrow(`order ${orderReference(order.id)} (PO ${order.poNumber}) is cancelled: it goes to the ERP only once it is released`);
  });
});
