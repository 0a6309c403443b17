// Every activity arflow's workers run, built from the clients they adapt. Tests build the same way
// with real clients (or a fake at a unit's own edge).
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import type { CollectionsInput } from '../domain/collections-contract.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import type { ErpExportTarget } from '../erp/erp-target.js';
import type { Mailbox } from '../mail/mailbox.js';
import type { MailTransport } from '../mail/transport.js';
import { createApprovalActivities } from './approvals.js';
import { createBillingReplyActivities } from './billing-replies.js';
import { createCashApplicationActivities } from './cash-application.js';
import { createPaymentIntakeActivities } from './payment-intake.js';
import { createCollectionActivities } from './collections.js';
import { createCollectionsClientActivities } from './collections-client.js';
import { createCreditActivities } from './credit.js';
import { createDeskNoticeActivities } from './desk-notices.js';
import { createErpExportActivities } from './erp-export.js';
import { createInboundMessageActivities } from './inbound-messages.js';
import { createInvoiceActivities } from './invoices.js';
import { createW9PacketActivities } from './w9-packets.js';
import { createServiceTicketActivities } from './service-tickets.js';
import { createMailDeliveryActivities } from './mail-delivery.js';
import { createMailboxActivities } from './mailbox.js';
import { createOrderAmendmentActivities } from './order-amendments.js';
import { createOrderReviewActivities } from './order-review.js';
import { createOrderActivities } from './orders.js';
import { createShipmentActivities } from './shipments.js';
import { createStatementActivities } from './statements.js';
import { createOutboxActivities } from './outbox.js';
import type { DeskSettings } from './settings.js';

export interface ActivityDeps {
  db: Db;
  transport: MailTransport;
  mailboxes: Map<string, Mailbox>;
  settings: DeskSettings;
  /** Renders documents sent with mail (the acknowledgement PDF); without it mail goes with no PDF. */
  pdf?: PdfRenderer;
  /** Where scheduled orders go to the ERP; without it exportOrderToErp refuses, naming the settings. */
  erp?: ErpExportTarget;
  /** Starts and signals customers' collections workflows from invoice workflows (signal-with-start). */
  temporal?: Client;
  /** The dunning policy and send window collections workflows start with. */
  collections?: Omit<CollectionsInput, 'customerNumber'>;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createInboundMessageActivities(deps),
    ...createOrderActivities(deps),
    ...createOrderReviewActivities(deps),
    ...createOrderAmendmentActivities(deps),
    ...createCreditActivities(deps),
    ...createApprovalActivities(deps),
    ...createDeskNoticeActivities(deps),
    ...createShipmentActivities(deps),
    ...createOutboxActivities(deps),
    ...createMailDeliveryActivities(deps),
    ...createMailboxActivities(deps),
    ...createErpExportActivities(deps),
    ...createInvoiceActivities(deps),
    ...createBillingReplyActivities(deps),
    ...createW9PacketActivities(deps),
    ...createServiceTicketActivities(deps),
    ...createCollectionActivities(deps),
    ...createStatementActivities(deps),
    ...createCollectionsClientActivities(deps),
    ...createCashApplicationActivities({ db: deps.db, ...(deps.settings.cashPolicy ? { policy: deps.settings.cashPolicy } : {}), ...(deps.settings.invoicePrefix ? { invoicePrefix: deps.settings.invoicePrefix } : {}) }),
    ...createPaymentIntakeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
