// Customers' accounts: the list, one account's view (limit, exposure, open items, contacts, where
// collections stand, the timeline), and what the desk does to an account from there: send a statement,
// record a promise to pay, agree a payment plan, put the account on credit hold or release it, change its
// credit limit, keep who gets our mail, and note what the customer said. Promises and plans go to the
// customer's collections workflow as Updates (its validator judges them); a statement is its own workflow.
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { setCreditHold } from '../../activities/collections.js';
import { Prisma } from '../../generated/prisma/client.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { mayDo } from '../../domain/console-access.js';
import { refuseCreditLimitChange } from '../../domain/credit-limit-change.js';
import { formatMoney, money, parseAmountMinor } from '../../domain/money.js';
import { accountView, customerList, CUSTOMERS_PER_PAGE } from '../../reports/account.js';
import { accountStatementWorkflowId, type AccountStatementResult } from '../../workflows/account-statement.js';
import type { CollectionsState } from '../../workflows/collections.js';
import { contactFromForm, CONTACT_ROLES, noteFromForm, planFromForm, promiseFromForm } from '../account-forms.js';
import type { ConsoleApp, Route } from '../console-app.js';
import type { SignedIn } from '../sessions.js';
import { FORM_ID, sendUpdate } from '../workflow-updates.js';

// Customer numbers are the ERP's, free text: anything but a slash, encoded in the path.
const NUMBER = '([^/]{1,80})';
const customerOf = (param: string) => { try { return decodeURIComponent(param); } catch { return param; } };
/** How long the page waits for a statement to go out before saying it is on its way. */
const STATEMENT_WAIT_MS = 20_000;

/** Where collections stand for the customer, read from their workflow (none: nothing is being chased). */
async function collectionsStanding(app: ConsoleApp, customerNumber: string, fallbackCurrency: string) {
  let state: CollectionsState;
  try {
    state = await app.temporal.workflow.getHandle(collectionsWorkflowId(customerNumber)).query<CollectionsState>('collections');
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    return { unreachable: `collections could not be asked: ${(err as Error).message}`, promises: [], plan: undefined, log: [] };
  }
  const plan = state.plan;
  // A plan is in its invoices' one currency (the workflow refuses one across two).
  const planCurrency = state.invoices.find((i) => plan?.invoiceNumbers.includes(i.number))?.currency ?? fallbackCurrency;
  return {
    unreachable: undefined,
    promises: state.invoices.filter((i) => i.promisedUntil).map((i) => `${i.number} until ${i.promisedUntil}`),
    plan: plan ? `${plan.invoiceNumbers.join(', ')}: ${plan.installments.map((x) => `${x.dueDate} ${formatMoney(money(x.amountMinor, planCurrency))}`).join(', ')} (agreed ${plan.agreedOn} by ${plan.by})` : undefined,
    log: state.log.slice(-8).reverse().map((l) => `${l.on}: ${l.what}`),
  };
}

async function showAccount(app: ConsoleApp, res: ServerResponse, who: SignedIn, number: string, outcome?: { error?: string; done?: string; nonce?: string }) {
  const view = await accountView(app.db, number);
  if (!view) return app.notFound(res, who, `No customer ${number}.`);
  const role = who.user.role;
  app.render(res, outcome?.error ? 422 : 200, 'account', who, {
    title: `${view.number} ${view.name}`, account: view,
    collections: await collectionsStanding(app, view.number, view.currency), path: `/customers/${encodeURIComponent(view.number)}`,
    today: app.now().toISOString().slice(0, 10),
    actions: {
      statement: mayDo(role, 'send_statement'), promise: mayDo(role, 'record_promise') && view.openItems.length > 0,
      plan: mayDo(role, 'agree_payment_plan') && view.openItems.length > 0, hold: mayDo(role, 'set_account_hold'),
      contacts: mayDo(role, 'keep_contacts'), note: mayDo(role, 'add_account_note'), creditLimit: mayDo(role, 'set_credit_limit'),
    },
    contacts: view.contacts.map((c) => ({ ...c, receives: CONTACT_ROLES.filter((r) => c.roles.includes(r.role)).map((r) => r.label).join('; ') })),
    contactRoles: CONTACT_ROLES,
    ...outcome,
  });
}

