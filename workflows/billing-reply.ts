// A customer's reply in the billing mailbox, handled as the billing desk would: read what it says and whose
// it is; send what needs no judgement (invoice copies, the W-9 packet); record a promise or a dispute from
// a known contact in the customer's collections (whose validators may still refuse it); note a remittance
// for cash application; and put everything else in front of a person, with the reason. Then file it.
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { TicketFeedImport } from '../activities/service-tickets.js';
import type { BillingReplyReading } from '../activities/billing-replies.js';
import { desk } from './activity-stubs.js';
import { CUSTOMER_NUMBER, INBOUND_OUTCOME } from './search-attributes.js';

export type BillingReplyOutcome = { outcome: 'billing_reply'; action: string; customerNumber: string | null; detail: string };

export async function handleBillingReply(inboundId: string): Promise<BillingReplyOutcome> {
  // Added with service tickets: the field-service system's feed arrives in the billing box too.
  if (patched('ticket-feeds')) {
    const feed = await desk.importTicketFeed(inboundId);
    if (feed.kind !== 'not_feed') return recordTicketFeed(inboundId, feed);
  }
  const reading = await desk.readBillingReply(inboundId);
  if (reading.customerNumber) upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: reading.customerNumber }]);
  const { action } = reading;
  const customer = reading.customerNumber;

  let done: { status: 'billing_reply_applied' | 'billing_reply_review' | 'ignored'; what: string };
  switch (action.kind) {
    case 'ignore':
      done = { status: 'ignored', what: action.reason };
      break;
    case 'review':
      done = await toPerson(inboundId, reading, action.reason);
      break;
    case 'invoice_copies': {
      const copy = await desk.composeInvoiceCopies(inboundId, action.invoiceNumbers);
      await desk.deliverEmail(copy.outboundId);
      done = { status: 'billing_reply_applied', what: `copies of ${action.invoiceNumbers.join(', ')} sent to ${reading.from}` };
      break;
    }
    case 'w9_packet': {
      const packet = await desk.composeW9Packet(inboundId, customer!);
      if (!packet.outboundId) { done = await toPerson(inboundId, reading, `the sender asks for our W-9, but ${packet.missing}`); break; }
      await desk.deliverEmail(packet.outboundId);
      done = { status: 'billing_reply_applied', what: `W-9 and payment instructions sent to ${reading.from}` };
      break;
    }
    case 'remittance': {
      // Cash application matches the payment when the bank reports it; the advice is kept for it.
      // Added with cash application: the advice's lines are read and kept, to join the payment they describe.
      const kept = patched('remittance-advice') ? (await desk.sortPaymentMail(inboundId)).remittances.length : 0;
      done = { status: 'billing_reply_applied', what: `remittance advice${action.invoiceNumbers.length ? ` for ${action.invoiceNumbers.join(', ')}` : ''}, kept for cash application${kept ? ` (${kept} part(s) read)` : ' (the message is kept; no invoice lines or total could be read from it)'}` };
      break;
    }
    case 'promise': {
      const answer = await desk.askCollections(customer!, { kind: 'promise', promise: { invoiceNumbers: action.invoiceNumbers, promisedDate: action.promisedDate, by: reading.from, note: `from the reply "${reading.subject}"` } });
      done = answer.applied
        ? { status: 'billing_reply_applied', what: `promise to pay ${action.invoiceNumbers.join(', ')} by ${action.promisedDate}: reminders paused` }
        : await toPerson(inboundId, reading, `a promise to pay by ${action.promisedDate} that collections refused: ${answer.refusal}`);
      break;
    }
    case 'dispute': {
      const refused: string[] = [];
      for (const d of action.disputes) {
        const answer = await desk.askCollections(customer!, { kind: 'dispute', dispute: { invoiceNumber: d.invoiceNumber, amountMinor: d.amountMinor, by: reading.from, reason: `customer's email "${reading.subject}"` } });
        if (!answer.applied) refused.push(`${d.invoiceNumber}: ${answer.refusal}`);
      }
      done = refused.length
        ? await toPerson(inboundId, reading, `a dispute collections could not record (${refused.join('; ')})`)
        : { status: 'billing_reply_applied', what: `dispute opened on ${action.disputes.map((d) => d.invoiceNumber).join(', ')}: the disputed amount is no longer chased` };
      break;
    }
  }
  await desk.recordBillingReply(inboundId, { ...done, customerNumber: customer });
  await desk.fileInboundMessage(inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: `billing:${action.kind}` }]);
  return { outcome: 'billing_reply', action: action.kind === 'review' || done.status === 'billing_reply_review' ? 'review' : action.kind, customerNumber: customer, detail: done.what };
}

async function toPerson(inboundId: string, reading: BillingReplyReading, reason: string): Promise<{ status: 'billing_reply_review'; what: string }> {
  const notice = await desk.composeReplyForReview(inboundId, reading, reason);
  await desk.deliverEmail(notice.outboundId);
  return { status: 'billing_reply_review', what: `for a person: ${reason}` };
}

/** A ticket feed: imported (and filed), or, refused or wrong, to the billing desk with every problem named. */
async function recordTicketFeed(inboundId: string, feed: Exclude<TicketFeedImport, { kind: 'not_feed' }>): Promise<BillingReplyOutcome> {
  if (feed.kind === 'imported') {
    const what = `${feed.documentName}: ${feed.created} service ticket(s) imported, ${feed.alreadyKnown} already known`;
    await desk.recordTicketFeedImported(inboundId, what);
    await desk.fileInboundMessage(inboundId, 'Processed');
    upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'billing:tickets' }]);
    return { outcome: 'billing_reply', action: 'tickets_imported', customerNumber: null, detail: what };
  }
  const reason = feed.kind === 'refused' ? feed.reason : `${feed.documentName} was not imported (nothing of it was): ${feed.problems.join('; ')}`;
  const notice = await desk.composeDeskNotice({
    idempotencyKey: `ticket-feed:${inboundId}`, kind: 'ticket_feed_rejected', team: 'accounts receivable', to: await desk.billingDeskAddresses(),
    subject: `Service ticket feed not imported: ${feed.kind === 'invalid' ? feed.documentName : 'not from us'}`,
    paragraphs: [feed.kind === 'refused' ? feed.reason : `${feed.documentName} was not imported: nothing of it was, so correct it and send it again.`],
    items: feed.kind === 'invalid' ? feed.problems.slice(0, 50) : [],
  });
  await desk.deliverEmail(notice.outboundId);
  await desk.recordBillingReply(inboundId, { status: 'billing_reply_review', what: `for a person: ${reason}`.slice(0, 2000), customerNumber: null });
  await desk.fileInboundMessage(inboundId, 'Quarantine');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'billing:tickets_rejected' }]);
  return { outcome: 'billing_reply', action: 'review', customerNumber: null, detail: reason };
}
