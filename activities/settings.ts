// Who the desk is, as printed in its emails and Message-IDs.
export interface DeskSettings {
  companyName: string;
  /** The shared orders mailbox CSRs forward to; acknowledgements come from it so replies return there. */
  ordersAddress: string;
  /** Right-hand side of our Message-IDs. */
  messageIdDomain: string;
}
