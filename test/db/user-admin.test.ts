// Console accounts on a real PostgreSQL 15, as the admin pages and `arflow users` change them: each change
// with its audit row, passwords and deactivation ending sessions, and the rules that keep someone able
// to manage accounts, including two admins demoting each other at the same moment.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { createDatabase } from '../../devstack/postgres.js';
import { verifyPassword } from '../../console/passwords.js';
import { sessionOf, startSession } from '../../console/sessions.js';
import { addUser, deactivate, findUser, lastSignIns, listUsers, reactivate, setPassword, setRoleAndLimit } from '../../console/user-admin.js';
import { uniqueSuffix } from '../support/desk.js';

let db: Db;
beforeAll(async () => {
  const url = createDatabase(inject('stack').postgresPort, `arflow_user_admin_${uniqueSuffix().toLowerCase()}`);
  await migrate(url);
  db = openDb(url);
});
afterAll(async () => { await db?.$disconnect(); });

const PASSPHRASE = 'a long enough passphrase';
const trail = async (email: string) =>
  (await db.auditEvent.findMany({ where: { subjectType: 'user', subjectId: email }, orderBy: { id: 'asc' } })).map((e) => ({ actor: e.actor, action: e.action, data: e.data }));
const add = async (email: string, role = 'csr', password?: string) => {
  const added = await addUser(db, 'cli:it', { email, name: email.split('@')[0]!, role, limitMinor: 0, password });
  if (!added.ok) throw new Error(added.problem);
  return added.user;
};
/** Exactly these people as the active admins (made directly, unaudited): each rule starts from a known desk. */
async function onlyAdmins(...emails: string[]) {
  await db.user.updateMany({ where: { role: 'admin' }, data: { active: false } });
  for (const email of emails) await db.user.upsert({ where: { email }, create: { email, name: email, role: 'admin' }, update: { role: 'admin', active: true } });
}
const activeAdmins = () => db.user.count({ where: { role: 'admin', active: true } });

