// arflow's settings, from the environment, validated where they enter. Every outside system has an
// embedded default, so `npm start` on a fresh machine needs none of them.
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_CASH_POLICY, type CashPolicy } from '../domain/cash-policy.js';
import { parseAmountMinor } from '../domain/money.js';
import { DEFAULT_ORDER_DESK_POLICY, type OrderDeskPolicy } from '../domain/order-desk-policy.js';
import { DEFAULT_SEND_WINDOW, sendWindowSchema, type SendWindow } from '../domain/send-window.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const port = z.coerce.number({ error: 'must be a port number (1-65535)' }).int().min(1, 'must be a port number (1-65535)').max(65535, 'must be a port number (1-65535)');
const bool = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => ['1', 'true', 'yes'].includes(v));
// Temporal's duration words, as the desk's policy states them: "1 day", "36 hours", "90 minutes".
const duration = z.string().regex(/^\d+\s*(?:minutes?|hours?|days?|weeks?)$/, 'must be a duration such as "1 day", "36 hours" or "90 minutes"');
/** A policy amount such as "50.00" (two decimals, not negative). */
const policyAmount = (name: string) => z.string().refine((v) => /^\d{1,9}(\.\d{1,2})?$/.test(v.trim()) && parseAmountMinor(v) !== undefined, `${name} must be an amount such as 50.00`);
const minorToText = (minor: number) => (minor / 100).toFixed(2);
const isHttpUrl = (v: string) => { try { return ['http:', 'https:'].includes(new URL(v).protocol); } catch { return false; } };

