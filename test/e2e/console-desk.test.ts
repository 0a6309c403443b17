// The desk's work done from the AR console in real Chromium, against the real stack: a CSR answers an
// order's questions beside the PO as it was read (each field with the reader's confidence) and the email
// as it arrived; a CSR decides a shipment that does not match its order; on a customer's account an AR
// clerk sends a statement (PDF) and records a promise to pay, and an AR lead agrees a payment plan and puts
// the account on credit hold and takes it off; an AR lead settles disputes. Each role is refused what it
// may not do, on the server.
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderReference } from '../../activities/outbox.js';
import { typedOrder } from '../../demo/emails.js';
import { acmeShipment } from '../../demo/shipment-docs.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { addDays } from '../../domain/invoicing.js';
import { accountStatementWorkflowId } from '../../workflows/account-statement.js';
import { collectionsQuery, recordDisputeUpdate } from '../../workflows/collections.js';
import { requestCreditMemoUpdate } from '../../workflows/invoice.js';
import { orderProgressQuery } from '../../workflows/order.js';
import { SHOTS, startConsole, visibleText, type ConsoleUnderTest } from '../support/console-browser.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { issueTestInvoice } from '../support/invoicing.js';
import { acknowledgedAcmeOrder, mailPackingSlip, pdfText } from '../support/shipping.js';

