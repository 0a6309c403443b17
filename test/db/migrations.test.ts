// The schema on a real PostgreSQL 15: migrations apply once, refuse edits, and the database itself
// enforces the business keys that keep orders and messages from being entered twice.
import { mkdtempSync, cpSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { migrate, MIGRATIONS_DIR } from '../../db/migrate.js';
import { seedDemoData } from '../../demo/master-data.js';
import { createDatabase } from '../../devstack/postgres.js';
import { uniqueSuffix } from '../support/desk.js';

let url: string;
let db: Db;
beforeAll(async () => {
  url = createDatabase(inject('stack').postgresPort, `arflow_migrations_${uniqueSuffix().toLowerCase()}`);
});
afterAll(async () => { await db?.$disconnect(); });

describe('migrations', () => {
  it('apply to an empty database once, then report it up to date', async () => {
    const first = await migrate(url);
    expect(first.applied).toEqual(['20261123000000_foundation', '20261123200838_order_desk', '20261201140244_invoicing', '20261201154601_cash_application', '20261201164012_console_sessions', '20261201194845_account_notes_and_audit_days']);
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: ['20261123000000_foundation', '20261123200838_order_desk', '20261201140244_invoicing', '20261201154601_cash_application', '20261201164012_console_sessions', '20261201194845_account_notes_and_audit_days'] });
    db = openDb(url);
    const version = await db.$queryRaw<{ server_version: string }[]>`SHOW server_version`;
    expect(version[0]!.server_version).toMatch(/^15\./);
  });

  it('refuse to run when an applied migration was edited', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'arflow-migrations-'));
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    appendFileSync(join(copy, '20261123000000_foundation', 'migration.sql'), '\n-- edited\n');
    await expect(migrate(url, copy)).rejects.toThrow(/was changed after it was applied/);
  });
});

describe('business keys in the database', () => {
  it('one order per customer and PO number, one stored message per Message-ID', async () => {
    await seedDemoData(db);
    await seedDemoData(db); // seeding twice changes nothing
    expect(await db.customer.count()).toBe(3);
    const customer = await db.customer.findUniqueOrThrow({ where: { number: 'C-1001' } });
    const order = { customerId: customer.id, poNumber: 'PO-1', currency: 'USD', totalMinor: 100n, termsCode: 'NET30' };
    await db.order.create({ data: { ...order, workflowId: 'order-C-1001-PO-1' } });
    await expect(db.order.create({ data: { ...order, workflowId: 'order-other' } })).rejects.toMatchObject({ code: 'P2002' });
    const message = { dedupeKey: 'mid:abc', mailbox: 'orders', rawSha256: 'x', raw: new Uint8Array([1]), workflowId: 'inbound-mid-abc' };
    await db.inboundMessage.create({ data: message });
    await expect(db.inboundMessage.create({ data: message })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('keeps money as exact integers beyond 32 bits', async () => {
    const customer = await db.customer.findUniqueOrThrow({ where: { number: 'C-1002' } });
    const big = 9_007_199_254_740_991n;
    const order = await db.order.create({ data: { customerId: customer.id, poNumber: 'BIG', currency: 'USD', totalMinor: big, termsCode: 'NET30', workflowId: 'order-C-1002-BIG' } });
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).totalMinor).toBe(big);
  });
});
