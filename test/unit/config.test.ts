import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config.js';

describe('settings', () => {
  it('default to the embedded stack with demo data', () => {
    const config = loadConfig({ ARFLOW_HOME: '/tmp/arflow-home' });
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/tmp/arflow-home/pgdata', port: 15433 });
    expect(config.temporal).toMatchObject({ kind: 'dev-server', port: 7233, uiPort: 8233 });
    expect(config.mailbox).toEqual({ kind: 'drop-folder', dir: '/tmp/arflow-home/maildrop/orders' });
    expect(config.outgoing).toEqual({ kind: 'outbox-folder', dir: '/tmp/arflow-home/outbox' });
    expect(config.demo).toBe(true);
  });

  it('use real servers when configured, and never seed a real database unasked', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@db:5432/arflow', TEMPORAL_ADDRESS: 'temporal:7233',
      ARFLOW_IMAP_HOST: 'imap.example.com', ARFLOW_IMAP_USER: 'orders', ARFLOW_IMAP_PASSWORD: 'pw', ARFLOW_SMTP_HOST: 'smtp.example.com',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://u@db:5432/arflow' });
    expect(config.mailbox).toMatchObject({ kind: 'imap', host: 'imap.example.com', port: 993, secure: true });
    expect(config.outgoing).toMatchObject({ kind: 'smtp', host: 'smtp.example.com', port: 587 });
    expect(config.demo).toBe(false);
  });

  it('say exactly which setting is wrong', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', ARFLOW_SMTP_PORT: 'abc' })).toThrow(
      "arflow's settings are not right:\n  DATABASE_URL: DATABASE_URL must be a postgresql:// URL\n  ARFLOW_SMTP_PORT: must be a port number (1-65535)");
    expect(() => loadConfig({ ARFLOW_IMAP_HOST: 'imap.example.com' })).toThrow(
      'ARFLOW_IMAP_USER: ARFLOW_IMAP_HOST is set, so ARFLOW_IMAP_USER and ARFLOW_IMAP_PASSWORD are needed too');
  });

  it("take the desk's waiting times, in Temporal's duration words, and refuse anything else by name", () => {
    expect(loadConfig({ ARFLOW_HOME: '/tmp/a' }).desk.orderDeskPolicy).toEqual({ remindAfter: '1 day', reminders: 2, holdEscalatesAfter: '2 days' });
    expect(loadConfig({ ARFLOW_HOME: '/tmp/a', ARFLOW_REVIEW_REMIND_AFTER: '4 hours', ARFLOW_REVIEW_REMINDERS: '3', ARFLOW_CREDIT_HOLD_ESCALATES_AFTER: '1 day' }).desk.orderDeskPolicy)
      .toEqual({ remindAfter: '4 hours', reminders: 3, holdEscalatesAfter: '1 day' });
    expect(() => loadConfig({ ARFLOW_HOME: '/tmp/a', ARFLOW_REVIEW_REMIND_AFTER: 'tomorrow' })).toThrow('ARFLOW_REVIEW_REMIND_AFTER: must be a duration such as "1 day", "36 hours" or "90 minutes"');
  });

  it('take the cash desk\'s tolerances as amounts and refuse a wrong one by name', () => {
    expect(loadConfig({ ARFLOW_HOME: '/tmp/a' }).desk.cashPolicy).toMatchObject({ autoApplyConfidence: 90, bankFeeToleranceMinor: 5_000, deductionWriteOffMinor: 1_000, discountGraceDays: 5 });
    expect(loadConfig({ ARFLOW_HOME: '/tmp/a', ARFLOW_CASH_AUTO_APPLY_AT: '95', ARFLOW_BANK_FEE_TOLERANCE: '25', ARFLOW_SHORT_PAY_WRITE_OFF: '2.50', ARFLOW_DISCOUNT_GRACE_DAYS: '0' }).desk.cashPolicy)
      .toMatchObject({ autoApplyConfidence: 95, bankFeeToleranceMinor: 2_500, deductionWriteOffMinor: 250, discountGraceDays: 0 });
    expect(() => loadConfig({ ARFLOW_HOME: '/tmp/a', ARFLOW_BANK_FEE_TOLERANCE: '-5' })).toThrow('ARFLOW_BANK_FEE_TOLERANCE must be an amount such as 50.00');
    expect(() => loadConfig({ ARFLOW_HOME: '/tmp/a', ARFLOW_CASH_AUTO_APPLY_AT: '20' })).toThrow('ARFLOW_CASH_AUTO_APPLY_AT');
  });
});
