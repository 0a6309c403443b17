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
  // Claimed by this payment on an earlier try (the match was retried): it is this payment's.
  const mine = await db.remittanceRecord.findFirst({ where: { paymentId: payment.paymentId } });
  if (mine) return joined(mine, 'joined before');
  // Advice for this payment's money and customer (or from a sender we could not place), newest first.
  const waiting = await db.remittanceRecord.findMany({
    where: { paymentId: null, currency: payment.currency, OR: [{ customerId: null }, ...(payment.customerId ? [{ customerId: payment.customerId }] : [])] },
    orderBy: { receivedAt: 'desc' }, take: 2_000,
  });
  // A payment reference matches as a whole word of the bank's references, never as part of another number.
  const words = new Set(`${payment.externalRef} ${payment.memo}`.toUpperCase().split(/[^A-Z0-9]+/).filter((w) => w.length >= 4).map((w) => w.replace(/^0+/, '')));
  const sameAmount = (r: { totalMinor: bigint | null }) => r.totalMinor === null || Number(r.totalMinor) === payment.amountMinor;
  const byRef = waiting.filter((r) => r.paymentRef && words.has(compactReference(r.paymentRef).replace(/^0+/, '')) && sameAmount(r));
  const byAmount = waiting.filter((r) => r.totalMinor !== null && Number(r.totalMinor) === payment.amountMinor && payment.customerId && r.customerId === payment.customerId);
  const chosen = byRef.length === 1 ? byRef[0] : byRef.length === 0 && byAmount.length === 1 ? byAmount[0] : undefined;
  if (!chosen) return undefined;
  const claimed = await db.remittanceRecord.updateMany({ where: { id: chosen.id, paymentId: null }, data: { paymentId: payment.paymentId } });
  if (claimed.count === 0) return undefined; // another payment took it a moment ago
  return joined(chosen, byRef.length ? 'same payment reference' : 'same customer and amount');
}

function joined(chosen: { lines: unknown; reliable: boolean; customerId: string | null; paymentRef: string | null }, how: string): JoinedAdvice {
  return {
    lines: chosen.lines as unknown as RemittanceLine[], reliable: chosen.reliable, customerId: chosen.customerId,
    description: `${chosen.paymentRef ? `for ${chosen.paymentRef} ` : ''}(${how})`,
  };
}