const envSchema = z.object({
  ARFLOW_HOME: z.string().default(join(projectRoot, '.arflow', 'embedded')),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL').optional(),
  ARFLOW_EMBEDDED_DB_PORT: port.default(15433),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:]+:\d+$/, 'TEMPORAL_ADDRESS must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  ARFLOW_TEMPORAL_PORT: port.default(7233),
  ARFLOW_TEMPORAL_UI_PORT: port.default(8233),
  ARFLOW_IMAP_HOST: z.string().optional(),
  ARFLOW_IMAP_PORT: port.default(993),
  ARFLOW_IMAP_SECURE: bool.default(true),
  ARFLOW_IMAP_USER: z.string().optional(),
  ARFLOW_IMAP_PASSWORD: z.string().optional(),
  ARFLOW_SMTP_HOST: z.string().optional(),
  ARFLOW_SMTP_PORT: port.default(587),
  ARFLOW_SMTP_SECURE: bool.default(false),
  ARFLOW_SMTP_USER: z.string().optional(),
  ARFLOW_SMTP_PASSWORD: z.string().optional(),
  ARFLOW_COMPANY_NAME: z.string().min(1).default('Northwind Components'),
  ARFLOW_ORDERS_ADDRESS: z.string().email().default('orders@arflow.test'),
  ARFLOW_MESSAGE_ID_DOMAIN: z.string().min(1).default('arflow.test'),
  ARFLOW_BILLING_ADDRESS: z.string().email().default('ar@arflow.test'),
  // Printed on every invoice and reminder; "\n" starts a new line. The demo's is a made-up lockbox.
  ARFLOW_REMIT_TO: z.string().min(1).default('Northwind Components, Lockbox 4410, PO Box 98765, Chicago IL 60690\\nACH: ask ar@arflow.test for our payment instructions (we never change them by email)'),
  ARFLOW_W9_PDF: z.string().min(1, 'ARFLOW_W9_PDF must name the signed W-9 PDF').optional(),
  ARFLOW_BILLING_IMAP_USER: z.string().optional(),
  ARFLOW_BILLING_IMAP_PASSWORD: z.string().optional(),
  // The remittance mailbox: bank files, scanned checks and remittance advice for cash application.
  ARFLOW_REMIT_IMAP_USER: z.string().optional(),
  ARFLOW_REMIT_IMAP_PASSWORD: z.string().optional(),
  ARFLOW_INVOICE_PREFIX: z.string().regex(/^[A-Z0-9-]{1,12}$/, 'ARFLOW_INVOICE_PREFIX must be 1-12 capital letters, digits or dashes, such as INV-').default('INV-'),
  ARFLOW_TIME_ZONE: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; } }, 'ARFLOW_TIME_ZONE must be an IANA time zone such as America/Chicago').default(DEFAULT_SEND_WINDOW.timeZone),
  ARFLOW_SEND_HOURS: z.string().regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-4])$/, 'ARFLOW_SEND_HOURS must be local hours such as 9-17').default(`${DEFAULT_SEND_WINDOW.openHour}-${DEFAULT_SEND_WINDOW.closeHour}`),
  ARFLOW_DEMO: bool.optional(),
  ARFLOW_ERP_WEBHOOK_URL: z.string().refine(isHttpUrl, 'ARFLOW_ERP_WEBHOOK_URL must be an http:// or https:// URL').optional(),
  ARFLOW_ERP_EXPORT_DIR: z.string().min(1, 'ARFLOW_ERP_EXPORT_DIR must name a folder').optional(),
  ARFLOW_REVIEW_REMIND_AFTER: duration.default(DEFAULT_ORDER_DESK_POLICY.remindAfter),
  ARFLOW_REVIEW_REMINDERS: z.coerce.number({ error: 'must be a whole number of reminders (0-10)' }).int().min(0).max(10).default(DEFAULT_ORDER_DESK_POLICY.reminders),
  ARFLOW_CREDIT_HOLD_ESCALATES_AFTER: duration.default(DEFAULT_ORDER_DESK_POLICY.holdEscalatesAfter),
  ARFLOW_CONSOLE_PORT: port.default(8080),
  ARFLOW_CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
  // The console sets Secure cookies (serve it behind HTTPS, e.g. a TLS proxy, whenever it leaves this machine).
  ARFLOW_CONSOLE_SECURE_COOKIES: bool.default(false),
  ARFLOW_CONSOLE_TRUST_PROXY: bool.default(false),
  // Cash application: a match at or above this confidence applies without a person (50-100).
  ARFLOW_CASH_AUTO_APPLY_AT: z.coerce.number({ error: 'must be a whole number from 50 to 100' }).int().min(50).max(100).default(DEFAULT_CASH_POLICY.autoApplyConfidence),
  // Amounts in the company's currency with two decimals, as a person writes them.
  ARFLOW_BANK_FEE_TOLERANCE: policyAmount('ARFLOW_BANK_FEE_TOLERANCE').default(minorToText(DEFAULT_CASH_POLICY.bankFeeToleranceMinor)),
  ARFLOW_SHORT_PAY_WRITE_OFF: policyAmount('ARFLOW_SHORT_PAY_WRITE_OFF').default(minorToText(DEFAULT_CASH_POLICY.deductionWriteOffMinor)),
  ARFLOW_DISCOUNT_GRACE_DAYS: z.coerce.number({ error: 'must be a whole number of days from 0 to 30' }).int().min(0).max(30).default(DEFAULT_CASH_POLICY.discountGraceDays),
}).superRefine((env, ctx) => {
  if (env.ARFLOW_ERP_WEBHOOK_URL && env.ARFLOW_ERP_EXPORT_DIR) {
    ctx.addIssue({ code: 'custom', path: ['ARFLOW_ERP_EXPORT_DIR'], message: 'set ARFLOW_ERP_WEBHOOK_URL or ARFLOW_ERP_EXPORT_DIR, not both: orders go to the ERP one way' });
  }
  const [open, close] = env.ARFLOW_SEND_HOURS.split('-').map(Number);
  if (open! >= close!) ctx.addIssue({ code: 'custom', path: ['ARFLOW_SEND_HOURS'], message: 'ARFLOW_SEND_HOURS must open before it closes, such as 9-17' });
  if (env.ARFLOW_REMIT_IMAP_USER && !env.ARFLOW_REMIT_IMAP_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: ['ARFLOW_REMIT_IMAP_PASSWORD'], message: 'ARFLOW_REMIT_IMAP_USER is set, so ARFLOW_REMIT_IMAP_PASSWORD is needed too' });
  }
  if (env.ARFLOW_BILLING_IMAP_USER && !env.ARFLOW_BILLING_IMAP_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: ['ARFLOW_BILLING_IMAP_PASSWORD'], message: 'ARFLOW_BILLING_IMAP_USER is set, so ARFLOW_BILLING_IMAP_PASSWORD is needed too' });
  }
  if (env.ARFLOW_IMAP_HOST && (!env.ARFLOW_IMAP_USER || !env.ARFLOW_IMAP_PASSWORD)) {
    ctx.addIssue({ code: 'custom', path: ['ARFLOW_IMAP_USER'], message: 'ARFLOW_IMAP_HOST is set, so ARFLOW_IMAP_USER and ARFLOW_IMAP_PASSWORD are needed too' });
  }
});

