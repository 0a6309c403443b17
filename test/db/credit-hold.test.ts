// A customer's credit hold on a real PostgreSQL: set by collections or by an AR lead in the console, each
// change with its note and audit row, and a hold a person placed never lifted by collections.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setCreditHold } from '../../activities/collections.js';
import { openDb, type Db } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { seedDemoData } from '../../demo/master-data.js';
import { createDatabase } from '../../devstack/postgres.js';
import { uniqueSuffix } from '../support/desk.js';

let db: Db;
beforeAll(async () => {
  const url = createDatabase(inject('stack').postgresPort, `arflow_credit_hold_${uniqueSuffix().toLowerCase()}`);
  await migrate(url);
  db = openDb(url);
  await seedDemoData(db);
});
afterAll(async () => { await db?.$disconnect(); });

const onHold = async () => (await db.customer.findUniqueOrThrow({ where: { number: 'C-1002' } })).onCreditHold;
const collections = 'system:collections-C-1002';

describe('a credit hold', () => {
  it('is lifted by collections only when collections placed it', async () => {
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: true, reason: 'INV-1 unpaid after the final notice', by: collections })).toBe('changed');
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: true, reason: 'again', by: 'dana.lead@arflow.test' })).toBe('already'); // already on: nothing changes
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: false, reason: 'paid', by: collections })).toBe('changed');
    expect(await onHold()).toBe(false);

    // An AR lead puts it on by hand: collections, settling its own invoices later, leave it on and say why.
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: true, reason: 'bounced check', by: 'dana.lead@arflow.test' })).toBe('changed');
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: false, reason: 'the overdue invoices are settled', by: collections })).toBe('kept');
    expect(await onHold()).toBe(true);
    const notes = await db.collectionNote.findMany({ where: { customer: { number: 'C-1002' } }, orderBy: { at: 'asc' } });
    expect(notes.at(-1)?.text).toBe('Not released from credit hold (the overdue invoices are settled): dana.lead@arflow.test put the account on hold, and only a person takes it off.');
    // The lead takes it off.
    expect(await setCreditHold(db, { customerNumber: 'C-1002', onHold: false, reason: 'check cleared', by: 'dana.lead@arflow.test' })).toBe('changed');
    expect((await db.auditEvent.findMany({ where: { subjectId: 'C-1002', action: { startsWith: 'credit_hold_' } }, orderBy: { id: 'asc' } })).map((e) => [e.action, e.actor]))
      .toEqual([['credit_hold_placed', collections], ['credit_hold_released', collections], ['credit_hold_placed', 'dana.lead@arflow.test'], ['credit_hold_released', 'dana.lead@arflow.test']]);
  });
});
