// Service tickets on the real stack: the field-service system mails its CSV export to the billing box;
// the tickets are imported once; a stale one shows on the report; the month-end run bills each customer's
// tickets on one invoice (a late ticket of an earlier month with them), and a second run bills nothing.
// A feed with a wrong row is rejected whole, and one from outside our domain is not taken.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invoiceWorkflowId } from '../../domain/invoice-handoff.js';
import { staleServiceTickets } from '../../reports/receivables.js';
import { serviceBillingWorkflow } from '../../workflows/service-billing.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { addresses, buildEmail } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('service_tickets'); });
afterAll(async () => { await desk?.stop(); });

async function mailFeed(from: string, csv: string) {
  const messageId = `<tickets-${uniqueSuffix()}@arflow.test>`;
  await desk.send(await buildEmail({ from, to: 'billing@arflow.test', subject: 'Service tickets export', messageId, text: 'Export attached.', attachments: [{ filename: 'tickets.csv', content: csv, contentType: 'text/csv' }] }), 'billing@arflow.test');
  return eventually(async () => { const m = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: messageId } }); return m && m.status !== 'received' ? m : undefined; }, 'the feed handled');
}

// The IDs the month-end run gives the invoices: customer and TICKETS-<period>, as any shipment's would be.
const ACME_ID = invoiceWorkflowId('C-1001', 'TICKETS-2026-11');
const BIRCH_ID = invoiceWorkflowId('C-1002', 'TICKETS-2026-11');

const FEED = `Ticket,Customer,Date,Description,Hours,Rate,Amount,PO
T-1001,C-1001,2026-11-03,"Repair conveyor, replaced belt",2.5,95.00,237.50,WO-77
T-1002,C-1001,2026-11-17,Preventive maintenance,1.5,95.00,142.50,WO-77
T-1003,C-1002,2026-11-20,Calibration,1,120.00,120.00,
T-1004,C-1001,2026-09-02,Emergency call-out,3,150.00,450.00,WO-77
`;

describe('service tickets', () => {
  it('mailed by the field-service system are imported once, and billed at month end per customer, once', async () => {
    const imported = await mailFeed('Field Service <fieldservice@arflow.test>', FEED);
    expect(imported.status).toBe('tickets_imported');
    expect(imported.quarantineReason).toBe('tickets.csv: 4 service ticket(s) imported, 0 already known');
    const again = await mailFeed('Field Service <fieldservice@arflow.test>', FEED);
    expect(again.quarantineReason).toBe('tickets.csv: 0 service ticket(s) imported, 4 already known');
    expect(await desk.db.serviceTicket.count()).toBe(4);
    expect((await staleServiceTickets(desk.db, new Date().toISOString().slice(0, 10), 45)).map((t) => t.ticketNumber)).toContain('T-1004');

    const runs: string[] = [];
    const run = () => { const workflowId = `service-billing-test-${uniqueSuffix()}`; runs.push(workflowId); return desk.temporal.workflow.execute(serviceBillingWorkflow, { taskQueue: desk.taskQueue, workflowId, args: [{ period: '2026-11' }] }); };
    const billed = await run();
    const history = await desk.temporal.workflow.getHandle(runs[0]!).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, runs[0]!);
    recordHistory('service-billing', history);
    expect(billed).toEqual({ period: '2026-11', invoices: [ACME_ID, BIRCH_ID], alreadyInvoiced: [] });
    const acme = await eventually(async () => { const i = await desk.db.invoice.findUnique({ where: { workflowId: ACME_ID }, include: { lines: { orderBy: { lineNumber: 'asc' } } } }); return i?.status === 'issued' ? i : undefined; }, "Acme's service invoice issued");
    expect([acme.poNumber, acme.totalMinor, acme.orderId, acme.shipmentId]).toEqual(['WO-77', 83_000n, null, null]);
    expect(acme.lines.map((l) => [l.sku, l.amountMinor, l.description.slice(0, 16)])).toEqual([['SERVICE', 45_000n, 'T-1004 2026-09-0'], ['SERVICE', 23_750n, 'T-1001 2026-11-0'], ['SERVICE', 14_250n, 'T-1002 2026-11-1']]);
    const mail = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject?.startsWith(`Invoice ${acme.number} for your PO WO-77: 830.00 USD`)), 'the service invoice mailed');
    expect(addresses(mail.to)).toEqual(['ap@acme.example']);
    expect(mail.text).toContain('service work from 2026-09-02 to 2026-11-17 (3 tickets)');
    const birch = await eventually(async () => (await desk.db.invoice.findUnique({ where: { workflowId: BIRCH_ID } })) ?? undefined, "Birch's service invoice");
    expect([birch.poNumber, birch.totalMinor]).toEqual(['SERVICE 2026-11', 12_000n]);
    expect(await desk.db.serviceTicket.count({ where: { invoiceId: null } })).toBe(0);
    expect(await staleServiceTickets(desk.db, new Date().toISOString().slice(0, 10), 45)).toEqual([]);

    expect(await run()).toEqual({ period: '2026-11', invoices: [], alreadyInvoiced: [] });
  });

  it('with a wrong row is rejected whole, every problem named; from outside our domain it is not taken', async () => {
    const bad = await mailFeed('Field Service <fieldservice@arflow.test>', 'Ticket,Customer,Date,Description,Hours,Rate\nT-2001,C-1001,2026-11-05,Install,2,95.00\nT-2002,C-9999,2026-11-06,Install,x,95.00\n');
    expect(bad.status).toBe('billing_reply_review');
    expect(bad.quarantineReason).toMatch(/tickets\.csv was not imported .*row 2: Hours "x" is not a number/);
    expect(await desk.db.serviceTicket.count({ where: { ticketNumber: { startsWith: 'T-200' } } })).toBe(0);
    const notice = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === 'Service ticket feed not imported: tickets.csv'), 'the billing desk told');
    expect(notice.text).toContain('row 2: Hours "x" is not a number');

    const outside = await mailFeed('Someone <someone@elsewhere.example>', FEED.replace(/T-100/g, 'T-300'));
    expect(outside.quarantineReason).toMatch(/came from someone@elsewhere\.example, not one of our own addresses/);
    expect(await desk.db.serviceTicket.count({ where: { ticketNumber: { startsWith: 'T-300' } } })).toBe(0);
  });
});