describe('adding people', () => {
  it('adds a person once, in lower case, with its audit row; the same address again is refused', async () => {
    const added = await addUser(db, 'cli:it', { email: ' Vera.Holt@Arflow.test ', name: 'Vera  Holt', role: 'viewer', limitMinor: 0 });
    expect(added).toMatchObject({ ok: true, user: { email: 'vera.holt@arflow.test', name: 'Vera Holt', role: 'viewer', limitMinor: 0, active: true, hasPassword: false, canSignIn: false } });
    expect(await addUser(db, 'ann@arflow.test', { email: 'VERA.HOLT@arflow.test', name: 'Someone Else', role: 'csr', limitMinor: 0 }))
      .toEqual({ ok: false, kind: 'conflict', problem: 'vera.holt@arflow.test already has an account' });
    expect(await db.user.count({ where: { email: 'vera.holt@arflow.test' } })).toBe(1);
    expect(await trail('vera.holt@arflow.test')).toEqual([{ actor: 'cli:it', action: 'user_added', data: { name: 'Vera Holt', role: 'viewer', limitMinor: 0, passwordSet: false } }]);
  });

  it('refuses the second of two adds racing for one address (the unique index decides)', async () => {
    const both = await Promise.all([1, 2].map((n) => addUser(db, 'cli:it', { email: 'race@arflow.test', name: `Racer ${n}`, role: 'csr', limitMinor: 0 })));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toEqual({ ok: false, kind: 'conflict', problem: 'race@arflow.test already has an account' });
    expect((await trail('race@arflow.test')).map((e) => e.action)).toEqual(['user_added']);
  });

  it('adds someone ready to sign in when given a password, and nobody when the password is too short', async () => {
    const added = await addUser(db, 'ann@arflow.test', { email: 'carl@arflow.test', name: 'Carl Park', role: 'ar_lead', limitMinor: 250_000, password: PASSPHRASE });
    expect(added).toMatchObject({ ok: true, user: { role: 'ar_lead', limitMinor: 250_000, canSignIn: true } });
    const stored = await db.user.findUniqueOrThrow({ where: { email: 'carl@arflow.test' } });
    expect(stored.approvalLimitMinor).toBe(250_000n);
    expect(await verifyPassword(PASSPHRASE, stored.passwordHash)).toBe(true);
    expect((await trail('carl@arflow.test'))[0]).toEqual({ actor: 'ann@arflow.test', action: 'user_added', data: { name: 'Carl Park', role: 'ar_lead', limitMinor: 250_000, passwordSet: true } });

    expect(await addUser(db, 'cli:it', { email: 'dot@arflow.test', name: 'Dot', role: 'csr', limitMinor: 0, password: 'short' }))
      .toEqual({ ok: false, kind: 'invalid', problem: 'a console password needs at least 12 characters' });
    expect(await findUser(db, { email: 'dot@arflow.test' })).toBeUndefined();
    expect(await trail('dot@arflow.test')).toEqual([]);
  });

  it('says what is wrong with a role, a limit or an address, and writes nothing', async () => {
    const before = await db.auditEvent.count();
    expect(await addUser(db, 'cli:it', { email: 'eli@arflow.test', name: 'Eli', role: 'boss', limitMinor: 0 }))
      .toEqual({ ok: false, kind: 'invalid', problem: '"boss" is not a role: one of csr, ar_clerk, ar_lead, controller, viewer, admin' });
    expect(await addUser(db, 'cli:it', { email: 'eli@arflow.test', name: 'Eli', role: 'csr', limitMinor: -1 })).toEqual({ ok: false, kind: 'invalid', problem: 'the limit cannot be negative' });
    expect(await addUser(db, 'cli:it', { email: 'eli at arflow', name: 'Eli', role: 'csr', limitMinor: 0 })).toEqual({ ok: false, kind: 'invalid', problem: '"eli at arflow" is not an email address' });
    await add('eli@arflow.test');
    const after = await db.auditEvent.count();
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'eli@arflow.test' }, { role: 'chief' })).toMatchObject({ ok: false, kind: 'invalid', problem: expect.stringContaining('"chief" is not a role') });
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'eli@arflow.test' }, { role: 'ar_clerk', limitMinor: -500 })).toEqual({ ok: false, kind: 'invalid', problem: 'the limit cannot be negative' });
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'nobody@arflow.test' }, { role: 'ar_clerk' })).toEqual({ ok: false, kind: 'not_found', problem: 'no account nobody@arflow.test' });
    expect(await db.auditEvent.count()).toBe(after);
    expect(after).toBe(before + 1); // the one add that was fine
    expect(await findUser(db, { email: 'eli@arflow.test' })).toMatchObject({ role: 'csr', limitMinor: 0 });
  });
});

