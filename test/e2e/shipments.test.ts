// From acknowledgement to invoice on the real stack: the warehouse's packing slip, mailed to the orders box,
// is matched to its order and reviewed against what was ordered; a backorder is invoiced as shipped (the
// invoice, numbered, with its PDF, reaches the customer's billing contact and goes under collections), an
// over-shipment waits for a person, and a supplier's invoice sent to the orders box is set aside.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { acmeShipment, globexInvoice, renderVendorInvoicePdf, type ShipmentDocument } from '../../demo/shipment-docs.js';
import { orderReference } from '../../activities/outbox.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { invoiceRequestFromReview, invoiceWorkflowId } from '../../domain/invoice-handoff.js';
import { invoiceWaitingShipments } from '../../runtime/invoice-backfill.js';
import { collectionsQuery } from '../../workflows/collections.js';
import { invoiceProgressQuery } from '../../workflows/invoice.js';
import { orderProgressQuery, resolveShipmentDiscrepancyUpdate } from '../../workflows/order.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { acknowledgedAcmeOrder as acknowledgedOrderOf, addresses, buildEmail, mailPackingSlip as mailSlip, pdfText } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('shipments'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

const build = buildEmail;
const acknowledgedAcmeOrder = () => acknowledgedOrderOf(desk);
const mailPackingSlip = (slip: ShipmentDocument, messageId: string) => mailSlip(desk, slip, messageId);

