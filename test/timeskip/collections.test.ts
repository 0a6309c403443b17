// Collections on Temporal's time-skipping server: invoice workflows put their invoices under the customer's
// collections workflow, which walks the dunning schedule over months of skipped time. Activities are a
// recording fake at the workflows' edge except the enrolment (signal-with-start through the real client);
// the schedule itself is the real domain policy. Each test asserts which emails go out, on which day.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollectionsClientActivities } from '../../activities/collections-client.js';
import type { DunningReminderRequest } from '../../activities/collections.js';
import type { Db } from '../../db/client.js';
import type { Approver } from '../../domain/approval-authority.js';
import { DEFAULT_DUNNING_POLICY } from '../../domain/dunning-policy.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { invoiceWorkflowId, type InvoiceRequest } from '../../domain/invoice-handoff.js';
import { addDays, daysBetween } from '../../domain/invoicing.js';
import { isOpen, localTime, type SendWindow } from '../../domain/send-window.js';
import { WORKFLOWS_PATH } from '../../workers/desk-worker.js';
import { agreePaymentPlanUpdate, collectionsQuery, decideCollectionUpdate, recordDisputeUpdate, recordPromiseToPayUpdate } from '../../workflows/collections.js';
import { invoiceProgressQuery, invoiceWorkflow, paymentAppliedSignal } from '../../workflows/invoice.js';
import { startTimeSkipping } from '../support/time-skipping.js';

// Business hours in UTC every day of the week, so the days asserted below do not depend on the weekday
// the test runs on; the weekday rule has its own test.
const WINDOW: SendWindow = { timeZone: 'UTC', openHour: 9, closeHour: 17, weekdays: [1, 2, 3, 4, 5, 6, 7] };
const TASK_QUEUE = 'collections-timers';
const approvers: Approver[] = [
  { email: 'dana.lead@arflow.test', name: 'Dana Brooks', role: 'ar_lead', limitMinor: 50_000 },
  { email: 'victor.controller@arflow.test', name: 'Victor Lang', role: 'controller', limitMinor: 25_000_000 },
  { email: 'carla.csr@arflow.test', name: 'Carla Diaz', role: 'csr', limitMinor: 0 },
];

/** What went out: a reminder (step, invoices) or another action, with the UTC date and hour it happened. */
interface Happened { customer: string; what: string; invoices: string[]; date: string; hour: number; at: number; withStatement?: boolean }

const NO_DATABASE = new Proxy({}, { get: () => { throw new Error('this test has no database'); } }) as Db;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const happened: Happened[] = [];
const dueInDays = new Map<string, number>(); // shipment reference → its invoice's terms
let invoiceCounter = 0;

async function now() {
  const at = new Date(await env.currentTimeMs());
  return { date: at.toISOString().slice(0, 10), hour: at.getUTCHours(), at: at.getTime() };
}
async function record(customer: string, what: string, invoices: string[] = [], extra: Partial<Happened> = {}) {
  happened.push({ customer, what, invoices, ...(await now()), ...extra });
}

