// The AR console: server-rendered pages (handlebars, no build step) for the desk's people. Sign in with a
// local account; the approvals queue across workflows with what each paused for; a decision goes to the
// workflow's Update, whose validator may refuse it (a stale question, a limit) and says why; AR aging.
// Every request is authorised here by role (domain/console-access.ts), every form carries the session's
// CSRF token, sign-in failures are throttled per address and per client.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { AGING_BUCKETS } from '../domain/aging.js';
import { decisionActionOf, mayDo, SignInThrottle, type ConsoleAction } from '../domain/console-access.js';
import { formatMoney, money } from '../domain/money.js';
import { renderConsolePage } from '../mail/templates.js';
import { accountView, customerList } from '../reports/account.js';
import { dashboard, DSO_PERIOD_DAYS } from '../reports/dashboard.js';
import { receivablesAging } from '../reports/receivables.js';
import { DECISIONS, updateFor } from './decisions.js';
import { verifyPassword } from './passwords.js';
import { endSession, sessionOf, startSession, SESSION_HOURS, type SignedIn } from './sessions.js';

export interface ConsoleOptions {
  db: Db;
  temporal: Client;
  /** Cookies only over HTTPS (set behind a TLS proxy); the dev default serves http://127.0.0.1. */
  secureCookies?: boolean;
  now?: () => Date;
}

const SESSION_COOKIE = 'arflow_session';
const LOGIN_COOKIE = 'arflow_login';
const MAX_FORM_BYTES = 64 * 1024;

