// Files a message in the mailbox it came from, once its workflow has decided what it was.
import type { Db } from '../db/client.js';
import type { Folder, Mailbox } from '../mail/mailbox.js';

export function createMailboxActivities({ db, mailboxes }: { db: Db; mailboxes: Map<string, Mailbox> }) {
  return {
    async fileInboundMessage(inboundId: string, folder: Folder): Promise<void> {
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      const mailbox = mailboxes.get(message.mailbox);
      if (!mailbox) throw new Error(`no mailbox named ${message.mailbox} is configured on this worker`);
      if (message.sourceRef) await mailbox.file(message.sourceRef, message.messageIdHeader ?? undefined, folder);
    },
  };
}
