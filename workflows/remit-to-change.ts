// Our payment instructions changed: every customer with a billing contact gets the new W-9 and payment
// instructions packet, once per version of the details (the activity's key), tracked per customer. Long
// customer lists continue as new every few hundred customers, so the history stays small.
import { continueAsNew } from '@temporalio/workflow';
import { desk } from './activity-stubs.js';

const CUSTOMERS_PER_RUN = 250;

export interface RemitToChangeInput { version: string; /** the last customer number done, for the next run */ after?: string; sent?: number; skipped?: string[] }

export async function remitToChangeWorkflow(input: RemitToChangeInput): Promise<{ sent: number; skipped: string[] }> {
  // By customer number after the last one done: a customer added meanwhile is not skipped by a shifted offset.
  const customers = (await desk.listBilledCustomers()).filter((n) => input.after === undefined || n > input.after);
  let sent = input.sent ?? 0;
  const skipped = input.skipped ?? [];
  const batch = customers.slice(0, CUSTOMERS_PER_RUN);
  for (const customerNumber of batch) {
    const packet = await desk.composeW9PacketFor({ customerNumber, occasion: 'remit_to_changed', version: input.version });
    if (packet.outboundId) { await desk.deliverEmail(packet.outboundId); sent++; } else skipped.push(`${customerNumber}: ${packet.skipped}`);
  }
  if (customers.length > batch.length) await continueAsNew<typeof remitToChangeWorkflow>({ version: input.version, after: batch.at(-1)!, sent, skipped });
  await desk.recordRemitToAnnounced(input.version, sent);
  return { sent, skipped };
}
