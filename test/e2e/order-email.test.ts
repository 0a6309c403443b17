// One order email travels the real stack: SMTP → Dovecot → IMAP ingester → Temporal workflows →
// PostgreSQL → acknowledgement over SMTP into the customer's mailbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { acmePo, forwardedAsAttachmentOrder, forwardedPdfOrder, typedOrder } from '../../demo/emails.js';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { cancelOrderUpdate, orderProgressQuery } from '../../workflows/order.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('order_email'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

const ackFor = (po: string) => async () => (await desk.messages('catchall')).filter((m) => m.subject?.includes(`PO ${po}`));

describe('a customer PO forwarded by a CSR', () => {
  it('becomes an order with lines, a running order workflow, and a threaded acknowledgement to the customer with the rep in copy', async () => {
    const po = `45${uniqueSuffix()}`;
    const email = await forwardedPdfOrder(acmePo(po), { messageId: `<fwd-${po}@arflow.test>` });
    await desk.send(email.raw);

    const [ack] = await eventually(async () => { const acks = await ackFor(po)(); return acks.length ? acks : undefined; }, 'the acknowledgement in the customer mailbox');
    expect(ack!.to && !Array.isArray(ack!.to) ? ack!.to.value.map((a) => a.address) : []).toEqual(['jane.buyer@acme.example']);
    expect(ack!.cc && !Array.isArray(ack!.cc) ? ack!.cc.value.map((a) => a.address) : []).toEqual(['sam.reyes@arflow.test']);
    expect(ack!.from?.value[0]?.address).toBe('orders@arflow.test');
    // Inline forward: the thread is the CSR's message (the customer's Message-ID is not in it).
    expect(ack!.inReplyTo).toBe(email.messageId);
    expect([ack!.references].flat()).toContain(email.messageId);
    expect(ack!.text).toContain(`purchase order ${po} dated 2026-11-20`);
    expect(ack!.text).toContain('WID-100');
    expect(ack!.text).toContain('BRK-220 (your part AC-77812)');
    expect(ack!.text).toContain('Order total: 1,912.50 USD');
    expect(ack!.html).toContain('<td style="padding: 6px; text-align: right;">250 EA</td>');

    await eventually(async () => (await desk.db.order.findFirst({ where: { poNumber: po } }))?.status === 'acknowledged', 'the order marked acknowledged');
    const order = await desk.db.order.findFirstOrThrow({ where: { poNumber: po }, include: { lines: { orderBy: { lineNumber: 'asc' } }, customer: true, inboundMessage: { include: { documents: true } } } });
    expect(order.customer.number).toBe('C-1001');
    expect(order.totalMinor).toBe(191250n);
    expect(order.requestedShipDate?.toISOString().slice(0, 10)).toBe('2026-12-05');
    expect(order.lines.map((l) => [l.sku, l.customerSku, l.quantity.toString(), l.unitPriceMinor, l.amountMinor])).toEqual([
      ['WID-100', null, '250', 425n, 106250n],
      ['BRK-220', 'AC-77812', '1000', 85n, 85000n],
    ]);
    // The raw email, as the mailbox holds it, and its PDF are kept byte for byte.
    const inbound = order.inboundMessage!;
    const filed = await eventually(async () => (await desk.messages('orders', 'Processed')).find((m) => m.messageId === email.messageId), 'the message filed in Processed');
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(inbound.raw)).toBe(sha(filed.source));
    expect(inbound.rawSha256).toBe(sha(filed.source));
    expect(inbound.status).toBe('order_created');
    expect(inbound.documents.map((d) => [d.filename, d.contentType])).toEqual([[`PO_${po}.pdf`, 'application/pdf']]);

    const handle = desk.temporal.workflow.getHandle(order.workflowId);
    const progress = await eventually(async () => { const p = await handle.query(orderProgressQuery); return p.step === 'acknowledged' ? p : undefined; }, 'the acknowledged step');
    expect(progress.acknowledgementMessageId).toBe(ack!.messageId);
    const inboundResult = await desk.temporal.workflow.getHandle(inbound.workflowId).result();
    expect(inboundResult).toMatchObject({ outcome: 'order_created', orderId: order.id, orderWorkflowId: order.workflowId });

    // Filed: out of the inbox, into Processed.
    expect(await desk.messages('orders', 'INBOX')).toHaveLength(0);

    // A cancellation is a person's decision: refused without a reason, recorded with one.
    await expect(handle.executeUpdate(cancelOrderUpdate, { args: [{ by: 'carla.csr@arflow.test', reason: '' }] })).rejects.toMatchObject({ message: 'Workflow Update failed', cause: { message: 'a cancellation needs a reason' } });
    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ by: 'carla.csr@arflow.test', reason: 'customer cancelled by phone' }] });
    expect(cancelled).toMatchObject({ step: 'cancelled', cancelledBy: 'carla.csr@arflow.test' });
    // The cancelled order's workflow has ended: a second cancellation is refused by the server itself.
    await expect(handle.executeUpdate(cancelOrderUpdate, { args: [{ by: 'dana.lead@arflow.test', reason: 'cancel again' }] })).rejects.toThrow(/already completed/);
    expect((await desk.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('cancelled');
    expect(await desk.db.auditEvent.findFirst({ where: { action: 'order_cancelled', subjectId: order.id } })).toMatchObject({ actor: 'carla.csr@arflow.test', data: { reason: 'customer cancelled by phone' } });

    // Both workflows' real histories replay against the current workflow code.
    const bundle = { workflowBundle: { codePath: inject('stack').workflowBundlePath } };
    for (const [name, h] of [['inbound-email-classified', desk.temporal.workflow.getHandle(inbound.workflowId)], ['order-cancel-patch', handle]] as const) {
      const history = await h.fetchHistory();
      await Worker.runReplayHistory(bundle, history, h.workflowId);
      recordHistory(name, history);
    }
  });

  it("forwarded as an attachment, threads the acknowledgement to the customer's own message", async () => {
    const po = `88${uniqueSuffix()}`;
    const customerMessageId = `<po-${po}@birchstone.example>`;
    const email = await forwardedAsAttachmentOrder({
      messageId: `<fwd-att-${po}@arflow.test>`, customerMessageId, customerEmail: 'Omar Haddad <omar@birchstone.example>',
      subject: `PO ${po} - restock`, body: `Hello,\n\nPlease ship on PO ${po}:\n\n- 40 x WID-200 stainless widgets\n- 12 x CBL-050 cable rolls\n- 5 boxes of FST-M8\n\nThanks, Omar`,
    });
    await desk.send(email.raw);
    const [ack] = await eventually(async () => { const acks = await ackFor(po)(); return acks.length ? acks : undefined; }, 'the acknowledgement');
    expect(ack!.inReplyTo).toBe(customerMessageId);
    expect(ack!.to && !Array.isArray(ack!.to) ? ack!.to.value[0]?.address : '').toBe('omar@birchstone.example');
    expect(ack!.cc && !Array.isArray(ack!.cc) ? ack!.cc.value[0]?.address : '').toBe('priya.nair@arflow.test');
    const order = await desk.db.order.findFirstOrThrow({ where: { poNumber: po }, include: { lines: { orderBy: { lineNumber: 'asc' } }, customer: true } });
    expect(order.customer.number).toBe('C-1002');
    expect(order.lines.map((l) => [l.sku, Number(l.quantity), l.unitOfMeasure])).toEqual([['WID-200', 40, 'EA'], ['CBL-050', 12, 'RL'], ['FST-M8', 5, 'BX']]);
    expect(order.totalMinor).toBe(40n * 1150n + 12n * 3999n + 5n * 1875n);
  });

  it('typed by a CSR for a customer with no order contact, is acknowledged to the CSR to pass on', async () => {
    const cobalt = await desk.db.customer.findUniqueOrThrow({ where: { number: 'C-1003' } });
    await desk.db.contact.updateMany({ where: { customerId: cobalt.id }, data: { roles: ['billing'] } });
    try {
      const po = `CM-${uniqueSuffix()}`;
      await desk.send((await typedOrder({ messageId: `<typed-${po}@arflow.test>`, subject: `Phone order ${po}`, text: `Customer #: C-1003\nPO Number: ${po}\n\nGSK-310 x 60\n` })).raw);
      const [ack] = await eventually(async () => { const acks = await ackFor(po)(); return acks.length ? acks : undefined; }, 'the acknowledgement');
      expect(ack!.to && !Array.isArray(ack!.to) ? ack!.to.value.map((a) => a.address) : []).toEqual(['carla.csr@arflow.test']);
      expect(ack!.text).toContain('60 EA x 6.12 USD = 367.20 USD');
    } finally {
      await desk.db.contact.updateMany({ where: { customerId: cobalt.id }, data: { roles: ['buyer', 'order', 'billing'] } });
    }
  });
});
