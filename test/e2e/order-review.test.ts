// The order desk's review loop and credit hold on the real stack (SMTP → Dovecot → ingester → Temporal →
// PostgreSQL): a PO with problems becomes questions to the CSR who forwarded it; the CSR's reply resumes
// the order; an order over the credit line waits for an AR lead whose approval limit covers it.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { acmePo, forwardedPdfOrder, replyTo, typedOrder } from '../../demo/emails.js';
import { amendOrderUpdate, answerReviewQuestionsUpdate, cancelOrderUpdate, decideCreditHoldUpdate, orderProgressQuery, type OrderProgress } from '../../workflows/order.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('order_review'); });
afterAll(async () => { await desk?.stop(); });
beforeEach(async () => { await desk.emptyMailboxes(); });

const addresses = (field: unknown) => (field && !Array.isArray(field) ? (field as { value: { address?: string }[] }).value.map((a) => a.address) : []);
const mailTo = (address: string, subjectPart: string) => async () =>
  (await desk.messages('catchall')).filter((m) => m.subject?.includes(subjectPart) && addresses(m.to).includes(address));
const orderOf = (po: string) => desk.db.order.findFirstOrThrow({ where: { poNumber: po }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
async function progressOf(po: string, step: string): Promise<OrderProgress> {
  const order = await eventually(async () => (await desk.db.order.findFirst({ where: { poNumber: po } })) ?? undefined, `order ${po}`);
  const handle = desk.temporal.workflow.getHandle(order!.workflowId);
  return eventually(async () => { const p = await handle.query(orderProgressQuery).catch(() => undefined); return p?.step === step ? p : undefined; }, `order ${po} at step ${step}`);
}

describe('a PO with problems', () => {
  it('becomes threaded questions to the CSR, and the CSR\'s plain-words reply gets it entered and acknowledged', async () => {
    const po = `RV-${uniqueSuffix()}`;
    const forward = await typedOrder({
      messageId: `<rv-${po}@arflow.test>`, subject: `Acme order ${po}`,
      text: `Customer #: C-1001\nPO Number: ${po}\n\nWID-1OO x 10\nBRK-220 x 100 @ 0.99\n`,
    });
    await desk.send(forward.raw);

    // Questions go to the CSR who forwarded it, in the thread of her forward; nothing goes to the customer yet.
    const [questions] = await eventually(async () => { const m = await mailTo('carla.csr@arflow.test', `Questions on PO ${po}`)(); return m.length ? m : undefined; }, 'the questions to the CSR');
    expect(questions!.inReplyTo).toBe(forward.messageId);
    expect(questions!.subject).toMatch(new RegExp(`^Questions on PO ${po} from Acme Fabrication Inc\\. \\(C-1001\\) \\[SO-[0-9A-F]{8}\\]$`));
    expect(questions!.text).toContain('1. Line 1: item "WID-1OO" is not in our catalogue. Which item is it?');
    expect(questions!.text).toContain("2. Line 2: the PO's unit price for BRK-220 is 0.99 USD, our price list says 0.85 USD. Which price applies?");
    const waiting = await progressOf(po, 'in_review');
    expect(waiting.openQuestions).toHaveLength(2);
    const inReview = await orderOf(po);
    expect(inReview.status).toBe('in_review');
    expect(inReview.lines).toEqual([]); // never entered short a line
    expect((await desk.messages('catchall')).filter((m) => addresses(m.to).includes('jane.buyer@acme.example'))).toEqual([]);

    // A first answer settles one question and says something the desk cannot read: it asks again, saying so.
    const first = await replyTo({ messageId: questions!.messageId!, references: [questions!.inReplyTo!], subject: questions!.subject!, text: questions!.text },
      { messageId: `<rv-a1-${po}@arflow.test>`, from: 'Carla Chen <carla.csr@arflow.test>', text: 'Hi,\n\nline 2 list price\nline 1 is the zinc one\n\nThanks,\nCarla' });
    await desk.send(first.raw);
    const round2 = await eventually(async () => (await mailTo('carla.csr@arflow.test', `Question on PO ${po}`)()).find((m) => m.inReplyTo === first.messageId), 'the second round of questions');
    expect(round2.text).toContain("line 2: our list price");
    expect(round2.text).toContain('We did not understand:\n- "line 1 is the zinc one"');
    expect(round2.text).toContain('1. Line 1: item "WID-1OO" is not in our catalogue.');
    expect(round2.text).not.toContain('BRK-220 is 0.99 USD');

    // The answer can also come through the console (the answerReviewQuestions Update), by the same words.
    const handle = desk.temporal.workflow.getHandle(inReview.workflowId);
    await expect(handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'carla.csr@arflow.test', answer: '   ' }] })).rejects.toMatchObject({ cause: { message: 'the answer is empty' } });
    const after = await handle.executeUpdate(answerReviewQuestionsUpdate, { args: [{ by: 'carla.csr@arflow.test', answer: 'line 1 item WID-100' }] });
    expect(after.openQuestions).toEqual([]);

    const [ack] = await eventually(async () => { const m = await mailTo('jane.buyer@acme.example', `PO ${po}`)(); return m.length ? m : undefined; }, 'the acknowledgement to the customer');
    expect(ack!.text).toContain('WID-100');
    const entered = await eventually(async () => { const o = await orderOf(po); return o.status === 'acknowledged' ? o : undefined; }, 'the order acknowledged');
    expect(entered.lines.map((l) => [l.sku, l.quantity.toString(), l.unitPriceMinor])).toEqual([['WID-100', '10', 425n], ['BRK-220', '100', 85n]]);
    expect(entered.totalMinor).toBe(4250n + 8500n);
    expect(entered.scheduledAt).not.toBeNull();

    // The reply was handed to the order and filed; who answered what is in the audit log.
    const reply = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: first.messageId } }); return r?.status === 'reply_routed' ? r : undefined; }, 'the reply recorded');
    expect(reply.routedToWorkflow).toBe(inReview.workflowId);
    await eventually(async () => (await desk.messages('orders', 'Processed')).some((m) => m.messageId === first.messageId), 'the reply filed in Processed');
    const answered = await desk.db.auditEvent.findMany({ where: { subjectId: entered.id, action: 'order_questions_answered' }, orderBy: { id: 'asc' } });
    expect(answered.map((a) => a.actor)).toEqual(['carla.csr@arflow.test', 'carla.csr@arflow.test']);

    for (const [name, h] of [['order-review', handle], ['inbound-email-reply', desk.temporal.workflow.getHandle(reply.workflowId)]] as const) {
      const history = await h.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, h.workflowId);
      recordHistory(name, history);
    }
  });

  it('does not take answers from someone who was not asked', async () => {
    const po = `RX-${uniqueSuffix()}`;
    const forward = await typedOrder({ messageId: `<rx-${po}@arflow.test>`, subject: `Order ${po}`, text: `Customer #: C-1002\nPO Number: ${po}\n\nNOPE-1 x 3\n` });
    await desk.send(forward.raw);
    const [questions] = await eventually(async () => { const m = await mailTo('carla.csr@arflow.test', `Question on PO ${po}`)(); return m.length ? m : undefined; }, 'the question');
    const forged = await replyTo({ messageId: questions!.messageId!, subject: questions!.subject! }, { messageId: `<rx-f-${po}@evil.example>`, from: 'omar@birchstone.example', text: 'cancel order: not needed' });
    await desk.send(forged.raw);
    const row = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: forged.messageId } }); return r?.status === 'quarantined' ? r : undefined; }, 'the reply quarantined');
    expect(row.quarantineCode).toBe('unauthorised_reply');
    expect(row.quarantineReason).toBe(`omar@birchstone.example replied to our questions about PO ${po}, but they were asked of carla.csr@arflow.test. Only they or a colleague may answer; forward the reply to one of them.`);
    expect((await progressOf(po, 'in_review')).step).toBe('in_review');
    // The CSR cancels it in her own reply.
    const cancel = await replyTo({ messageId: questions!.messageId!, subject: questions!.subject! }, { messageId: `<rx-c-${po}@arflow.test>`, from: 'carla.csr@arflow.test', text: 'Cancel this order: customer ordered the wrong part' });
    await desk.send(cancel.raw);
    await eventually(async () => (await orderOf(po)).status === 'cancelled', 'the order cancelled');
    expect(await desk.db.auditEvent.findFirst({ where: { action: 'order_cancelled', subjectId: (await orderOf(po)).id } })).toMatchObject({ actor: 'carla.csr@arflow.test', data: { reason: 'customer ordered the wrong part' } });
  });
});

