// The inbound message store: raw mail as it arrived, its documents, and what became of it.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { sha256Hex } from '../domain/ids.js';
import { classifyInbound, type InboundKind } from '../domain/inbound-classification.js';
import type { QuarantineCode } from '../domain/order-intake.js';
import { parsedPurchaseOrderSchema, type ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { documentsOf, storeMessageDocuments } from './inbound-documents.js';
import { parseEmail } from '../parsers/email.js';
import { findPurchaseOrder } from '../parsers/po-from-email.js';
import { sniffImageFormat } from '../parsers/image-files.js';
import { readPdfLayout, UnreadableDocumentError } from '../parsers/pdf-layout.js';
import { emailDomain } from '../domain/master-data.js';
import { QUESTION_KINDS } from './desk-notices.js';
import type { DeskSettings } from './settings.js';

export type PurchaseOrderReading =
  | { found: true; po: ParsedPurchaseOrder; originalSender: string | undefined; forwardedBy: string | undefined }
  | {
      found: false; code: QuarantineCode; problems: string[];
      /** Documents with no text to read (scans, photos): positions for OCR to try. */
      scannedDocuments?: number[];
      originalSender?: string; forwardedBy?: string;
    };

/** An image, or a PDF without a text layer: only OCR can read it. */
async function needsOcr(content: Buffer): Promise<boolean> {
  if (sniffImageFormat(content)) return true;
  if (content.subarray(0, 1024).indexOf('%PDF-') < 0) return false;
  try { await readPdfLayout(content); return false; } catch (err) { return err instanceof UnreadableDocumentError && err.code === 'no_text'; }
}

/** A reply to one of the desk's questions about an order, and whether its sender may answer it. */
export type QuestionThread =
  | { found: false }
  | {
      found: true; orderId: string; orderWorkflowId: string; poNumber: string; from: string; authorised: boolean; askedOf: string[];
      /**
       * A reply to our questions; a colleague's reply on the acknowledgement (a change to the order); or the
       * customer's reply on it, which a person reads (a customer never changes an order by replying).
       */
      about: 'questions' | 'acknowledgement' | 'customer_reply';
      /** Whether the order still takes it: questions open, or acknowledged and not yet shipped. */
      awaitingAnswers: boolean;
      orderStatus: string;
    };

export function createInboundMessageActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  async function load(inboundId: string) {
    const message = await db.inboundMessage.findUnique({ where: { id: inboundId } });
    if (!message) throw ApplicationFailure.nonRetryable(`inbound message ${inboundId} does not exist`, 'NotFound');
    return message;
  }

  return {
    /** Says whether a message is automatic mail (an out-of-office, a bounce) or one to read. */
    async classifyInboundMessage(inboundId: string): Promise<InboundKind> {
      const message = await load(inboundId);
      let email;
      try { email = await parseEmail(Buffer.from(message.raw)); } catch { return { kind: 'to_read' }; }
      return classifyInbound({ from: email.from, subject: email.subject, autoSubmitted: email.autoSubmittedValue, contentType: email.contentType, reportType: email.reportType });
    },

    async recordIgnored(inboundId: string, reason: string): Promise<void> {
      if ((await load(inboundId)).status === 'ignored') return;
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'ignored', quarantineReason: reason } }),
        db.auditEvent.create({ data: { actor: 'system:intake', action: 'message_ignored', subjectType: 'inbound_message', subjectId: inboundId, data: { reason } } }),
      ]);
    },

    /** Parses the stored raw message, keeps each attachment as a document, and looks for a PO in it. */
    async readPurchaseOrderFromMessage(inboundId: string): Promise<PurchaseOrderReading> {
      const message = await load(inboundId);
      let email;
      try {
        email = await parseEmail(Buffer.from(message.raw));
      } catch (err) {
        return { found: false, code: 'unreadable_document', problems: [`The message itself cannot be parsed as email: ${(err as Error).message}.`] };
      }
      const documents = documentsOf(email);
      await storeMessageDocuments(db, inboundId, documents);
      const result = await findPurchaseOrder(email);
      // The customer is whoever the CSR forwarded from; when the customer mailed us directly, the sender.
      const originalSender = email.forwarded?.from ?? email.replyTo ?? email.from;
      if (!result.found) {
        const scannedDocuments: number[] = [];
        for (const [position, doc] of documents.entries()) if (await needsOcr(doc.content)) scannedDocuments.push(position);
        return scannedDocuments.length ? { ...result, scannedDocuments, originalSender, forwardedBy: email.from } : result;
      }
      // The reader's output enters the workflow here: check it against its declared shape.
      const checked = parsedPurchaseOrderSchema.safeParse(result.po);
      if (!checked.success) {
        return { found: false, code: 'unreadable_document', problems: [`The order in ${result.po.documentName} could not be read reliably (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).`] };
      }
      return { found: true, po: checked.data, originalSender, forwardedBy: email.from };
    },

    /**
     * Is this message a reply to our questions about an order? Found by its In-Reply-To and References
     * against the questions we sent. Only the people asked, or colleagues at our own domain, may answer:
     * anyone can put a Message-ID in a header.
     */
    async findQuestionThread(inboundId: string): Promise<QuestionThread> {
      const message = await load(inboundId);
      let email;
      try { email = await parseEmail(Buffer.from(message.raw)); } catch { return { found: false }; }
      const ids = [email.inReplyTo, ...email.references].filter((x): x is string => !!x);
      if (ids.length === 0 || !email.from) return { found: false };
      const asked = await db.outboundMessage.findFirst({
        where: { messageIdHeader: { in: ids }, kind: { in: [...QUESTION_KINDS, 'order_acknowledgement'] }, orderId: { not: null } },
        orderBy: { createdAt: 'desc' },
      });
      if (!asked?.orderId) return { found: false };
      const from = email.from.toLowerCase();
      const colleague = emailDomain(from) === emailDomain(settings.ordersAddress) && from !== settings.ordersAddress.toLowerCase();
      const order = await db.order.findUniqueOrThrow({ where: { id: asked.orderId }, include: { shipments: { select: { id: true } }, customer: { include: { contacts: true } } } });
      const customersOwn = order.customer.contacts.some((c) => c.email.toLowerCase() === from) || order.customer.emailDomains.includes(emailDomain(from));
      const about = asked.kind !== 'order_acknowledgement' ? 'questions' : colleague ? 'acknowledgement' : customersOwn ? 'customer_reply' : undefined;
      if (!about) return { found: false }; // a stranger quoting our Message-ID: read like any other mail
      const askedOf = [...asked.toAddresses, ...asked.ccAddresses].map((a) => a.toLowerCase());
      const awaitingAnswers = about === 'questions' ? order.status === 'in_review' : about === 'acknowledgement' ? order.status === 'acknowledged' && order.shipments.length === 0 : true;
      return { found: true, orderId: order.id, orderWorkflowId: order.workflowId, poNumber: order.poNumber, from, authorised: about !== 'questions' || askedOf.includes(from) || colleague, askedOf, about, awaitingAnswers, orderStatus: order.status };
    },

    async recordReplyRouted(inboundId: string, workflowId: string): Promise<void> {
      if ((await load(inboundId)).status === 'reply_routed') return;
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'reply_routed', routedToWorkflow: workflowId } }),
        db.auditEvent.create({ data: { actor: 'system:intake', action: 'reply_routed_to_order', subjectType: 'inbound_message', subjectId: inboundId, data: { workflowId } } }),
      ]);
    },

    async recordShipmentsReceived(inboundId: string, shipmentIds: string[]): Promise<void> {
      if ((await load(inboundId)).status === 'shipment_received') return;
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'shipment_received' } }),
        db.auditEvent.create({ data: { actor: 'system:intake', action: 'shipment_confirmation_received', subjectType: 'inbound_message', subjectId: inboundId, data: { shipmentIds } } }),
      ]);
    },

    async recordQuarantine(inboundId: string, code: QuarantineCode, problems: string[]): Promise<void> {
      if ((await load(inboundId)).status === 'quarantined') return; // a retry after success
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'quarantined', quarantineCode: code, quarantineReason: problems.join('\n') } }),
        db.auditEvent.create({ data: { actor: 'system:intake', action: 'message_quarantined', subjectType: 'inbound_message', subjectId: inboundId, data: { code, problems } } }),
      ]);
    },

    async recordOrderCreated(inboundId: string, orderId: string): Promise<void> {
      if ((await load(inboundId)).status === 'order_created') return; // a retry after success
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: 'order_created' } }),
        db.auditEvent.create({ data: { actor: 'system:intake', action: 'order_created_from_message', subjectType: 'inbound_message', subjectId: inboundId, data: { orderId } } }),
      ]);
    },
  };
}
