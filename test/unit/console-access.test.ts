// The console's rules of access: every role × every action, allowed or refused; passwords hashed with
// scrypt and checked in constant time; sign-in failures throttled per address and per client.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../console/passwords.js';
import { CONSOLE_ACTIONS, CONSOLE_ROLES, decisionActionOf, mayDo, SignInThrottle } from '../../domain/console-access.js';
import { updateFor } from '../../console/decisions.js';

describe('who may do what', () => {
  // The matrix as the desk runs it: rows are roles, columns the actions in CONSOLE_ACTIONS order.
  const expected: Record<string, string> = {
    //          view  hold  memo  cash  coll  ask   ship  disp  stmt  prom  plan  acHd  limt  cont  note  dash  acct  mail  eml   audit users
    csr:        'yes  no    no    no    no    yes   yes   no    no    no    no    no    no    yes   yes   yes   yes   yes   yes   no    no',
    ar_clerk:   'yes  no    no    yes   no    no    no    no    yes   yes   no    no    no    yes   yes   yes   yes   yes   yes   no    no',
    ar_lead:    'yes  yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   no',
    controller: 'yes  yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   yes   no',
    viewer:     'no   no    no    no    no    no    no    no    no    no    no    no    no    no    no    yes   yes   no    no    no    no',
    admin:      'no   no    no    no    no    no    no    no    no    no    no    no    no    no    no    yes   no    yes   no    yes   yes',
  };
  it('has a column for every action and a row for every role', () => {
    for (const role of CONSOLE_ROLES) expect(expected[role]!.split(/\s+/)).toHaveLength(CONSOLE_ACTIONS.length);
  });
  for (const role of CONSOLE_ROLES) {
    for (const [n, action] of CONSOLE_ACTIONS.entries()) {
      const allowed = expected[role]!.split(/\s+/)[n] === 'yes';
      it(`${role} ${allowed ? 'may' : 'may not'} ${action.replace(/_/g, ' ')}`, () => expect(mayDo(role, action)).toBe(allowed));
    }
  }

  it('knows which action decides each kind of approval, and that a kind it does not know is decided by nobody here', () => {
    expect(decisionActionOf('credit_hold')).toBe('decide_credit_hold');
    expect(decisionActionOf('cash_exception')).toBe('decide_cash_exception');
    expect(decisionActionOf('collections_decision')).toBe('decide_collection');
    expect(decisionActionOf('order_review')).toBe('answer_order_questions');
    expect(decisionActionOf('shipment_discrepancy')).toBe('decide_shipment');
    expect(decisionActionOf('agency_referral')).toBeUndefined();
  });
});

describe('console passwords', () => {
  it('hash with scrypt and a salt, verify only the right password, and refuse short ones', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
    await expect(hashPassword('short')).rejects.toThrow('at least 12 characters');
  });
});

describe('sign-in throttle', () => {
  it('makes an address or a client wait after five failures in fifteen minutes; a success clears the address only', () => {
    const t = new SignInThrottle(5, 15 * 60_000);
    const keys = ['email:a@x', 'client:1'];
    for (let i = 0; i < 5; i++) { expect(t.waitFor(keys, 1_000 * i)).toBe(0); t.failed(keys, 1_000 * i); }
    expect(t.waitFor(keys, 10_000)).toBe(15 * 60_000 - 10_000);
    expect(t.waitFor(['email:other@x', 'client:1'], 10_000)).toBeGreaterThan(0); // same client, another address
    expect(t.waitFor(['email:a@x', 'client:1'], 15 * 60_000 + 1)).toBe(0); // the oldest failure left the window
    // Signing in to one's own account between guesses does not reset the client's count.
    const u = new SignInThrottle(2, 60_000);
    u.failed(['email:victim@x', 'client:9'], 0); u.succeeded('email:own@x'); u.failed(['email:victim2@x', 'client:9'], 1);
    expect(u.waitFor(['email:third@x', 'client:9'], 2)).toBeGreaterThan(0);
    u.succeeded('email:victim@x');
    expect(u.waitFor(['email:victim@x', 'client:8'], 2)).toBe(0);
  });

  it('counts tries still being checked, so many sent at once do not all get through', () => {
    const t = new SignInThrottle(3, 60_000);
    const keys = ['email:a@x', 'client:1'];
    for (let i = 0; i < 3; i++) { expect(t.waitFor(keys, 0)).toBe(0); t.begin(keys); }
    expect(t.waitFor(keys, 0)).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) t.end(keys);
    expect(t.waitFor(keys, 0)).toBe(0);
  });

  it('keeps nothing for addresses that never failed, and forgets failures once they age out', () => {
    const t = new SignInThrottle(5, 1_000, 3);
    for (let i = 0; i < 1_000; i++) t.waitFor([`email:${i}@x`, 'client:1'], 0);
    expect((t as unknown as { failures: Map<string, number[]> }).failures.size).toBe(0);
    for (let i = 0; i < 10; i++) t.failed([`email:${i}@x`], 5_000 * i); // each ages out before the next
    expect((t as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(3);
  });
});

describe('a decision from a console form', () => {
  it('becomes the Update its workflow takes, in the payment currency, and a wrong form is named', () => {
    expect(updateFor('credit_hold', 'dana@x', { decision: 'release', reason: 'good payer' }, 'USD')).toEqual({ ok: true, updateName: 'decideCreditHold', args: { by: 'dana@x', decision: 'release', reason: 'good payer' } });
    expect(updateFor('cash_exception', 'amy@x', { decision: 'apply', reason: 'damaged', invoiceNumber: 'inv-000123', amount: '1,234.500', deduction: '10', writeOff: false }, 'KWD'))
      .toEqual({ ok: true, updateName: 'applyCash', args: { by: 'amy@x', note: 'damaged', applications: [{ invoiceNumber: 'INV-000123', amountMinor: 1_234_500, deductionMinor: 10_000, deductionReason: 'damaged', writeOff: false }] } });
    expect(updateFor('cash_exception', 'amy@x', { decision: 'on_account', reason: '', customerNumber: 'C-1003' }, 'USD')).toMatchObject({ ok: true, args: { customerNumber: 'C-1003', applications: [], leaveRest: 'on_account' } });
    expect(updateFor('cash_exception', 'amy@x', { decision: 'apply', reason: '', invoiceNumber: 'INV-1', amount: 'lots' }, 'USD')).toEqual({ ok: false, problem: '"lots" is not an amount' });
    expect(updateFor('agency_referral', 'x@x', { decision: 'x', reason: '' }, 'USD')).toMatchObject({ ok: false, problem: expect.stringContaining('decided where it was asked') });
    expect(updateFor('order_review', 'carla@x', { decision: 'answer', reason: '', answer: ' line 1 item WID-200\n' }, 'USD')).toEqual({ ok: true, updateName: 'answerReviewQuestions', args: { by: 'carla@x', answer: 'line 1 item WID-200' } });
    expect(updateFor('order_review', 'carla@x', { decision: 'answer', reason: '', answer: '  ' }, 'USD')).toMatchObject({ ok: false, problem: expect.stringContaining('write the answer') });
    expect(updateFor('shipment_discrepancy', 'carla@x', { decision: 'invoice_undisputed', reason: 'short shipped, rest follows' }, 'USD')).toEqual({ ok: true, updateName: 'resolveShipmentDiscrepancy', args: { by: 'carla@x', decision: 'invoice_undisputed', reason: 'short shipped, rest follows' } });
    expect(updateFor('credit_memo', 'x@x', { decision: 'maybe', reason: '' }, 'USD')).toMatchObject({ ok: false, problem: expect.stringContaining('choose one of') });
  });
});
