// Replays recorded histories (test/fixtures/histories, from real runs of the end-to-end suite) against
// the current workflow code. A failure here means a change would break workflows already running.
import { createRequire } from 'node:module';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories.js';

// Through require, as the SDK itself loads it: the ESM copy brings a second protobuf registry.
const { historyFromJSON } = createRequire(import.meta.url)('@temporalio/common/lib/proto-utils') as typeof import('@temporalio/common/lib/proto-utils.js');

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories', () => {
  it('exist for every workflow type and version', () => {
    // inbound-email.json predates the 'classify-before-reading' patch and order.json the
    // 'no-ack-after-cancel' one: they prove the patches keep workflows started before them replaying.
    // The order desk's histories: the review loop with a reply routed to it, a scan read by OCR, a credit hold, shipments to invoicing
    // (order-shipped.json from before the 'invoice-workflow' patch, order-invoiced.json after it).
    // Billing: an invoice issued (before the 'credit-memos' patch) and one given credit memos (after), its
    // customer's collections opened, a customer's reply in the billing mailbox, a month-end service billing run.
    // Cash: a payment a person applied from suspense, a bank file mailed to the remittance mailbox, and
    // remittance advice in the billing mailbox (after the 'remittance-advice' patch). The console: a
    // statement of account a clerk sent, a dispute an AR lead rejected (and the customer told), an invoice
    // told of a new approver.
    expect(files.sort()).toEqual([
      'account-statement.json', 'cash-application-exception.json', 'collections-dispute-rejected.json', 'collections-opened.json', 'inbound-email-billing-remittance.json', 'inbound-email-billing-reply.json', 'inbound-email-classified.json', 'inbound-email-remittance.json', 'inbound-email-reply.json', 'inbound-email-scanned.json', 'inbound-email-shipment.json', 'inbound-email.json',
      'invoice-approvers-changed.json', 'invoice-credit-memo.json', 'invoice-issued.json', 'order-cancel-patch.json', 'order-credit-hold.json', 'order-invoiced.json', 'order-review.json', 'order-shipped.json', 'order.json', 'service-billing.json',
    ]);
  });

  it.each(files)('%s replays deterministically on the current code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, file);
  });
});