export interface ArflowConfig {
  home: string;
  database: { kind: 'embedded'; dataDir: string; port: number } | { kind: 'postgres'; url: string };
  temporal: { kind: 'dev-server'; stateDir: string; port: number; uiPort: number } | { kind: 'remote'; address: string };
  namespace: string;
  mailbox: { kind: 'drop-folder'; dir: string } | { kind: 'imap'; host: string; port: number; secure: boolean; user: string; password: string };
  /** Customers' replies to invoices and reminders: a second IMAP account, or a drop folder beside the orders one. */
  billingMailbox: { kind: 'drop-folder'; dir: string } | { kind: 'imap'; host: string; port: number; secure: boolean; user: string; password: string } | { kind: 'none' };
  remitMailbox: { kind: 'drop-folder'; dir: string } | { kind: 'imap'; host: string; port: number; secure: boolean; user: string; password: string } | { kind: 'none' };
  /** The signed W-9 sent with payment instructions, when one is configured. */
  w9PdfPath?: string;
  outgoing: { kind: 'outbox-folder'; dir: string } | { kind: 'smtp'; host: string; port: number; secure: boolean; user?: string; password?: string };
  desk: { companyName: string; ordersAddress: string; messageIdDomain: string; orderDeskPolicy: OrderDeskPolicy; billingAddress: string; remitTo: string; invoicePrefix: string; cashPolicy: CashPolicy };
  console: { host: string; port: number; secureCookies: boolean; trustProxy: boolean };
  /** When reminders may go to customers: business hours in the company's time zone. */
  sendWindow: SendWindow;
  /** How scheduled orders reach the ERP; 'none' when nothing is set outside the embedded mode. */
  erp: { kind: 'webhook'; url: string } | { kind: 'folder'; dir: string } | { kind: 'none' };
  demo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ArflowConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`arflow's settings are not right:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  const home = resolve(e.ARFLOW_HOME);
  return {
    home,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'embedded', dataDir: join(home, 'pgdata'), port: e.ARFLOW_EMBEDDED_DB_PORT },
    temporal: e.TEMPORAL_ADDRESS ? { kind: 'remote', address: e.TEMPORAL_ADDRESS } : { kind: 'dev-server', stateDir: join(home, 'temporal'), port: e.ARFLOW_TEMPORAL_PORT, uiPort: e.ARFLOW_TEMPORAL_UI_PORT },
    namespace: e.TEMPORAL_NAMESPACE,
    mailbox: e.ARFLOW_IMAP_HOST
      ? { kind: 'imap', host: e.ARFLOW_IMAP_HOST, port: e.ARFLOW_IMAP_PORT, secure: e.ARFLOW_IMAP_SECURE, user: e.ARFLOW_IMAP_USER!, password: e.ARFLOW_IMAP_PASSWORD! }
      : { kind: 'drop-folder', dir: join(home, 'maildrop', 'orders') },
    billingMailbox: e.ARFLOW_IMAP_HOST
      ? (e.ARFLOW_BILLING_IMAP_USER ? { kind: 'imap', host: e.ARFLOW_IMAP_HOST, port: e.ARFLOW_IMAP_PORT, secure: e.ARFLOW_IMAP_SECURE, user: e.ARFLOW_BILLING_IMAP_USER, password: e.ARFLOW_BILLING_IMAP_PASSWORD! } : { kind: 'none' })
      : { kind: 'drop-folder', dir: join(home, 'maildrop', 'billing') },
    remitMailbox: e.ARFLOW_IMAP_HOST
      ? (e.ARFLOW_REMIT_IMAP_USER ? { kind: 'imap', host: e.ARFLOW_IMAP_HOST, port: e.ARFLOW_IMAP_PORT, secure: e.ARFLOW_IMAP_SECURE, user: e.ARFLOW_REMIT_IMAP_USER, password: e.ARFLOW_REMIT_IMAP_PASSWORD! } : { kind: 'none' })
      : { kind: 'drop-folder', dir: join(home, 'maildrop', 'remit') },
    w9PdfPath: e.ARFLOW_W9_PDF ? resolve(e.ARFLOW_W9_PDF) : undefined,
    outgoing: e.ARFLOW_SMTP_HOST
      ? { kind: 'smtp', host: e.ARFLOW_SMTP_HOST, port: e.ARFLOW_SMTP_PORT, secure: e.ARFLOW_SMTP_SECURE, user: e.ARFLOW_SMTP_USER, password: e.ARFLOW_SMTP_PASSWORD }
      : { kind: 'outbox-folder', dir: join(home, 'outbox') },
    desk: {
      companyName: e.ARFLOW_COMPANY_NAME, ordersAddress: e.ARFLOW_ORDERS_ADDRESS, messageIdDomain: e.ARFLOW_MESSAGE_ID_DOMAIN,
      orderDeskPolicy: { remindAfter: e.ARFLOW_REVIEW_REMIND_AFTER, reminders: e.ARFLOW_REVIEW_REMINDERS, holdEscalatesAfter: e.ARFLOW_CREDIT_HOLD_ESCALATES_AFTER },
      billingAddress: e.ARFLOW_BILLING_ADDRESS, remitTo: e.ARFLOW_REMIT_TO.replace(/\\n/g, '\n'), invoicePrefix: e.ARFLOW_INVOICE_PREFIX,
      cashPolicy: {
        ...DEFAULT_CASH_POLICY, autoApplyConfidence: e.ARFLOW_CASH_AUTO_APPLY_AT, discountGraceDays: e.ARFLOW_DISCOUNT_GRACE_DAYS,
        bankFeeToleranceMinor: parseAmountMinor(e.ARFLOW_BANK_FEE_TOLERANCE)!, deductionWriteOffMinor: parseAmountMinor(e.ARFLOW_SHORT_PAY_WRITE_OFF)!,
      },
    },
    sendWindow: sendWindowFrom(e.ARFLOW_TIME_ZONE, e.ARFLOW_SEND_HOURS),
    erp: e.ARFLOW_ERP_WEBHOOK_URL ? { kind: 'webhook', url: e.ARFLOW_ERP_WEBHOOK_URL }
      : e.ARFLOW_ERP_EXPORT_DIR ? { kind: 'folder', dir: resolve(e.ARFLOW_ERP_EXPORT_DIR) }
      : !e.DATABASE_URL ? { kind: 'folder', dir: join(home, 'erp-export') } : { kind: 'none' },
    // Demo data by default only on the embedded database: never seed a real one unasked.
    demo: e.ARFLOW_DEMO ?? !e.DATABASE_URL,
    console: { host: e.ARFLOW_CONSOLE_HOST, port: e.ARFLOW_CONSOLE_PORT, secureCookies: e.ARFLOW_CONSOLE_SECURE_COOKIES, trustProxy: e.ARFLOW_CONSOLE_TRUST_PROXY },
  };
}

function sendWindowFrom(timeZone: string, hours: string): SendWindow {
  const [openHour, closeHour] = hours.split('-').map(Number);
  return sendWindowSchema.parse({ timeZone, openHour, closeHour, weekdays: DEFAULT_SEND_WINDOW.weekdays });
}
