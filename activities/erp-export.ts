// The hand-off of a scheduled order to the ERP, once, and the ERP's order number when it comes back
// (in the webhook's answer, or later through recordErpOrderNumber). Both are recorded on the order and
// in the audit log. The document and the two ways of delivering it live in erp/.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import type { ErpExportTarget } from '../erp/erp-target.js';
import { buildErpOrderDocument, erpIdempotencyKey } from '../erp/order-document.js';
import { orderReference } from './outbox.js';

/** Orders that must not reach the ERP as they stand: a person has yet to decide, or no one wants them. */
const NOT_EXPORTABLE = new Set(['in_review', 'credit_hold', 'cancelled']);
const ERP_NUMBER_MAX = 64;

export function createErpExportActivities({ db, erp }: { db: Db; erp?: ErpExportTarget }) {
  return {
    /** Hands the order to the ERP unless it already was (erpExportedAt set): a retry or a second call exports nothing. */
    async exportOrderToErp(orderId: string): Promise<{ erpOrderNumber: string | null; exportedAt: string | null; skipped?: string }> {
      const order = await db.order.findUniqueOrThrow({
        where: { id: orderId },
        include: { customer: true, salesRep: true, lines: { orderBy: { lineNumber: 'asc' } } },
      });
      // The ERP has this revision already (a retry, or nothing changed); an amendment's revision goes again.
      if (order.erpExportedAt && (order.erpExportedRevision ?? 1) >= order.revision) return { erpOrderNumber: order.erpOrderNumber, exportedAt: order.erpExportedAt.toISOString() };
      const reference = orderReference(order.id);
      // A desk without an ERP link keys scheduled orders into its ERP by hand: nothing to send.
      if (!erp) return { erpOrderNumber: null, exportedAt: null, skipped: 'no ERP is configured (ARFLOW_ERP_WEBHOOK_URL or ARFLOW_ERP_EXPORT_DIR)' };
      if (NOT_EXPORTABLE.has(order.status)) {
        throw ApplicationFailure.nonRetryable(`order ${reference} (PO ${order.poNumber}) is ${order.status.replace('_', ' ')}: it goes to the ERP only once it is released`, 'OrderNotExportable');
      }
      const terms = await db.paymentTerms.findUniqueOrThrow({ where: { code: order.termsCode } });
      let document;
      try {
        document = buildErpOrderDocument({ ...order, reference, terms });
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`order ${reference} cannot be exported: ${(err as Error).message}`, 'OrderNotExportable');
      }
      const handOff = await erp.send(document, erpIdempotencyKey(order.id, order.revision));

      const exportedAt = new Date();
      const erpOrderNumber = order.erpOrderNumber ?? handOff.erpOrderNumber;
      await db.$transaction(async (tx) => {
        // Only the first of two racing attempts records the export; the other finds it done.
        const { count } = await tx.order.updateMany({
          where: { id: orderId, OR: [{ erpExportedAt: null }, { erpExportedRevision: { lt: order.revision } }, { erpExportedRevision: null, revision: { gt: 1 } }] },
          data: { erpExportedAt: exportedAt, erpOrderNumber, erpExportedRevision: order.revision },
        });
        if (count === 0) return;
        await tx.auditEvent.create({
          data: {
            actor: `system:${order.workflowId}`, action: 'order_exported_to_erp', subjectType: 'order', subjectId: orderId,
            data: { target: erp.description, delivery: handOff.delivery, revision: order.revision, erpOrderNumber, answeredErpOrderNumber: handOff.erpOrderNumber },
          },
        });
      });
      const stored = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { erpOrderNumber: true, erpExportedAt: true } });
      return { erpOrderNumber: stored.erpOrderNumber, exportedAt: (stored.erpExportedAt ?? exportedAt).toISOString() };
    },

    /**
     * The ERP's order number, told later (an import confirmation, a person). Recording the same number
     * again does nothing; a different one for an order that has one is refused for a person to settle.
     */
    async recordErpOrderNumber(orderId: string, erpOrderNumber: string): Promise<{ erpOrderNumber: string; recorded: boolean }> {
      const number = erpOrderNumber.trim();
      if (!number || number.length > ERP_NUMBER_MAX || /[\u0000-\u001f]/.test(number)) {
        throw ApplicationFailure.nonRetryable(`"${erpOrderNumber.slice(0, 80)}" is not an ERP order number (1 to ${ERP_NUMBER_MAX} printable characters)`, 'InvalidErpOrderNumber');
      }
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      const refuse = (existing: string) => ApplicationFailure.nonRetryable(
        `order ${orderReference(orderId)} (PO ${order.poNumber}) already has ERP order number ${existing}; ${number} was reported for it too: check in the ERP which is right`, 'ErpOrderNumberConflict');
      if (order.erpOrderNumber === number) return { erpOrderNumber: number, recorded: false };
      if (order.erpOrderNumber) throw refuse(order.erpOrderNumber);
      const recorded = await db.$transaction(async (tx) => {
        // An order the ERP numbered is in the ERP: it counts as exported from then on, if it was not yet.
        const { count } = await tx.order.updateMany({ where: { id: orderId, erpOrderNumber: null }, data: { erpOrderNumber: number, erpExportedAt: order.erpExportedAt ?? new Date() } });
        if (count === 0) return false;
        await tx.auditEvent.create({
          data: { actor: `system:${order.workflowId}`, action: 'erp_order_number_recorded', subjectType: 'order', subjectId: orderId, data: { erpOrderNumber: number } },
        });
        return true;
      });
      if (!recorded) {
        const now = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { erpOrderNumber: true } });
        if (now.erpOrderNumber !== number) throw refuse(now.erpOrderNumber ?? '(none)');
        return { erpOrderNumber: number, recorded: false };
      }
      return { erpOrderNumber: number, recorded: true };
    },
  };
}
