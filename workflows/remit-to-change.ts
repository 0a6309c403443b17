// Our payment instructions changed: every customer with a billing contact gets the new W-9 and payment
// instructions packet, once per version of the details (the activity's key), tracked per customer. Long
// customer lists continue as new every few hundred customers, so the history stays small.
import { continueAsNew } from '@temporalio/workflow';
import { desk } from './activity-stubs.js';

const CUSTOMERS_PER_RUN = 250;

export interface RemitToChangeInput { version: string; from?: number; sent?: number; skipped?: string[] }

export async function remitToChangeWorkflow(input: RemitToChangeInput): Promise<{ sent: number; skipped: string[] }> {
  const customers = await desk.listBilledCustomers();
  let sent = input.sent ?? 0;
  const skipped = input.skipped ?? [];
  const from = input.from ?? 0;
  for (const customerNumber of customers.slice(from, from + CUSTOMERS_PER_RUN)) {
    const packet = await desk.composeW9PacketFor({ customerNumber, occasion: 'remit_to_changed', version: input.version });
    if (packet.outboundId) { await desk.deliverEmail(packet.outboundId); sent++; } else skipped.push(`${customerNumber}: ${packet.skipped}`);
  }
  if (from + CUSTOMERS_PER_RUN < customers.length) await continueAsNew<typeof remitToChangeWorkflow>({ version: input.version, from: from + CUSTOMERS_PER_RUN, sent, skipped });
  await desk.recordRemitToAnnounced(input.version, sent);
  return { sent, skipped };
}
