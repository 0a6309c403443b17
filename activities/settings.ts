// Who the desk is, as printed in its emails and Message-IDs, and how long it waits on people.
import type { CashPolicy } from '../domain/cash-policy.js';
import type { OrderDeskPolicy } from '../domain/order-desk-policy.js';

export interface DeskSettings {
  companyName: string;
  /** The shared orders mailbox CSRs forward to; acknowledgements come from it so replies return there. */
  ordersAddress: string;
  /** The AR mailbox: invoices and reminders come from it, so customers' replies land with the billing desk. Default: the orders mailbox. */
  billingAddress?: string;
  /** How to pay us, printed on invoices and reminders. Only ever from configuration, never from inbound mail. */
  remitTo?: string;
  /** The company's signed W-9, sent on request with the payment instructions; without it such requests go to a person. */
  w9Pdf?: { filename: string; content: Uint8Array<ArrayBuffer> };
  /** The invoice number sequence's prefix (INV-). */
  invoicePrefix?: string;
  /** Right-hand side of our Message-IDs. */
  messageIdDomain: string;
  /** How long the desk waits on people before reminding and escalating; the defaults when absent. */
  orderDeskPolicy?: OrderDeskPolicy;
  /** When cash applies by itself, and the fees, short pays and late discounts it lets pass; the defaults when absent. */
  cashPolicy?: CashPolicy;
}
