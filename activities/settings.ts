// Who the desk is, as printed in its emails and Message-IDs, and how long it waits on people.
import type { OrderDeskPolicy } from '../domain/order-desk-policy.js';

export interface DeskSettings {
  companyName: string;
  /** The shared orders mailbox CSRs forward to; acknowledgements come from it so replies return there. */
  ordersAddress: string;
  /** Right-hand side of our Message-IDs. */
  messageIdDomain: string;
  /** How long the desk waits on people before reminding and escalating; the defaults when absent. */
  orderDeskPolicy?: OrderDeskPolicy;
}
