// Reads an RFC 822 message into what the desk cares about, including the customer's original message
// when a CSR forwarded it (as an attached message/rfc822, or inline below a "Forwarded message" line).
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

export interface EmailAttachment {
  filename: string | undefined;
  contentType: string;
  content: Buffer;
}

export interface ForwardedMessage {
  from: string | undefined;
  messageId: string | undefined;
  references: string[];
  subject: string | undefined;
  text: string;
  attachments: EmailAttachment[];
}

export interface ParsedEmail {
  messageId: string | undefined;
  /** The message this one answers (In-Reply-To), how replies find their thread. */
  inReplyTo: string | undefined;
  references: string[];
  from: string | undefined;
  fromName: string | undefined;
  replyTo: string | undefined;
  to: string[];
  subject: string;
  date: string | undefined;
  text: string;
  attachments: EmailAttachment[];
  forwarded: ForwardedMessage | undefined;
  autoSubmitted: boolean;
  /** The Auto-Submitted header's value, lower case (RFC 3834). */
  autoSubmittedValue: string | undefined;
  contentType: string | undefined;
  reportType: string | undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value).flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), name: v.name }] : []));
}

function referencesOf(mail: ParsedMail): string[] {
  const refs = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : mail.references.split(/\s+/);
  return refs.filter((r) => r.length > 0);
}

function textOf(mail: ParsedMail): string {
  if (mail.text && mail.text.trim()) return mail.text;
  // HTML-only mail: mailparser derives text from HTML when asked; fall back to stripping tags.
  if (typeof mail.html === 'string') return mail.html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|tr|li|h\d)>/gi, '\n').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
  return '';
}

function attachmentsOf(mail: ParsedMail): EmailAttachment[] {
  return mail.attachments
    .filter((a) => a.contentType !== 'message/rfc822')
    .map((a) => ({ filename: a.filename, contentType: a.contentType.toLowerCase(), content: a.content }));
}

const INLINE_FORWARD = /^(?:-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:)\s*$/im;

/** Finds the customer's address in an inline forward: the first "From:" line after the marker. */
function inlineForward(text: string): ForwardedMessage | undefined {
  const marker = INLINE_FORWARD.exec(text);
  if (!marker) return undefined;
  const rest = text.slice(marker.index + marker[0].length);
  const header = rest.split(/\n\s*\n/)[0] ?? '';
  const fromLine = /^\s*>?\s*From:\s*(.+)$/im.exec(header)?.[1] ?? '';
  // "Jane <jane@acme.example>", Outlook's "Jane [mailto:jane@acme.example]", or a bare address.
  const address = /<([^>]+@[^>]+)>/.exec(fromLine)?.[1] ?? /\[mailto:([^\]]+@[^\]]+)\]/i.exec(fromLine)?.[1]
    ?? /([^\s<>"[\]:]+@[^\s<>"[\]]+)/.exec(fromLine)?.[1];
  const subject = /^\s*>?\s*Subject:\s*(.+)$/im.exec(header)?.[1]?.trim();
  return { from: address?.toLowerCase(), messageId: undefined, references: [], subject, text: rest, attachments: [] };
}

/**
 * mailparser flattens a message/rfc822 part marked inline into the body text, losing its headers
 * (the customer's Message-ID among them). Find such parts in the raw MIME ourselves.
 */
function embeddedMessageParts(raw: Buffer): Buffer[] {
  const text = raw.toString('latin1');
  const parts: Buffer[] = [];
  const header = /^Content-Type:[ \t]*message\/rfc822\b/gim;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const headerStart = text.lastIndexOf('\n--', m.index);
    const bodyStart = text.slice(m.index).search(/\r?\n\r?\n/);
    if (headerStart < 0 || bodyStart < 0) continue;
    const boundary = text.slice(headerStart + 1, text.indexOf('\n', headerStart + 1)).replace(/\r$/, '');
    const partHeaders = text.slice(headerStart, m.index + bodyStart);
    const start = m.index + bodyStart + (text.slice(m.index + bodyStart).startsWith('\r\n\r\n') ? 4 : 2);
    const end = text.indexOf(`\n${boundary}`, start);
    const body = text.slice(start, end < 0 ? undefined : end);
    parts.push(/Content-Transfer-Encoding:[ \t]*base64/i.test(partHeaders) ? Buffer.from(body, 'base64') : Buffer.from(body, 'latin1'));
  }
  return parts;
}

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = addresses(mail.from)[0];
  let forwarded: ForwardedMessage | undefined;
  const attachedMessage = mail.attachments.find((a) => a.contentType === 'message/rfc822')?.content ?? embeddedMessageParts(raw)[0];
  if (attachedMessage) {
    const inner = await simpleParser(attachedMessage, { skipImageLinks: true, skipTextToHtml: true });
    forwarded = {
      from: addresses(inner.from)[0]?.address,
      messageId: inner.messageId,
      references: referencesOf(inner),
      subject: inner.subject,
      text: textOf(inner),
      attachments: attachmentsOf(inner),
    };
  }
  const text = textOf(mail);
  forwarded ??= inlineForward(text);
  const headerValue = (name: string) => String(mail.headers.get(name) ?? '').toLowerCase();
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo?.trim().split(/\s+/)[0] || undefined,
    references: referencesOf(mail),
    from: from?.address,
    fromName: from?.name || undefined,
    replyTo: addresses(mail.replyTo)[0]?.address,
    to: addresses(mail.to).map((a) => a.address),
    subject: mail.subject ?? '',
    date: mail.date?.toISOString(),
    text,
    attachments: attachmentsOf(mail),
    forwarded,
    autoSubmitted: (headerValue('auto-submitted') !== '' && headerValue('auto-submitted') !== 'no') || headerValue('precedence') === 'bulk',
    autoSubmittedValue: headerValue('auto-submitted') || undefined,
    contentType: contentType?.value?.toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase(),
  };
}
