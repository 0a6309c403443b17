// The W-9 and payment instructions packet sent without being asked: with a customer's first invoice
// (once), and to every customer when the remit-to details change (once per version), on the real stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderReference } from '../../activities/outbox.js';
import { acmeShipment } from '../../demo/shipment-docs.js';
import { formatAging, receivablesAging, w9PacketDeliveries } from '../../reports/receivables.js';
import { announceRemitToChange } from '../../runtime/remit-to-watch.js';
import { eventually, SETTINGS, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { acknowledgedAcmeOrder, addresses, mailPackingSlip } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('w9_packets'); });
afterAll(async () => { await desk?.stop(); });

async function invoiceAcme() {
  const { po, order } = await acknowledgedAcmeOrder(desk);
  const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
  await mailPackingSlip(desk, slip, `<slip-${po}@arflow.test>`);
  return eventually(async () => { const i = await desk.db.invoice.findFirst({ where: { orderId: order.id } }); return i?.status === 'issued' ? i : undefined; }, 'the invoice issued');
}

const packetsTo = async (customerNumber: string) => {
  const customer = await desk.db.customer.findUniqueOrThrow({ where: { number: customerNumber } });
  return desk.db.outboundMessage.findMany({ where: { customerId: customer.id, kind: 'w9_packet' }, orderBy: { createdAt: 'asc' } });
};

describe('the W-9 packet', () => {
  it("goes with a customer's first invoice, and not with the next", async () => {
    await invoiceAcme();
    const first = await eventually(async () => { const p = await packetsTo('C-1001'); return p[0]?.status === 'sent' ? p : undefined; }, 'the first packet sent');
    expect(first.map((p) => [p.idempotencyKey, p.toAddresses])).toEqual([['w9-packet:first:C-1001', ['ap@acme.example']]]);
    const mail = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === 'Northwind Components: W-9 and payment instructions'), 'the packet mailed');
    expect([addresses(mail.to), mail.attachments.map((a) => a.filename)]).toEqual([['ap@acme.example'], ['Northwind-Components-W-9.pdf']]);
    expect(mail.text).toContain('Lockbox 4410');

    const second = await invoiceAcme();
    await eventually(async () => (await desk.db.auditEvent.findFirst({ where: { action: 'invoice_issued', subjectId: second.number } })) ?? undefined, 'the second invoice issued');
    // The packet step comes right after issuing: once the second invoice's workflow has run it, no second packet.
    const secondRun = desk.temporal.workflow.getHandle(second.workflowId);
    await eventually(async () => {
      const events = (await secondRun.fetchHistory()).events ?? [];
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'composeW9PacketFor');
      return scheduled !== undefined && events.some((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled.eventId));
    }, 'the second invoice past its packet step');
    expect(await packetsTo('C-1001')).toHaveLength(1);
  });

  it('goes to every customer with a billing contact when the remit-to details change, once per version', async () => {
    const options = { db: desk.db, temporal: desk.temporal, taskQueue: desk.taskQueue };
    // The first start records what the details are; nothing has changed, so nobody is told, twice over.
    expect(await announceRemitToChange({ ...options, settings: SETTINGS })).toMatchObject({ announced: false });
    expect(await announceRemitToChange({ ...options, settings: SETTINGS })).toMatchObject({ announced: false });
    const changed = { ...SETTINGS, remitTo: 'Northwind Components, Lockbox 5520, PO Box 11111, Chicago IL 60690' };
    const { version, announced, workflowId } = await announceRemitToChange({ ...options, settings: changed });
    expect(announced).toBe(true);
    const result = await desk.temporal.workflow.getHandle(workflowId!).result();
    expect(result).toEqual({ sent: 3, skipped: [] });
    for (const [customer, to] of [['C-1001', ['ap@acme.example']], ['C-1002', ['payables@birchstone.example']], ['C-1003', ['lena.ortiz@cobaltmarine.example']]] as const) {
      const packets = await packetsTo(customer);
      expect(packets.filter((p) => p.idempotencyKey.startsWith('w9-packet:remit:') && p.idempotencyKey.endsWith(`-${version}:${customer}`)).map((p) => [p.toAddresses, p.status])).toEqual([[to, 'sent']]);
    }
    expect(await announceRemitToChange({ ...options, settings: changed })).toMatchObject({ announced: false, version });
    // Changed back: a change of its own, announced again.
    const back = await announceRemitToChange({ ...options, settings: SETTINGS });
    expect(back.announced).toBe(true);
    expect(await desk.temporal.workflow.getHandle(back.workflowId!).result()).toEqual({ sent: 3, skipped: [] });

    // The desk's reports: who has had what, and the receivables by age (Acme's two invoices, not yet due).
    const deliveries = await w9PacketDeliveries(desk.db);
    expect(deliveries.find((d) => d.customerNumber === 'C-1001')!.packets.map((p) => [p.occasion, p.to, p.sentAt !== null])).toEqual([['remit-to change', ['ap@acme.example'], true], ['remit-to change', ['ap@acme.example'], true], ['first invoice', ['ap@acme.example'], true]]);
    const aging = await receivablesAging(desk.db, new Date().toISOString().slice(0, 10));
    expect(aging.rows.map((r) => [r.customerNumber, r.buckets.current, r.totalMinor])).toEqual([['C-1001', 349_000, 349_000]]);
    expect(formatAging(aging)).toMatch(/C-1001 Acme Fabrication Inc\.\s+3,490\.00 USD/);
  });
});