let desk: TestDesk;
let web: ConsoleUnderTest;
beforeAll(async () => {
  desk = await startTestDesk('console_desk');
  web = await startConsole(desk);
});
afterAll(async () => {
  await web?.stop();
  await desk?.stop();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('the desk in the console', () => {
  it('lets a CSR answer an order\'s questions beside the PO as read and the email as it arrived, and not a clerk', async () => {
    const po = `CQ-${uniqueSuffix()}`;
    const forward = await typedOrder({ messageId: `<cq-${po}@arflow.test>`, subject: `Acme order ${po}`, text: `Customer #: C-1001\nPO Number: ${po}\n\nWID-1OO x 10\nBRK-220 x 100 @ 0.99\n` });
    await desk.send(forward.raw);
    const order = await eventually(async () => { const o = await desk.db.order.findFirst({ where: { poNumber: po } }); return o?.status === 'in_review' ? o : undefined; }, 'the order in review');
    // The row says in review before the order's workflow has asked its questions; the page shows what it asked.
    await eventually(async () => (await desk.temporal.workflow.getHandle(order.workflowId).query(orderProgressQuery).catch(() => undefined))?.step === 'in_review', 'the order workflow asking');

    // An AR clerk sees the questions in the queue but may not answer them, nor post an answer by hand.
    const clerk = await web.signIn('amy.clerk@arflow.test');
    await clerk.page.getByRole('link', { name: new RegExp(`order questions PO ${po}`) }).click();
    expect(await visibleText(clerk.page.locator('main p.card.muted'))).toBe('ar clerks may not answer order questions.');
    const clerkCsrf = await clerk.page.locator('input[name=csrf]').first().inputValue();
    expect((await clerk.context.request.post(`${web.base}/orders/${order.id}/answer`, { form: { csrf: clerkCsrf, answer: 'line 1 item WID-100' } })).status()).toBe(403);
    await clerk.context.close();

    const csr = await web.signIn('carla.csr@arflow.test');
    await csr.page.getByRole('link', { name: new RegExp(`order questions PO ${po}`) }).click();
    await csr.page.getByRole('heading', { name: `Order questions: PO ${po} (C-1001)` }).waitFor();
    const questions = await csr.page.getByRole('listitem').allTextContents();
    expect(questions.join('\n')).toContain('Line 1: item "WID-1OO" is not in our catalogue. Which item is it?');
    expect(questions.join('\n')).toContain("Line 2: the PO's unit price for BRK-220 is 0.99 USD, our price list says 0.85 USD. Which price applies?");
    // The PO as the reader saw it: each field, how sure, from where.
    const poRow = csr.page.getByRole('row', { name: /PO number/ });
    expect(await visibleText(poRow)).toContain(po);
    expect(await visibleText(csr.page.getByRole('row', { name: /Line 1/ }))).toMatch(/WID-1OO: 10 .*\d+%/);
    // The email exactly as it arrived, to open in a mail client.
    const raw = await (await csr.context.request.get(`${web.base}${await csr.page.getByRole('link', { name: `Acme order ${po}` }).getAttribute('href')}`)).text();
    expect(raw).toContain(`Message-ID: ${forward.messageId}`);
    await csr.page.screenshot({ path: join(SHOTS, 'console-order-questions.png'), fullPage: true });

    // A half answer: the order says what is still open.
    await csr.page.getByLabel('Your answer').fill('line 2 list price');
    await csr.page.getByRole('button', { name: 'Send answer' }).click();
    expect(await visibleText(csr.page.getByRole('status'))).toContain('The order took your answer and still asks: Line 1: item "WID-1OO" is not in our catalogue.');
    await csr.page.getByLabel('Your answer').fill('line 1 item WID-100');
    await csr.page.getByRole('button', { name: 'Send answer' }).click();
    expect(await visibleText(csr.page.getByRole('status'))).toBe('The order took your answer: no questions are left, and it goes on to the credit check and the ERP.');
    const progress = await eventually(async () => { const p = await desk.temporal.workflow.getHandle(order.workflowId).query(orderProgressQuery); return p.step === 'acknowledged' ? p : undefined; }, 'the order acknowledged');
    expect(progress.openQuestions).toEqual([]);
    const entered = await desk.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
    expect(entered.lines.map((l) => [l.sku, Number(l.unitPriceMinor)])).toEqual([['WID-100', 425], ['BRK-220', 85]]);
    expect(await desk.db.auditEvent.count({ where: { action: 'console_decision', actor: 'carla.csr@arflow.test', subjectId: order.id } })).toBe(2);
    // Answered: out of the queue.
    await csr.page.getByRole('link', { name: 'Approvals', exact: true }).click();
    await csr.page.getByRole('heading', { name: 'Approvals waiting for a person' }).waitFor();
    expect(await csr.page.getByRole('link', { name: new RegExp(`PO ${po}`) }).count()).toBe(0);
    await csr.context.close();
  });

  it('lets a CSR decide a shipment that does not match its order, with the account and the packing slip beside it', async () => {
    const { po, order } = await acknowledgedAcmeOrder(desk);
    const slip = { ...acmeShipment(orderReference(order.id)), poNumber: po, packingSlipNumber: `PS-${uniqueSuffix()}` };
    slip.lines = [{ ...slip.lines[0]!, shipped: '300', backordered: '0' }, slip.lines[1]!];
    await mailPackingSlip(desk, slip, `<cs-${po}@arflow.test>`);
    const approval = await eventually(async () => (await desk.db.approval.findFirst({ where: { kind: 'shipment_discrepancy', status: 'pending', workflowId: order.workflowId } })) ?? undefined, 'the discrepancy in the queue');

    const csr = await web.signIn('carla.csr@arflow.test');
    await csr.page.getByRole('link', { name: `shipment discrepancy packing slip ${slip.packingSlipNumber}, PO ${po} (C-1001)` }).click();
    await csr.page.getByRole('heading', { name: `shipment discrepancy: packing slip ${slip.packingSlipNumber}, PO ${po} (C-1001)` }).waitFor();
    expect(await visibleText(csr.page.locator('dt:has-text("findings") + dd'))).toMatch(/WID-100/);
    expect(await csr.page.getByRole('link', { name: /Account C-1001/ }).count()).toBe(1);
    // The warehouse's email and its packing slip, as they arrived.
    const slipLink = csr.page.getByRole('link', { name: `${slip.packingSlipNumber}.pdf` });
    const slipPdf = await csr.context.request.get(`${web.base}${await slipLink.getAttribute('href')}`);
    expect(slipPdf.headers()['content-disposition']).toBe(`attachment; filename="${slip.packingSlipNumber}.pdf"`);
    expect(await pdfText(await slipPdf.body())).toContain(slip.packingSlipNumber);
    await csr.page.getByLabel('Invoice what nobody questions').check();
    await csr.page.getByLabel('Reason').fill('bill the 250 ordered; the 50 extra come back');
    await csr.page.getByRole('button', { name: 'Send decision' }).click();
    expect(await visibleText(csr.page.getByRole('status'))).toContain('it accepted the decision');
    await csr.page.screenshot({ path: join(SHOTS, 'console-shipment.png'), fullPage: true });
    const progress = await desk.temporal.workflow.getHandle(order.workflowId).query(orderProgressQuery);
    expect(progress.shipments).toEqual([{ reference: slip.packingSlipNumber, outcome: 'invoice_requested' }]);
    expect(await desk.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'approved', decidedBy: 'carla.csr@arflow.test' });
    await csr.context.close();
  });

  it('works an account: a clerk sends a statement and records a promise, a lead agrees a plan, holds the account and changes its credit limit', async () => {
    const first = await issueTestInvoice(desk, 'C-1002', 50_000);
    const second = await issueTestInvoice(desk, 'C-1002', 30_000);
    const collections = desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1002'));

    const clerk = await web.signIn('amy.clerk@arflow.test');
    await clerk.page.goto(`${web.base}/customers/C-1002`);
    // The clerk has no plan or hold forms, and the server refuses them if posted by hand.
    expect(await clerk.page.getByRole('button', { name: 'Agree plan' }).count()).toBe(0);
    expect(await clerk.page.getByRole('button', { name: 'Put the account on hold' }).count()).toBe(0);
    const csrf = await clerk.page.locator('input[name=csrf]').first().inputValue();
    expect((await clerk.context.request.post(`${web.base}/customers/C-1002/hold`, { form: { csrf, hold: 'on', reason: 'not mine to decide' } })).status()).toBe(403);
    expect(await clerk.page.getByRole('button', { name: 'Change the limit' }).count()).toBe(0);
    expect((await clerk.context.request.post(`${web.base}/customers/C-1002/credit-limit`, { form: { csrf, limit: '99,000.00', reason: 'not mine either' } })).status()).toBe(403);

    // A statement: the PDF to Birch & Stone's billing contact, once a day.
    await clerk.page.getByRole('button', { name: 'Send statement' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe(`Statement of ${today()} sent to payables@birchstone.example.`);
    const sent = await desk.db.outboundMessage.findFirstOrThrow({ where: { kind: 'account_statement', toAddresses: { has: 'payables@birchstone.example' } }, include: { attachments: true } });
    expect(sent.status).toBe('sent');
    expect(sent.attachments.map((a) => a.filename)).toEqual([`Statement-C-1002-${today()}.pdf`]);
    const pdf = await pdfText(sent.attachments[0]!.content);
    expect(pdf).toContain(first.number);
    expect(pdf).toContain(second.number);
    expect(pdf).toContain('800.00');
    await clerk.page.getByRole('button', { name: 'Send statement' }).click();
    expect(await visibleText(clerk.page.getByRole('alert'))).toBe(`A statement of ${today()} was already sent (or is on its way) to C-1002 today: see the outbox.`);
    const statementRun = await desk.temporal.workflow.getHandle(accountStatementWorkflowId('C-1002', today())).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, statementRun, 'statement');
    recordHistory('account-statement', statementRun);

    // A promise to pay the first invoice in a week: the workflow takes it and says until when.
    await clerk.page.getByLabel(new RegExp(`^${first.number},`)).first().check();
    await clerk.page.getByLabel('Promised payment date').fill(addDays(today(), 7));
    await clerk.page.getByLabel('Note (who promised, how)').fill('Birch & Stone AP on the phone');
    await clerk.page.getByRole('button', { name: 'Record promise' }).click();
    // (Reminders resume after the policy's grace days past the promised date.)
    const paused = /^Promise recorded: reminders for (INV-\d+) pause until (\d{4}-\d{2}-\d{2})\.$/.exec(await visibleText(clerk.page.getByRole('status')));
    expect(paused?.[1]).toBe(first.number);
    expect(paused![2]! >= addDays(today(), 7)).toBe(true);
    expect(await visibleText(clerk.page.locator('dt:has-text("Promises to pay") + dd'))).toContain(`${first.number} until ${addDays(today(), 7)}`);
    await clerk.context.close();

    // The AR lead: a plan for the second invoice whose installments do not add up is refused by the workflow, then one that does.
    const lead = await web.signIn('dana.lead@arflow.test');
    await lead.page.goto(`${web.base}/customers/C-1002`);
    const planBox = lead.page.locator('form[action$="/plan"]');
    await planBox.getByLabel(new RegExp(`^${second.number},`)).check();
    await planBox.getByLabel(/Installments/).fill(`${addDays(today(), 14)} 100.00\n${addDays(today(), 44)} 100.00`);
    await planBox.getByLabel('Reason').fill('seasonal cash flow');
    await lead.page.getByRole('button', { name: 'Agree plan' }).click();
    expect(await visibleText(lead.page.getByRole('alert'))).toBe('Refused: the installments add up to 20000, but the invoices owe 30000: they must match to the cent');
    const planAgain = lead.page.locator('form[action$="/plan"]');
    await planAgain.getByLabel(new RegExp(`^${second.number},`)).check();
    await planAgain.getByLabel(/Installments/).fill(`${addDays(today(), 14)} 150.00\n${addDays(today(), 44)} 150.00`);
    await planAgain.getByLabel('Reason').fill('seasonal cash flow');
    await lead.page.getByRole('button', { name: 'Agree plan' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toBe(`Payment plan agreed: 2 installments, the last on ${addDays(today(), 44)}. Collections now chase the installments.`);
    expect((await collections.query(collectionsQuery)).plan).toMatchObject({ invoiceNumbers: [second.number], by: 'dana.lead@arflow.test' });

    // On hold and off again, each with its reason, in the account's notes and the audit log.
    await lead.page.locator('form[action$="/hold"]').getByLabel('Reason').fill('bounced check, pending review');
    await lead.page.getByRole('button', { name: 'Put the account on hold' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toBe('C-1002 is on credit hold: its new orders wait for an AR lead.');
    expect(await visibleText(lead.page.getByRole('heading', { level: 1 }))).toContain('on credit hold');
    expect((await desk.db.customer.findUniqueOrThrow({ where: { number: 'C-1002' } })).onCreditHold).toBe(true);
    await lead.page.screenshot({ path: join(SHOTS, 'console-account-actions.png'), fullPage: true });
    await lead.page.locator('form[action$="/hold"]').getByLabel('Reason').fill('check cleared');
    await lead.page.getByRole('button', { name: 'Release the account' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toBe('C-1002 is released from credit hold.');
    expect((await desk.db.customer.findUniqueOrThrow({ where: { number: 'C-1002' } })).onCreditHold).toBe(false);
    expect((await desk.db.auditEvent.findMany({ where: { subjectId: 'C-1002', action: { in: ['credit_hold_placed', 'credit_hold_released'] } }, orderBy: { id: 'asc' } })).map((e) => [e.action, e.actor]))
      .toEqual([['credit_hold_placed', 'dana.lead@arflow.test'], ['credit_hold_released', 'dana.lead@arflow.test']]);

    // The credit limit: raising it beyond her own approval limit is a higher authority's; lowering it is hers.
    const limitForm = () => lead.page.locator('form[action$="/credit-limit"]');
    await limitForm().getByLabel('New limit (USD)').fill('30,000.00');
    await limitForm().getByLabel('Why the limit changes').fill('larger seasonal orders');
    await limitForm().getByRole('button', { name: 'Change the limit' }).click();
    expect(await visibleText(lead.page.getByRole('alert'))).toBe("Limit not changed: 30,000.00 USD is above Dana Brooks's approval limit of 25,000.00 USD; someone with a higher limit must raise it.");
    await limitForm().getByLabel('New limit (USD)').fill('20,000.00');
    await limitForm().getByLabel('Why the limit changes').fill('two late payments this quarter');
    await limitForm().getByRole('button', { name: 'Change the limit' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toBe('Credit limit changed from 25,000.00 USD to 20,000.00 USD: two late payments this quarter. It counts from the next credit check; orders already on credit hold still wait for a decision.');
    expect(await visibleText(lead.page.locator('dd').nth(1))).toBe('20,000.00 USD');
    await limitForm().getByLabel('New limit (USD)').fill('25,000.00');
    await limitForm().getByLabel('Why the limit changes').fill('back to the usual limit after review');
    await limitForm().getByRole('button', { name: 'Change the limit' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toMatch(/^Credit limit changed from 20,000\.00 USD to 25,000\.00 USD/);
    expect((await desk.db.auditEvent.findMany({ where: { subjectId: 'C-1002', action: 'credit_limit_changed' }, orderBy: { id: 'asc' } })).map((e) => e.data))
      .toEqual([{ fromMinor: 2_500_000, toMinor: 2_000_000, currency: 'USD', reason: 'two late payments this quarter' }, { fromMinor: 2_000_000, toMinor: 2_500_000, currency: 'USD', reason: 'back to the usual limit after review' }]);
    await lead.context.close();
  });

  it('lets an AR lead settle disputes: one rejected as owed and chased again, one granted with a credit memo', async () => {
    const owed = await issueTestInvoice(desk, 'C-1003', 40_000);
    const granted = await issueTestInvoice(desk, 'C-1003', 25_000);
    const collections = desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1003'));
    // As Cobalt's AP wrote to the billing mailbox: two disputes, recorded by collections.
    await collections.executeUpdate(recordDisputeUpdate, { args: [{ invoiceNumber: owed.number, amountMinor: 10_000, by: 'lena.ortiz@cobaltmarine.example', reason: 'we never got the second crate' }] });
    await collections.executeUpdate(recordDisputeUpdate, { args: [{ invoiceNumber: granted.number, amountMinor: 5_000, by: 'lena.ortiz@cobaltmarine.example', reason: 'billed the list price, not our contract price' }] });

    const clerk = await web.signIn('amy.clerk@arflow.test');
    await clerk.page.getByRole('link', { name: new RegExp(`dispute invoice ${owed.number}`) }).click();
    expect(await visibleText(clerk.page.locator('main p.card.muted'))).toBe('ar clerks may not settle disputes.');
    await clerk.context.close();

    const lead = await web.signIn('dana.lead@arflow.test');
    await lead.page.getByRole('link', { name: new RegExp(`dispute invoice ${owed.number}`) }).click();
    expect(await visibleText(lead.page.locator('dt:has-text("Customer\'s reason") + dd'))).toBe('we never got the second crate');
    await lead.page.getByLabel('Why it is owed').fill('signed proof of delivery for both crates');
    await lead.page.getByRole('button', { name: 'Reject dispute' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toBe(`Dispute rejected: 400.00 USD of ${owed.number} is chased again.`);
    expect(await desk.db.dispute.findFirstOrThrow({ where: { invoice: { number: owed.number } } })).toMatchObject({ status: 'rejected' });
    // Cobalt's AP is told why the amount stands.
    const told = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject === `Your dispute of 100.00 USD on invoice ${owed.number}`), 'the customer told');
    expect(told.text).toContain('The amount is owed: signed proof of delivery for both crates');
    expect(told.text).toContain('"we never got the second crate"');
    const collectionsRun = await collections.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, collectionsRun, 'collections');
    recordHistory('collections-dispute-rejected', collectionsRun);
    expect((await desk.db.invoice.findUniqueOrThrow({ where: { number: owed.number } })).status).toBe('issued');
    expect((await collections.query(collectionsQuery)).invoices.find((i) => i.number === owed.number)?.disputedMinor).toBe(0);
    // Rejected once is rejected: the form is gone and the queue no longer shows it.
    expect(await lead.page.getByRole('button', { name: 'Reject dispute' }).count()).toBe(0);

    await lead.page.getByRole('link', { name: 'Approvals', exact: true }).click();
    expect(await lead.page.getByRole('link', { name: new RegExp(`dispute invoice ${owed.number}`) }).count()).toBe(0);
    await lead.page.getByRole('link', { name: new RegExp(`dispute invoice ${granted.number}`) }).click();
    // More than is disputed is not a dispute's credit; part of it is, and reloading the answer credits nothing more.
    await lead.page.getByLabel('Amount to credit').fill('60.00');
    await lead.page.getByRole('button', { name: 'Request credit memo' }).click();
    expect(await visibleText(lead.page.getByRole('alert'))).toContain('at most what is disputed (50.00 USD)');
    await lead.page.getByLabel('Amount to credit').fill('20.00');
    const creditForm = lead.page.locator('form[action$="/credit"]');
    const sentForm = Object.fromEntries(await Promise.all(['csrf', 'nonce', 'amount', 'reason'].map(async (n) => [n, await creditForm.locator(`[name=${n}]`).inputValue()] as const)));
    const creditAction = `${web.base}${await creditForm.getAttribute('action')}`;
    await lead.page.getByRole('button', { name: 'Request credit memo' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toMatch(/^Credit memo \S+ issued; the dispute is settled by it\.$/);
    // The same form sent again (a double click, a reload of the answer) is the same Update: one memo.
    expect((await lead.context.request.post(creditAction, { form: sentForm })).status()).toBe(200);
    const invoiceId = (await desk.db.invoice.findUniqueOrThrow({ where: { number: granted.number } })).id;
    expect(await desk.db.creditMemo.count({ where: { invoiceId } })).toBe(1);
    expect(await desk.db.dispute.findFirstOrThrow({ where: { invoice: { number: granted.number } } })).toMatchObject({ status: 'open', amountMinor: 3_000n });
    // The rest, granted too: the dispute is settled.
    await lead.page.goto(creditAction.replace(/\/credit$/, ''));
    await lead.page.getByRole('button', { name: 'Request credit memo' }).click();
    expect(await visibleText(lead.page.getByRole('status'))).toMatch(/^Credit memo \S+ issued/);
    await lead.page.screenshot({ path: join(SHOTS, 'console-dispute.png'), fullPage: true });
    await eventually(async () => (await desk.db.dispute.findFirstOrThrow({ where: { invoice: { number: granted.number } } })).status === 'resolved', 'the dispute settled by the memos');
    expect(await desk.db.creditMemo.count({ where: { invoiceId } })).toBe(2);
    expect((await desk.db.invoice.findUniqueOrThrow({ where: { number: granted.number } })).openMinor).toBe(20_000n);
    await lead.context.close();
  });

  it('says why a statement could not be sent, and sends it once the clerk adds someone to send it to; notes what the customer said', async () => {
    const number = `C-9${uniqueSuffix().slice(0, 4)}`;
    const customer = await desk.db.customer.create({ data: { number, name: 'Dune Logistics', termsCode: 'NET30', currency: 'USD' } });
    const clerk = await web.signIn('amy.clerk@arflow.test');
    await clerk.page.goto(`${web.base}/customers/${number}`);
    await clerk.page.getByRole('button', { name: 'Send statement' }).click();
    expect(await visibleText(clerk.page.getByRole('alert'))).toBe(`Not sent: ${number} has no billing or AP contact to send a statement to: add one to the customer's contacts.`);
    expect(await visibleText(clerk.page.locator('#contacts'))).toContain(`No billing contact: invoices, reminders and statements cannot be emailed to ${number}.`);
    // The clerk adds the customer's AP in the console: a mistyped address is refused first.
    const contactForm = clerk.page.locator(`form[action$="/contacts"]`);
    await contactForm.getByLabel('Name').fill('Dune AP');
    await contactForm.getByLabel('Email').fill('ap@dune.example, ar@dune.example');
    await contactForm.getByLabel('invoices, reminders and statements').check();
    await contactForm.evaluate((f) => f.setAttribute('novalidate', ''));
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    expect(await visibleText(clerk.page.getByRole('alert'))).toBe('Contact not saved: "ap@dune.example, ar@dune.example" is not one email address.');
    await contactForm.getByLabel('Name').fill('Dune AP');
    await contactForm.getByLabel('Email').fill('AP@Dune.example');
    await contactForm.getByLabel('invoices, reminders and statements').check();
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe('ap@dune.example added: receives invoices, reminders and statements.');
    expect(await desk.db.contact.findMany({ where: { customerId: customer.id }, select: { email: true, roles: true } })).toEqual([{ email: 'ap@dune.example', roles: ['billing'] }]);
    // The same mailbox typed in capitals is the same contact, changed, never a second one mailed twice.
    await contactForm.getByLabel('Name').fill('Dune Accounts Payable');
    await contactForm.getByLabel('Email').fill('AP@DUNE.EXAMPLE');
    await contactForm.getByLabel('invoices, reminders and statements').check();
    await contactForm.getByLabel('order acknowledgements').check();
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe('ap@dune.example changed: receives order acknowledgements; invoices, reminders and statements.');
    expect(await desk.db.contact.findMany({ where: { customerId: customer.id }, select: { name: true, email: true, roles: true } })).toEqual([{ name: 'Dune Accounts Payable', email: 'ap@dune.example', roles: ['order', 'billing'] }]);
    await clerk.page.getByRole('button', { name: 'Send statement' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe(`Statement of ${today()} sent to ap@dune.example.`);
    // Pressing it again sends nothing more.
    await clerk.page.getByRole('button', { name: 'Send statement' }).click();
    expect(await visibleText(clerk.page.getByRole('alert'))).toContain('was already sent (or is on its way)');
    expect(await desk.db.outboundMessage.count({ where: { kind: 'account_statement', customerId: customer.id } })).toBe(1);

    // What the customer said goes on the timeline, once however often the form is sent.
    await clerk.page.getByLabel('Add a note').fill('Called Dune AP: they will pay once the statement is checked.');
    const noteForm = clerk.page.locator('form[action$="/notes"]');
    const sentNote = Object.fromEntries(await Promise.all(['csrf', 'nonce', 'text'].map(async (n) => [n, await noteForm.locator(`[name=${n}]`).inputValue()] as const)));
    await noteForm.getByRole('button', { name: 'Add note' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe('Note added.');
    expect((await clerk.context.request.post(`${web.base}/customers/${number}/notes`, { form: sentNote })).status()).toBe(200);
    expect(await visibleText(clerk.page.locator('table').last())).toContain('Called Dune AP: they will pay once the statement is checked.');
    expect(await desk.db.collectionNote.count({ where: { customerId: customer.id, author: 'amy.clerk@arflow.test', text: { startsWith: 'Called Dune AP' } } })).toBe(1);
    await clerk.page.screenshot({ path: join(SHOTS, 'console-account-contacts.png'), fullPage: true });
    // Removing the only billing contact says what it means.
    await clerk.page.getByRole('button', { name: 'Remove ap@dune.example' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toBe(`ap@dune.example removed. ${number} has no billing contact now: invoices, reminders and statements cannot be emailed until one is added.`);
    expect(await desk.db.auditEvent.findMany({ where: { subjectId: number, action: { startsWith: 'contact_' } }, orderBy: { id: 'asc' }, select: { action: true, actor: true } }))
      .toEqual(['contact_added', 'contact_changed', 'contact_removed'].map((action) => ({ action, actor: 'amy.clerk@arflow.test' })));
    await clerk.context.close();
  });

  it('tells running workflows when an admin adds an AR lead, so the new lead is not refused at the door', async () => {
    const invoice = await issueTestInvoice(desk, 'C-1001', 90_000);
    const handle = desk.temporal.workflow.getHandle(invoice.workflowId);
    const ask = () => handle.executeUpdate(requestCreditMemoUpdate, { args: [{ amountMinor: 1_500, reason: 'two brackets short', by: 'nina.lead@arflow.test' }] });
    // The invoice read its approvers when it was issued: a person added since is nobody to it.
    await expect(ask()).rejects.toMatchObject({ cause: { message: expect.stringContaining('nina.lead@arflow.test may not issue credit memos') } });

    const admin = await web.signIn('ines.admin@arflow.test');
    await admin.page.goto(`${web.base}/users`);
    const add = admin.page.locator('form[action="/users"]');
    await add.getByLabel('Email').fill('nina.lead@arflow.test');
    await add.getByLabel('Name').fill('Nina Park');
    await add.getByLabel('Role').selectOption('ar_lead');
    await add.getByLabel('Approval limit (USD)').fill('5000.00');
    await add.getByRole('button', { name: 'Add person' }).click();
    expect(await visibleText(admin.page.getByRole('status'))).toContain('Running workflows are being told who may decide now.');
    await admin.context.close();

    // The same invoice soon knows her: her credit memo, within her limit, is issued at once.
    const outcome = await eventually(async () => ask().catch(() => undefined), 'the invoice told of the new lead');
    expect(outcome).toMatchObject({ status: 'issued' });
    const invoiceRun = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, invoiceRun, 'invoice');
    recordHistory('invoice-approvers-changed', invoiceRun);
  });
});
