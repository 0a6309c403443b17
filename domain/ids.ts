// Workflow IDs come from business keys, so the same email or PO can never start two workflows.
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The identity of an inbound email: its Message-ID, or its bytes when a sender left the header out. */
export function inboundDedupeKey(messageIdHeader: string | undefined, raw: Uint8Array): string {
  const id = messageIdHeader?.trim().replace(/^<|>$/g, '').toLowerCase();
  return id ? `mid:${sha256Hex(id).slice(0, 32)}` : `raw:${sha256Hex(raw).slice(0, 32)}`;
}

export function inboundWorkflowId(dedupeKey: string): string {
  return `inbound-${dedupeKey.replace(':', '-')}`;
}

import { normalizePoNumber } from './po-number.js';

export { normalizePoNumber };

export function orderWorkflowId(customerNumber: string, poNumber: string): string {
  return `order-${customerNumber}-${normalizePoNumber(poNumber).replace(/[^A-Z0-9._-]/g, '_')}`;
}

/** A globally unique Message-ID fixed before the first send attempt, so resends carry the same one. */
export function outboundMessageId(idempotencyKey: string, domain: string): string {
  return `<${sha256Hex(idempotencyKey).slice(0, 32)}@${domain}>`;
}
