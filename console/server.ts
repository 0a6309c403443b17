// The AR console: server-rendered pages (handlebars, no build step, no script) for the desk's people.
// This file signs people in and out and guards every request: the session cookie (HttpOnly, SameSite),
// the CSRF token on every form, the sign-in throttle, and the role each route needs
// (domain/console-access.ts) before any page handler runs. The pages live in console/pages/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { mayDo, SignInThrottle } from '../domain/console-access.js';
import { renderConsolePage } from '../mail/templates.js';
import { DESK_TASK_QUEUE } from '../workers/desk-worker.js';
import type { ConsoleApp, Route } from './console-app.js';
import { FormTooLargeError, parseCookies, readForm, redirect, sameToken, sendHtml } from './http.js';
import { accountRoutes } from './pages/accounts.js';
import { approvalRoutes } from './pages/approvals.js';
import { disputeRoutes } from './pages/disputes.js';
import { mailRoutes } from './pages/mail.js';
import { reportRoutes } from './pages/reports.js';
import { userRoutes } from './pages/users.js';
import { verifyPassword } from './passwords.js';
import { endSession, sessionOf, startSession, SESSION_HOURS, type SignedIn } from './sessions.js';

export interface ConsoleOptions {
  db: Db;
  temporal: Client;
  /** Cookies only over HTTPS (set behind a TLS proxy); the dev default serves http://127.0.0.1. */
  secureCookies?: boolean;
  /** Take the client's address from the proxy's X-Forwarded-For (only when a proxy in front sets it). */
  trustProxy?: boolean;
  /** The desk workers' task queue (default arflow-desk). */
  taskQueue?: string;
  now?: () => Date;
}

const SESSION_COOKIE = 'arflow_session';
const LOGIN_COOKIE = 'arflow_login';
const ROUTES: Route[] = [...approvalRoutes, ...disputeRoutes, ...reportRoutes, ...accountRoutes, ...mailRoutes, ...userRoutes];

/** The pages a person may open, in the order of the menu; the first is where they land. */
function navFor(who: SignedIn, path = '') {
  const role = who.user.role;
  const items = [
    ...(mayDo(role, 'view_approvals') ? [{ href: '/approvals', label: 'Approvals' }] : []),
    ...(mayDo(role, 'view_dashboards') ? [{ href: '/dashboard', label: 'Dashboard' }, { href: '/aging', label: 'AR aging' }] : []),
    ...(mayDo(role, 'view_accounts') ? [{ href: '/customers', label: 'Customers' }] : []),
    ...(mayDo(role, 'view_mail') ? [{ href: '/mail', label: 'Outbox & quarantine' }] : []),
    ...(mayDo(role, 'view_audit') ? [{ href: '/audit', label: 'Audit log' }] : []),
    ...(mayDo(role, 'manage_users') ? [{ href: '/users', label: 'Users' }] : []),
  ];
  // The section the page belongs to is marked for screen readers (aria-current) and by eye.
  return items.map((i) => ({ ...i, current: path === i.href || path.startsWith(`${i.href}/`) }));
}

