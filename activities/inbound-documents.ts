// Every attachment of an inbound message kept as a document (bytes, name, type, hash), by its position in
// the message: the one way the desk's readers store what they read, so a retry finds what it stored.
import { sha256Hex } from '../domain/ids.js';
import type { Db } from '../db/client.js';
import type { EmailAttachment, ParsedEmail } from '../parsers/email.js';

/** The message's attachments, then those of a message forwarded inside it, in that order. */
export function documentsOf(email: ParsedEmail): EmailAttachment[] {
  return [...email.attachments, ...(email.forwarded?.attachments ?? [])];
}

export async function storeMessageDocuments(db: Db, inboundId: string, documents: readonly EmailAttachment[]): Promise<void> {
  for (const [position, doc] of documents.entries()) {
    await db.inboundDocument.upsert({
      where: { messageId_position: { messageId: inboundId, position } },
      create: {
        messageId: inboundId, position, filename: doc.filename ?? null, contentType: doc.contentType,
        size: doc.content.length, sha256: sha256Hex(doc.content), content: new Uint8Array(doc.content),
      },
      update: {},
    });
  }
}
