// Stores a composed message (and its attachments) in the outbox under its idempotency key, once: a retry,
// or two attempts racing, get the message the first one stored. Sending is a separate step (mail-delivery).
import type { Db } from '../db/client.js';
import { outboundMessageId } from '../domain/ids.js';
import { Prisma } from '../generated/prisma/client.js';

export interface OutboundDraft {
  idempotencyKey: string;
  kind: string;
  from?: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string | null;
  references?: string[];
  orderId?: string | null;
  customerId?: string | null;
  attachments?: { filename: string; contentType: string; content: Uint8Array<ArrayBuffer> }[];
}

export async function findOutbound(db: Db, idempotencyKey: string): Promise<string | undefined> {
  return (await db.outboundMessage.findUnique({ where: { idempotencyKey }, select: { id: true } }))?.id;
}

export async function storeOutbound(db: Db, messageIdDomain: string, draft: OutboundDraft): Promise<{ outboundId: string }> {
  const found = await findOutbound(db, draft.idempotencyKey);
  if (found) return { outboundId: found };
  try {
    const created = await db.outboundMessage.create({
      data: {
        idempotencyKey: draft.idempotencyKey, messageIdHeader: outboundMessageId(draft.idempotencyKey, messageIdDomain), kind: draft.kind, fromAddress: draft.from ?? null,
        toAddresses: draft.to, ccAddresses: draft.cc ?? [], subject: draft.subject, textBody: draft.text, htmlBody: draft.html,
        inReplyTo: draft.inReplyTo ?? null, references: draft.references ?? [], orderId: draft.orderId ?? null, customerId: draft.customerId ?? null,
        attachments: draft.attachments?.length ? { create: draft.attachments.map((a, position) => ({ position, ...a })) } : undefined,
      },
    });
    return { outboundId: created.id };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const winner = await findOutbound(db, draft.idempotencyKey);
      if (winner) return { outboundId: winner };
    }
    throw err;
  }
}
