// Watches a mailbox and turns every message in it into a stored raw message and a running inbound
// workflow. Safe to stop and restart at any moment: storing is keyed by the message's identity and the
// workflow ID comes from the same key, so a message seen twice is stored once and handled once.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { simpleParser } from 'mailparser';
import type { Db } from '../db/client.js';
import { inboundDedupeKey, inboundWorkflowId, sha256Hex } from '../domain/ids.js';
import { Prisma } from '../generated/prisma/client.js';
import { inboundEmailWorkflow } from '../workflows/inbound-email.js';
import type { Mailbox, MailboxMessage } from './mailbox.js';

export interface IngesterDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  mailbox: Mailbox;
  log?: (message: string) => void;
}

export type IngestResult = 'started' | 'in_progress' | 'duplicate_delivery';

const INGEST_CONCURRENCY = 8;

export function createIngester({ db, temporal, taskQueue, mailbox, log = () => {} }: IngesterDeps) {
  const handled = new Set<string>(); // refs this process already started; saves re-reading them each scan

  async function headersOf(raw: Buffer) {
    // Headers only: the workflow parses the body and attachments.
    const headerEnd = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
    const mail = await simpleParser(headerEnd > 0 ? raw.subarray(0, headerEnd + 2) : raw);
    const from = Array.isArray(mail.from) ? mail.from[0] : mail.from;
    return { messageId: mail.messageId, from: from?.value[0]?.address?.toLowerCase(), subject: mail.subject };
  }

  async function ingest(message: MailboxMessage): Promise<IngestResult> {
    const headers = await headersOf(message.raw);
    const dedupeKey = inboundDedupeKey(headers.messageId, message.raw);
    const workflowId = inboundWorkflowId(dedupeKey);
    let stored = await db.inboundMessage.findUnique({ where: { dedupeKey } });
    if (!stored) {
      try {
        stored = await db.inboundMessage.create({
          data: {
            dedupeKey, messageIdHeader: headers.messageId ?? null, mailbox: mailbox.name, sourceRef: message.ref,
            fromAddress: headers.from ?? null, subject: headers.subject ?? null,
            rawSha256: sha256Hex(message.raw), raw: new Uint8Array(message.raw), workflowId,
          },
        });
      } catch (err) {
        // Two copies stored at once: the other copy won, and this one is the duplicate.
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
        stored = await db.inboundMessage.findUniqueOrThrow({ where: { dedupeKey } });
      }
    }
    const duplicate = async () => {
      // The same message delivered again (a resend, a second CSR forwarding the same copy): it does
      // nothing but is recorded, and leaves the inbox so it is not read again.
      await db.auditEvent.create({ data: { actor: `system:ingester:${mailbox.name}`, action: 'duplicate_delivery_ignored', subjectType: 'inbound_message', subjectId: stored!.id, data: { ref: message.ref } } });
      await mailbox.file(message.ref, undefined, 'Processed');
      log(`duplicate delivery of ${headers.messageId ?? dedupeKey} ignored`);
      return 'duplicate_delivery' as const;
    };
    if (stored.sourceRef !== message.ref) return duplicate();
    try {
      await temporal.workflow.start(inboundEmailWorkflow, {
        workflowId, taskQueue, args: [{ inboundId: stored.id, mailbox: mailbox.name }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      log(`message ${headers.messageId ?? dedupeKey} from ${headers.from ?? 'unknown sender'} → workflow ${workflowId}`);
      return 'started';
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Its workflow already finished, yet a copy sits in the inbox (a file dropped again under the
      // same name): that copy is a duplicate.
      const { status } = await temporal.workflow.getHandle(workflowId).describe();
      if (status.name === 'COMPLETED') return duplicate();
      // A workflow that failed leaves its message in the inbox on purpose: someone must look.
      if (status.name !== 'RUNNING') log(`message ${headers.messageId ?? dedupeKey}: its workflow ${workflowId} ended ${status.name}; left in the inbox`);
      return 'in_progress';
    }
  }

  async function scanOnce(): Promise<Record<IngestResult, number>> {
    const counts: Record<IngestResult, number> = { started: 0, in_progress: 0, duplicate_delivery: 0 };
    const listed = await mailbox.listWaiting();
    // A ref that left the inbox may come back as a new message (a drop-folder file name reused).
    for (const ref of handled) if (!listed.includes(ref)) handled.delete(ref);
    const waiting = listed.filter((ref) => !handled.has(ref));
    // A burst of mail is stored and started a few at a time: each message waits mostly on the
    // database and the Temporal server, not on this process.
    const next = () => waiting.shift();
    await Promise.all(Array.from({ length: Math.min(INGEST_CONCURRENCY, waiting.length) }, async () => {
      for (let ref = next(); ref !== undefined; ref = next()) {
        const raw = await mailbox.read(ref);
        if (!raw) continue; // filed meanwhile
        const result = await ingest({ ref, raw });
        counts[result]++;
        if (result !== 'duplicate_delivery') handled.add(ref);
      }
    }));
    return counts;
  }

  /** Scans, then waits for new mail (IMAP IDLE or a folder watch), until the signal aborts. */
  async function run(signal: AbortSignal, pollMs = 30_000): Promise<void> {
    while (!signal.aborted) {
      try { await scanOnce(); } catch (err) { log(`mailbox ${mailbox.name}: ${(err as Error).message}; retrying`); await new Promise((r) => setTimeout(r, 2000)); }
      if (signal.aborted) break;
      try { await mailbox.waitForChange(pollMs, signal); } catch (err) { log(`mailbox ${mailbox.name} watch: ${(err as Error).message}`); await new Promise((r) => setTimeout(r, 2000)); }
    }
  }

  return { scanOnce, run, ingest };
}