describe('a shipment confirmation in the orders mailbox', () => {
  it('with a backorder, is matched to its order by our reference and handed to invoicing for what shipped', async () => {
    const { po, order } = await acknowledgedAcmeOrder();
    const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
    await mailPackingSlip(slip, `<slip-${po}@arflow.test>`);

    const shipment = await eventually(async () => { const s = await desk.db.shipment.findFirst({ where: { orderId: order.id }, include: { lines: { orderBy: { lineNumber: 'asc' } } } }); return s?.status === 'invoiced' ? s : undefined; }, 'the shipment invoiced');
    expect(shipment.reference).toBe(slip.packingSlipNumber);
    expect(shipment.freightMinor).toBe(4500n);
    expect(shipment.lines.map((l) => [l.lineNumber, l.sku, l.quantity.toString()])).toEqual([[1, 'WID-100', '200'], [2, 'BRK-220', '1000']]);
    const request = await desk.db.auditEvent.findFirstOrThrow({ where: { action: 'invoice_requested', subjectId: shipment.id } });
    expect(request.data).toMatchObject({
      orderId: order.id, shipmentReference: slip.packingSlipNumber, customerNumber: 'C-1001', poNumber: po, currency: 'USD', freightMinor: 4500, requestedBy: 'arflow',
      lines: [{ sku: 'WID-100', quantityMilli: 200_000, unitPriceMinor: 425, amountMinor: 85_000 }, { sku: 'BRK-220', quantityMilli: 1_000_000, unitPriceMinor: 85, amountMinor: 85_000 }],
    });
    // The invoice (a child) marks the shipment invoiced while the order may not yet have taken its next step.
    const progress = await eventually(async () => { const p = await desk.temporal.workflow.getHandle(order.workflowId).query(orderProgressQuery); return p.step !== 'acknowledged' ? p : undefined; }, 'the order past the shipment');
    expect(progress.step).toBe('partly_shipped'); // 50 widgets on backorder
    // The inbound workflow records the email once it has handed the slip over, in parallel with the order's review.
    const inbound = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: `<slip-${po}@arflow.test>` } }); return r?.status === 'shipment_received' ? r : undefined; }, 'the slip email recorded');

    // The invoice: next number, goods as shipped plus freight as its own line, due on Acme's Net 30, to Acme's
    // billing contact (the sales rep copied) from the billing address, with its PDF.
    const invoice = await desk.db.invoice.findUniqueOrThrow({ where: { shipmentId: shipment.id }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
    expect(invoice.number).toMatch(/^INV-\d{6}$/);
    expect([invoice.subtotalMinor, invoice.freightMinor, invoice.totalMinor, invoice.openMinor]).toEqual([170_000n, 4_500n, 174_500n, 174_500n]);
    expect(invoice.lines.map((l) => [l.kind, l.sku, l.amountMinor])).toEqual([['item', 'WID-100', 85_000n], ['item', 'BRK-220', 85_000n], ['freight', null, 4_500n]]);
    expect((invoice.dueDate.getTime() - invoice.issueDate.getTime()) / 86_400_000).toBe(30);
    const mailed = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject?.startsWith(`Invoice ${invoice.number} for your PO ${po}`)), 'the invoice email');
    expect(mailed.subject).toBe(`Invoice ${invoice.number} for your PO ${po}: 1,745.00 USD due ${invoice.dueDate.toISOString().slice(0, 10)}`);
    expect([mailed.from?.value[0]?.address, addresses(mailed.to), addresses(mailed.cc)]).toEqual(['billing@arflow.test', ['ap@acme.example'], ['sam.reyes@arflow.test']]);
    expect(mailed.text).toContain('Lockbox 4410');
    // npm test's setup installs Chromium, which renders the PDF (a machine without it mails the invoice alone).
    const pdf = mailed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`Invoice-${invoice.number}.pdf`);
    const text = await pdfText(pdf!.content);
    for (const expected of [invoice.number, po, '1,745.00 USD', '45.00 USD', 'Lockbox 4410']) expect(text).toContain(expected);
    const invoiceHandle = desk.temporal.workflow.getHandle(invoiceWorkflowId('C-1001', slip.packingSlipNumber));
    const issued = await eventually(async () => { const p = await invoiceHandle.query(invoiceProgressQuery); return p.step === 'issued' ? p : undefined; }, 'the invoice workflow issued');
    expect(issued).toMatchObject({ invoiceNumber: invoice.number, openMinor: 174_500, delivery: 'email' });
    const collections = await eventually(async () => {
      const state = await desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1001')).query(collectionsQuery).catch(() => undefined);
      return state?.invoices.find((i) => i.number === invoice.number);
    }, 'the invoice under collections');
    expect(collections).toMatchObject({ dueDate: invoice.dueDate.toISOString().slice(0, 10), openMinor: 174_500, stepsTaken: [] });

    // The backorder ships: the order is complete, and its workflow hands the rest to invoicing and ends.
    const rest = { ...slip, packingSlipNumber: `${slip.packingSlipNumber}-2`, freight: '12.00', lines: [{ ...slip.lines[0]!, shipped: '50', backordered: '0' }] };
    await mailPackingSlip(rest, `<slip2-${po}@arflow.test>`);
    expect(await desk.temporal.workflow.getHandle(order.workflowId).result()).toMatchObject({ step: 'shipped', shipments: [{ reference: slip.packingSlipNumber, outcome: 'invoice_requested' }, { reference: rest.packingSlipNumber, outcome: 'invoice_requested' }] });
    // Shipped whole and every shipment invoiced: the order is invoiced.
    await eventually(async () => (await desk.db.order.findUniqueOrThrow({ where: { id: order.id } })).status === 'invoiced', 'the order invoiced');
    const second = await desk.db.invoice.findUniqueOrThrow({ where: { workflowId: invoiceWorkflowId('C-1001', rest.packingSlipNumber) } });
    expect(Number(second.number.slice(4))).toBeGreaterThan(Number(invoice.number.slice(4)));
    expect(second.totalMinor).toBe(50n * 425n + 1_200n);

    for (const [name, id] of [['order-invoiced', order.workflowId], ['inbound-email-shipment', inbound.workflowId], ['invoice-issued', invoiceHandle.workflowId], ['collections-opened', collectionsWorkflowId('C-1001')]] as const) {
      const history = await desk.temporal.workflow.getHandle(id).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, id);
      recordHistory(name, history);
    }
  });

  it('shipping more than was ordered waits for a person, who invoices what nobody questions', async () => {
    const { po, order } = await acknowledgedAcmeOrder();
    const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
    slip.lines = [{ ...slip.lines[0]!, shipped: '300', backordered: '0' }, slip.lines[1]!];
    await mailPackingSlip(slip, `<over-${po}@arflow.test>`);
    const handle = desk.temporal.workflow.getHandle(order.workflowId);
    const waiting = await eventually(async () => { const p = await handle.query(orderProgressQuery); return p.step === 'shipment_discrepancy' ? p : undefined; }, 'the discrepancy');
    expect(waiting.shipmentFindings!.join(' ')).toMatch(/WID-100/);
    const notice = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `Shipment ${slip.packingSlipNumber} does not match PO ${po} (C-1001)`), 'the discrepancy notice');
    expect(notice.text).toContain('resolveShipmentDiscrepancy');
    await expect(handle.executeUpdate(resolveShipmentDiscrepancyUpdate, { args: [{ by: 'dana.lead@arflow.test', decision: 'invoice_undisputed', reason: '' }] })).rejects.toMatchObject({ cause: { message: 'a shipment decision needs a reason' } });
    const after = await handle.executeUpdate(resolveShipmentDiscrepancyUpdate, { args: [{ by: 'dana.lead@arflow.test', decision: 'invoice_undisputed', reason: 'bill the 250 ordered; the 50 extra go back' }] });
    expect(after.shipments).toEqual([{ reference: slip.packingSlipNumber, outcome: 'invoice_requested' }]);
    const shipment = await desk.db.shipment.findFirstOrThrow({ where: { orderId: order.id } });
    const request = await desk.db.auditEvent.findFirstOrThrow({ where: { action: 'invoice_requested', subjectId: shipment.id } });
    expect(request.actor).toBe('dana.lead@arflow.test');
    expect((request.data as { lines: { sku: string; quantityMilli: number }[] }).lines.map((l) => [l.sku, l.quantityMilli])).toEqual([['WID-100', 250_000], ['BRK-220', 1_000_000]]);
  });

  it('handed to invoicing before invoice workflows existed is invoiced at the next start, once', async () => {
    const { po, order } = await acknowledgedAcmeOrder();
    // As an order workflow from before the 'invoice-workflow' patch left it: accepted, its request recorded, no invoice.
    const shipment = await desk.db.shipment.create({ data: { orderId: order.id, reference: `PS-OLD-${uniqueSuffix()}`, shippedAt: new Date('2026-11-20T00:00:00Z'), status: 'accepted' } });
    const request = invoiceRequestFromReview({
      order: { id: order.id, customerNumber: 'C-1001', poNumber: po, currency: 'USD' }, shipment: { id: shipment.id, reference: shipment.reference, shippedAt: '2026-11-20' },
      released: { invoiceLines: [{ orderLineNumber: 1, sku: 'WID-100', description: 'Steel widget', unitOfMeasure: 'EA', quantityMilli: 10_000, unitPriceMinor: 425, amountMinor: 4_250 }], freightMinor: 0 }, requestedBy: 'arflow',
    });
    await desk.db.auditEvent.create({ data: { actor: 'arflow', action: 'invoice_requested', subjectType: 'shipment', subjectId: shipment.id, data: request } });
    const first = await invoiceWaitingShipments({ db: desk.db, temporal: desk.temporal, taskQueue: desk.taskQueue });
    expect(first.started).toEqual([invoiceWorkflowId('C-1001', shipment.reference)]);
    const invoice = await eventually(async () => (await desk.db.invoice.findUnique({ where: { shipmentId: shipment.id } })) ?? undefined, 'the late invoice');
    expect(invoice.totalMinor).toBe(4_250n);
    await eventually(async () => (await desk.db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).status === 'invoiced', 'the shipment invoiced');
    expect((await invoiceWaitingShipments({ db: desk.db, temporal: desk.temporal, taskQueue: desk.taskQueue })).started).toEqual([]);
  });

  it("that is really a supplier's invoice is quarantined for accounts payable, not read as an order", async () => {
    const id = `<inv-${uniqueSuffix()}@arflow.test>`;
    await desk.send(await build({
      from: 'Carla Chen <carla.csr@arflow.test>', to: 'orders@arflow.test', subject: 'Fwd: Invoice', messageId: id, text: 'This came to me, not sure what it is.',
      attachments: [{ filename: 'GLX-INV-5521.pdf', content: await renderVendorInvoicePdf(globexInvoice()), contentType: 'application/pdf' }],
    }));
    const row = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: id } }); return r?.status === 'quarantined' ? r : undefined; }, 'the invoice quarantined');
    expect(row.quarantineCode).toBe('vendor_invoice');
    expect(row.quarantineReason).toMatch(/^GLX-INV-5521\.pdf is a supplier's invoice, not a customer's purchase order \(.+\)\. Forward it to accounts payable\.$/);
  });
});