describe('passwords and sessions', () => {
  it('sets a password, ends every open session, and audits it', async () => {
    const user = await add('fred@arflow.test');
    const [a, b] = [await startSession(db, user.id), await startSession(db, user.id)];
    expect(await sessionOf(db, a.token)).toBeDefined();
    const set = await setPassword(db, 'ann@arflow.test', { email: 'Fred@arflow.test' }, PASSPHRASE);
    expect(set).toMatchObject({ ok: true, sessionsEnded: 2, user: { email: 'fred@arflow.test', canSignIn: true } });
    expect(await sessionOf(db, a.token)).toBeUndefined();
    expect(await sessionOf(db, b.token)).toBeUndefined();
    expect(await verifyPassword(PASSPHRASE, (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);
    expect((await trail('fred@arflow.test')).at(-1)).toEqual({ actor: 'ann@arflow.test', action: 'user_password_set', data: { sessionsEnded: 2 } });
  });

  it('keeps the session that changes its own password, and only that one', async () => {
    const user = await add('gail@arflow.test', 'admin', PASSPHRASE);
    const here = await startSession(db, user.id);
    const elsewhere = await startSession(db, user.id);
    const keep = (await sessionOf(db, here.token))!.sessionId;
    expect(await setPassword(db, 'gail@arflow.test', { id: user.id }, 'another long passphrase', { keepSessionId: keep })).toMatchObject({ ok: true, sessionsEnded: 1 });
    expect(await sessionOf(db, here.token)).toBeDefined();
    expect(await sessionOf(db, elsewhere.token)).toBeUndefined();
  });

  it('refuses a short password and changes nothing', async () => {
    const user = await add('hal@arflow.test', 'csr', PASSPHRASE);
    const session = await startSession(db, user.id);
    expect(await setPassword(db, 'cli:it', { id: user.id }, 'too short')).toEqual({ ok: false, kind: 'invalid', problem: 'a console password needs at least 12 characters' });
    expect(await verifyPassword(PASSPHRASE, (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);
    expect(await sessionOf(db, session.token)).toBeDefined();
    expect(await setPassword(db, 'cli:it', { email: 'nobody@arflow.test' }, PASSPHRASE)).toEqual({ ok: false, kind: 'not_found', problem: 'no account nobody@arflow.test' });
  });
});

describe('roles, limits, deactivation', () => {
  it('changes a role and limit with the before and after in the audit row; the same again changes nothing', async () => {
    await add('ida@arflow.test');
    expect(await setRoleAndLimit(db, 'ann@arflow.test', { email: 'ida@arflow.test' }, { role: 'ar_lead', limitMinor: 500_000 })).toMatchObject({ ok: true, changed: true, user: { role: 'ar_lead', limitMinor: 500_000 } });
    // No limit given: the limit stays.
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'ida@arflow.test' }, { role: 'controller' })).toMatchObject({ ok: true, changed: true, user: { role: 'controller', limitMinor: 500_000 } });
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'ida@arflow.test' }, { role: 'controller', limitMinor: 500_000 })).toMatchObject({ ok: true, changed: false });
    expect((await trail('ida@arflow.test')).slice(1)).toEqual([
      { actor: 'ann@arflow.test', action: 'user_role_changed', data: { from: { role: 'csr', limitMinor: 0 }, to: { role: 'ar_lead', limitMinor: 500_000 } } },
      { actor: 'cli:it', action: 'user_role_changed', data: { from: { role: 'ar_lead', limitMinor: 500_000 }, to: { role: 'controller', limitMinor: 500_000 } } },
    ]);
  });

  it('deactivating ends the sessions at once and clears the password; reactivating lets them back once an admin sets a new one', async () => {
    const user = await add('jo@arflow.test', 'ar_clerk', PASSPHRASE);
    const session = await startSession(db, user.id);
    expect(await deactivate(db, 'ann@arflow.test', { id: user.id })).toMatchObject({ ok: true, changed: true, sessionsEnded: 1, user: { active: false, canSignIn: false } });
    expect(await sessionOf(db, session.token)).toBeUndefined();
    expect(await db.consoleSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await deactivate(db, 'ann@arflow.test', { id: user.id })).toMatchObject({ ok: true, changed: false });
    expect((await listUsers(db)).find((u) => u.email === 'jo@arflow.test')).toMatchObject({ active: false, hasPassword: false, canSignIn: false });

    // Back, but not with the password they had: an admin sets a new one.
    expect(await reactivate(db, 'cli:it', { email: 'jo@arflow.test' })).toMatchObject({ ok: true, changed: true, user: { active: true, hasPassword: false, canSignIn: false } });
    expect(await reactivate(db, 'cli:it', { email: 'jo@arflow.test' })).toMatchObject({ ok: true, changed: false });
    expect(await setPassword(db, 'cli:it', { email: 'jo@arflow.test' }, 'a brand new passphrase')).toMatchObject({ ok: true, user: { canSignIn: true } });
    expect(await sessionOf(db, (await startSession(db, user.id)).token)).toBeDefined();
    expect(await reactivate(db, 'cli:it', { email: 'nobody@arflow.test' })).toEqual({ ok: false, kind: 'not_found', problem: 'no account nobody@arflow.test' });
    expect(await trail('jo@arflow.test')).toEqual([
      { actor: 'cli:it', action: 'user_added', data: { name: 'jo', role: 'ar_clerk', limitMinor: 0, passwordSet: true } },
      { actor: 'ann@arflow.test', action: 'user_deactivated', data: { sessionsEnded: 1 } },
      { actor: 'cli:it', action: 'user_reactivated', data: {} },
      { actor: 'cli:it', action: 'user_password_set', data: { sessionsEnded: 0 } },
    ]);
  });

  it('finds each person’s last sign-in in the audit log', async () => {
    const user = await add('kim@arflow.test');
    expect((await lastSignIns(db, [user.id])).get(user.id)).toBeUndefined();
    const at = [new Date('2026-12-01T09:00:00Z'), new Date('2026-12-02T10:30:00Z')];
    for (const when of at) await db.auditEvent.create({ data: { at: when, actor: user.email, action: 'console_signed_in', subjectType: 'user', subjectId: user.id, data: {} } });
    expect((await lastSignIns(db, [user.id])).get(user.id)).toEqual(at[1]);
  });
});