function fakeActivities(window: SendWindow) {
  return {
    // The policy is given, so the enrolment never asks the (absent) database for the customer's.
    ...createCollectionsClientActivities({ db: NO_DATABASE, temporal: env.client, collections: { window, policy: DEFAULT_DUNNING_POLICY } }),
    async createInvoice({ request, issueDate }: { request: InvoiceRequest; issueDate: string }) {
      const number = `INV-${String(++invoiceCounter).padStart(6, '0')}`;
      const total = request.lines.reduce((s, l) => s + l.amountMinor, 0) + request.freightMinor;
      return { invoiceId: number, number, customerNumber: request.customerNumber, currency: 'USD', totalMinor: total, issueDate, dueDate: addDays(issueDate, dueInDays.get(request.shipmentReference) ?? 30), poNumber: request.poNumber };
    },
    async composeInvoice(invoiceId: string) { return { outboundId: `invoice:${invoiceId}`, via: 'email' as const }; },
    async deliverEmail(id: string) { return { messageId: `<${id}@test>`, alreadySent: false }; },
    async markInvoiceIssued() {},
    async composeW9PacketFor() { return { skipped: 'no W-9 in this test' }; },
    async recordInvoiceBalance() {},
    async composeDunningReminder(r: DunningReminderRequest) {
      await record(r.customerNumber, r.step, r.invoiceNumbers, { withStatement: r.withStatement });
      return { outboundId: r.idempotencyKey };
    },
    async setCustomerCreditHold(h: { customerNumber: string; onHold: boolean }) { await record(h.customerNumber, h.onHold ? 'credit_hold' : 'hold_lifted'); },
    async listApprovers() { return approvers; },
    async openApproval(a: { subjectId: string }) { return { approvalId: `approval:${a.subjectId}` }; },
    async composeDeskNotice(n: { kind: string; idempotencyKey: string; to: string[] }) { await record(n.idempotencyKey.split(':')[1]!, `${n.kind}→${n.to.join(',')}`); return { outboundId: n.idempotencyKey }; },
    async recordCollectionDecision(d: { customerNumber: string; decision: string; invoiceNumbers: string[] }) { await record(d.customerNumber, d.decision, d.invoiceNumbers); },
    async recordApprovalDecision(approvalId: string, o: { status: string; reason: string }) { if (o.reason.startsWith('withdrawn')) await record(approvalId.split(':')[1]!, 'decision_withdrawn'); },
    async recordCollectionNote() {},
    async openInvoiceDispute() { return {}; },
    async composePlanReminder(r: { idempotencyKey: string; customerNumber: string; installment: number; kind: string }) { await record(r.customerNumber, `plan#${r.installment} ${r.kind}`); return { outboundId: r.idempotencyKey }; },
  };
}

beforeAll(async () => {
  env = await startTimeSkipping();
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowsPath: WORKFLOWS_PATH, activities: fakeActivities(WINDOW) });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function invoice(customer: string, reference: string, amountMinor: number, terms: number, taskQueue = TASK_QUEUE) {
  dueInDays.set(reference, terms);
  const request: InvoiceRequest = {
    orderId: `o-${reference}`, shipmentId: `s-${reference}`, shipmentReference: reference, customerNumber: customer, poNumber: `PO-${reference}`, currency: 'USD',
    lines: [{ sku: 'WID-100', description: 'Widget', quantityMilli: 1_000, unitPriceMinor: amountMinor, amountMinor }], freightMinor: 0, shippedAt: '2026-12-01', requestedBy: 'arflow',
  };
  const handle = await env.client.workflow.start(invoiceWorkflow, { taskQueue, workflowId: invoiceWorkflowId(customer, reference), args: [request] });
  const number = await waitFor(async () => (await handle.query(invoiceProgressQuery)).invoiceNumber);
  const collections = env.client.workflow.getHandle(collectionsWorkflowId(customer));
  const dueDate = await waitFor(async () => (await collections.query(collectionsQuery).catch(() => undefined))?.invoices.find((i) => i.number === number)?.dueDate);
  return { handle, number, dueDate, collections };
}

/** An Update a validator refused, with the validator's own words. */
async function refused(update: Promise<unknown>, why: RegExp) {
  await expect(update).rejects.toMatchObject({ cause: { message: expect.stringMatching(why) } });
}

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  // 30 s, as the stack tests' `eventually`: a 2-core CI machine under the whole suite is slow to start a worker.
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

/** Sleeps (skipping time) until 12:00 UTC on `date`. */
async function until(date: string) {
  const target = Date.parse(`${date}T12:00:00Z`);
  await env.sleep(Math.max(0, target - await env.currentTimeMs()));
}

/** The customer's log as "day-after-due step invoices", with every action at the window's opening hour checked. */
function timeline(customer: string, dueDate: string) {
  const mine = happened.filter((h) => h.customer === customer);
  for (const h of mine) expect(h.hour, `${h.what} on ${h.date} went out at ${h.hour}:00 UTC, outside 9–17`).toBeGreaterThanOrEqual(9);
  return mine.map((h) => `${daysBetween(dueDate, h.date)} ${h.what}${h.invoices.length ? ` ${h.invoices.join(',')}` : ''}${h.withStatement ? ' +statement' : ''}`);
}

