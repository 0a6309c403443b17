// Changes to an order after its acknowledgement and before it ships, asked for by a colleague in plain
// words (a reply on the acknowledgement's thread, or the console): applied to the order as entered,
// reviewed again like a new PO, and written as the order's next revision, or refused with the reasons.
import type { Db } from '../db/client.js';
import { decideIntake } from '../domain/order-intake.js';
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { applyCorrections } from '../domain/review-corrections.js';
import { Prisma } from '../generated/prisma/client.js';
import { parseEmail } from '../parsers/email.js';
import { readReviewAnswer } from '../parsers/review-answer.js';
import type { ReviewAnswerSource } from './order-review.js';
import { loadMasterData } from './orders.js';
import { orderReference } from './outbox.js';

export type AmendmentOutcome =
  | { kind: 'amended'; by: string; revision: number; applied: string[] }
  | { kind: 'refused'; by: string; problems: string[] }
  | { kind: 'cancel'; by: string; reason: string };

const milli = (q: { toString(): string }) => Math.round(Number(q.toString()) * 1000);

export function createOrderAmendmentActivities({ db }: { db: Db }) {
  return {
    async amendOrder(orderId: string, source: ReviewAnswerSource, idempotencyKey: string): Promise<AmendmentOutcome> {
      const done = await db.auditEvent.findFirst({ where: { subjectType: 'order', subjectId: orderId, action: { in: ['order_amended', 'order_amendment_refused'] }, data: { path: ['key'], equals: idempotencyKey } } });
      if (done) return (done.data as { outcome: AmendmentOutcome }).outcome; // a retry after the change was written

      const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { customer: true, lines: { orderBy: { lineNumber: 'asc' } } } });
      let text: string;
      let by: string;
      if (source.kind === 'email') {
        const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: source.inboundId } });
        text = (await parseEmail(Buffer.from(message.raw))).text;
        by = source.from;
      } else {
        text = source.text;
        by = source.by;
      }
      // The order as entered, every field confirmed: only what the colleague changes is looked at again.
      const entered = (value: string) => ({ value, confidence: 1, source: `order ${orderReference(order.id)} revision ${order.revision}`, confirmedBy: 'entered' });
      const asEntered: ParsedPurchaseOrder = {
        documentKind: 'email_body', documentName: `order ${orderReference(order.id)}`,
        // The order's currency, so its stored minor units are read at that currency's precision (yen have none).
        poNumber: entered(order.poNumber), customerNumber: entered(order.customer.number), currency: entered(order.currency),
        ...(order.shipTo ? { shipTo: entered(order.shipTo) } : {}),
        ...(order.requestedShipDate ? { requestedShipDate: entered(order.requestedShipDate.toISOString().slice(0, 10)) } : {}),
        lines: order.lines.map((l) => ({
          lineNumber: l.lineNumber, itemCode: l.sku, description: l.description, quantityMilli: milli(l.quantity), unitOfMeasure: l.unitOfMeasure,
          unitPriceMinor: Number(l.unitPriceMinor), confidence: 1, sourceText: `line ${l.lineNumber}`, confirmedBy: 'entered', priceConfirmedBy: 'entered',
        })),
        unreadableLines: [],
      };
      const read = readReviewAnswer(text);
      const corrected = applyCorrections(asEntered, read.instructions, by);
      let outcome: AmendmentOutcome;
      if (corrected.cancel) {
        outcome = { kind: 'cancel', by, reason: corrected.cancel.reason };
      } else {
        // A line that now names another item takes that item's price, not the old one.
        for (const line of corrected.po.lines) {
          const before = asEntered.lines.find((l) => l.lineNumber === line.lineNumber);
          if (before && before.itemCode !== line.itemCode && line.priceConfirmedBy === 'entered') { line.unitPriceMinor = undefined; line.priceConfirmedBy = undefined; }
        }
        const decision = decideIntake(corrected.po, {}, await loadMasterData(db));
        const problems = [
          ...corrected.refused,
          ...read.notUnderstood.map((l) => `"${l}" was not understood.`),
          ...(decision.kind === 'quarantine' ? decision.problems : decision.questions.map((q) => q.text)),
          ...(corrected.applied.length === 0 ? ['No change was understood. Write one change a line, e.g. "line 2 qty 300", "add 5 x FST-M8", "remove line 3", "ship to: …".'] : []),
        ];
        if (problems.length || decision.kind !== 'order') {
          outcome = { kind: 'refused', by, problems };
        } else {
          const revision = order.revision + 1;
          outcome = { kind: 'amended', by, revision, applied: corrected.applied };
          const written = outcome;
          // The new revision and its audit record together: a retry finds the record and changes nothing.
          await db.$transaction(async (tx) => {
            await tx.orderLine.deleteMany({ where: { orderId } });
            await tx.order.update({
              where: { id: orderId },
              data: {
                revision, totalMinor: BigInt(decision.totalMinor), shipTo: decision.shipTo,
                requestedShipDate: decision.requestedShipDate ? new Date(decision.requestedShipDate) : null,
                lines: {
                  create: decision.lines.map((l) => ({
                    lineNumber: l.lineNumber, productId: l.productId, sku: l.sku, customerSku: l.customerSku, description: l.description,
                    quantity: (l.quantityMilli / 1000).toFixed(3), unitOfMeasure: l.unitOfMeasure, unitPriceMinor: BigInt(l.unitPriceMinor), amountMinor: BigInt(l.amountMinor),
                  })),
                },
              },
            });
            await tx.auditEvent.create({ data: { actor: by, action: 'order_amended', subjectType: 'order', subjectId: orderId, data: { key: idempotencyKey, outcome: written } as unknown as Prisma.InputJsonValue } });
          });
          return outcome;
        }
      }
      await db.auditEvent.create({
        data: { actor: by, action: 'order_amendment_refused', subjectType: 'order', subjectId: orderId, data: { key: idempotencyKey, outcome } as unknown as Prisma.InputJsonValue },
      });
      return outcome;
    },
  };
}
