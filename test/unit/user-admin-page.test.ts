// The admin's Users page rendered through the real template (handlebars in strict mode, so a key the
// page forgets fails here), over a stand-in for the two reads the list makes: what it shows, every input
// labelled, every form carrying the CSRF token, and refusals shown with what was typed kept.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import type { ConsoleApp, Route } from '../../console/console-app.js';
import { userRoutes } from '../../console/pages/users.js';
import type { SignedIn } from '../../console/sessions.js';
import { renderConsolePage } from '../../mail/templates.js';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const CLERK_ID = '00000000-0000-4000-8000-000000000002';
const people = [
  { id: ADMIN_ID, email: 'ann@arflow.test', name: 'Ann Admin', role: 'admin', approvalLimitMinor: 0n, passwordHash: 'scrypt$x', active: true },
  { id: CLERK_ID, email: 'amy.clerk@arflow.test', name: 'Amy <Clerk>', role: 'ar_clerk', approvalLimitMinor: 250_000n, passwordHash: null, active: false },
];
const db = {
  user: { findMany: async () => people },
  auditEvent: { groupBy: async () => [{ subjectId: ADMIN_ID, _max: { at: new Date('2026-12-01T09:30:00Z') } }] },
} as unknown as Db;
const who: SignedIn = { sessionId: 's1', csrfToken: 'CSRF-TOKEN', user: { id: ADMIN_ID, email: 'ann@arflow.test', name: 'Ann Admin', role: 'admin', approvalLimitMinor: 0 } };

/** Runs one route as the server would, rendering with the server's defaults; returns the status and page. */
async function call(method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) {
  const route = userRoutes.find((r: Route) => r.method === method && r.path.test(path));
  if (!route) throw new Error(`no route ${method} ${path}`);
  expect(route.needs).toBe('manage_users');
  let page = { status: 0, html: '' };
  const app = {
    db, now: () => new Date('2026-12-02T12:00:00Z'),
    render: (_res: ServerResponse, status: number, name: string, signedIn: SignedIn, context: Record<string, unknown> & { title: string }) => {
      page = { status, html: renderConsolePage(name, { error: undefined, done: undefined, email: '', message: '', ...context, user: signedIn.user, csrf: signedIn.csrfToken, nav: [] }) };
    },
  } as unknown as ConsoleApp;
  await route.handle(app, { req: {} as IncomingMessage, res: {} as ServerResponse, url: new URL(path, 'http://console'), who, params: route.path.exec(path)!.slice(1), form: new URLSearchParams(form) });
  return page;
}

describe('the Users page', () => {
  it('lists each person with role, limit, whether they may sign in and when they last did', async () => {
    const { status, html } = await call('GET', '/users');
    expect(status).toBe(200);
    expect(html).toMatch(/<td>ann@arflow\.test <span class="tag">you<\/span><\/td><td>Ann Admin<\/td><td>Admin<\/td><td class="num">—<\/td><td>may sign in<\/td><td>2026-12-01 09:30<\/td>/);
    expect(html).toMatch(/<td>amy\.clerk@arflow\.test<\/td><td>Amy &lt;Clerk&gt;<\/td><td>AR clerk<\/td><td class="num">2,500\.00 USD<\/td><td>deactivated<\/td><td>never<\/td>/);
    expect(html).toContain(`action="/users/${CLERK_ID}/reactivate"`);
    expect(html).not.toContain(`action="/users/${ADMIN_ID}/deactivate"`); // not for oneself
    expect(html).toContain('This is you: another admin must deactivate your account or change your role.');
    expect(html).toContain(`<input id="limit-${CLERK_ID}" name="limit" type="text" inputmode="decimal" required value="2500.00">`);
    expect(html).toContain('<option value="ar_clerk" selected>AR clerk</option>');
    expect(html).not.toMatch(/<script/i);
  });

  it('labels every input and carries the CSRF token in every form', async () => {
    const { html } = await call('GET', '/users');
    const inputs = [...html.matchAll(/<(?:input|select)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/type="hidden"/.test(tag));
    expect(inputs.length).toBeGreaterThan(10);
    for (const tag of inputs) {
      const id = /\bid="([^"]+)"/.exec(tag)?.[1];
      expect(id, tag).toBeDefined();
      expect(html).toContain(`<label for="${id}">`);
    }
    const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
    // Sign out, add, and per person role and password, and (re|de)activate for everyone but oneself.
    expect(forms.length).toBe(1 + 1 + people.length * 2 + (people.length - 1));
    for (const form of forms.filter((f) => f.includes('action="/users'))) expect(form).toContain('<input type="hidden" name="csrf" value="CSRF-TOKEN">');
  });

  it('refuses a bad role or limit with 422, an alert, and what was typed kept (never the password)', async () => {
    const form = { email: 'new@arflow.test', name: 'New Person', role: 'boss', limit: '100.00', password: 'a long enough passphrase' };
    const badRole = await call('POST', '/users', form);
    expect(badRole.status).toBe(422);
    expect(badRole.html).toContain('<p class="error" role="alert">&quot;boss&quot; is not a role: one of csr, ar_clerk, ar_lead, controller, viewer, admin.</p>');
    expect(badRole.html).toContain('value="new@arflow.test"');
    expect(badRole.html).toContain('value="New Person"');
    expect(badRole.html).not.toContain('a long enough passphrase');
    const badLimit = await call('POST', '/users', { ...form, role: 'csr', limit: '-5' });
    expect(badLimit.status).toBe(422);
    expect(badLimit.html).toContain('role="alert">The limit cannot be negative.</p>');
    expect(badLimit.html).toContain('<option value="csr" selected>CSR</option>');
  });

  it('refuses two different passwords before changing anything', async () => {
    const { status, html } = await call('POST', `/users/${CLERK_ID}/password`, { password: 'a long enough passphrase', repeat: 'a long enough passphrasf' });
    expect(status).toBe(422);
    expect(html).toContain('role="alert">The two passwords differ: nothing was changed.</p>');
  });
});
