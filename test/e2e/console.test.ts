// The AR console in real Chromium (Debian's, driven by playwright-core) against the real stack: sign-in
// (a wrong password refused, a forged form refused), a CSR who may look but not decide, an AR clerk's
// write-off refused above her limit by the workflow itself, the same payment then left on a customer's
// account, and the AR aging dashboard with its CSV. Screenshots go to .arflow/test/screenshots.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { usersCommand } from '../../cli/user-commands.js';
import type { BankEntry } from '../../domain/payment-documents.js';
import { writeBai2 } from '../../parsers/bank/bai2-write.js';
import { SHOTS, startConsole, visibleText, type ConsoleUnderTest } from '../support/console-browser.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { issueTestInvoice } from '../support/invoicing.js';
import { buildEmail } from '../support/shipping.js';

let desk: TestDesk;
let console_: ConsoleUnderTest;
let base: string;
const signIn = (email: string, password?: string) => console_.signIn(email, password);

beforeAll(async () => {
  desk = await startTestDesk('console');
  console_ = await startConsole(desk);
  base = console_.base;
});
afterAll(async () => {
  await console_?.stop();
  await desk?.stop();
});

describe('the AR console', () => {
  it('signs people in, shows the queue, and sends decisions through the workflow, which may refuse them', async () => {
    // A payment nobody recognises: in suspense, in the queue. And a Cobalt invoice it could pay.
    const invoice = await issueTestInvoice(desk, 'C-1003', 12_000);
    const today = new Date().toISOString().slice(0, 10);
    const entry: BankEntry = { direction: 'credit', amountMinor: 12_345, currency: 'USD', bookedOn: today, kind: 'other', typeCode: '195', bankRef: `FW${uniqueSuffix()}`, customerRef: '', payer: {}, remittance: [], memo: 'ORG=/55544433 ZENITH HOLDINGS LLC', location: '' };
    const file = writeBai2({ format: 'bai2', fileId: uniqueSuffix(), createdOn: today, accounts: [{ accountNumber: '4410098765', currency: 'USD', entries: [entry] }] });
    await desk.send(await buildEmail({ from: 'reports@firstnational.example', to: 'remit@arflow.test', subject: 'Prior day', messageId: `<${uniqueSuffix()}@bank.example>`, text: 'Attached.', attachments: [{ filename: 'bai.txt', content: file, contentType: 'text/plain' }] }), 'remit@arflow.test');
    const approval = await eventually(async () => (await desk.db.approval.findFirst({ where: { kind: 'cash_exception', status: 'pending' } })) ?? undefined, 'the payment in the queue', 60_000);

    // A wrong password is refused with a plain message.
    const wrong = await signIn('amy.clerk@arflow.test', 'not-the-password');
    expect((await visibleText(wrong.page.getByRole('alert'))).trim()).toBe('That email and password do not match an account.');
    await wrong.context.close();

    // A CSR sees the queue but may not decide a payment.
    const csr = await signIn('carla.csr@arflow.test');
    await csr.page.getByRole('link', { name: /cash exception/ }).first().click();
    await csr.page.getByText('csrs may not decide a cash exception.').waitFor({ state: 'visible' });
    expect(await csr.page.getByRole('button', { name: 'Send decision' }).count()).toBe(0);
    // Nor post one by hand: the form needs the session's CSRF token, and the role is checked on the server.
    const forged = await csr.context.request.post(`${base}/approvals/${approval.id}/decide`, { form: { decision: 'on_account', reason: 'x', csrf: 'forged' } });
    expect(forged.status()).toBe(403);
    await csr.context.close();

    // The AR clerk applies 100.00 to Cobalt's 120.00 invoice and writes off the 20.00 held back: her limit
    // (0.00) does not cover a write-off, and the workflow's validator says so.
    const clerk = await signIn('amy.clerk@arflow.test');
    await clerk.page.getByRole('heading', { name: 'Approvals waiting for a person' }).waitFor({ state: 'visible' });
    await clerk.page.screenshot({ path: join(SHOTS, 'console-approvals.png'), fullPage: true });
    await clerk.page.goto(`${base}/approvals/${approval.id}`);
    await clerk.page.getByLabel('Apply to an invoice').check();
    await clerk.page.getByLabel('Customer (when the payer is someone else)').fill('C-1003');
    await clerk.page.getByLabel('Invoice', { exact: true }).fill(invoice.number);
    await clerk.page.getByLabel('Amount applied').fill('100.00');
    await clerk.page.getByLabel('Held back by the customer (deduction)').fill('20.00');
    await clerk.page.getByLabel(/Write the deduction off/).check();
    await clerk.page.getByLabel('Reason').fill('freight deducted');
    await clerk.page.getByRole('button', { name: 'Send decision' }).click();
    expect((await visibleText(clerk.page.getByRole('alert'))).trim()).toBe("Refused: writing off 20.00 USD: 20.00 USD is above Amy Ross's approval limit of 0.00 USD; it needs someone with a higher limit");
    await clerk.page.screenshot({ path: join(SHOTS, 'console-refused.png'), fullPage: true });
    expect(await desk.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'pending' });

    // She leaves it on Cobalt's account instead: accepted, recorded, out of the queue.
    await clerk.page.getByLabel('Leave on account').check();
    await clerk.page.getByLabel('Customer (when the payer is someone else)').fill('C-1003');
    await clerk.page.getByLabel('Reason').fill('Zenith pays for Cobalt; applied when Cobalt confirms');
    await clerk.page.getByRole('button', { name: 'Send decision' }).click();
    expect(await visibleText(clerk.page.getByRole('status'))).toContain('it accepted the decision');
    expect(await desk.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'approved', decidedBy: 'amy.clerk@arflow.test' });
    expect(await desk.db.auditEvent.count({ where: { action: 'console_decision', actor: 'amy.clerk@arflow.test' } })).toBe(1);

    // The desk's dashboard: DSO from the one invoice (120.00 owed of 120.00 sold in 90 days), the cash left on account.
    await clerk.page.getByRole('link', { name: 'Dashboard' }).click();
    expect(await visibleText(clerk.page.locator('dd', { hasText: 'days' }).first())).toBe('90 days');
    expect(await visibleText(clerk.page.locator('dt:has-text("Unapplied cash") + dd'))).toBe('123.45 USD');
    await clerk.page.getByRole('img', { name: /Cash applied per day/ }).waitFor();
    await clerk.page.screenshot({ path: join(SHOTS, 'console-dashboard.png'), fullPage: true });
    const figures = await (await clerk.context.request.get(`${base}/dashboard.csv`)).text();
    expect(figures).toContain(`dso_days,USD,${today},90`);
    expect(figures).toContain(`unapplied_cash,USD,${today},123.45`);

    // The aging dashboard, and its CSV.
    await clerk.page.getByRole('link', { name: 'AR aging' }).click();
    await clerk.page.getByRole('img', { name: /Open receivables in USD/ }).waitFor({ state: 'visible' });
    await clerk.page.screenshot({ path: join(SHOTS, 'console-aging.png'), fullPage: true });
    const csv = await clerk.context.request.get(`${base}/aging.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('C-1003,Cobalt Marine Supply,USD');
    // The clerk may not read the audit log; the AR lead may, finds the clerk's decision there, and exports it.
    const notAllowed = await clerk.context.request.get(`${base}/audit`);
    expect(notAllowed.status()).toBe(403);
    // Cobalt's account: the unapplied cash the clerk left there, the open invoice, the timeline.
    await clerk.page.getByRole('link', { name: 'Customers' }).click();
    await clerk.page.getByRole('link', { name: 'C-1003' }).click();
    await clerk.page.getByRole('heading', { name: /C-1003 Cobalt Marine Supply/ }).waitFor();
    expect(await visibleText(clerk.page.locator('dd', { hasText: '123.45' }))).toBe('123.45 USD');
    expect(await clerk.page.getByRole('cell', { name: invoice.number }).count()).toBeGreaterThan(0);
    expect(await clerk.page.getByRole('cell', { name: /payment PMT-/ }).count()).toBe(1);
    await clerk.page.screenshot({ path: join(SHOTS, 'console-account.png'), fullPage: true });
    await clerk.page.getByRole('link', { name: 'Outbox & quarantine' }).click();
    await clerk.page.getByRole('heading', { name: 'Sent by arflow (latest 100)' }).waitFor();
    expect(await clerk.page.getByRole('cell', { name: new RegExp(invoice.number) }).count()).toBeGreaterThan(0);
    await clerk.context.close();
    const lead = await signIn('dana.lead@arflow.test');
    await lead.page.getByRole('link', { name: 'Audit log' }).click();
    await lead.page.getByLabel('Search actor, action or subject').fill('amy.clerk');
    await lead.page.getByRole('button', { name: 'Search' }).click();
    expect(await visibleText(lead.page.getByRole('cell', { name: 'console_decision' }).first())).toBe('console_decision');
    await lead.page.screenshot({ path: join(SHOTS, 'console-audit.png'), fullPage: true });
    // Today only, as the export link carries the filter; a range that ended yesterday has nothing of hers.
    const day = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await lead.page.getByLabel('From (UTC day)').fill(day);
    await lead.page.getByLabel('To (UTC day, included)').fill(day);
    await lead.page.getByRole('button', { name: 'Search' }).click();
    expect(await visibleText(lead.page.getByRole('cell', { name: 'console_decision' }).first())).toBe('console_decision');
    const exportHref = await lead.page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
    expect(exportHref).toBe(`/audit.csv?q=amy.clerk&from=${day}&to=${day}`);
    const exportedToday = await lead.context.request.get(`${base}${exportHref}`);
    expect(exportedToday.headers()['content-disposition']).toBe(`attachment; filename="arflow-audit-${day}-to-${day}.csv"`);
    const exported = await exportedToday.text();
    expect(exported.split('\r\n')[0]).toBe('id,at,actor,action,subject,data');
    expect(exported).toContain('amy.clerk@arflow.test,console_decision,payment');
    expect(await (await lead.context.request.get(`${base}/audit.csv?q=amy.clerk&to=${yesterday}`)).text()).toBe('id,at,actor,action,subject,data\r\n');
    await lead.page.goto(`${base}/audit?from=${day}&to=${yesterday}`);
    expect(await visibleText(lead.page.getByRole('alert'))).toBe(`Not searched: the range ends (${yesterday}) before it starts (${day}).`);
    // An auditor's export is not cut short: every event the filter matches, across the batches it is read in.
    const actor = `bulk-${uniqueSuffix().toLowerCase()}@arflow.test`;
    await desk.db.auditEvent.createMany({ data: Array.from({ length: 4_321 }, (_, n) => ({ actor, action: 'bulk_check', subjectType: 'test', subjectId: String(n) })) });
    const bulk = (await (await lead.context.request.get(`${base}/audit.csv?q=${encodeURIComponent(actor)}`)).text()).trim().split('\r\n');
    expect(bulk).toHaveLength(1 + 4_321);
    expect(new Set(bulk.slice(1).map((line) => line.split(',')[0])).size).toBe(4_321);
    await lead.page.goto(`${base}/audit?q=${encodeURIComponent(actor)}`);
    expect(await visibleText(lead.page.locator('main p', { hasText: 'events' }).first())).toContain('The latest 200 of 4,321 events; the CSV has them all.');
    await lead.context.close();
  });

  it('lets an admin keep the accounts in the console: a new clerk signs in, the last admin cannot lock everyone out', async () => {
    const admin = await signIn('ines.admin@arflow.test');
    // An admin lands on what they may see and has the Users page; the approvals queue is not theirs.
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    const add = admin.page.locator('form[action="/users"]');
    await add.getByLabel('Email').fill('nora.clerk@arflow.test');
    await add.getByLabel('Name').fill('Nora Diaz');
    await add.getByLabel('Role').selectOption('ar_clerk');
    await add.getByLabel('Approval limit (USD)').fill('250.00');
    await add.getByLabel('Initial password (optional)').fill('a clerk passphrase 1');
    await add.getByRole('button', { name: 'Add person' }).click();
    expect(await visibleText(admin.page.getByRole('status'))).toBe('nora.clerk@arflow.test added as AR clerk. They may sign in now. Running workflows are being told who may decide now.');
    await admin.page.screenshot({ path: join(SHOTS, 'console-users.png'), fullPage: true });
    // The same address again is refused, and what was typed stays in the form.
    await add.getByLabel('Email').fill('NORA.clerk@arflow.test');
    await add.getByLabel('Name').fill('Nora Again');
    await add.getByRole('button', { name: 'Add person' }).click();
    expect(await visibleText(admin.page.getByRole('alert'))).toContain('nora.clerk@arflow.test already has an account');
    expect(await add.getByLabel('Name').inputValue()).toBe('Nora Again');

    const nora = await signIn('nora.clerk@arflow.test', 'a clerk passphrase 1');
    await nora.page.getByRole('heading', { name: 'Approvals waiting for a person' }).waitFor();
    expect(await nora.page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect((await nora.context.request.get(`${base}/users`)).status()).toBe(403);

    // Deactivated from the console: her session ends at once.
    await admin.page.getByRole('button', { name: 'Deactivate nora.clerk@arflow.test' }).click();
    expect(await visibleText(admin.page.getByRole('status'))).toContain('nora.clerk@arflow.test');
    await nora.page.goto(`${base}/approvals`);
    expect(new URL(nora.page.url()).pathname).toBe('/login');
    await nora.context.close();
    // The only admin may not take away their own role.
    const me = admin.page.locator('section', { has: admin.page.getByRole('heading', { name: /ines.admin@arflow.test/ }) });
    await me.getByLabel('Role').selectOption('viewer');
    await me.getByRole('button', { name: /Save role and limit/ }).click();
    expect((await visibleText(admin.page.getByRole('alert'))).toLowerCase()).toContain('admin');
    expect((await desk.db.user.findUniqueOrThrow({ where: { email: 'ines.admin@arflow.test' } })).role).toBe('admin');
    expect(await desk.db.auditEvent.count({ where: { actor: 'ines.admin@arflow.test', action: { in: ['user_added', 'user_deactivated'] } } })).toBe(2);
    await admin.context.close();
  });

  it('takes accounts the IT person sets up from the command line: a viewer signs in, sees dashboards only, and is shut out once deactivated', async () => {
    const run = async (args: string[], secret = '') => {
      const env = { DATABASE_URL: desk.databaseUrl, TEMPORAL_ADDRESS: inject('stack').temporalAddress, ARFLOW_TASK_QUEUE: desk.taskQueue };
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      const out: string[] = [];
      try { return { code: await usersCommand(args, (l) => out.push(l), async () => secret), out }; } finally { for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } }
    };
    // Added: the desk's running workflows are told who may decide now.
    const added = await run(['add', 'vera.viewer@arflow.test', '--name', 'Vera Holt', '--role', 'viewer']);
    expect(added.code).toBe(0);
    expect(added.out[1]).toMatch(/^\d+ running workflow\(s\) told$/);
    expect((await run(['password', 'vera.viewer@arflow.test'], 'short'))).toMatchObject({ code: 2 });
    expect((await run(['password', 'vera.viewer@arflow.test'], 'a long enough passphrase'))).toEqual({ code: 0, out: ['password set for vera.viewer@arflow.test; their open sessions were ended'] });

    const viewer = await signIn('vera.viewer@arflow.test', 'a long enough passphrase');
    // A viewer starts on the dashboard; the queue is not theirs, in the menu or by its address.
    expect(new URL(viewer.page.url()).pathname).toBe('/dashboard');
    await viewer.page.getByRole('heading', { name: /The desk today/ }).waitFor();
    expect(await viewer.page.getByRole('link', { name: 'Approvals' }).count()).toBe(0);
    await viewer.page.goto(`${base}/approvals`);
    expect(await visibleText(viewer.page.locator('main p.card'))).toBe('Vera Holt (viewer) may not view approvals.');

    // Deactivated: the open session ends and signing in again fails.
    expect((await run(['deactivate', 'vera.viewer@arflow.test'])).code).toBe(0);
    await viewer.page.goto(`${base}/dashboard`);
    expect(new URL(viewer.page.url()).pathname).toBe('/login');
    await viewer.context.close();
    const again = await signIn('vera.viewer@arflow.test', 'a long enough passphrase');
    expect((await visibleText(again.page.getByRole('alert'))).trim()).toBe('That email and password do not match an account.');
    await again.context.close();
  });
});
