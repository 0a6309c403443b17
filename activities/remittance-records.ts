// Remittance advice waiting for its money (PostgreSQL): kept when a payer's email, PDF or spreadsheet
// arrives, joined to the payment it describes when the bank reports it — by the payment reference the
// advice quotes, else by the same customer and the same amount. Each advice joins one payment only.
import type { Db } from '../db/client.js';
import { compactReference } from '../domain/invoice-reference.js';
import type { RemittanceAdvice, RemittanceLine } from '../domain/payment-documents.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface JoinedAdvice { lines: RemittanceLine[]; reliable: boolean; customerId: string | null; description: string }

export async function keepRemittanceAdvice(db: Db, input: { sourceKey: string; inboundId?: string; customerId?: string | null; advice: RemittanceAdvice }): Promise<{ id: string; created: boolean }> {
  const a = input.advice;
  const existing = await db.remittanceRecord.findUnique({ where: { sourceKey: input.sourceKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const row = await db.remittanceRecord.create({
    data: {
      sourceKey: input.sourceKey, inboundId: input.inboundId ?? null, customerId: input.customerId ?? null, payerName: a.payer.name ?? null,
      paymentRef: a.paymentRef ?? null, method: a.method ?? null, totalMinor: a.totalMinor === undefined ? null : BigInt(a.totalMinor), currency: a.currency,
      paidOn: a.paidOn ? new Date(`${a.paidOn}T00:00:00Z`) : null, lines: a.lines as unknown as Prisma.InputJsonValue, reliable: a.amountsReliable, warnings: a.warnings,
    },
  });
  return { id: row.id, created: true };
}

export async function joinRemittanceAdvice(db: Db, payment: { paymentId: string; customerId: string | undefined; payerName: string | null; amountMinor: number; currency: string; externalRef: string; memo: string }): Promise<JoinedAdvice | undefined> {
  const waiting = await db.remittanceRecord.findMany({ where: { paymentId: null, currency: payment.currency }, orderBy: { receivedAt: 'asc' }, take: 500 });
  const refs = compactReference(`${payment.externalRef} ${payment.memo}`);
  const byRef = waiting.find((r) => r.paymentRef && compactReference(r.paymentRef).length >= 4 && refs.includes(compactReference(r.paymentRef)) && (r.totalMinor === null || Number(r.totalMinor) === payment.amountMinor));
  const byAmount = waiting.filter((r) => r.totalMinor !== null && Number(r.totalMinor) === payment.amountMinor && payment.customerId && r.customerId === payment.customerId);
  const chosen = byRef ?? (byAmount.length === 1 ? byAmount[0] : undefined);
  if (!chosen) return undefined;
  const claimed = await db.remittanceRecord.updateMany({ where: { id: chosen.id, paymentId: null }, data: { paymentId: payment.paymentId } });
  if (claimed.count === 0) return undefined; // another payment took it a moment ago
  return {
    lines: chosen.lines as unknown as RemittanceLine[], reliable: chosen.reliable, customerId: chosen.customerId,
    description: `${chosen.paymentRef ? `for ${chosen.paymentRef}` : ''}${byRef ? ' (same payment reference)' : ' (same customer and amount)'}`.trim(),
  };
}
