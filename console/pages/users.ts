// Console accounts, for admins: who may sign in and with what role and limit, and the forms to add a
// person, change a role or limit, set a password, deactivate or reactivate. The same operations as
// `arflow users` (console/user-admin.ts), so the rules and the audit trail are one.
import type { ServerResponse } from 'node:http';
import type { ApproverRole } from '../../domain/approval-authority.js';
import { CONSOLE_ROLES } from '../../domain/console-access.js';
import { tellApproversChanged } from '../approver-broadcast.js';
import type { ConsoleApp, Route } from '../console-app.js';
import { plainAmount, shown, stamp } from '../format.js';
import type { SignedIn } from '../sessions.js';
import { addUser, deactivate, lastSignIns, listUsers, parseLimit, reactivate, setPassword, setRoleAndLimit, type Problem } from '../user-admin.js';

const UUID = '([0-9a-f-]{36})';
const ROLE_LABELS: Record<ApproverRole, string> = { csr: 'CSR', ar_clerk: 'AR clerk', ar_lead: 'AR lead', controller: 'Controller', viewer: 'Viewer', admin: 'Admin' };
const roleLabel = (role: string) => ROLE_LABELS[role as ApproverRole] ?? role;
const roleOptions = (current: string) => CONSOLE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === current }));
/** The rules speak in CLI phrases; the page shows them as sentences (an email address keeps its case). */
const sentence = (text: string) => `${/^[a-z][^\s@]*(\s|$)/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text}${/[.!?]$/.test(text) ? '' : '.'}`;

/** What the add form showed, given back after a refusal so nothing needs retyping (never the password). */
interface Draft { email: string; name: string; role: string; limit: string }
interface Shown { done?: string; error?: string; status?: number; draft?: Draft }

async function showUsers(app: ConsoleApp, res: ServerResponse, who: SignedIn, shownNow: Shown = {}): Promise<void> {
  const users = await listUsers(app.db);
  const signedIn = await lastSignIns(app.db, users.map((u) => u.id));
  const draft = shownNow.draft ?? { email: '', name: '', role: 'viewer', limit: '0.00' };
  app.render(res, shownNow.status ?? 200, 'users', who, {
    title: 'Users', done: shownNow.done, error: shownNow.error, draft, roles: roleOptions(draft.role),
    users: users.map((u) => {
      const last = signedIn.get(u.id);
      return {
        id: u.id, email: u.email, name: u.name, role: roleLabel(u.role), roles: roleOptions(u.role),
        limit: shown(u.limitMinor, 'USD'), limitInput: plainAmount(u.limitMinor, 'USD'),
        active: u.active, status: u.active ? (u.hasPassword ? 'may sign in' : 'no password yet') : 'deactivated',
        lastSignIn: last ? stamp(last) : 'never', isYou: u.id === who.user.id,
      };
    }),
  });
}

/**
 * After a change to who may decide, the running workflows are told in the background (a desk with many
 * open invoices takes a while), and the outcome goes to the log; the page says it has begun.
 */
async function told(app: ConsoleApp): Promise<string> {
  void tellApproversChanged(app.db, app.temporal, app.taskQueue).then(
    ({ told: n, failed }) => console.log(`console: ${n} running workflow(s) told the approvers${failed ? `, ${failed} could not be` : ''}`),
    (err: Error) => console.error(`console: running workflows not told the approvers (${err.message}); they read them again when they next ask for a decision`),
  );
  return ' Running workflows are being told who may decide now.';
}

const refused = (app: ConsoleApp, res: ServerResponse, who: SignedIn, p: Problem, draft?: Draft) =>
  showUsers(app, res, who, { error: sentence(p.problem), status: p.kind === 'not_found' ? 404 : 422, draft });

export const userRoutes: Route[] = [
  {
    method: 'GET', path: /^\/users$/, needs: 'manage_users',
    handle: (app, { res, who }) => showUsers(app, res, who),
  },
  {
    method: 'POST', path: /^\/users$/, needs: 'manage_users',
    async handle(app, { res, who, form }) {
      const draft: Draft = { email: form.get('email') ?? '', name: form.get('name') ?? '', role: form.get('role') ?? '', limit: form.get('limit') ?? '' };
      const limit = parseLimit(draft.limit);
      if (!limit.ok) return refused(app, res, who, limit, draft);
      const password = form.get('password') ?? '';
      const added = await addUser(app.db, who.user.email, { email: draft.email, name: draft.name, role: draft.role, limitMinor: limit.value, password: password || undefined });
      if (!added.ok) return refused(app, res, who, added, draft);
      const { user } = added;
      return showUsers(app, res, who, { done: `${user.email} added as ${roleLabel(user.role)}. ${user.hasPassword ? 'They may sign in now.' : 'Set a password below before they can sign in.'}${await told(app)}` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/users/${UUID}/role$`), needs: 'manage_users',
    async handle(app, { res, who, params, form }) {
      const limit = parseLimit(form.get('limit') ?? '');
      if (!limit.ok) return refused(app, res, who, limit);
      const changed = await setRoleAndLimit(app.db, who.user.email, { id: params[0]! }, { role: form.get('role') ?? '', limitMinor: limit.value });
      if (!changed.ok) return refused(app, res, who, changed);
      const now = `${roleLabel(changed.user.role)} with an approval limit of ${shown(changed.user.limitMinor, 'USD')}`;
      return showUsers(app, res, who, { done: changed.changed ? `${changed.user.email} is now ${now}.${await told(app)}` : `Nothing to change: ${changed.user.email} is already ${now}.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/users/${UUID}/password$`), needs: 'manage_users',
    async handle(app, { res, who, params, form }) {
      const password = form.get('password') ?? '';
      if (password !== (form.get('repeat') ?? '')) return showUsers(app, res, who, { error: 'The two passwords differ: nothing was changed.', status: 422 });
      // Your own new password keeps this session open and ends the others.
      const set = await setPassword(app.db, who.user.email, { id: params[0]! }, password, { keepSessionId: who.sessionId });
      if (!set.ok) return refused(app, res, who, set);
      const self = set.user.id === who.user.id;
      return showUsers(app, res, who, { done: self ? `Your password was changed; your other sessions (${set.sessionsEnded}) were ended.` : `Password set for ${set.user.email}; their open sessions (${set.sessionsEnded}) were ended.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/users/${UUID}/deactivate$`), needs: 'manage_users',
    async handle(app, { res, who, params }) {
      const done = await deactivate(app.db, who.user.email, { id: params[0]! });
      if (!done.ok) return refused(app, res, who, done);
      return showUsers(app, res, who, { done: done.changed ? `${done.user.email} was deactivated: no more sign-in or decisions, their password is cleared, their history stays.${await told(app)}` : `${done.user.email} was already deactivated.` });
    },
  },
  {
    method: 'POST', path: new RegExp(`^/users/${UUID}/reactivate$`), needs: 'manage_users',
    async handle(app, { res, who, params }) {
      const done = await reactivate(app.db, who.user.email, { id: params[0]! });
      if (!done.ok) return refused(app, res, who, done);
      const how = done.user.hasPassword ? 'they may sign in.' : 'set them a new password below before they can sign in.';
      return showUsers(app, res, who, { done: done.changed ? `${done.user.email} was reactivated: ${how}${await told(app)}` : `${done.user.email} is already active.` });
    },
  },
];
