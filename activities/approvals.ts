// Steps a workflow paused for, waiting on a person: one Approval row each, so the console and reports
// can list what is waiting, for how long, and who decided what.
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface ApprovalRequest {
  kind: string;
  workflowId: string;
  updateName: string;
  subjectType: string;
  subjectId: string;
  amountMinor?: number;
  currency?: string;
  context: Record<string, unknown>;
}

export interface ApprovalOutcome {
  status: 'approved' | 'rejected';
  by: string;
  reason: string;
}

export function createApprovalActivities({ db }: { db: Db }) {
  return {
    /** Opens (or, on a retry, finds) the pending approval for this step. */
    async openApproval(request: ApprovalRequest): Promise<{ approvalId: string }> {
      const key = { workflowId: request.workflowId, kind: request.kind, subjectId: request.subjectId };
      const approval = await db.approval.upsert({
        where: { workflowId_kind_subjectId: key },
        create: {
          ...key, updateName: request.updateName, subjectType: request.subjectType,
          amountMinor: request.amountMinor === undefined ? null : BigInt(request.amountMinor), currency: request.currency ?? null,
          context: request.context as Prisma.InputJsonValue,
        },
        update: {},
      });
      return { approvalId: approval.id };
    },

    async markApprovalEscalated(approvalId: string): Promise<void> {
      await db.approval.updateMany({ where: { id: approvalId, escalatedAt: null }, data: { escalatedAt: new Date() } });
    },

    /** Records who decided, when and why, once; the audit log keeps it for good. */
    async recordApprovalDecision(approvalId: string, outcome: ApprovalOutcome): Promise<void> {
      const approval = await db.approval.findUniqueOrThrow({ where: { id: approvalId } });
      if (approval.status !== 'pending') return;
      await db.$transaction([
        db.approval.update({ where: { id: approvalId }, data: { status: outcome.status, decidedBy: outcome.by, decidedAt: new Date(), reason: outcome.reason } }),
        db.auditEvent.create({ data: { actor: outcome.by, action: `${approval.kind}_${outcome.status}`, subjectType: approval.subjectType, subjectId: approval.subjectId, data: { approvalId, reason: outcome.reason } } }),
      ]);
    },
  };
}