describe('an order over the credit line', () => {
  it('waits on credit hold; an AR lead above her limit is refused at the door, a controller releases it', async () => {
    const po = `CH-${uniqueSuffix()}`;
    // Cobalt Marine's limit is 10,000.00 USD; 3,000 x WID-200 at 11.50 is 34,500.00 USD.
    await desk.send((await typedOrder({ messageId: `<ch-${po}@arflow.test>`, subject: `Cobalt order ${po}`, text: `Customer #: C-1003\nPO Number: ${po}\n\nWID-200 x 3000\n` })).raw);
    const held = await progressOf(po, 'credit_hold');
    expect(held.creditHold).toMatchObject({ amountToApproveMinor: 3_450_000, currency: 'USD', decision: null });
    expect(held.creditHold!.reasons[0]).toContain('is over the credit limit of 10,000.00 USD by 24,500.00 USD');
    const [notice] = await eventually(async () => { const m = await mailTo('dana.lead@arflow.test', `Credit hold: PO ${po}`)(); return m.length ? m : undefined; }, 'the credit hold notice to the AR leads');
    expect(addresses(notice!.to).sort()).toEqual(['dana.lead@arflow.test', 'victor.controller@arflow.test']);
    expect(notice!.text).toContain('Approvers whose limit covers 34,500.00 USD: Victor Lang.');
    expect((await orderOf(po)).status).toBe('credit_hold');
    const approval = await desk.db.approval.findFirstOrThrow({ where: { kind: 'credit_hold', subjectId: (await orderOf(po)).id } });
    expect(approval).toMatchObject({ status: 'pending', amountMinor: 3_450_000n, updateName: 'decideCreditHold' });

    const handle = desk.temporal.workflow.getHandle((await orderOf(po)).workflowId);
    const refused = (by: string, reason = 'good customer, paid on time') => handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by, decision: 'release', reason }] });
    await expect(refused('dana.lead@arflow.test')).rejects.toMatchObject({ cause: { message: "34,500.00 USD is above Dana Brooks's approval limit of 25,000.00 USD; it needs someone with a higher limit" } });
    await expect(refused('carla.csr@arflow.test')).rejects.toMatchObject({ cause: { message: 'Carla Chen (csr) may not decide this; it takes one of: ar_lead, controller' } });
    await expect(refused('victor.controller@arflow.test', '')).rejects.toMatchObject({ cause: { message: 'a credit decision needs a reason' } });
    // Refused decisions change nothing.
    expect((await handle.query(orderProgressQuery)).step).toBe('credit_hold');

    const released = await handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'victor.controller@arflow.test', decision: 'release', reason: 'seasonal stock-up, paid on time for 6 years' }] });
    expect(released.creditHold).toMatchObject({ decision: 'release', decidedBy: 'victor.controller@arflow.test' });
    await eventually(async () => (await orderOf(po)).status === 'acknowledged', 'the released order acknowledged');
    // The row is written by an activity; the workflow takes the order as acknowledged in its next task.
    await progressOf(po, 'acknowledged');
    expect(await desk.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'approved', decidedBy: 'victor.controller@arflow.test', reason: 'seasonal stock-up, paid on time for 6 years' });
    expect(await desk.db.auditEvent.findFirst({ where: { action: 'credit_hold_approved', subjectId: approval.subjectId } })).toMatchObject({ actor: 'victor.controller@arflow.test' });
    // A second decision is refused by the validator: the hold is over.
    await expect(refused('victor.controller@arflow.test')).rejects.toMatchObject({ cause: { message: 'the order is not on credit hold (it is acknowledged)' } });

    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, handle.workflowId);
    recordHistory('order-credit-hold', history);
  });

  it('rejected by an AR lead, is cancelled and never acknowledged', async () => {
    const po = `CR-${uniqueSuffix()}`;
    await desk.send((await typedOrder({ messageId: `<cr-${po}@arflow.test>`, subject: `Cobalt order ${po}`, text: `Customer #: C-1003\nPO Number: ${po}\n\nGSK-310 x 2000\n` })).raw);
    await progressOf(po, 'credit_hold');
    const handle = desk.temporal.workflow.getHandle((await orderOf(po)).workflowId);
    await handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'dana.lead@arflow.test', decision: 'reject', reason: 'two invoices in dispute; prepay only' }] });
    expect(await handle.result()).toMatchObject({ step: 'cancelled', cancelledBy: 'dana.lead@arflow.test' });
    expect((await orderOf(po)).status).toBe('cancelled');
    expect((await desk.messages('catchall')).filter((m) => m.subject?.includes(`PO ${po}`) && /acknowledg/i.test(m.subject ?? ''))).toEqual([]);
    await expect(handle.executeUpdate(cancelOrderUpdate, { args: [{ by: 'dana.lead@arflow.test', reason: 'again' }] })).rejects.toThrow(/already completed/);
  });
});

