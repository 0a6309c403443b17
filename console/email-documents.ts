// The documents a kept email carried, read from its raw bytes as they arrived (the PO PDF, a packing slip),
// including those inside a message a CSR forwarded: what a person opens beside a decision.
import { parseEmail, type EmailAttachment } from '../parsers/email.js';

export async function documentsOf(raw: Uint8Array): Promise<EmailAttachment[]> {
  const email = await parseEmail(Buffer.from(raw));
  return [...email.attachments, ...(email.forwarded?.attachments ?? [])].filter((a) => a.contentType.toLowerCase() !== 'message/rfc822');
}