export function createConsoleServer(options: ConsoleOptions): Server {
  const { db, temporal } = options;
  const now = options.now ?? (() => new Date());
  const throttle = new SignInThrottle();
  const cookieFlags = `; Path=/; HttpOnly; SameSite=Strict${options.secureCookies ? '; Secure' : ''}`;

  const send = (res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'", 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', ...headers });
    res.end(html);
  };
  const redirect = (res: ServerResponse, to: string, headers: Record<string, string | string[]> = {}) => { res.writeHead(303, { Location: to, ...headers }); res.end(); };
  const page = (name: string, who: SignedIn | undefined, context: Record<string, unknown> & { title: string }) =>
    renderConsolePage(name, { error: undefined, done: undefined, email: '', message: '', ...context, user: who?.user, csrf: who?.csrfToken, nav: who ? navFor(who) : [] });

  function navFor(who: SignedIn) {
    return [
      ...(mayDo(who.user.role, 'view_approvals') ? [{ href: '/approvals', label: 'Approvals' }] : []),
      ...(mayDo(who.user.role, 'view_dashboards') ? [{ href: '/dashboard', label: 'Dashboard' }, { href: '/aging', label: 'AR aging' }] : []),
      ...(mayDo(who.user.role, 'view_accounts') ? [{ href: '/customers', label: 'Customers' }] : []),
      ...(mayDo(who.user.role, 'view_mail') ? [{ href: '/mail', label: 'Outbox & quarantine' }] : []),
      ...(mayDo(who.user.role, 'view_audit') ? [{ href: '/audit', label: 'Audit log' }] : []),
    ];
  }

  function forbidden(res: ServerResponse, who: SignedIn, action: ConsoleAction) {
    send(res, 403, page('message', who, { title: 'Not allowed', message: `${who.user.name} (${who.user.role.replace('_', ' ')}) may not ${action.replace(/_/g, ' ')}.` }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const cookies = parseCookies(req.headers.cookie);
    const who = await sessionOf(db, cookies[SESSION_COOKIE], now());

    if (url.pathname === '/login' && req.method === 'GET') {
      const token = randomBytes(24).toString('base64url');
      return send(res, 200, page('login', undefined, { title: 'Sign in', loginToken: token }), { 'Set-Cookie': `${LOGIN_COOKIE}=${token}${cookieFlags}; Max-Age=3600` });
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      // The sign-in form's own token, matched against its cookie: a form posted from another site has neither.
      if (!sameToken(form.get('loginToken'), cookies[LOGIN_COOKIE])) return send(res, 400, page('login', undefined, { title: 'Sign in', error: 'The sign-in form expired. Please try again.', email, loginToken: cookies[LOGIN_COOKIE] ?? '' }));
      const keys = [`email:${email}`, `client:${req.socket.remoteAddress ?? '?'}`];
      const wait = throttle.waitFor(keys, now().getTime());
      if (wait > 0) return send(res, 429, page('login', undefined, { title: 'Sign in', error: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} minute(s).`, email, loginToken: cookies[LOGIN_COOKIE] ?? '' }), { 'Retry-After': String(Math.ceil(wait / 1000)) });
      const user = email ? await db.user.findUnique({ where: { email } }) : null;
      const ok = await verifyPassword(form.get('password') ?? '', user?.active ? user.passwordHash : null);
      if (!user || !ok) {
        throttle.failed(keys, now().getTime());
        return send(res, 401, page('login', undefined, { title: 'Sign in', error: 'That email and password do not match an account.', email, loginToken: cookies[LOGIN_COOKIE] ?? '' }));
      }
      throttle.succeeded(keys);
      const session = await startSession(db, user.id, now());
      await db.auditEvent.create({ data: { actor: user.email, action: 'console_signed_in', subjectType: 'user', subjectId: user.id, data: {} } });
      return redirect(res, '/', { 'Set-Cookie': [`${SESSION_COOKIE}=${session.token}${cookieFlags}; Max-Age=${SESSION_HOURS * 3600}`, `${LOGIN_COOKIE}=${cookieFlags}; Max-Age=0`] });
    }
    if (!who) return redirect(res, '/login');

    if (req.method === 'POST') {
      const form = await readForm(req);
      if (!sameToken(form.get('csrf'), who.csrfToken)) return send(res, 403, page('message', who, { title: 'Form expired', message: 'This form was not sent from your console session. Reload the page and try again.' }));
      if (url.pathname === '/logout') {
        await endSession(db, cookies[SESSION_COOKIE]);
        return redirect(res, '/login', { 'Set-Cookie': `${SESSION_COOKIE}=${cookieFlags}; Max-Age=0` });
      }
      const deciding = /^\/approvals\/([0-9a-f-]{36})\/decide$/.exec(url.pathname);
      if (deciding) return decide(res, who, deciding[1]!, form);
      return send(res, 404, page('message', who, { title: 'Not found', message: 'There is nothing to send here.' }));
    }

    // Each person starts on the first page their role may see (the queue; a viewer's dashboard).
    if (url.pathname === '/') return redirect(res, navFor(who)[0]?.href ?? '/dashboard');
    if (url.pathname === '/approvals') {
      if (!mayDo(who.user.role, 'view_approvals')) return forbidden(res, who, 'view_approvals');
      const approvals = await db.approval.findMany({ where: { status: 'pending' }, orderBy: { requestedAt: 'asc' } });
      return send(res, 200, page('approvals', who, {
        title: 'Approvals',
        approvals: approvals.map((a) => ({ id: a.id, kind: a.kind.replace(/_/g, ' '), subject: `${a.subjectType} ${a.subjectId}`, amount: a.amountMinor !== null && a.currency ? formatMoney(money(Number(a.amountMinor), a.currency)) : '', since: a.requestedAt.toISOString().slice(0, 16).replace('T', ' '), escalated: a.escalatedAt !== null, decidable: DECISIONS[a.kind] !== undefined })),
      }));
    }
    const one = /^\/approvals\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (one) {
      if (!mayDo(who.user.role, 'view_approvals')) return forbidden(res, who, 'view_approvals');
      return showApproval(res, who, one[1]!);
    }
    if (url.pathname === '/aging' || url.pathname === '/aging.csv') {
      if (!mayDo(who.user.role, 'view_dashboards')) return forbidden(res, who, 'view_dashboards');
      const aging = await receivablesAging(db, now().toISOString().slice(0, 10));
      if (url.pathname === '/aging.csv') {
        const rows = [['customer', 'name', 'currency', ...AGING_BUCKETS, 'total', 'in dispute'], ...aging.rows.map((r) => [r.customerNumber, r.customerName, r.currency, ...AGING_BUCKETS.map((b) => minorText(r.buckets[b]!, r.currency)), minorText(r.totalMinor, r.currency), minorText(r.disputedMinor, r.currency)])];
        res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="ar-aging-${aging.today}.csv"` });
        res.end(rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
        return;
      }
      return send(res, 200, page('aging', who, { title: 'AR aging', today: aging.today, buckets: AGING_BUCKETS, totals: aging.totals.map((t) => agingBars(t)), rows: aging.rows.map((r) => ({ customer: `${r.customerNumber} ${r.customerName}`, cells: AGING_BUCKETS.map((b) => fmt(r.buckets[b]!, r.currency)), total: fmt(r.totalMinor, r.currency), disputed: fmt(r.disputedMinor, r.currency) })) }));
    }
    if (url.pathname === '/dashboard' || url.pathname === '/dashboard.csv') {
      if (!mayDo(who.user.role, 'view_dashboards')) return forbidden(res, who, 'view_dashboards');
      const d = await dashboard(db, now().toISOString().slice(0, 10));
      if (url.pathname === '/dashboard.csv') {
        const rows = [['figure', 'currency', 'date', 'value'],
          ...d.receivables.flatMap((r) => [['open_receivables', r.currency, d.today, minorText(r.openMinor, r.currency)], ['dso_days', r.currency, d.today, r.dso === undefined ? '' : String(r.dso)], ['unapplied_cash', r.currency, d.today, minorText(r.unappliedMinor, r.currency)], ['suspense', r.currency, d.today, minorText(r.suspenseMinor, r.currency)], ['open_disputes', r.currency, d.today, String(r.disputes)], ['disputed_amount', r.currency, d.today, minorText(r.disputedMinor, r.currency)]]),
          ...d.cashAppliedPerDay.map((c) => ['cash_applied', c.currency, c.date, minorText(c.appliedMinor, c.currency)]),
          ...d.orders.enteredPerDay.map((o) => ['orders_entered', '', o.date, String(o.entered)])];
        res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="arflow-dashboard-${d.today}.csv"` });
        res.end(rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
        return;
      }
      const cashMax = Math.max(1, ...d.cashAppliedPerDay.map((c) => c.appliedMinor));
      const orderMax = Math.max(1, ...d.orders.enteredPerDay.map((o) => o.entered));
      return send(res, 200, page('dashboard', who, {
        title: 'Dashboard', today: d.today, days: d.orders.enteredPerDay.length, dsoDays: DSO_PERIOD_DAYS,
        receivables: d.receivables.map((r) => ({ currency: r.currency, open: fmt(r.openMinor, r.currency), dso: r.dso === undefined ? 'no sales in the period' : `${r.dso} days`, unapplied: fmt(r.unappliedMinor, r.currency), suspense: fmt(r.suspenseMinor, r.currency), disputes: r.disputes, disputed: fmt(r.disputedMinor, r.currency) })),
        // The currency beside the day only when the desk takes more than one.
        cash: d.cashAppliedPerDay.map((c) => ({ date: d.receivables.length > 1 ? `${c.date} ${c.currency}` : c.date, amount: fmt(c.appliedMinor, c.currency), percent: Math.round((c.appliedMinor / cashMax) * 100) })),
        orders: d.orders.enteredPerDay.map((o) => ({ date: o.date, entered: o.entered, percent: Math.round((o.entered / orderMax) * 100) })),
        backlog: d.orders.backlog.map((b) => ({ status: b.status.replace(/_/g, ' '), orders: b.orders, oldest: b.oldestDays ?? '—' })),
      }));
    }
    if (url.pathname === '/customers') {
      if (!mayDo(who.user.role, 'view_accounts')) return forbidden(res, who, 'view_accounts');
      return send(res, 200, page('customers', who, { title: 'Customers', customers: await customerList(db) }));
    }
    const account = /^\/customers\/([A-Za-z0-9_-]{1,40})$/.exec(url.pathname);
    if (account) {
      if (!mayDo(who.user.role, 'view_accounts')) return forbidden(res, who, 'view_accounts');
      const view = await accountView(db, account[1]!);
      if (!view) return send(res, 404, page('message', who, { title: 'Not found', message: `No customer ${account[1]}.` }));
      return send(res, 200, page('account', who, { title: `${view.number} ${view.name}`, account: view }));
    }
    if (url.pathname === '/mail') {
      if (!mayDo(who.user.role, 'view_mail')) return forbidden(res, who, 'view_mail');
      const q = (url.searchParams.get('q') ?? '').trim();
      const text = q ? { contains: q, mode: 'insensitive' as const } : undefined;
      const [sent, quarantined] = await Promise.all([
        db.outboundMessage.findMany({ where: text ? { OR: [{ subject: text }, { toAddresses: { has: q.toLowerCase() } }, { kind: text }] } : {}, orderBy: { createdAt: 'desc' }, take: 100 }),
        db.inboundMessage.findMany({ where: { status: { in: ['quarantined', 'billing_reply_review'] }, ...(text ? { OR: [{ subject: text }, { fromAddress: text }, { quarantineReason: text }] } : {}) }, orderBy: { receivedAt: 'desc' }, take: 100 }),
      ]);
      return send(res, 200, page('mail', who, {
        title: 'Outbox and quarantine', q,
        sent: sent.map((m) => ({ at: stamp(m.createdAt), kind: m.kind.replace(/_/g, ' '), to: m.toAddresses.join(', '), subject: m.subject, status: m.status })),
        quarantined: quarantined.map((m) => ({ at: stamp(m.receivedAt), from: m.fromAddress ?? '', subject: m.subject ?? '', mailbox: m.mailbox, reason: m.quarantineReason ?? m.quarantineCode ?? '' })),
      }));
    }
    if (url.pathname === '/audit' || url.pathname === '/audit.csv') {
      if (!mayDo(who.user.role, 'view_audit')) return forbidden(res, who, 'view_audit');
      const q = (url.searchParams.get('q') ?? '').trim();
      const text = q ? { contains: q, mode: 'insensitive' as const } : undefined;
      const events = await db.auditEvent.findMany({ where: text ? { OR: [{ actor: text }, { action: text }, { subjectId: text }] } : {}, orderBy: { id: 'desc' }, take: url.pathname === '/audit.csv' ? 10_000 : 200 });
      const rows = events.map((e) => ({ id: String(e.id), at: e.at.toISOString(), actor: e.actor, action: e.action, subject: `${e.subjectType} ${e.subjectId}`, data: e.data === null ? '' : JSON.stringify(e.data) }));
      if (url.pathname === '/audit.csv') {
        res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="arflow-audit.csv"' });
        res.end([['id', 'at', 'actor', 'action', 'subject', 'data'], ...rows.map((r) => [r.id, r.at, r.actor, r.action, r.subject, r.data])].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
        return;
      }
      return send(res, 200, page('audit', who, { title: 'Audit log', q, csvHref: q ? `/audit.csv?q=${encodeURIComponent(q)}` : '/audit.csv', rows: rows.map((r) => ({ ...r, at: r.at.slice(0, 19).replace('T', ' '), data: r.data.length > 300 ? `${r.data.slice(0, 300)}…` : r.data })) }));
    }
    return send(res, 404, page('message', who, { title: 'Not found', message: `There is no page ${url.pathname}.` }));
  }

  async function showApproval(res: ServerResponse, who: SignedIn, id: string, outcome?: { error?: string; done?: string }) {
    const approval = await db.approval.findUnique({ where: { id } });
    if (!approval) return send(res, 404, page('message', who, { title: 'Not found', message: 'No such approval.' }));
    const action = decisionActionOf(approval.kind);
    const spec = DECISIONS[approval.kind];
    return send(res, outcome?.error ? 422 : 200, page('approval', who, {
      title: `${approval.kind.replace(/_/g, ' ')}: ${approval.subjectId}`,
      approval: { id: approval.id, kind: approval.kind.replace(/_/g, ' '), subject: `${approval.subjectType} ${approval.subjectId}`, status: approval.status, workflowId: approval.workflowId, amount: approval.amountMinor !== null && approval.currency ? formatMoney(money(Number(approval.amountMinor), approval.currency)) : '', decidedBy: approval.decidedBy, reason: approval.reason },
      context: contextRows(approval.context),
      form: approval.status === 'pending' && spec && action && mayDo(who.user.role, action) ? { choices: spec.choices, cash: approval.kind === 'cash_exception' } : undefined,
      cannotDecide: approval.status === 'pending' && (!spec ? `A ${approval.kind.replace(/_/g, ' ')} is answered where it was asked (by reply or its Update ${approval.updateName}).` : action && !mayDo(who.user.role, action) ? `${who.user.role.replace('_', ' ')}s may not decide a ${approval.kind.replace(/_/g, ' ')}.` : undefined),
      ...outcome,
    }));
  }

  async function decide(res: ServerResponse, who: SignedIn, id: string, form: URLSearchParams) {
    const approval = await db.approval.findUnique({ where: { id } });
    if (!approval) return send(res, 404, page('message', who, { title: 'Not found', message: 'No such approval.' }));
    const action = decisionActionOf(approval.kind);
    if (!action) return showApproval(res, who, id, { error: `A ${approval.kind.replace(/_/g, ' ')} is not decided here.` });
    if (!mayDo(who.user.role, action)) return forbidden(res, who, action);
    if (approval.status !== 'pending') return showApproval(res, who, id, { error: `This was already ${approval.status} by ${approval.decidedBy ?? 'someone'}.` });
    const call = updateFor(approval.kind, who.user.email, {
      decision: form.get('decision') ?? '', reason: form.get('reason') ?? '', invoiceNumber: form.get('invoiceNumber') ?? undefined, amount: form.get('amount') ?? undefined,
      customerNumber: form.get('customerNumber') ?? undefined, deduction: form.get('deduction') ?? undefined, writeOff: form.get('writeOff') === 'on',
    }, approval.currency ?? 'USD');
    if (!call.ok) return showApproval(res, who, id, { error: call.problem });
    try {
      await temporal.workflow.getHandle(approval.workflowId).executeUpdate(call.updateName, { args: [call.args] });
    } catch (err) {
      // The workflow's validator or handler said no: its words, for the person.
      if (err instanceof WorkflowUpdateFailedError) return showApproval(res, who, id, { error: `Refused: ${err.cause?.message ?? err.message}` });
      throw err;
    }
    await db.auditEvent.create({ data: { actor: who.user.email, action: 'console_decision', subjectType: approval.subjectType, subjectId: approval.subjectId, data: { approvalId: id, update: call.updateName, args: call.args as object } } });
    return showApproval(res, who, id, { done: `Sent to the workflow (${call.updateName}): it accepted the decision.` });
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, `<!doctype html><title>Error</title><p>Something went wrong: ${escapeHtml(err.message)}</p>`);
      else res.end();
    });
  });
}

const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const fmt = (minor: number, currency: string) => (minor ? formatMoney(money(minor, currency)) : '—');
const minorText = (minor: number, currency: string) => formatMoney(money(minor, currency)).replace(/[^\d.,-]/g, '').replace(/,/g, '');
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Bars for one currency's buckets, as percentages of the largest (drawn with CSS, no script). */
function agingBars(t: { currency: string; buckets: Record<string, number>; totalMinor: number }) {
  const max = Math.max(1, ...AGING_BUCKETS.map((b) => t.buckets[b]!));
  return { currency: t.currency, total: fmt(t.totalMinor, t.currency), bars: AGING_BUCKETS.map((b) => ({ bucket: b, amount: fmt(t.buckets[b]!, t.currency), percent: Math.round((t.buckets[b]! / max) * 100) })) };
}

/** The approval's context as label/value rows a person reads (nested values as compact JSON). */
function contextRows(context: unknown): { label: string; value: string }[] {
  if (!context || typeof context !== 'object') return [];
  return Object.entries(context as Record<string, unknown>).map(([label, value]) => ({ label: label.replace(/([A-Z])/g, ' $1').toLowerCase(), value: value === null || value === undefined ? '—' : Array.isArray(value) && value.length === 0 ? 'none' : typeof value === 'string' ? value : JSON.stringify(value, null, 1) }));
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return out;
}

function sameToken(a: string | null | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
