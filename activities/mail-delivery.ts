// Sends a composed message through the mail transport, once. A retry after a successful send finds
// the message marked sent and does nothing; a retry after a crash mid-send resends the same Message-ID,
// which mail clients show once.
import type { Db } from '../db/client.js';
import type { MailTransport } from '../mail/transport.js';
import type { DeskSettings } from './settings.js';

export function createMailDeliveryActivities({ db, transport, settings }: { db: Db; transport: MailTransport; settings: DeskSettings }) {
  return {
    async deliverEmail(outboundId: string): Promise<{ messageId: string; alreadySent: boolean }> {
      const message = await db.outboundMessage.findUniqueOrThrow({ where: { id: outboundId } });
      if (message.status === 'sent') return { messageId: message.messageIdHeader, alreadySent: true };
      // Loaded only to send: stored with the message, so every resend carries the same bytes.
      const attachments = await db.outboundAttachment.findMany({ where: { outboundId }, orderBy: { position: 'asc' } });
      const info = await transport.send({
        messageId: message.messageIdHeader,
        from: `${settings.companyName} <${message.fromAddress ?? settings.ordersAddress}>`,
        to: message.toAddresses, cc: message.ccAddresses, subject: message.subject,
        text: message.textBody, html: message.htmlBody,
        inReplyTo: message.inReplyTo ?? undefined, references: message.references,
        idempotencyKey: message.idempotencyKey,
        attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
      await db.outboundMessage.update({ where: { id: outboundId }, data: { status: 'sent', sentAt: new Date(), transportInfo: info.slice(0, 500) } });
      return { messageId: message.messageIdHeader, alreadySent: false };
    },
  };
}
