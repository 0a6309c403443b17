// How fast the AR console's pages load as the desk grows. The console (console/server.ts) runs in this
// process on the embedded database the app itself uses (PGlite, runtime/embedded-postgres.ts, migrated
// by db/migrate.ts, seeded with demo/master-data.ts), and each page is fetched over HTTP, signed in with
// a session row (console/sessions.ts), warm, sequentially, its median taken. Three desks, one after the
// other in the same database:
//   • small: the demo master data alone (the baseline);
//   • half:  plus one generated slice (1,000 customers, 25,000 invoices, … see SLICE below);
//   • full:  plus a second slice of the same size (2,000 customers, 50,000 invoices in assorted states and
//            ages, 5,000 payments, 1,000 pending approvals, 300 open disputes, 500 orders in review,
//            20,000 audit events, 5,000 outbound and 5,000 inbound messages …).
// The demo customer C-1001 is the busy account: a share of everything in both slices is its.
// Each figure is a ratio to a baseline in the same run (the same page on the small desk, and /login,
// which touches no database): the machine is noisy, absolute times are not the point. A page whose
// time and size double from the half desk to the full desk reads the whole table: it is unbounded.
// Temporal is not running: the client's connection is never opened, and the one query the account page
// asks (the customer's collections workflow) is answered "no such workflow" by a client interceptor
// at once, so that page is timed without its Temporal call. Prints figures; asserts nothing about time.
//   npm run bench:console [-- --runs 15] [--budget 10] [--scale 1] [--seed 7]
//     runs: samples per page (fewer when a page's samples pass --budget seconds, never under 5)
//     scale: multiplies the generated desk (0.1 for a quick look)
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleServer } from '../console/server.js';
import { startSession } from '../console/sessions.js';
import { openDb, type Db } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { seedDemoData } from '../demo/master-data.js';
import { seededRandom } from '../demo/seeded-random.js';
import { Prisma } from '../generated/prisma/client.js';
import { accountView, customerList } from '../reports/account.js';
import { dashboard } from '../reports/dashboard.js';
import { receivablesAging } from '../reports/receivables.js';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.js';

// ─────────────────────────── options ───────────────────────────

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}
const RUNS = Math.max(5, Math.round(option('runs', 15)));
const BUDGET_MS = option('budget', 10) * 1000;
const SCALE = option('scale', 1);
const SEED = Math.round(option('seed', 7));
const MIN_RUNS = 5;
const WARMUP = 2;
/** Untimed rounds over every page before the first desk is measured. */
const WARMUP_ROUNDS = 20;
/** A page is called out as growing with the table only when it shows this many rows (the users page lists a few dozen people). */
const FLAG_ROWS = 500;

/** The console's clock and the generated data's "today": fixed, so the same seed gives the same desk and pages. */
const NOW = new Date('2026-12-15T15:00:00Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY_MS - ms);
const dateOnly = (d: Date) => new Date(`${d.toISOString().slice(0, 10)}T00:00:00Z`);

/** The busy account: a demo customer, so the same URL shows it on every desk. */
const BUSY = 'C-1001';
const BUSY_SHARE = 0.03;

/** One generated slice; the full desk is two of them. */
const SLICE = {
  customers: 1_000, invoices: 25_000, payments: 2_500, pendingApprovals: 500, decidedApprovals: 1_500,
  openDisputes: 150, settledDisputes: 100, ordersInReview: 250, otherOrders: 2_250, auditEvents: 10_000,
  outbound: 2_500, inbound: 2_500, notes: 1_000, users: 20,
};
type SliceCounts = typeof SLICE;
const scaled = (counts: SliceCounts): SliceCounts =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.max(1, Math.round(v * SCALE))])) as SliceCounts;

// ─────────────────────────── the generated desk ───────────────────────────

