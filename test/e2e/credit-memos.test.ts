// Credit memos on the real stack: an AR clerk credits a small amount at once; a larger one waits for an
// AR lead (the asker may not approve their own, a CSR may not decide at all), and once approved it settles
// the customer's dispute, lowers what collections chase, and reaches the customer's billing contact.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderReference } from '../../activities/outbox.js';
import { acmeShipment } from '../../demo/shipment-docs.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { invoiceWorkflowId } from '../../domain/invoice-handoff.js';
import { collectionsQuery, recordDisputeUpdate } from '../../workflows/collections.js';
import { decideCreditMemoUpdate, invoiceProgressQuery, requestCreditMemoUpdate } from '../../workflows/invoice.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { acknowledgedAcmeOrder, addresses, mailPackingSlip } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('credit_memos'); });
afterAll(async () => { await desk?.stop(); });

const refusal = (why: string) => ({ cause: { message: why } });

describe('a credit memo', () => {
  it('up to the threshold is issued by a clerk at once; above it waits for an AR lead, settles the dispute, and lowers what is chased', async () => {
    const { po, order } = await acknowledgedAcmeOrder(desk);
    const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
    await mailPackingSlip(desk, slip, `<slip-${po}@arflow.test>`);
    const invoice = await eventually(async () => { const i = await desk.db.invoice.findFirst({ where: { orderId: order.id } }); return i?.status === 'issued' ? i : undefined; }, 'the invoice issued');
    const handle = desk.temporal.workflow.getHandle(invoiceWorkflowId('C-1001', slip.packingSlipNumber));
    const collections = desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1001'));
    await eventually(async () => (await collections.query(collectionsQuery).catch(() => undefined))?.invoices.some((i) => i.number === invoice.number), 'under collections');
    expect(invoice.totalMinor).toBe(174_500n);

    // 50.00 by the clerk: within the desk's own threshold, issued at once.
    await expect(handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 5_000, reason: 'x', by: 'amy.clerk@arflow.test' }] })).rejects.toMatchObject(refusal('a credit memo needs its reason'));
    await expect(handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 5_000, reason: 'price error', by: 'carla.csr@arflow.test' }] })).rejects.toMatchObject(refusal('carla.csr@arflow.test may not issue credit memos; it takes one of: ar_clerk, ar_lead, controller'));
    await expect(handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 200_000, reason: 'price error', by: 'amy.clerk@arflow.test' }] })).rejects.toMatchObject(refusal('2,000.00 USD is more than the 1,745.00 USD still open on the invoice'));
    const small = await handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 5_000, reason: 'freight overcharged', by: 'amy.clerk@arflow.test' }] });
    expect(small).toMatchObject({ status: 'issued', number: expect.stringMatching(/^CM-\d{6}$/), openMinor: 169_500 });

    // Acme disputes 300.00; the clerk asks for a 300.00 credit memo, which needs an AR lead.
    await collections.executeUpdate(recordDisputeUpdate, { args: [{ invoiceNumber: invoice.number, amountMinor: 30_000, by: 'amy.clerk@arflow.test', reason: 'ten brackets bent in transit' }] });
    const waiting = await handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 30_000, reason: 'ten brackets bent in transit', by: 'amy.clerk@arflow.test' }] });
    expect(waiting).toMatchObject({ status: 'awaiting_approval', approvers: ['dana.lead@arflow.test', 'victor.controller@arflow.test'] });
    expect((await handle.query(invoiceProgressQuery)).pendingCreditMemo).toMatchObject({ amountMinor: 30_000 });
    const ask = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `Credit memo to approve: 300.00 USD on ${invoice.number} (C-1001)`), 'the approval request to the AR leads');
    expect(ask.text).toContain('decideCreditMemo');
    await expect(handle.executeUpdate(decideCreditMemoUpdate, { args: [{ decision: 'approve', by: 'carla.csr@arflow.test', reason: 'fine' }] })).rejects.toMatchObject(refusal('carla.csr@arflow.test may not decide credit memos; it takes one of: ar_lead, controller'));
    const approved = await handle.executeUpdate(decideCreditMemoUpdate, { args: [{ decision: 'approve', by: 'dana.lead@arflow.test', reason: 'photos confirm the damage' }] });
    expect(approved).toMatchObject({ status: 'issued', openMinor: 139_500 });

    // The dispute is settled by it, collections chase the new balance with nothing in dispute, and Acme is told.
    const dispute = await desk.db.dispute.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(dispute.status).toBe('resolved');
    expect(await desk.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ openMinor: 139_500n, status: 'partially_paid' });
    await eventually(async () => {
      const mine = (await collections.query(collectionsQuery)).invoices.find((i) => i.number === invoice.number);
      return mine?.openMinor === 139_500 && mine.disputedMinor === 0;
    }, 'collections following the credit');
    const memos = await desk.db.creditMemo.findMany({ where: { invoiceId: invoice.id }, orderBy: { createdAt: 'asc' } });
    expect(memos.map((m) => [m.amountMinor, m.requestedBy, m.approvedBy])).toEqual([[5_000n, 'amy.clerk@arflow.test', 'amy.clerk@arflow.test'], [30_000n, 'amy.clerk@arflow.test', 'dana.lead@arflow.test']]);
    const toAcme = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `Credit memo ${memos[1]!.number} for invoice ${invoice.number} (your PO ${po}): 300.00 USD`), 'the credit memo to Acme');
    expect(addresses(toAcme.to)).toEqual(['ap@acme.example']);
    expect(toAcme.text).toContain(`The balance of invoice ${invoice.number} is now 1,395.00 USD.`);
    const approval = await desk.db.approval.findFirstOrThrow({ where: { kind: 'credit_memo', workflowId: handle.workflowId } });
    expect(approval).toMatchObject({ status: 'approved', decidedBy: 'dana.lead@arflow.test' });

    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, handle.workflowId);
    recordHistory('invoice-credit-memo', history);
  });
});