export function createConsoleServer(options: ConsoleOptions): Server {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const throttle = new SignInThrottle();
  const cookieFlags = `; Path=/; HttpOnly; SameSite=Strict${options.secureCookies ? '; Secure' : ''}`;
  // Behind a TLS proxy every request comes from the proxy: the client is the one the proxy names (the last
  // X-Forwarded-For entry, the one it added), so one person's failures do not lock out the whole desk.
  const clientAddress = (req: IncomingMessage) => {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean).at(-1) : undefined;
    return forwarded ?? req.socket.remoteAddress ?? '?';
  };

  const html = (name: string, who: SignedIn | undefined, context: Record<string, unknown> & { title: string }, path = '') =>
    // `nonce` names each rendered decision form: sent as the Update's ID, a double submit is one decision.
    renderConsolePage(name, { error: undefined, done: undefined, email: '', message: '', nonce: randomUUID(), ...context, user: who?.user, csrf: who?.csrfToken, nav: who ? navFor(who, path) : [] });
  /** The handlers' view of the console, for one request (its path marks the menu). */
  const appFor = (path: string): ConsoleApp => ({
    db, temporal: options.temporal, taskQueue: options.taskQueue ?? DESK_TASK_QUEUE, now,
    render: (res, status, name, who, context) => sendHtml(res, status, html(name, who, context, path)),
    forbidden: (res, who, action) => sendHtml(res, 403, html('message', who, { title: 'Not allowed', message: `${who.user.name} (${who.user.role.replace('_', ' ')}) may not ${action.replace(/_/g, ' ')}.` }, path)),
    notFound: (res, who, message) => sendHtml(res, 404, html('message', who, { title: 'Not found', message }, path)),
  });

  async function signIn(req: IncomingMessage, res: ServerResponse, cookies: Record<string, string>) {
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase().slice(0, 254);
    const again = (status: number, error: string, headers: Record<string, string> = {}) =>
      sendHtml(res, status, html('login', undefined, { title: 'Sign in', error, email, loginToken: cookies[LOGIN_COOKIE] ?? '' }), headers);
    // The sign-in form's own token, matched against its cookie: a form posted from another site has neither.
    if (!sameToken(form.get('loginToken'), cookies[LOGIN_COOKIE])) return again(400, 'The sign-in form expired. Please try again.');
    const keys = [`email:${email}`, `client:${clientAddress(req)}`];
    const wait = throttle.waitFor(keys, now().getTime());
    if (wait > 0) return again(429, `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} minute(s).`, { 'Retry-After': String(Math.ceil(wait / 1000)) });
    throttle.begin(keys);
    let user: Awaited<ReturnType<typeof db.user.findUnique>>;
    let ok: boolean;
    try {
      user = email ? await db.user.findUnique({ where: { email } }) : null;
      ok = await verifyPassword(form.get('password') ?? '', user?.active ? user.passwordHash : null);
    } finally { throttle.end(keys); }
    if (!user || !ok) {
      throttle.failed(keys, now().getTime());
      return again(401, 'That email and password do not match an account.');
    }
    throttle.succeeded(keys[0]!);
    const session = await startSession(db, user.id, now());
    await db.auditEvent.create({ data: { actor: user.email, action: 'console_signed_in', subjectType: 'user', subjectId: user.id, data: {} } });
    return redirect(res, '/', { 'Set-Cookie': [`${SESSION_COOKIE}=${session.token}${cookieFlags}; Max-Age=${SESSION_HOURS * 3600}`, `${LOGIN_COOKIE}=${cookieFlags}; Max-Age=0`] });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const cookies = parseCookies(req.headers.cookie);
    if (url.pathname === '/login' && req.method === 'GET') {
      const token = randomBytes(24).toString('base64url');
      return sendHtml(res, 200, html('login', undefined, { title: 'Sign in', loginToken: token }), { 'Set-Cookie': `${LOGIN_COOKIE}=${token}${cookieFlags}; Max-Age=3600` });
    }
    if (url.pathname === '/login' && req.method === 'POST') return signIn(req, res, cookies);
    const who = await sessionOf(db, cookies[SESSION_COOKIE], now());
    if (!who) return redirect(res, '/login');

    let form = new URLSearchParams();
    if (req.method === 'POST') {
      form = await readForm(req);
      if (!sameToken(form.get('csrf'), who.csrfToken)) return sendHtml(res, 403, html('message', who, { title: 'Form expired', message: 'This form was not sent from your console session. Reload the page and try again.' }));
      if (url.pathname === '/logout') {
        await endSession(db, cookies[SESSION_COOKIE]);
        return redirect(res, '/login', { 'Set-Cookie': `${SESSION_COOKIE}=${cookieFlags}; Max-Age=0` });
      }
    }
    // Each person starts on the first page their role may see (the queue; a viewer's dashboard).
    if (url.pathname === '/' && req.method === 'GET') return redirect(res, navFor(who)[0]?.href ?? '/dashboard');

    const app = appFor(url.pathname);
    for (const route of ROUTES) {
      const match = route.method === req.method ? route.path.exec(url.pathname) : null;
      if (!match) continue;
      if (!mayDo(who.user.role, route.needs)) return app.forbidden(res, who, route.needs);
      return route.handle(app, { req, res, url, who, params: match.slice(1), form });
    }
    return app.notFound(res, who, req.method === 'POST' ? 'There is nothing to send here.' : `There is no page ${url.pathname}.`);
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      // The details go to the log under a reference the person can quote; the page does not show internals.
      const reference = randomBytes(4).toString('hex');
      console.error(`console error ${reference} on ${req.method} ${req.url}: ${err.stack ?? err.message}`);
      const tooLarge = err instanceof FormTooLargeError;
      if (!res.headersSent) sendHtml(res, tooLarge ? 413 : 500, `<!doctype html><title>Error</title><p>${tooLarge ? 'That form is too large to send.' : `Something went wrong (reference ${reference}); the IT person finds the details in arflow's log.`}</p>`);
      else res.end();
    });
  });
}
