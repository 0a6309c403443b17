// The order under review in our database: who answers its questions, reading their answers, and
// entering the order's lines once nothing is left open.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { emailDomain } from '../domain/master-data.js';
import type { OrderDraft } from '../domain/order-intake.js';
import type { ReviewQuestion } from '../domain/order-review.js';
import { parsedPurchaseOrderSchema, type ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { applyCorrections } from '../domain/review-corrections.js';
import { parseEmail } from '../parsers/email.js';
import { findPurchaseOrder } from '../parsers/po-from-email.js';
import { ownWords, readReviewAnswer } from '../parsers/review-answer.js';
import { Prisma } from '../generated/prisma/client.js';
import type { DeskSettings } from './settings.js';

/** An answer to the desk's questions: a reply email, or words typed in the console (an Update). */
export type ReviewAnswerSource =
  | { kind: 'email'; inboundId: string; from: string }
  | { kind: 'typed'; text: string; by: string };

export type ReviewAnswerOutcome =
  | { kind: 'cancel'; by: string; reason: string }
  | { kind: 'answered'; by: string; po: ParsedPurchaseOrder; applied: string[]; refused: string[]; notUnderstood: string[]; correctedDocument?: string };

function quantityDecimal(milli: number): string {
  return (milli / 1000).toFixed(3);
}

export function createOrderReviewActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  return {
    /**
     * Who answers questions about this PO: the colleague who forwarded it; when the customer wrote to
     * the orders box directly, the desk's CSRs (never the customer, and never our own shared mailbox).
     */
    async whoAnswersQuestions(inboundId: string): Promise<string[]> {
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      const email = await parseEmail(Buffer.from(message.raw));
      const ours = emailDomain(settings.ordersAddress);
      if (email.from && emailDomain(email.from) === ours && email.from.toLowerCase() !== settings.ordersAddress.toLowerCase()) return [email.from.toLowerCase()];
      const csrs = await db.user.findMany({ where: { role: 'csr', active: true }, orderBy: { email: 'asc' } });
      if (csrs.length) return csrs.map((u) => u.email);
      const leads = await db.user.findMany({ where: { role: { in: ['ar_lead', 'controller'] }, active: true }, orderBy: { email: 'asc' } });
      if (leads.length) return leads.map((u) => u.email);
      throw ApplicationFailure.nonRetryable('No CSR or AR lead is set up to answer questions about orders: add a user with role csr', 'NoReviewer');
    },

    /** Reads an answer: a corrected PO attached to the reply replaces the PO; otherwise the CSR's words correct it. */
    async readReviewAnswer(answer: ReviewAnswerSource, po: ParsedPurchaseOrder): Promise<ReviewAnswerOutcome> {
      let text: string;
      let by: string;
      if (answer.kind === 'email') {
        const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: answer.inboundId } });
        const email = await parseEmail(Buffer.from(message.raw));
        by = answer.from;
        const attached = email.attachments.length + (email.forwarded?.attachments.length ?? 0) > 0 ? await findPurchaseOrder({ ...email, text: '', forwarded: email.forwarded ? { ...email.forwarded, text: '' } : undefined }) : undefined;
        if (attached?.found) {
          const checked = parsedPurchaseOrderSchema.parse(attached.po);
          return { kind: 'answered', by, po: checked, applied: [`the corrected PO in ${checked.documentName} replaces the one under review`], refused: [], notUnderstood: [], correctedDocument: checked.documentName };
        }
        text = email.text;
      } else {
        text = answer.text;
        by = answer.by;
      }
      const read = readReviewAnswer(text);
      const result = applyCorrections(po, read.instructions, by);
      if (result.cancel) return { kind: 'cancel', by, reason: result.cancel.reason };
      const notUnderstood = read.instructions.length === 0 && read.notUnderstood.length === 0 && ownWords(text)
        ? [ownWords(text).split('\n')[0]!.slice(0, 200)]
        : read.notUnderstood;
      return { kind: 'answered', by, po: result.po, applied: result.applied, refused: result.refused, notUnderstood };
    },

    async recordReviewRound(orderId: string, round: number, questions: ReviewQuestion[]): Promise<void> {
      const key = `review-round-${round}`;
      const already = await db.auditEvent.findFirst({ where: { subjectType: 'order', subjectId: orderId, action: 'order_questions_asked', data: { path: ['key'], equals: key } } });
      if (already) return;
      await db.$transaction([
        db.order.update({ where: { id: orderId }, data: { status: 'in_review' } }),
        db.auditEvent.create({ data: { actor: 'system:review', action: 'order_questions_asked', subjectType: 'order', subjectId: orderId, data: { key, round, questions: questions.map((q) => q.text) } } }),
      ]);
    },

    async recordReviewAnswer(orderId: string, round: number, outcome: ReviewAnswerOutcome): Promise<void> {
      const key = `review-answer-${round}`;
      const already = await db.auditEvent.findFirst({ where: { subjectType: 'order', subjectId: orderId, action: 'order_questions_answered', data: { path: ['key'], equals: key } } });
      if (already) return;
      await db.auditEvent.create({
        data: {
          actor: outcome.by, action: 'order_questions_answered', subjectType: 'order', subjectId: orderId,
          data: outcome.kind === 'cancel' ? { key, round, cancel: outcome.reason } : { key, round, applied: outcome.applied, refused: outcome.refused, notUnderstood: outcome.notUnderstood },
        },
      });
    },

    /** Enters the reviewed order's lines and total, replacing what the first reading had: the PO is now complete. */
    async enterReviewedOrder(orderId: string, draft: OrderDraft, reviewedBy: string[]): Promise<void> {
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.status !== 'in_review' && order.status !== 'received') return; // entered by an earlier try
      await db.$transaction(async (tx) => {
        await tx.orderLine.deleteMany({ where: { orderId } });
        await tx.order.update({
          where: { id: orderId },
          data: {
            status: 'received', totalMinor: BigInt(draft.totalMinor),
            orderDate: draft.orderDate ? new Date(draft.orderDate) : null,
            requestedShipDate: draft.requestedShipDate ? new Date(draft.requestedShipDate) : null,
            shipTo: draft.shipTo,
            lines: {
              create: draft.lines.map((l) => ({
                lineNumber: l.lineNumber, productId: l.productId, sku: l.sku, customerSku: l.customerSku,
                description: l.description, quantity: quantityDecimal(l.quantityMilli), unitOfMeasure: l.unitOfMeasure,
                unitPriceMinor: BigInt(l.unitPriceMinor), amountMinor: BigInt(l.amountMinor),
              })),
            },
          },
        });
        await tx.auditEvent.create({ data: { actor: 'system:review', action: 'order_reviewed', subjectType: 'order', subjectId: orderId, data: { reviewedBy, totalMinor: draft.totalMinor, lines: draft.lines.length, notes: draft.notes } as Prisma.InputJsonValue } });
      });
    },
  };
}