type Rand = () => number;
const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
/** A weighted choice: [value, weight] pairs. */
function weighted<T>(rand: Rand, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of table) if ((r -= w) < 0) return value;
  return table[table.length - 1]![0];
}
/** A UUID (v4-shaped) from the PRNG, so ids are the same every run. */
function uuid(rand: Rand): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(rand() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const NAME_A = ['Atlas', 'Beacon', 'Cedar', 'Delta', 'Everest', 'Falcon', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Keystone', 'Lakeside', 'Meridian', 'Northwind', 'Oakridge', 'Pioneer', 'Quarry', 'Redwood', 'Summit', 'Tidewater'];
const NAME_B = ['Fabrication', 'Builders', 'Marine Supply', 'Industrial', 'Mechanical', 'Electric', 'Logistics', 'Foods', 'Plastics', 'Metals', 'Tooling', 'Hydraulics'];
const NAME_C = ['Inc.', 'LLC', 'Co.', 'Corp.', 'Ltd.', 'Group'];
const FILLER = 'Thank you for your business. Please find the details below and let us know if anything is not as you expect; our desk answers within one business day. ';

interface Ref { id: string; number: string; domain: string; terms: string }
interface DemoRefs { busy: Ref; users: { id: string; email: string }[] }

/** Inserts rows in batches (createMany). */
async function insert<T>(rows: T[], create: (batch: T[]) => Promise<unknown>, batch = 2_000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await create(rows.slice(i, i + batch));
}

/**
 * One slice of a desk: its own customers (numbered apart from the other slice's) and everything that
 * hangs off them, with the busy demo customer's share. Self-consistent, so slices add up.
 */
async function generateSlice(db: Db, slice: number, counts: SliceCounts, demo: DemoRefs): Promise<Record<string, number>> {
  const rand = seededRandom(SEED * 1_000 + slice);
  const tally: Record<string, number> = {};
  const count = (what: string, n = 1) => { tally[what] = (tally[what] ?? 0) + n; };

  // Customers: C-000001…, C-100001… by slice; a few large accounts (the first indexes) get most of the work.
  const customers: Ref[] = [];
  const customerRows: Prisma.CustomerCreateManyInput[] = [];
  for (let i = 0; i < counts.customers; i++) {
    const number = `C-${pad(slice * 100_000 + i + 1, 6)}`;
    const domain = `c${pad(slice * 100_000 + i + 1, 6)}.example`;
    const terms = weighted(rand, [['NET30', 6], ['NET45', 2], ['2/10NET30', 2]] as const);
    const id = uuid(rand);
    customers.push({ id, number, domain, terms });
    customerRows.push({
      id, number, name: `${pick(rand, NAME_A)} ${pick(rand, NAME_B)} ${pick(rand, NAME_C)}`, emailDomains: [domain], termsCode: terms,
      creditLimitMinor: BigInt(between(rand, 10, 500) * 10_000_00), onCreditHold: rand() < 0.03,
      dunningPolicy: weighted(rand, [[null, 8], ['key_account', 1], ['strict', 1]] as const), createdAt: daysAgo(between(rand, 400, 2_000)),
    });
  }
  await insert(customerRows, (b) => db.customer.createMany({ data: b }));
  count('customers', customerRows.length);
  const customerOf = (): Ref => (rand() < BUSY_SHARE ? demo.busy : customers[Math.floor(rand() * rand() * customers.length)]!);

  // Orders: some in review (recent), the rest through the life of an order.
  const orderRows: Prisma.OrderCreateManyInput[] = [];
  const inReview: { id: string; workflowId: string; customer: Ref; at: Date }[] = [];
  const onHold: string[] = [];
  for (let i = 0; i < counts.ordersInReview + counts.otherOrders; i++) {
    const customer = customerOf();
    const review = i < counts.ordersInReview;
    const status = review ? 'in_review' as const
      : weighted(rand, [['received', 1], ['credit_hold', 1], ['scheduled', 4], ['acknowledged', 6], ['shipped', 8], ['invoiced', 68], ['cancelled', 2]] as const);
    const createdAt = review || status === 'received' || status === 'credit_hold' ? daysAgo(rand() * 20) : daysAgo(rand() * rand() * 540);
    const id = uuid(rand);
    const workflowId = `order-bench-${slice}-${pad(i, 6)}`;
    if (review) inReview.push({ id, workflowId, customer, at: createdAt });
    if (status === 'credit_hold') onHold.push(id);
    orderRows.push({
      id, customerId: customer.id, poNumber: `PO-${slice}${pad(i, 6)}`, status, orderDate: dateOnly(createdAt), currency: 'USD',
      totalMinor: BigInt(between(rand, 5_000, 2_500_000)), termsCode: customer.terms, workflowId, createdAt, updatedAt: new Date(createdAt.getTime() + between(rand, 1, 3_600) * 1000),
    });
  }
  await insert(orderRows, (b) => db.order.createMany({ data: b }));
  count('orders', orderRows.length);
  count('orders in review', inReview.length);

  // Invoices over the last 18 months: the older, the likelier paid.
  const invoiceRows: Prisma.InvoiceCreateManyInput[] = [];
  const paidByCustomer = new Map<string, number[]>();
  const openIndexes: number[] = [];
  for (let i = 0; i < counts.invoices; i++) {
    const customer = customerOf();
    const age = Math.floor(Math.pow(rand(), 1.5) * 540);
    const issue = dateOnly(daysAgo(age));
    const due = new Date(issue.getTime() + (customer.terms === 'NET45' ? 45 : 30) * DAY_MS);
    const subtotal = between(rand, 5_000, 2_500_000);
    const freight = rand() < 0.3 ? between(rand, 1_500, 15_000) : 0;
    const tax = Math.round(subtotal * 0.07);
    const total = subtotal + freight + tax;
    const openChance = age < 60 ? 0.7 : age < 180 ? 0.25 : 0.06;
    const status = rand() < openChance ? weighted(rand, [['issued', 78], ['partially_paid', 22]] as const)
      : age < 20 && rand() < 0.2 ? 'draft' as const : weighted(rand, [['paid', 90], ['written_off', 4], ['void', 3]] as const);
    const open = status === 'issued' || status === 'draft' ? total : status === 'partially_paid' ? Math.round(total * (0.2 + 0.6 * rand())) : 0;
    const number = `INV-${pad(slice * 1_000_000 + i + 1, 7)}`;
    invoiceRows.push({
      id: uuid(rand), number, customerId: customer.id, status, issueDate: issue, dueDate: due, termsCode: customer.terms, currency: 'USD',
      subtotalMinor: BigInt(subtotal), freightMinor: BigInt(freight), taxMinor: BigInt(tax), totalMinor: BigInt(total), openMinor: BigInt(open),
      workflowId: `invoice-${number}`, poNumber: `PO-${between(rand, 10_000, 99_999)}`, deliveredAt: status === 'draft' ? null : new Date(issue.getTime() + 3_600_000),
      createdAt: new Date(issue.getTime() + between(rand, 0, 36_000) * 1000),
    });
    if (status === 'paid') {
      const list = paidByCustomer.get(customer.id) ?? [];
      list.push(i);
      paidByCustomer.set(customer.id, list);
    }
    if (status === 'issued' || status === 'partially_paid') openIndexes.push(i);
  }
  // Disputes: open ones on open invoices (now "disputed"), settled ones on paid invoices.
  const disputeRows: Prisma.DisputeCreateManyInput[] = [];
  const disputedOpen = new Set<number>();
  while (disputedOpen.size < Math.min(counts.openDisputes, openIndexes.length)) disputedOpen.add(openIndexes[Math.floor(rand() * openIndexes.length)]!);
  for (const i of disputedOpen) {
    const inv = invoiceRows[i]!;
    inv.status = 'disputed';
    disputeRows.push({ id: uuid(rand), invoiceId: inv.id!, amountMinor: BigInt(Math.max(100, Math.round(Number(inv.openMinor) * (0.1 + 0.9 * rand())))), reason: pick(rand, ['short shipment', 'price differs from the PO', 'damaged in transit', 'freight not agreed', 'duplicate invoice']), status: 'open', openedAt: daysAgo(rand() * 60) });
  }
  const paidAll = [...paidByCustomer.values()].flat();
  for (let k = 0; k < counts.settledDisputes && paidAll.length; k++) {
    const inv = invoiceRows[pick(rand, paidAll)]!;
    disputeRows.push({ id: uuid(rand), invoiceId: inv.id!, amountMinor: BigInt(between(rand, 1_000, 50_000)), reason: 'price differs from the PO', status: pick(rand, ['resolved', 'rejected']), openedAt: daysAgo(between(rand, 60, 400)), resolvedAt: daysAgo(between(rand, 1, 59)) });
  }
  await insert(invoiceRows, (b) => db.invoice.createMany({ data: b }));
  await insert(disputeRows, (b) => db.dispute.createMany({ data: b }));
  count('invoices', invoiceRows.length);
  count('invoices open', invoiceRows.filter((i) => i.status === 'issued' || i.status === 'partially_paid' || i.status === 'disputed').length);
  count('disputes open', disputedOpen.size);
  count('disputes settled', disputeRows.length - disputedOpen.size);

  // Payments: most applied, some partly, some left on account, in exception or in suspense.
  const paymentRows: Prisma.PaymentCreateManyInput[] = [];
  const applicationRows: Prisma.PaymentApplicationCreateManyInput[] = [];
  for (let i = 0; i < counts.payments; i++) {
    const status = weighted(rand, [['applied', 70], ['partially_applied', 8], ['on_account', 8], ['exception', 6], ['suspense', 4], ['received', 4]] as const);
    const customer = status === 'suspense' ? undefined : customerOf();
    const amount = between(rand, 5_000, 3_000_000);
    const unapplied = status === 'applied' ? 0 : status === 'partially_applied' ? Math.round(amount * (0.1 + 0.5 * rand())) : amount;
    const receivedAt = rand() < 0.25 ? daysAgo(rand() * 14) : daysAgo(14 + rand() * 350);
    const id = uuid(rand);
    const number = `PMT-${pad(slice * 1_000_000 + i + 1, 7)}`;
    const method = weighted(rand, [['ach', 5], ['check', 3], ['wire', 1], ['lockbox', 1]] as const);
    paymentRows.push({
      id, number, customerId: customer?.id ?? null, method, externalRef: `${method.toUpperCase()}${pad(between(rand, 0, 99_999_999), 8)}`, sourceKey: `bench-file-${slice}-${Math.floor(i / 100)}`,
      amountMinor: BigInt(amount), currency: 'USD', receivedAt, unappliedMinor: BigInt(unapplied), status,
      payerName: customer ? undefined : `${pick(rand, NAME_A)} ${pick(rand, NAME_B)}`, memo: `INV ${between(rand, 1, 99_999)}`, createdAt: receivedAt,
    });
    const paid = customer ? paidByCustomer.get(customer.id) : undefined;
    if (amount > unapplied && paid?.length) {
      applicationRows.push({
        id: uuid(rand), paymentId: id, invoiceId: invoiceRows[pick(rand, paid)]!.id!, amountMinor: BigInt(amount - unapplied), appliedBy: rand() < 0.8 ? 'auto' : 'amy.clerk@arflow.test',
        confidence: between(rand, 60, 100), recordedOnInvoice: true, appliedAt: new Date(Math.min(NOW.getTime(), receivedAt.getTime() + rand() * DAY_MS)),
      });
    }
  }
  await insert(paymentRows, (b) => db.payment.createMany({ data: b }));
  await insert(applicationRows, (b) => db.paymentApplication.createMany({ data: b }));
  count('payments', paymentRows.length);
  count('payments with unapplied cash', paymentRows.filter((p) => p.unappliedMinor !== 0n).length);
  count('payment applications', applicationRows.length);

  // Approvals: pending ones of every kind (order questions escalated on orders in review), and the decided past.
  const approvalRows: Prisma.ApprovalCreateManyInput[] = [];
  const reviewPool = [...inReview];
  for (let i = 0; i < counts.pendingApprovals + counts.decidedApprovals; i++) {
    const pending = i < counts.pendingApprovals;
    let kind = weighted(rand, [['credit_hold', 20], ['credit_memo', 15], ['collections_decision', 20], ['shipment_discrepancy', 10], ['cash_exception', 20], ['order_review', 15]] as const);
    if (kind === 'order_review' && (!pending || reviewPool.length === 0)) kind = 'credit_hold';
    const customer = customerOf();
    const requestedAt = pending ? daysAgo(rand() * 30) : daysAgo(30 + rand() * 500);
    const amount = between(rand, 10_000, 5_000_000);
    const base = { id: uuid(rand), requestedAt, currency: 'USD', status: pending ? 'pending' as const : pick(rand, ['approved', 'rejected'] as const),
      decidedBy: pending ? null : 'dana.lead@arflow.test', decidedAt: pending ? null : new Date(requestedAt.getTime() + rand() * 3 * DAY_MS), escalatedAt: pending && rand() < 0.1 ? new Date(requestedAt.getTime() + DAY_MS) : null };
    const wf = `bench-${slice}-${pad(i, 6)}`;
    if (kind === 'order_review') {
      const order = reviewPool.splice(Math.floor(rand() * reviewPool.length), 1)[0]!;
      approvalRows.push({ ...base, kind, workflowId: order.workflowId, updateName: 'answerReviewQuestions', subjectType: 'order', subjectId: order.id, amountMinor: null, context: { questions: ['Which ship-to address?'] } });
    } else if (kind === 'credit_hold') {
      approvalRows.push({ ...base, kind, workflowId: `order-${wf}`, updateName: 'decideCreditHold', subjectType: 'order', subjectId: onHold.length ? pick(rand, onHold) : uuid(rand), amountMinor: BigInt(amount), context: { customer: customer.number, exposureMinor: amount * 3, limitMinor: amount * 2 } });
    } else if (kind === 'credit_memo') {
      const inv = invoiceRows[Math.floor(rand() * invoiceRows.length)]!;
      approvalRows.push({ ...base, kind, workflowId: inv.workflowId, updateName: 'decideCreditMemo', subjectType: 'invoice', subjectId: `${inv.number}/${wf}`, amountMinor: BigInt(amount), context: { invoice: inv.number, reason: 'price differs from the PO' } });
    } else if (kind === 'collections_decision') {
      approvalRows.push({ ...base, kind, workflowId: `collections-${customer.number}`, updateName: 'decideCollection', subjectType: 'customer', subjectId: `${customer.number}:${wf}`, amountMinor: BigInt(amount), context: { invoices: [`INV-${pad(between(rand, 1, 99_999), 7)}`], daysPastDue: between(rand, 60, 200) } });
    } else if (kind === 'shipment_discrepancy') {
      approvalRows.push({ ...base, kind, workflowId: `order-${wf}`, updateName: 'resolveShipmentDiscrepancy', subjectType: 'shipment', subjectId: uuid(rand), amountMinor: null, context: { lines: ['WID-100 ordered 40, shipped 36'] } });
    } else {
      const payment = paymentRows[Math.floor(rand() * paymentRows.length)]!;
      approvalRows.push({ ...base, kind, workflowId: `payment-${payment.number}`, updateName: 'applyCash', subjectType: 'payment', subjectId: `${payment.number}/${wf}`, amountMinor: payment.amountMinor, context: { payer: payment.payerName ?? customer.number, candidates: [] } });
    }
  }
  await insert(approvalRows, (b) => db.approval.createMany({ data: b }));
  count('approvals pending', approvalRows.filter((a) => a.status === 'pending').length);
  count('approvals decided', approvalRows.filter((a) => a.status !== 'pending').length);

  // Console users (no password: they never sign in here), and the audit log, oldest first.
  const userRows: Prisma.UserCreateManyInput[] = [];
  for (let i = 0; i < counts.users; i++) {
    userRows.push({ id: uuid(rand), email: `person${slice}-${pad(i, 3)}@arflow.test`, name: `${pick(rand, ['Alex', 'Blair', 'Casey', 'Drew', 'Emery', 'Finley'])} ${pick(rand, NAME_A)}`, role: pick(rand, ['csr', 'ar_clerk', 'ar_lead', 'controller', 'viewer'] as const), approvalLimitMinor: BigInt(between(rand, 0, 50) * 100_000) });
  }
  await insert(userRows, (b) => db.user.createMany({ data: b }));
  count('users', userRows.length);
  const people = [...demo.users, ...userRows.map((u) => ({ id: u.id!, email: u.email }))];
  const auditRows: Prisma.AuditEventCreateManyInput[] = [];
  for (let i = 0; i < counts.auditEvents; i++) {
    const at = daysAgo(((counts.auditEvents - i) / counts.auditEvents) * 365);
    const r = rand();
    if (r < 0.05 && inReview.length) {
      const order = pick(rand, inReview);
      auditRows.push({ at: order.at, actor: `system:${order.workflowId}`, action: 'order_questions_asked', subjectType: 'order', subjectId: order.id, data: { questions: ['Which ship-to address?'], round: 1 } });
    } else if (r < 0.12) {
      const person = pick(rand, people);
      auditRows.push({ at, actor: person.email, action: 'console_signed_in', subjectType: 'user', subjectId: person.id, data: {} });
    } else {
      const action = pick(rand, ['invoice_issued', 'payment_applied', 'reminder_sent', 'credit_hold_placed', 'console_decision', 'dispute_opened', 'statement_requested', 'order_acknowledged']);
      const customer = customerOf();
      auditRows.push({ at, actor: rand() < 0.7 ? `system:invoice-INV-${pad(between(rand, 1, 99_999), 7)}` : pick(rand, people).email, action, subjectType: 'customer', subjectId: customer.number, data: { amountMinor: between(rand, 100, 5_000_000), note: FILLER.slice(0, between(rand, 20, 140)) } });
    }
  }
  await insert(auditRows, (b) => db.auditEvent.createMany({ data: b }));
  count('audit events', auditRows.length);

  // Mail out: invoices, reminders ("… overdue"), acknowledgements, statements; mail in, some quarantined.
  const outboundRows: Prisma.OutboundMessageCreateManyInput[] = [];
  for (let i = 0; i < counts.outbound; i++) {
    const customer = customerOf();
    const kind = weighted(rand, [['invoice', 40], ['reminder', 25], ['order_acknowledgement', 20], ['account_statement', 5], ['quarantine_notice', 5], ['dispute_notice', 5]] as const);
    const invoiceNumber = `INV-${pad(slice * 1_000_000 + between(rand, 1, counts.invoices), 7)}`;
    const subject = kind === 'reminder' ? `Payment reminder: ${invoiceNumber} is ${between(rand, 1, 90)} days overdue` : kind === 'invoice' ? `Invoice ${invoiceNumber} from arflow` : kind === 'order_acknowledgement' ? `Order acknowledgement for PO-${between(rand, 10_000, 99_999)}` : kind === 'account_statement' ? `Statement of account ${customer.number}` : kind === 'dispute_notice' ? `Your dispute of ${invoiceNumber}` : 'We could not read your message';
    const createdAt = daysAgo(rand() * 365);
    const body = FILLER.repeat(between(rand, 5, 15));
    outboundRows.push({
      id: uuid(rand), idempotencyKey: `bench-out-${slice}-${i}`, messageIdHeader: `<bench-${slice}-${i}@arflow.test>`, kind, toAddresses: [`ap@${customer.domain}`], ccAddresses: [],
      subject, references: [], textBody: body, htmlBody: `<html><body><p>${body}</p></body></html>`, status: rand() < 0.97 ? 'sent' : 'pending', createdAt, sentAt: createdAt, customerId: customer.id,
    });
  }
  await insert(outboundRows, (b) => db.outboundMessage.createMany({ data: b }), 1_000);
  count('outbound messages', outboundRows.length);
  const inboundRows: Prisma.InboundMessageCreateManyInput[] = [];
  for (let i = 0; i < counts.inbound; i++) {
    const customer = customerOf();
    const status = weighted(rand, [['order_created', 40], ['reply_routed', 10], ['billing_reply_applied', 20], ['quarantined', 12], ['billing_reply_review', 5], ['ignored', 8], ['payment_mail_processed', 5]] as const);
    const from = `buyer@${customer.domain}`;
    const subject = status === 'quarantined' ? pick(rand, ['Re: your order', 'FW: PO attached', 'Question about overdue invoice', 'Scan_0042.pdf']) : `PO ${between(rand, 10_000, 99_999)}`;
    const raw = Buffer.from(`From: ${from}\r\nTo: orders@arflow.test\r\nSubject: ${subject}\r\nMessage-ID: <in-${slice}-${i}@${customer.domain}>\r\n\r\n${FILLER.repeat(between(rand, 5, 20))}`);
    inboundRows.push({
      id: uuid(rand), dedupeKey: `bench-in-${slice}-${i}`, messageIdHeader: `<in-${slice}-${i}@${customer.domain}>`, mailbox: weighted(rand, [['orders', 6], ['billing', 3], ['remit', 1]] as const),
      fromAddress: from, subject, receivedAt: daysAgo(rand() * 365), rawSha256: pad(i, 64), raw, status, workflowId: `ingest-bench-${slice}-${i}`,
      quarantineCode: status === 'quarantined' ? 'no_order_found' : null, quarantineReason: status === 'quarantined' ? 'No purchase order was found in the message or its attachments.' : status === 'billing_reply_review' ? 'The reply asks something a person must answer.' : null,
    });
  }
  await insert(inboundRows, (b) => db.inboundMessage.createMany({ data: b }), 1_000);
  count('inbound messages', inboundRows.length);
  count('inbound quarantined or for review', inboundRows.filter((m) => m.status === 'quarantined' || m.status === 'billing_reply_review').length);

  const noteRows: Prisma.CollectionNoteCreateManyInput[] = [];
  for (let i = 0; i < counts.notes; i++) {
    noteRows.push({ id: uuid(rand), customerId: customerOf().id, author: pick(rand, people).email, text: FILLER.slice(0, between(rand, 30, 150)), at: daysAgo(rand() * 365) });
  }
  await insert(noteRows, (b) => db.collectionNote.createMany({ data: b }));
  count('collection notes', noteRows.length);
  return tally;
}

// ─────────────────────────── measuring ───────────────────────────

interface Page { label: string; path: string; as: 'nobody' | 'lead' | 'admin' }
const PAGES: Page[] = [
  { label: 'login (no database)', path: '/login', as: 'nobody' },
  { label: 'approvals', path: '/approvals', as: 'lead' },
  { label: 'dashboard', path: '/dashboard', as: 'lead' },
  { label: 'aging', path: '/aging', as: 'lead' },
  { label: 'aging.csv', path: '/aging.csv', as: 'lead' },
  { label: 'customers', path: '/customers', as: 'lead' },
  { label: `customers/${BUSY} *`, path: `/customers/${BUSY}`, as: 'lead' },
  { label: 'mail?q=overdue', path: '/mail?q=overdue', as: 'lead' },
  { label: 'mail', path: '/mail', as: 'lead' },
  { label: 'audit', path: '/audit', as: 'lead' },
  { label: 'audit.csv', path: '/audit.csv', as: 'lead' },
  { label: 'users', path: '/users', as: 'admin' },
];

interface Sample { ms: number; bytes: number; rows: number; status: number; runs: number }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Rows shown: table rows in a page, lines in a CSV. */
const rowsIn = (body: string, csv: boolean) => (csv ? body.split('\n').filter((l) => l.trim()).length - 1 : (body.match(/<tr[\s>]/g) ?? []).length);

async function fetchOnce(base: string, path: string, cookie: string | undefined): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(base + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

/** Warm (WARMUP requests first), sequential; RUNS samples, or fewer once they pass the budget (never under MIN_RUNS). */
async function measure(base: string, page: Page, cookies: Record<Page['as'], string | undefined>): Promise<Sample> {
  const cookie = cookies[page.as];
  for (let i = 0; i < WARMUP; i++) await fetchOnce(base, page.path, cookie);
  const times: number[] = [];
  let last = await fetchOnce(base, page.path, cookie);
  times.push(last.ms);
  let spent = last.ms;
  while (times.length < RUNS && (times.length < MIN_RUNS || spent < BUDGET_MS)) {
    last = await fetchOnce(base, page.path, cookie);
    times.push(last.ms);
    spent += last.ms;
  }
  return { ms: median(times), bytes: Buffer.byteLength(last.body), rows: rowsIn(last.body, page.path.includes('.csv')), status: last.status, runs: times.length };
}

async function measureDesk(name: string, base: string, cookies: Record<Page['as'], string | undefined>): Promise<Map<string, Sample>> {
  const t0 = performance.now();
  const out = new Map<string, Sample>();
  for (const page of PAGES) out.set(page.path, await measure(base, page, cookies));
  console.log(`  measured the ${name} desk in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

// ─────────────────────────── the run ───────────────────────────

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A Temporal client that never connects: a workflow query is answered "not found" at once. */
function offlineTemporal(): Client {
  const noWorkflows: WorkflowClientInterceptor = {
    async query(input) { throw new WorkflowNotFoundError('no Temporal in this bench', input.workflowExecution.workflowId, input.workflowExecution.runId); },
  };
  return new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), interceptors: { workflow: [noWorkflows] } });
}

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'arflow-bench-console-'));
  const pg = await startEmbeddedPostgres(join(dir, 'pgdata'), await freePort());
  let server: Server | undefined;
  let db: Db | undefined;
  try {
    await migrate(pg.url);
    db = openDb(pg.url, { poolMax: 1 }); // as runtime/app.ts opens the embedded database
    await seedDemoData(db);
    const busy = await db.customer.findUniqueOrThrow({ where: { number: BUSY } });
    const lead = await db.user.findUniqueOrThrow({ where: { email: 'dana.lead@arflow.test' } });
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'ines.admin@arflow.test' } });
    const demo: DemoRefs = {
      busy: { id: busy.id, number: busy.number, domain: busy.emailDomains[0] ?? 'acme.example', terms: busy.termsCode },
      users: (await db.user.findMany({ select: { id: true, email: true } })),
    };
    const cookies: Record<Page['as'], string | undefined> = {
      nobody: undefined,
      lead: `arflow_session=${(await startSession(db, lead.id, NOW)).token}`,
      admin: `arflow_session=${(await startSession(db, admin.id, NOW)).token}`,
    };
    server = createConsoleServer({ db, temporal: offlineTemporal(), now: () => NOW });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`AR console pages on the embedded database (PGlite), seed ${SEED}, scale ${SCALE}, clock ${NOW.toISOString()}`);
    console.log(`median of up to ${RUNS} sequential warm requests per page (after ${WARMUP_ROUNDS} untimed rounds over all pages; ${WARMUP} warm-up requests before each page; fewer, never under ${MIN_RUNS}, once a page's samples pass ${BUDGET_MS / 1000} s)\n`);

    // The process warms up first (JIT, templates, the database's caches), so the small desk's figures are warm too.
    for (let round = 0; round < WARMUP_ROUNDS; round++) for (const page of PAGES) await fetchOnce(base, page.path, cookies[page.as]);
    const small = await measureDesk('small (demo data)', base, cookies);
    const counts = scaled(SLICE);
    let t0 = performance.now();
    const tally0 = await generateSlice(db, 0, counts, demo);
    console.log(`  generated slice 1 in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await db.$executeRawUnsafe('ANALYZE'); // fresh planner statistics before each generated desk is measured
    const half = await measureDesk('half', base, cookies);
    t0 = performance.now();
    const tally1 = await generateSlice(db, 1, counts, demo);
    console.log(`  generated slice 2 in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await db.$executeRawUnsafe('ANALYZE');
    const full = await measureDesk('full', base, cookies);

    const busyInvoices = await db.invoice.count({ where: { customerId: busy.id } });
    console.log(`\nThe full desk (the demo data plus two generated slices; ${BUSY} is the busy account with ${busyInvoices} invoices):`);
    const what = Object.keys(tally0);
    console.log(what.map((k) => `  ${k.padEnd(36)} ${String((tally0[k] ?? 0) + (tally1[k] ?? 0)).padStart(7)}`).join('\n'));

    const login = full.get('/login')!;
    const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)).padStart(8);
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(a / b < 10 ? 2 : a / b < 100 ? 1 : 0)}×` : '—').padStart(8);
    const kb = (bytes: number) => (bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0).padStart(7);
    console.log('\nms: median per request; ×small and ×login: full-desk time over the small desk\'s and over /login\'s (full-desk run);');
    console.log('full/half: full desk over half desk (≈2× in time and size: the page reads the whole table); rows: table rows or CSV lines\n');
    console.log(`${'page'.padEnd(24)}${'small ms'.padStart(9)}${'half ms'.padStart(9)}${'full ms'.padStart(9)}${'×small'.padStart(9)}${'×login'.padStart(9)}${'ms f/h'.padStart(9)}${'KB small'.padStart(9)}${'KB full'.padStart(9)}${'KB f/h'.padStart(9)}${'rows'.padStart(8)}${'n'.padStart(4)}  status`);
    const flagged: string[] = [];
    for (const page of PAGES) {
      const s = small.get(page.path)!, h = half.get(page.path)!, f = full.get(page.path)!;
      const statuses = [...new Set([s.status, h.status, f.status])].join('/');
      console.log(`${page.label.padEnd(24)} ${ms(s.ms)} ${ms(h.ms)} ${ms(f.ms)} ${ratio(f.ms, s.ms)} ${ratio(f.ms, login.ms)} ${ratio(f.ms, h.ms)}  ${kb(s.bytes)}  ${kb(f.bytes)} ${ratio(f.bytes, h.bytes)}${String(f.rows).padStart(8)}${String(f.runs).padStart(4)}  ${statuses}`);
      if (page.as !== 'nobody' && f.rows >= FLAG_ROWS && (f.ms / h.ms >= 1.6 || f.bytes / h.bytes >= 1.6)) {
        flagged.push(`  ${page.label}: ${h.ms.toFixed(0)} → ${f.ms.toFixed(0)} ms (${(f.ms / h.ms).toFixed(2)}×), ${(h.bytes / 1024).toFixed(0)} → ${(f.bytes / 1024).toFixed(0)} KB (${(f.bytes / h.bytes).toFixed(2)}×), ${h.rows} → ${f.rows} rows`);
      }
    }
    console.log(`\n* the account page's Temporal query (its collections workflow) is answered "not found" by the client, so it is timed without it.`);
    console.log(flagged.length ? `\nGrowing with the whole table (half → full desk, 1.6× or more in time or size, ${FLAG_ROWS}+ rows):\n${flagged.join('\n')}` : `\nNo page of ${FLAG_ROWS}+ rows grew 1.6× or more from the half desk to the full desk.`);

    // Where the time of the report pages goes: the report functions they call, without HTTP or templates.
    const today = NOW.toISOString().slice(0, 10);
    const alone = async (label: string, fn: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) { const t = performance.now(); await fn(); times.push(performance.now() - t); }
      console.log(`  ${label.padEnd(34)} ${ms(median(times.slice(2)))} ms`);
    };
    console.log('\nThe report functions alone on the full desk (median of 5 after 2):');
    await alone('receivablesAging (aging pages)', () => receivablesAging(db!, today));
    await alone('customerList (customers)', () => customerList(db!));
    await alone('dashboard (dashboard)', () => dashboard(db!, today));
    await alone('accountView (customers/C-1001)', () => accountView(db!, BUSY));
    console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (server) { server.closeAllConnections(); await new Promise<void>((resolve) => server!.close(() => resolve())); }
    await db?.$disconnect();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
