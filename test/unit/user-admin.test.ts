// The account rules the console and the CLI share, without a database: what an email, name, role and
// approval limit must be, and which changes would leave nobody able to manage accounts.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { addUser, checkEmail, checkLimitMinor, checkName, checkRole, parseLimit, refusalOf, setRoleAndLimit } from '../../console/user-admin.js';

describe('what an account needs', () => {
  it('takes an email trimmed and in lower case, and says when it is not one', () => {
    expect(checkEmail('  Vera.Holt@Arflow.Test ')).toEqual({ ok: true, value: 'vera.holt@arflow.test' });
    for (const bad of ['', 'vera', 'vera@', '@arflow.test', 'vera holt@arflow.test', 'a@b@c', '"Vera" <vera@arflow.test>', `${'v'.repeat(250)}@x.io`]) {
      expect(checkEmail(bad)).toMatchObject({ ok: false, kind: 'invalid', problem: expect.stringContaining('is not an email address') });
    }
  });

  it('takes a name as plain text, its spaces tidied', () => {
    expect(checkName('  Vera   Holt ')).toEqual({ ok: true, value: 'Vera Holt' });
    expect(checkName('   ')).toEqual({ ok: false, kind: 'invalid', problem: "give the person's name" });
    expect(checkName('x'.repeat(121))).toMatchObject({ ok: false, kind: 'invalid' });
    expect(checkName('Vera\u0000Holt')).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it('knows the console roles and names them all when given another', () => {
    expect(checkRole('ar_lead')).toEqual({ ok: true, value: 'ar_lead' });
    expect(checkRole('boss')).toEqual({ ok: false, kind: 'invalid', problem: '"boss" is not a role: one of csr, ar_clerk, ar_lead, controller, viewer, admin' });
    expect(checkRole('')).toEqual({ ok: false, kind: 'invalid', problem: 'choose a role: one of csr, ar_clerk, ar_lead, controller, viewer, admin' });
    expect(checkRole('Admin')).toMatchObject({ ok: false }); // roles are codes, not words
  });

  it('reads an approval limit as people write it, in USD cents, never negative', () => {
    expect(parseLimit('2,500.00')).toEqual({ ok: true, value: 250_000 });
    expect(parseLimit('$300')).toEqual({ ok: true, value: 30_000 });
    expect(parseLimit('0')).toEqual({ ok: true, value: 0 });
    expect(parseLimit('-5.00')).toEqual({ ok: false, kind: 'invalid', problem: 'the limit cannot be negative' });
    expect(parseLimit('(5.00)')).toEqual({ ok: false, kind: 'invalid', problem: 'the limit cannot be negative' });
    expect(parseLimit('lots')).toEqual({ ok: false, kind: 'invalid', problem: 'the limit "lots" is not an amount' });
    expect(parseLimit('1.005')).toMatchObject({ ok: false, problem: 'the limit "1.005" is not an amount' });
    expect(parseLimit(' ')).toEqual({ ok: false, kind: 'invalid', problem: 'give an approval limit (0 for none)' });
    expect(checkLimitMinor(1.5)).toMatchObject({ ok: false, problem: 'the limit must be a whole number of cents' });
    expect(checkLimitMinor(-1)).toMatchObject({ ok: false, problem: 'the limit cannot be negative' });
  });

  it('checks what it is given before it asks the database anything', async () => {
    const noDb = {} as Db; // any query would throw: these must be refused first
    expect(await addUser(noDb, 'cli:it', { email: 'not-an-email', name: 'X', role: 'csr', limitMinor: 0 })).toMatchObject({ ok: false, kind: 'invalid' });
    expect(await addUser(noDb, 'cli:it', { email: 'x@arflow.test', name: 'X', role: 'boss', limitMinor: 0 })).toMatchObject({ ok: false, problem: expect.stringContaining('"boss" is not a role') });
    expect(await addUser(noDb, 'cli:it', { email: 'x@arflow.test', name: 'X', role: 'csr', limitMinor: -100 })).toMatchObject({ ok: false, problem: 'the limit cannot be negative' });
    expect(await setRoleAndLimit(noDb, 'cli:it', { email: 'x@arflow.test' }, { role: 'chief' })).toMatchObject({ ok: false, kind: 'invalid' });
  });
});

describe('someone can always manage accounts', () => {
  const ann = { email: 'ann@arflow.test', role: 'admin', active: true };
  it('refuses an admin deactivating or demoting themselves, however many admins there are', () => {
    expect(refusalOf('Ann@Arflow.test', ann, { role: 'admin', active: false }, 5)).toBe('you cannot deactivate your own account: another admin must do it');
    expect(refusalOf('ann@arflow.test', ann, { role: 'viewer', active: true }, 5)).toBe('you cannot take away your own admin role: another admin must do it');
    expect(refusalOf('ann@arflow.test', ann, { role: 'admin', active: true }, 1)).toBeUndefined(); // a new limit for oneself is fine
  });

  it('refuses deactivating or demoting the last active admin, from the console or the CLI', () => {
    for (const actor of ['bo@arflow.test', 'cli:root']) {
      expect(refusalOf(actor, ann, { role: 'admin', active: false }, 1)).toMatch(/^ann@arflow\.test is the last active admin/);
      expect(refusalOf(actor, ann, { role: 'controller', active: true }, 1)).toMatch(/^ann@arflow\.test is the last active admin/);
      expect(refusalOf(actor, ann, { role: 'viewer', active: true }, 2)).toBeUndefined();
    }
  });

  it('lets anything happen to people who are not active admins', () => {
    expect(refusalOf('cli:root', { ...ann, active: false }, { role: 'viewer', active: false }, 0)).toBeUndefined();
    expect(refusalOf('cli:root', { ...ann, role: 'csr' }, { role: 'csr', active: false }, 1)).toBeUndefined();
    expect(refusalOf('ann@arflow.test', { ...ann, role: 'viewer', active: false }, { role: 'admin', active: true }, 0)).toBeUndefined();
  });
});
