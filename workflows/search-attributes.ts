// What a person searches workflows by (Temporal Web UI, `temporal workflow list --query`, the console).
// The dev server registers these at start (devstack/temporal.ts); production registers them once.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CUSTOMER_NUMBER = defineSearchAttributeKey('ArflowCustomer', SearchAttributeType.KEYWORD);
export const PO_NUMBER = defineSearchAttributeKey('ArflowPoNumber', SearchAttributeType.KEYWORD);
export const ORDER_STATUS = defineSearchAttributeKey('ArflowOrderStatus', SearchAttributeType.KEYWORD);
export const INBOUND_OUTCOME = defineSearchAttributeKey('ArflowInboundOutcome', SearchAttributeType.KEYWORD);

export const INVOICE_NUMBER = defineSearchAttributeKey('ArflowInvoiceNumber', SearchAttributeType.KEYWORD);
/** issued, partially_paid, paid, written_off: what an AR clerk filters open invoices by. */
export const INVOICE_STATUS = defineSearchAttributeKey('ArflowInvoiceStatus', SearchAttributeType.KEYWORD);

/** matching, applied, partially_applied, exception, on_account, suspense: the cash application queue. */
export const PAYMENT_STATUS = defineSearchAttributeKey('ArflowPaymentStatus', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [CUSTOMER_NUMBER, PO_NUMBER, ORDER_STATUS, INBOUND_OUTCOME, INVOICE_NUMBER, INVOICE_STATUS, PAYMENT_STATUS];