/** An Update to the customer's collections workflow: none running means nothing is chased. */
async function toCollections<T>(app: ConsoleApp, customerNumber: string, updateName: string, args: unknown, formId: string | null) {
  const sent = await sendUpdate<T>(app.temporal, collectionsWorkflowId(customerNumber), updateName, args, formId);
  return !sent.ok && sent.problem.startsWith('The workflow ') && sent.problem.includes('is not running')
    ? { ok: false as const, problem: `${customerNumber} has no invoices in collections, so there is nothing to promise or plan.` } : sent;
}

const audit = (app: ConsoleApp, who: SignedIn, action: string, customerNumber: string, data: object) =>
  app.db.auditEvent.create({ data: { actor: who.user.email, action, subjectType: 'customer', subjectId: customerNumber, data } });

export const accountRoutes: Route[] = [
  {
    method: 'GET', path: /^\/customers$/, needs: 'view_accounts',
    async handle(app, { res, who, url }) {
      const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
      const asked = Number(url.searchParams.get('page'));
      let list = await customerList(app.db, { q, page: 1 });
      const pages = Math.max(1, Math.ceil(list.total / CUSTOMERS_PER_PAGE));
      // A page number that is not one, or past the end, shows the nearest page there is.
      const page = Number.isSafeInteger(asked) ? Math.min(Math.max(1, asked), pages) : 1;
      if (page > 1) list = await customerList(app.db, { q, page });
      const link = (p: number) => `/customers?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
      app.render(res, 200, 'customers', who, {
        title: 'Customers', q, counted: `${list.total} customer${list.total === 1 ? '' : 's'}`, page, pages,
        previous: page > 1 ? link(page - 1) : undefined, next: page < pages ? link(page + 1) : undefined,
        customers: list.customers.map((c) => ({ ...c, href: `/customers/${encodeURIComponent(c.number)}` })),
      });
    },
  },
  {
    method: 'GET', path: new RegExp(`^/customers/${NUMBER}$`), needs: 'view_accounts',
    handle: (app, { res, who, params }) => showAccount(app, res, who, customerOf(params[0]!)),
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/statement$`), needs: 'send_statement',
    async handle(app, { res, who, params }) {
      const customer = await app.db.customer.findUnique({ where: { number: customerOf(params[0]!) } });
      if (!customer) return app.notFound(res, who, `No customer ${customerOf(params[0]!)}.`);
      const asOf = app.now().toISOString().slice(0, 10);
      let result: AccountStatementResult | undefined;
      try {
        const handle = await app.temporal.workflow.start('accountStatementWorkflow', {
          workflowId: accountStatementWorkflowId(customer.number, asOf), taskQueue: app.taskQueue,
          args: [{ customerNumber: customer.number, asOf, requestedBy: who.user.email }],
          // A statement that could not be sent may be asked again; one that went out is not sent twice a day.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        });
        await audit(app, who, 'statement_requested', customer.number, { asOf });
        result = await Promise.race([handle.result() as Promise<AccountStatementResult>, delay(STATEMENT_WAIT_MS, undefined, { ref: false })]);
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return showAccount(app, res, who, customer.number, { error: `A statement of ${asOf} was already sent (or is on its way) to ${customer.number} today: see the outbox.` });
        if (err instanceof WorkflowFailedError) return showAccount(app, res, who, customer.number, { error: `Not sent: ${err.cause?.message ?? err.message}.` });
        throw err;
      }
      if (!result) return showAccount(app, res, who, customer.number, { done: 'The statement is on its way; it shows in the outbox once sent.' });
      return showAccount(app, res, who, customer.number, { done: `Statement of ${asOf} sent to ${result.to.join(', ')}.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/promise$`), needs: 'record_promise',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const promise = promiseFromForm(who.user.email, { invoices: form.getAll('invoice'), promisedDate: form.get('promisedDate') ?? '', note: form.get('note') ?? '' });
      if (!promise.ok) return showAccount(app, res, who, number, { error: promise.problem });
      const sent = await toCollections<{ pausedUntil: string }>(app, number, 'recordPromiseToPay', promise.value, form.get('nonce'));
      if (!sent.ok) return showAccount(app, res, who, number, { error: sent.problem, ...sent.sameForm });
      await audit(app, who, 'promise_to_pay_recorded', number, promise.value);
      return showAccount(app, res, who, number, { done: `Promise recorded: reminders for ${promise.value.invoiceNumbers.join(', ')} pause until ${sent.result.pausedUntil}.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/plan$`), needs: 'agree_payment_plan',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const customer = await app.db.customer.findUnique({ where: { number } });
      if (!customer) return app.notFound(res, who, `No customer ${number}.`);
      // Amounts are read in the ticked invoices' currency (one plan, one currency).
      const ticked = await app.db.invoice.findMany({ where: { customerId: customer.id, number: { in: form.getAll('invoice').map((n) => n.trim().toUpperCase()) } }, select: { currency: true } });
      const currencies = [...new Set(ticked.map((i) => i.currency))];
      if (currencies.length > 1) return showAccount(app, res, who, number, { error: 'A plan covers invoices of one currency: agree one plan per currency.' });
      const plan = planFromForm(who.user.email, currencies[0] ?? customer.currency, { invoices: form.getAll('invoice'), installments: form.get('installments') ?? '', reason: form.get('reason') ?? '' });
      if (!plan.ok) return showAccount(app, res, who, number, { error: plan.problem });
      const sent = await toCollections<{ installments: number; lastDate: string }>(app, number, 'agreePaymentPlan', plan.value, form.get('nonce'));
      if (!sent.ok) return showAccount(app, res, who, number, { error: sent.problem, ...sent.sameForm });
      await audit(app, who, 'payment_plan_agreed', number, plan.value);
      const agreed = sent.result;
      return showAccount(app, res, who, number, { done: `Payment plan agreed: ${agreed.installments} installments, the last on ${agreed.lastDate}. Collections now chase the installments.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/hold$`), needs: 'set_account_hold',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const onHold = form.get('hold') === 'on';
      const reason = (form.get('reason') ?? '').trim();
      if (reason.length < 3) return showAccount(app, res, who, number, { error: `Say why the account is ${onHold ? 'put on' : 'released from'} credit hold.` });
      if (!(await app.db.customer.findUnique({ where: { number } }))) return app.notFound(res, who, `No customer ${number}.`);
      const changed = (await setCreditHold(app.db, { customerNumber: number, onHold, reason, by: who.user.email })) === 'changed';
      if (!changed) return showAccount(app, res, who, number, { error: `${number} is already ${onHold ? 'on' : 'off'} credit hold.` });
      return showAccount(app, res, who, number, { done: onHold ? `${number} is on credit hold: its new orders wait for an AR lead.` : `${number} is released from credit hold.` });
    },
  },
  {
    // Adds a contact, or changes the name and what an existing address receives. Mail goes by these at
    // send time, so the next invoice, reminder or statement uses them.
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/contacts$`), needs: 'keep_contacts',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const customer = await app.db.customer.findUnique({ where: { number } });
      if (!customer) return app.notFound(res, who, `No customer ${number}.`);
      const contact = contactFromForm({ name: form.get('name') ?? '', email: form.get('email') ?? '', roles: form.getAll('role') });
      if (!contact.ok) return showAccount(app, res, who, number, { error: `Contact not saved: ${contact.problem}.` });
      const { name, email, roles } = contact.value;
      // An address is one contact whatever its case (one typed into the database as AP@Dune.example is
      // the same mailbox): change that row rather than add a second that gets every mail twice.
      const sameAddress = { customerId: customer.id, email: { equals: email, mode: 'insensitive' as const } };
      let before = await app.db.contact.findFirst({ where: sameAddress });
      if (!before) {
        try {
          await app.db.contact.create({ data: { customerId: customer.id, name, email, roles } });
        } catch (err) {
          if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
          before = await app.db.contact.findFirst({ where: sameAddress }); // added by someone else just now
        }
      }
      if (before) await app.db.contact.update({ where: { id: before.id }, data: { name, email, roles } });
      await audit(app, who, before ? 'contact_changed' : 'contact_added', number, { email, name, roles, ...(before ? { before: { email: before.email, name: before.name, roles: before.roles } } : {}) });
      return showAccount(app, res, who, number, { done: `${email} ${before ? 'changed' : 'added'}: receives ${CONTACT_ROLES.filter((r) => roles.includes(r.role)).map((r) => r.label).join('; ')}.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/contacts/remove$`), needs: 'keep_contacts',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const customer = await app.db.customer.findUnique({ where: { number } });
      if (!customer) return app.notFound(res, who, `No customer ${number}.`);
      // By the row's id (and the customer's, so another customer's contact cannot be named here).
      const contact = await app.db.contact.findFirst({ where: { id: (form.get('contact') ?? '').slice(0, 64), customerId: customer.id } });
      // A second click (or a stale page) removes nothing and says so, rather than failing.
      if (!contact) return showAccount(app, res, who, number, { error: `That contact is no longer on ${number}'s account (removed already?).` });
      await app.db.contact.deleteMany({ where: { id: contact.id } });
      const email = contact.email;
      await audit(app, who, 'contact_removed', number, { email, name: contact.name, roles: contact.roles });
      const left = await app.db.contact.count({ where: { customerId: customer.id, OR: [{ roles: { has: 'billing' } }, { roles: { has: 'ap' } }] } });
      return showAccount(app, res, who, number, { done: `${email} removed.${left === 0 ? ` ${number} has no billing contact now: invoices, reminders and statements cannot be emailed until one is added.` : ''}` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/notes$`), needs: 'add_account_note',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const customer = await app.db.customer.findUnique({ where: { number } });
      if (!customer) return app.notFound(res, who, `No customer ${number}.`);
      const note = noteFromForm({ text: form.get('text') ?? '' });
      if (!note.ok) return showAccount(app, res, who, number, { error: `Note not saved: ${note.problem}.` });
      // The form's nonce keys the note, so a resent form (a reload of the answer) is one note.
      const nonce = form.get('nonce');
      const key = nonce && FORM_ID.test(nonce) ? `console-note-${nonce}` : null;
      try {
        await app.db.$transaction([
          app.db.collectionNote.create({ data: { customerId: customer.id, author: who.user.email, text: note.value, key } }),
          app.db.auditEvent.create({ data: { actor: who.user.email, action: 'account_note_added', subjectType: 'customer', subjectId: number, data: { text: note.value } } }),
        ]);
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
        // The same form again is the same note; a different note on a form already used (a page kept
        // open after another action) is not dropped in silence.
        const kept = await app.db.collectionNote.findUnique({ where: { key: key! } });
        if (!kept || kept.customerId !== customer.id || kept.text !== note.value) return showAccount(app, res, who, number, { error: 'Note not saved: this form was already used for another note. Type it again on this fresh page.' });
      }
      return showAccount(app, res, who, number, { done: 'Note added.' });
    },
  },
  {
    // Raising a limit is extending credit: within the person's approval limit. Orders already on credit
    // hold still wait for their decision; the new limit counts from the next credit check.
    method: 'POST', path: new RegExp(`^/customers/${NUMBER}/credit-limit$`), needs: 'set_credit_limit',
    async handle(app, { res, who, params, form }) {
      const number = customerOf(params[0]!);
      const customer = await app.db.customer.findUnique({ where: { number } });
      if (!customer) return app.notFound(res, who, `No customer ${number}.`);
      const typed = (form.get('limit') ?? '').trim();
      const newMinor = parseAmountMinor(typed, customer.currency);
      if (newMinor === undefined) return showAccount(app, res, who, number, { error: `Limit not changed: "${typed}" is not an amount in ${customer.currency}.` });
      const currentMinor = Number(customer.creditLimitMinor);
      const reason = (form.get('reason') ?? '').trim();
      const fmt = (minor: number) => formatMoney(money(minor, customer.currency));
      const refusal = refuseCreditLimitChange({ currentMinor, newMinor, reason, by: { name: who.user.name, role: who.user.role, approvalLimitMinor: who.user.approvalLimitMinor } }, fmt);
      if (refusal) return showAccount(app, res, who, number, { error: `Limit not changed: ${refusal}.` });
      const text = `Credit limit changed from ${fmt(currentMinor)} to ${fmt(newMinor)}: ${reason}`;
      // Only from the limit this person saw: two changes at once do not overwrite each other unseen.
      const changed = await app.db.$transaction(async (tx) => {
        const updated = await tx.customer.updateMany({ where: { id: customer.id, creditLimitMinor: customer.creditLimitMinor }, data: { creditLimitMinor: BigInt(newMinor) } });
        if (updated.count === 0) return false;
        await tx.collectionNote.create({ data: { customerId: customer.id, author: who.user.email, text } });
        await tx.auditEvent.create({ data: { actor: who.user.email, action: 'credit_limit_changed', subjectType: 'customer', subjectId: number, data: { fromMinor: currentMinor, toMinor: newMinor, currency: customer.currency, reason } } });
        return true;
      });
      if (!changed) return showAccount(app, res, who, number, { error: 'Limit not changed: someone changed it a moment ago. Look at the new limit and try again.' });
      return showAccount(app, res, who, number, { done: `${text}. It counts from the next credit check; orders already on credit hold still wait for a decision.` });
    },
  },
];