describe('a change to an acknowledged order', () => {
  it('becomes its next revision with a revised acknowledgement, by the console or by a colleague replying on the thread', async () => {
    const po = `AM${uniqueSuffix()}`;
    await desk.send((await forwardedPdfOrder(acmePo(po), { messageId: `<am-${po}@arflow.test>` })).raw);
    const [first] = await eventually(async () => { const m = await mailTo('jane.buyer@acme.example', `PO ${po}`)(); return m.length ? m : undefined; }, 'the acknowledgement');
    const order = await eventually(async () => { const o = await orderOf(po); return o.status === 'acknowledged' ? o : undefined; }, 'the order acknowledged');
    const handle = desk.temporal.workflow.getHandle(order.workflowId);
    await progressOf(po, 'acknowledged'); // the workflow itself, a task after the row

    // A change the desk cannot apply is refused whole, with the reason.
    await expect(handle.executeUpdate(amendOrderUpdate, { args: [{ by: 'carla.csr@arflow.test', changes: 'line 9 qty 3' }] }))
      .rejects.toMatchObject({ cause: { message: `not amended: There is no line 9 on PO ${po} (it has lines 1, 2), so "quantity 3" was not applied. No change was understood. Write one change a line, e.g. "line 2 qty 300", "add 5 x FST-M8", "remove line 3", "ship to: …".` } });
    expect((await orderOf(po)).revision).toBe(1);

    const amended = await handle.executeUpdate(amendOrderUpdate, { args: [{ by: 'carla.csr@arflow.test', changes: 'line 1 qty 300\nship to: Acme Dock 5, 200 Industrial Way, Springfield IL' }] });
    expect(amended).toMatchObject({ revision: 2, lastAmendment: { applied: true, by: 'carla.csr@arflow.test' } });
    const revised = await eventually(async () => (await mailTo('jane.buyer@acme.example', `PO ${po}`)()).find((m) => /revision 2/i.test(m.subject ?? '')), 'the revised acknowledgement');
    expect(revised.text).toContain('300');
    const r2 = await orderOf(po);
    expect(r2.lines.map((l) => [l.sku, l.quantity.toString()])).toEqual([['WID-100', '300'], ['BRK-220', '1000']]);
    expect(r2.totalMinor).toBe(300n * 425n + 85_000n);
    expect(r2.shipTo).toBe('Acme Dock 5, 200 Industrial Way, Springfield IL');

    // The sales rep (in copy of the acknowledgement) replies on its thread: a change from a colleague.
    const fromRep = await replyTo({ messageId: first!.messageId!, subject: first!.subject! }, { messageId: `<am-rep-${po}@arflow.test>`, from: 'Sam Reyes <sam.reyes@arflow.test>', text: 'Please remove line 2, they will source brackets locally.' });
    await desk.send(fromRep.raw);
    const told = await eventually(async () => (await mailTo('sam.reyes@arflow.test', `PO ${po} amended`)())[0], 'the outcome to the rep');
    expect(told.subject).toBe(`PO ${po} amended: revision 3 acknowledged`);
    const r3 = await orderOf(po);
    expect(r3.lines.map((l) => l.sku)).toEqual(['WID-100']);
    expect(r3.revision).toBe(3);
    expect(await desk.db.auditEvent.findMany({ where: { subjectId: order.id, action: 'order_amended' }, select: { actor: true }, orderBy: { id: 'asc' } })).toEqual([{ actor: 'carla.csr@arflow.test' }, { actor: 'sam.reyes@arflow.test' }]);

    // The customer replying on the thread changes nothing: her words go to the rep and the CSRs.
    const fromCustomer = await replyTo({ messageId: first!.messageId!, subject: first!.subject! }, { messageId: `<am-cust-${po}@acme.example>`, from: 'Jane Buyer <jane.buyer@acme.example>', text: 'Thanks! Could the widgets ship by Dec 1 instead?\n\nJane' });
    await desk.send(fromCustomer.raw);
    const passed = await eventually(async () => (await mailTo('sam.reyes@arflow.test', `Customer reply on PO ${po}`)())[0], 'the customer reply passed to the rep');
    expect(addresses(passed.to)).toEqual(['sam.reyes@arflow.test', 'carla.csr@arflow.test']);
    expect(passed.text).toContain('Could the widgets ship by Dec 1 instead?');
    expect(passed.text).not.toContain('> '); // her words only, not the quoted acknowledgement
    expect((await orderOf(po)).revision).toBe(3);
    // Recorded and filed just after the notice goes out.
    const routed = await eventually(async () => { const r = await desk.db.inboundMessage.findFirst({ where: { messageIdHeader: fromCustomer.messageId } }); return r?.status === 'reply_routed' ? r : undefined; }, 'the customer reply recorded');
    expect(routed.routedToWorkflow).toBe(order.workflowId);
    expect((await desk.messages('catchall')).filter((m) => addresses(m.to).includes('jane.buyer@acme.example') && /Not entered|Not applied/.test(m.subject ?? ''))).toEqual([]);
  });
});