describe('an unpaid invoice', () => {
  it('walks the 90-day schedule: courtesy, due, friendly, firm, final with statement, credit hold, then an AR lead decides', async () => {
    const { number, dueDate, collections, handle } = await invoice('C-2001', 'PS-90', 80_000, 30);
    await until(addDays(dueDate, 61));
    expect(timeline('C-2001', dueDate)).toEqual([
      `-3 courtesy ${number}`, `0 due ${number}`, `7 friendly ${number}`, `21 firm ${number}`, `35 final ${number} +statement`,
      '45 credit_hold', '60 collections_decision→dana.lead@arflow.test,victor.controller@arflow.test',
    ]);
    // Nothing more goes out while the decision waits, however long.
    await until(addDays(dueDate, 90));
    expect(timeline('C-2001', dueDate)).toHaveLength(7);

    // A CSR may not decide; the AR lead's limit (500.00) does not cover writing off 800.00; the controller's does.
    await refused(collections.executeUpdate(decideCollectionUpdate, { args: [{ decision: 'write_off', by: 'carla.csr@arflow.test', reason: 'give up' }] }), /may not decide this/);
    await refused(collections.executeUpdate(decideCollectionUpdate, { args: [{ decision: 'write_off', by: 'dana.lead@arflow.test', reason: 'customer bankrupt' }] }), /above Dana Brooks's approval limit/);
    await collections.executeUpdate(decideCollectionUpdate, { args: [{ decision: 'write_off', by: 'victor.controller@arflow.test', reason: 'customer bankrupt, no assets' }] });
    expect((await handle.result()).step).toBe('written_off');
    await env.sleep('1 day');
    // Written off is not paid: the hold stays until a person releases the account.
    expect(timeline('C-2001', dueDate).slice(7)).toEqual([`90 write_off ${number}`]);
  });
});

describe('an AR lead asked about an invoice that is then paid', () => {
  it('has the question withdrawn, and the customer\'s collections end (the hold lifted by the payment)', async () => {
    const { number, dueDate, collections, handle } = await invoice('C-2010', 'PS-WITHDRAW', 20_000, 30);
    await until(addDays(dueDate, 62));
    await handle.signal(paymentAppliedSignal, { applicationId: 'late', amountMinor: 20_000, appliedOn: addDays(dueDate, 62) });
    const ended = await collections.result();
    expect([ended.invoices, ended.pending]).toEqual([[], undefined]);
    expect(timeline('C-2010', dueDate).slice(-4)).toEqual(['45 credit_hold', '60 collections_decision→dana.lead@arflow.test,victor.controller@arflow.test', '62 decision_withdrawn', '62 hold_lifted']);
    expect(number).toMatch(/^INV-/);
  });
});

describe('a customer with several invoices', () => {
  it('gets one reminder for the invoices falling due together, at least three days after the last, in the tone of the most overdue', async () => {
    const a = await invoice('C-2002', 'PS-G1', 10_000, 30);
    await env.sleep('1 day');
    const b = await invoice('C-2002', 'PS-G2', 20_000, 30);
    await env.sleep('1 day');
    const c = await invoice('C-2002', 'PS-G3', 30_000, 30);
    await until(addDays(a.dueDate, 12));
    expect(timeline('C-2002', a.dueDate)).toEqual([
      `-3 courtesy ${a.number}`,
      `0 due ${a.number},${b.number},${c.number}`, // A is due; B's and C's courtesy notes waited for the gap and go with it
      `3 due ${b.number},${c.number}`,
      `7 friendly ${a.number}`,
      `10 friendly ${b.number},${c.number}`,
    ]);
  });

  it('after downtime (invoices long overdue when collections first sees them) sends one step at a time, days apart, never a flood', async () => {
    const { number, dueDate } = await invoice('C-2003', 'PS-LATE', 30_000, -50);
    await until(addDays(dueDate, 65));
    expect(timeline('C-2003', dueDate)).toEqual([`50 due ${number}`, `53 friendly ${number}`, `56 firm ${number}`, `59 final ${number} +statement`, '62 credit_hold', '65 collections_decision→dana.lead@arflow.test,victor.controller@arflow.test']);
  });
});

describe('payments, promises and disputes', () => {
  it('a partial payment re-ages the next step without skipping it; the last payment stops everything and lifts the hold', async () => {
    const { number, dueDate, handle } = await invoice('C-2004', 'PS-PART', 100_000, 30);
    await until(addDays(dueDate, 18));
    await handle.signal(paymentAppliedSignal, { applicationId: 'app-1', amountMinor: 40_000, appliedOn: addDays(dueDate, 18) });
    await handle.signal(paymentAppliedSignal, { applicationId: 'app-1', amountMinor: 40_000, appliedOn: addDays(dueDate, 18) }); // redelivered: counted once
    await until(addDays(dueDate, 47));
    await handle.signal(paymentAppliedSignal, { applicationId: 'app-2', amountMinor: 60_000, appliedOn: addDays(dueDate, 47) });
    expect((await handle.result())).toMatchObject({ step: 'paid', openMinor: 0, payments: ['app-1', 'app-2'] });
    await until(addDays(dueDate, 90));
    expect(timeline('C-2004', dueDate)).toEqual([
      `-3 courtesy ${number}`, `0 due ${number}`, `7 friendly ${number}`, `25 firm ${number}`, `35 final ${number} +statement`, '45 credit_hold', '47 hold_lifted',
    ]);
  });

  it('a promise to pay pauses reminders until the promised date plus grace; a promise in the past is refused', async () => {
    const { number, dueDate, collections } = await invoice('C-2005', 'PS-PROM', 50_000, 30);
    await until(addDays(dueDate, 8));
    await refused(collections.executeUpdate(recordPromiseToPayUpdate, { args: [{ invoiceNumbers: [number], promisedDate: addDays(dueDate, 1), by: 'ap@customer.example' }] }), /already past/);
    await refused(collections.executeUpdate(recordPromiseToPayUpdate, { args: [{ invoiceNumbers: ['INV-999999'], promisedDate: addDays(dueDate, 20), by: 'ap@customer.example' }] }), /not an open invoice/);
    const { pausedUntil } = await collections.executeUpdate(recordPromiseToPayUpdate, { args: [{ invoiceNumbers: [number], promisedDate: addDays(dueDate, 25), by: 'ap@customer.example' }] });
    expect(pausedUntil).toBe(addDays(dueDate, 28));
    await until(addDays(dueDate, 40));
    // Firm was due on day 21; the promise held it until the day after the grace (29); final keeps its day 35.
    expect(timeline('C-2005', dueDate)).toEqual([`-3 courtesy ${number}`, `0 due ${number}`, `7 friendly ${number}`, `29 firm ${number}`, `35 final ${number} +statement`]);
  });

  it('a dispute of the whole amount stops the chasing; a dispute above the open amount is refused', async () => {
    const { number, dueDate, collections } = await invoice('C-2006', 'PS-DISP', 25_000, 30);
    await until(addDays(dueDate, 2));
    await refused(collections.executeUpdate(recordDisputeUpdate, { args: [{ invoiceNumber: number, amountMinor: 30_000, by: 'ar.clerk@arflow.test', reason: 'damaged' }] }), /more than the 250\.00 USD still open/);
    const { chasedMinor } = await collections.executeUpdate(recordDisputeUpdate, { args: [{ invoiceNumber: number, amountMinor: 25_000, by: 'ar.clerk@arflow.test', reason: 'all 10 units arrived damaged' }] });
    expect(chasedMinor).toBe(0);
    await until(addDays(dueDate, 70));
    expect(timeline('C-2006', dueDate)).toEqual([`-3 courtesy ${number}`, `0 due ${number}`]);
  });
});

describe('a payment plan', () => {
  it('an AR lead agrees installments: reminders follow them instead of the schedule, and the last one settles the invoice', async () => {
    const { number, dueDate, collections, handle } = await invoice('C-2008', 'PS-PLAN', 90_000, 30);
    await until(addDays(dueDate, 10));
    const installments = [{ dueDate: addDays(dueDate, 20), amountMinor: 30_000 }, { dueDate: addDays(dueDate, 50), amountMinor: 30_000 }, { dueDate: addDays(dueDate, 80), amountMinor: 30_000 }];
    await refused(collections.executeUpdate(agreePaymentPlanUpdate, { args: [{ invoiceNumbers: [number], installments, by: 'carla.csr@arflow.test', reason: 'cash flow' }] }), /carla\.csr@arflow\.test may not agree payment plans/);
    await refused(collections.executeUpdate(agreePaymentPlanUpdate, { args: [{ invoiceNumbers: [number], installments: installments.slice(0, 2), by: 'dana.lead@arflow.test', reason: 'cash flow' }] }), /add up to 60000, but the invoices owe 90000/);
    expect(await collections.executeUpdate(agreePaymentPlanUpdate, { args: [{ invoiceNumbers: [number], installments, by: 'dana.lead@arflow.test', reason: 'cash flow after a lost contract' }] })).toEqual({ installments: 3, lastDate: addDays(dueDate, 80) });
    await until(addDays(dueDate, 19));
    await handle.signal(paymentAppliedSignal, { applicationId: 'plan-1', amountMinor: 30_000, appliedOn: addDays(dueDate, 19) });
    await until(addDays(dueDate, 60));
    await handle.signal(paymentAppliedSignal, { applicationId: 'plan-2', amountMinor: 30_000, appliedOn: addDays(dueDate, 60) });
    await until(addDays(dueDate, 80));
    await handle.signal(paymentAppliedSignal, { applicationId: 'plan-3', amountMinor: 30_000, appliedOn: addDays(dueDate, 80) });
    expect(await handle.result()).toMatchObject({ step: 'paid', openMinor: 0 });
    await until(addDays(dueDate, 100));
    // No "firm" on day 21 or anything after: the plan's notes instead, the late one while installment 2 was behind.
    expect(timeline('C-2008', dueDate)).toEqual([
      `-3 courtesy ${number}`, `0 due ${number}`, `7 friendly ${number}`,
      '17 plan#1 upcoming', '47 plan#2 upcoming', '50 plan#2 due', '57 plan#2 late', '77 plan#3 upcoming', '80 plan#3 due', // paid at noon, after the 9:00 note
    ]);
  });

  it('two weeks behind, the plan breaks: the AR leads are told and the invoice goes back on its schedule', async () => {
    const { number, dueDate, collections } = await invoice('C-2009', 'PS-BROKEN', 60_000, 30);
    await until(addDays(dueDate, 1));
    await collections.executeUpdate(agreePaymentPlanUpdate, { args: [{ invoiceNumbers: [number], installments: [{ dueDate: addDays(dueDate, 10), amountMinor: 30_000 }, { dueDate: addDays(dueDate, 40), amountMinor: 30_000 }], by: 'dana.lead@arflow.test', reason: 'seasonal' }] });
    await until(addDays(dueDate, 30));
    expect(timeline('C-2009', dueDate)).toEqual([
      `-3 courtesy ${number}`, `0 due ${number}`, '7 plan#1 upcoming', '10 plan#1 due', '17 plan#1 late',
      '24 payment_plan_broken→dana.lead@arflow.test,victor.controller@arflow.test', `24 friendly ${number}`, `27 firm ${number}`,
    ]);
  });
});

describe('business hours', () => {
  it('sends reminders only on weekdays between 9 and 17 in the company\'s time zone', async () => {
    const chicago: SendWindow = { timeZone: 'America/Chicago', openHour: 9, closeHour: 17, weekdays: [1, 2, 3, 4, 5] };
    // A desk whose company window is Chicago's office hours.
    const chicagoDesk = await Worker.create({ connection: env.nativeConnection, taskQueue: 'collections-chicago', workflowsPath: WORKFLOWS_PATH, activities: fakeActivities(chicago) });
    await chicagoDesk.runUntil(async () => {
      const { dueDate } = await invoice('C-2007', 'PS-HOURS', 40_000, 30, 'collections-chicago');
      await until(addDays(dueDate, 50));
    });
    const mine = happened.filter((h) => h.customer === 'C-2007');
    expect(mine.map((h) => h.what)).toEqual(['courtesy', 'due', 'friendly', 'firm', 'final', 'credit_hold']);
    for (const h of mine) {
      const local = localTime(h.at, 'America/Chicago');
      expect(isOpen(h.at, chicago), `${h.what} went out ${local.date} ${local.hour}:${local.minute} Chicago time (weekday ${local.isoWeekday})`).toBe(true);
    }
  });
});
