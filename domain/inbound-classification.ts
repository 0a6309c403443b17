// What kind of message reached a desk mailbox, before anyone reads it for content. Automatic mail is
// recognised by its headers first (RFC 3834 Auto-Submitted, RFC 3464 delivery reports), then by the
// subjects mail systems use, so an out-of-office never gets a reply and a bounce reaches a person.

export interface InboundFacts {
  from: string | undefined;
  subject: string;
  autoSubmitted: string | undefined; // the header's value, lower case
  contentType: string | undefined; // the top-level type, lower case
  reportType: string | undefined;
}

export type InboundKind =
  | { kind: 'auto_reply'; reason: string }
  | { kind: 'bounce'; reason: string }
  | { kind: 'to_read' };

export const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon)@/i;
const BOUNCE_SUBJECT = /^(undeliverable|undelivered mail|delivery status notification \(failure\)|mail delivery (failed|failure)|returned mail|failure notice)\b/i;
const AUTO_REPLY_SUBJECT = /^(automatic reply|auto(matic)?[- ]?reply|out of (the )?office( reply| notice)?:|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica)/i;

export function classifyInbound(facts: InboundFacts): InboundKind {
  const subject = facts.subject.trim();
  if ((facts.contentType === 'multipart/report' && facts.reportType === 'delivery-status') || (facts.from && BOUNCE_SENDER.test(facts.from)) || BOUNCE_SUBJECT.test(subject)) {
    return { kind: 'bounce', reason: `A delivery failure report ("${subject || 'no subject'}") from ${facts.from ?? 'an unknown sender'}: a message we sent did not arrive.` };
  }
  // Only replies are set aside: purchasing systems mark the POs they send "auto-generated" (RFC 3834),
  // and those are exactly the mail this desk is for.
  if (facts.autoSubmitted === 'auto-replied' || AUTO_REPLY_SUBJECT.test(subject)) {
    return { kind: 'auto_reply', reason: `An automatic reply ("${subject || 'no subject'}") from ${facts.from ?? 'an unknown sender'}.` };
  }
  return { kind: 'to_read' };
}