describe('someone can always manage accounts', () => {
  it('refuses deactivating or demoting the last active admin, and writes nothing', async () => {
    await onlyAdmins('lea@arflow.test');
    const last = /^lea@arflow\.test is the last active admin: make someone else an admin first/;
    expect(await deactivate(db, 'cli:it', { email: 'lea@arflow.test' })).toMatchObject({ ok: false, kind: 'refused', problem: expect.stringMatching(last) });
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'lea@arflow.test' }, { role: 'viewer' })).toMatchObject({ ok: false, kind: 'refused', problem: expect.stringMatching(last) });
    // A new limit keeps them an admin: that is fine.
    expect(await setRoleAndLimit(db, 'cli:it', { email: 'lea@arflow.test' }, { role: 'admin', limitMinor: 100 })).toMatchObject({ ok: true, changed: true });
    expect(await findUser(db, { email: 'lea@arflow.test' })).toMatchObject({ role: 'admin', active: true });
    expect((await trail('lea@arflow.test')).map((e) => e.action)).toEqual(['user_role_changed']);
  });

  it('refuses an admin deactivating or demoting themselves, even with other admins; another admin may', async () => {
    await onlyAdmins('mo@arflow.test', 'nia@arflow.test');
    expect(await deactivate(db, 'mo@arflow.test', { email: 'mo@arflow.test' })).toEqual({ ok: false, kind: 'refused', problem: 'you cannot deactivate your own account: another admin must do it' });
    expect(await setRoleAndLimit(db, 'Mo@arflow.test', { email: 'mo@arflow.test' }, { role: 'controller' })).toEqual({ ok: false, kind: 'refused', problem: 'you cannot take away your own admin role: another admin must do it' });
    expect(await setRoleAndLimit(db, 'nia@arflow.test', { email: 'mo@arflow.test' }, { role: 'controller' })).toMatchObject({ ok: true, changed: true });
    // Now nia is the last one, and no one — the CLI included — may remove her.
    expect(await deactivate(db, 'cli:it', { email: 'nia@arflow.test' })).toMatchObject({ ok: false, kind: 'refused' });
    expect(await activeAdmins()).toBe(1);
  });

  it('counts only active admins', async () => {
    await onlyAdmins('ola@arflow.test', 'pat@arflow.test');
    expect(await deactivate(db, 'ola@arflow.test', { email: 'pat@arflow.test' })).toMatchObject({ ok: true, changed: true });
    expect(await deactivate(db, 'cli:it', { email: 'ola@arflow.test' })).toMatchObject({ ok: false, kind: 'refused' }); // pat is deactivated: ola is the last
    // A deactivated admin may be demoted: they manage nothing now.
    expect(await setRoleAndLimit(db, 'ola@arflow.test', { email: 'pat@arflow.test' }, { role: 'viewer' })).toMatchObject({ ok: true, changed: true });
    expect(await reactivate(db, 'cli:it', { email: 'pat@arflow.test' })).toMatchObject({ ok: true, changed: true });
    expect(await setRoleAndLimit(db, 'ola@arflow.test', { email: 'pat@arflow.test' }, { role: 'admin' })).toMatchObject({ ok: true, changed: true });
    expect(await deactivate(db, 'pat@arflow.test', { email: 'ola@arflow.test' })).toMatchObject({ ok: true, changed: true });
  });

  it('lets only one of two admins demoting or deactivating each other at the same moment succeed', async () => {
    await onlyAdmins('quinn@arflow.test', 'ray@arflow.test');
    const demotions = await Promise.all([
      setRoleAndLimit(db, 'ray@arflow.test', { email: 'quinn@arflow.test' }, { role: 'viewer' }),
      setRoleAndLimit(db, 'quinn@arflow.test', { email: 'ray@arflow.test' }, { role: 'viewer' }),
    ]);
    expect(demotions.filter((r) => r.ok)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);

    await onlyAdmins('sal@arflow.test', 'tam@arflow.test');
    const deactivations = await Promise.all([
      deactivate(db, 'tam@arflow.test', { email: 'sal@arflow.test' }),
      deactivate(db, 'sal@arflow.test', { email: 'tam@arflow.test' }),
    ]);
    expect(deactivations.filter((r) => r.ok)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });
});
