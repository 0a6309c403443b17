// Gap-free document numbers (INV-000123, PMT-000045, DEP-000007): the sequence row is locked by the
// increment until the transaction commits, so a number is never shared and never skipped.
import type { Prisma } from '../generated/prisma/client.js';
import { formatDocumentNumber } from '../domain/invoicing.js';

export async function takeNumber(tx: Prisma.TransactionClient, name: string, prefix: string): Promise<string> {
  const sequence = await tx.numberSequence.upsert({ where: { name }, create: { name, prefix, next: 2n }, update: { next: { increment: 1n } } });
  return formatDocumentNumber(sequence.prefix, sequence.next - 1n);
}
