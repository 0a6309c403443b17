// How long the order desk waits on people before it nudges and then escalates. Durations are strings in
// Temporal's format ('1 day', '4 hours'); a desk can change them per deployment, and tests may shorten them.

export interface OrderDeskPolicy {
  /** Quiet time after questions (or the last reminder) before the CSR is reminded. */
  remindAfter: string;
  /** Reminders to the CSR before the questions escalate to the AR leads. */
  reminders: number;
  /** A credit hold nobody has decided in this long escalates to whoever can approve it. */
  holdEscalatesAfter: string;
}

export const DEFAULT_ORDER_DESK_POLICY: OrderDeskPolicy = {
  remindAfter: '1 day',
  reminders: 2,
  holdEscalatesAfter: '2 days',
};
