// One email in the orders mailbox, handled as the order desk would: find the PO, work out whose it is,
// enter it once, hand it to its own order workflow, and file the email. If it cannot be used, keep it,
// file it in Quarantine, and tell the sender exactly what was wrong.
import { ActivityFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, patched, startChild, upsertSearchAttributes, log } from '@temporalio/workflow';
import type { QuarantineCode } from '../domain/order-intake.js';
import type { PurchaseOrderReading } from '../activities/inbound-messages.js';
import { desk, ocrDesk } from './activity-stubs.js';
import { handleBillingReply, type BillingReplyOutcome } from './billing-reply.js';
import { handlePaymentMail, type PaymentMailOutcome } from './payment-mail.js';
import type { ShipmentConfirmation } from '../domain/shipment.js';
import { amendmentEmailSignal, orderWorkflow, reviewAnswerEmailSignal, shipmentConfirmedSignal } from './order.js';
import { CUSTOMER_NUMBER, INBOUND_OUTCOME, PO_NUMBER } from './search-attributes.js';

export interface InboundEmailInput {
  inboundId: string;
  mailbox: string;
}

export type InboundOutcome =
  | { outcome: 'order_created'; orderId: string; orderWorkflowId: string; openQuestions?: number }
  | { outcome: 'reply_routed'; orderWorkflowId: string }
  | { outcome: 'customer_reply'; orderWorkflowId: string }
  | { outcome: 'shipment_recorded'; shipments: string[] }
  | BillingReplyOutcome
  | PaymentMailOutcome
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'quarantined'; code: QuarantineCode; problems: string[]; noticeSent: boolean };

export async function inboundEmailWorkflow(input: InboundEmailInput): Promise<InboundOutcome> {
  // Added after the first release: messages already in flight then go straight to reading.
  if (patched('classify-before-reading')) {
    const kind = await desk.classifyInboundMessage(input.inboundId);
    if (kind.kind === 'auto_reply') return ignore(input, kind.reason);
    if (kind.kind === 'bounce') return quarantine(input, 'bounce', [kind.reason]);
  }
  // Added with invoicing: the billing mailbox holds customers' replies to invoices and reminders.
  if (input.mailbox === 'billing' && patched('billing-replies')) return handleBillingReply(input.inboundId);
  // Added with cash application: the remittance mailbox (bank files, checks, remittance advice). No message
  // reached a 'remit' mailbox before, so no running workflow can take this branch on replay.
  if (input.mailbox === 'remit') return handlePaymentMail(input.inboundId);
  // Added with the review loop: a reply to the desk's questions goes to the order that asked them.
  if (patched('route-answers-to-orders')) {
    const thread = await desk.findQuestionThread(input.inboundId);
    if (thread.found) {
      if (!thread.authorised) return quarantine(input, 'unauthorised_reply', [`${thread.from} replied to our questions about PO ${thread.poNumber}, but they were asked of ${thread.askedOf.join(', ')}. Only they or a colleague may answer; forward the reply to one of them.`]);
      if (!thread.awaitingAnswers) {
        return quarantine(input, 'stale_reply', [thread.about === 'questions'
          ? `PO ${thread.poNumber} is no longer waiting for answers (it is ${thread.orderStatus}), so this reply changed nothing.`
          : `PO ${thread.poNumber} can no longer be changed by a reply (it is ${thread.orderStatus}${thread.orderStatus === 'acknowledged' ? ' and has shipped in part' : ''}), so this reply changed nothing.`]);
      }
      if (thread.about === 'customer_reply') return passCustomerReply(input, thread.orderId, thread.orderWorkflowId);
      return handOverAnswer(input, thread.orderWorkflowId, thread.from, thread.about);
    }
  }
  // Added with shipments: a packing slip or warehouse feed goes to its order; a supplier's invoice is not ours to enter.
  if (patched('shipments-and-misdirected-invoices')) {
    const found = await desk.findShipmentsInMessage(input.inboundId);
    if (found.kind === 'vendor_invoice') return quarantine(input, 'vendor_invoice', [`${found.documentName} is a supplier's invoice, not a customer's purchase order (${found.reason.replace(/\.$/, '')}). Forward it to accounts payable.`]);
    if (found.kind === 'unreadable') return quarantine(input, 'unreadable_shipment', found.problems);
    if (found.kind === 'shipments') return handOverShipments(input, found.confirmations);
  }
  let reading = await desk.readPurchaseOrderFromMessage(input.inboundId);
  // Added with OCR: a scan or a photo of a PO is read on the OCR queue before anything is quarantined.
  if (!reading.found && reading.scannedDocuments?.length && patched('read-scanned-pos')) reading = await readScans(input, reading);
  if (!reading.found) return quarantine(input, reading.code, reading.problems);
  if (reading.po.poNumber) upsertSearchAttributes([{ key: PO_NUMBER, value: reading.po.poNumber.value }]);

  const decision = await desk.matchPurchaseOrder(reading.po, reading.originalSender);
  if (decision.kind === 'quarantine') return quarantine(input, decision.code, decision.problems);
  upsertSearchAttributes([{ key: CUSTOMER_NUMBER, value: decision.customerNumber }]);

  const entry = await desk.enterOrder(decision, input.inboundId);
  const questions = decision.questions ?? []; // none in decisions made before the review loop
  if (entry.outcome === 'duplicate_po') return quarantine(input, 'duplicate_po', entry.problems);

  try {
    await startChild(orderWorkflow, {
      workflowId: entry.workflowId,
      args: [{
        orderId: entry.orderId, customerNumber: decision.customerNumber, poNumber: decision.poNumber,
        // Open questions: the order workflow asks them, and enters the lines once answered.
        review: questions.length ? { po: reading.po, originalSender: reading.originalSender, inboundId: input.inboundId, questions } : undefined,
        policy: entry.policy,
      }],
      parentClosePolicy: ParentClosePolicy.ABANDON, // the order lives on after its email is filed
      typedSearchAttributes: [
        { key: CUSTOMER_NUMBER, value: decision.customerNumber },
        { key: PO_NUMBER, value: decision.poNumber },
      ],
    });
  } catch (err) {
    // This order's workflow is already running (an earlier attempt started it): nothing more to start.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await desk.recordOrderCreated(input.inboundId, entry.orderId);
  await desk.fileInboundMessage(input.inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: questions.length ? 'order_in_review' : 'order_created' }]);
  return { outcome: 'order_created', orderId: entry.orderId, orderWorkflowId: entry.workflowId, ...(questions.length ? { openQuestions: questions.length } : {}) };
}

/** OCR of each scanned document in turn; the first that holds a PO is the order. */
async function readScans(input: InboundEmailInput, unread: Extract<PurchaseOrderReading, { found: false }>): Promise<PurchaseOrderReading> {
  const problems: string[] = [];
  for (const position of unread.scannedDocuments ?? []) {
    let scan;
    try {
      scan = await ocrDesk().readScannedPurchaseOrderDocument(input.inboundId, position);
    } catch (err) {
      // OCR itself failed (every retry, or no OCR worker took it in time): a person reads it instead.
      if (!(err instanceof ActivityFailure)) throw err;
      problems.push(`Attachment ${position + 1} is a scan, and OCR could not read it (${err.cause?.message ?? err.message}). A person must enter it, or ask the customer for the PDF their system printed.`);
      continue;
    }
    if (scan.found) return { found: true, po: scan.po, originalSender: unread.originalSender, forwardedBy: unread.forwardedBy };
    problems.push(...scan.problems);
  }
  return { found: false, code: 'unreadable_document', problems };
}

/** Shipment confirmations: each recorded against its order and handed to the order's workflow; all or none. */
async function handOverShipments(input: InboundEmailInput, confirmations: ShipmentConfirmation[]): Promise<InboundOutcome> {
  const recorded = [];
  for (const confirmation of confirmations) recorded.push({ confirmation, shipment: await desk.recordShipment(input.inboundId, confirmation) });
  const problems = recorded.flatMap((r) => (r.shipment.found ? [] : [r.shipment.problem]));
  if (problems.length) return quarantine(input, 'unmatched_shipment', problems);
  for (const { confirmation, shipment } of recorded) {
    if (!shipment.found) continue;
    try {
      await getExternalWorkflowHandle(shipment.orderWorkflowId).signal(shipmentConfirmedSignal, { shipmentId: shipment.shipmentId, reference: shipment.reference, confirmation });
    } catch {
      problems.push(`Packing slip ${shipment.reference} belongs to order workflow ${shipment.orderWorkflowId}, which is closed (the order is cancelled or fully shipped): a person must look at it.`);
    }
  }
  if (problems.length) return quarantine(input, 'unmatched_shipment', problems);
  await desk.recordShipmentsReceived(input.inboundId, recorded.map((r) => (r.shipment.found ? r.shipment.shipmentId : '')));
  await desk.fileInboundMessage(input.inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'shipment_recorded' }]);
  return { outcome: 'shipment_recorded', shipments: recorded.map((r) => (r.shipment.found ? r.shipment.reference : '')) };
}

/** A customer's reply on their acknowledgement: to the people who look after the order, never into the order. */
async function passCustomerReply(input: InboundEmailInput, orderId: string, orderWorkflowId: string): Promise<InboundOutcome> {
  const notice = await desk.composeCustomerReplyNotice(input.inboundId, orderId);
  await desk.deliverEmail(notice.outboundId);
  await desk.recordReplyRouted(input.inboundId, orderWorkflowId);
  await desk.fileInboundMessage(input.inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'customer_reply' }]);
  return { outcome: 'customer_reply', orderWorkflowId };
}

/** An answer to the desk's questions, or a colleague's change on the acknowledgement's thread: handed to its order's workflow, and filed. */
async function handOverAnswer(input: InboundEmailInput, orderWorkflowId: string, from: string, about: 'questions' | 'acknowledgement'): Promise<InboundOutcome> {
  const order = getExternalWorkflowHandle(orderWorkflowId);
  try {
    if (about === 'questions') await order.signal(reviewAnswerEmailSignal, { inboundId: input.inboundId, from });
    else await order.signal(amendmentEmailSignal, { inboundId: input.inboundId, from });
  } catch {
    return quarantine(input, 'stale_reply', [`The order's workflow ${orderWorkflowId} has ended (the order is cancelled or complete), so this reply changed nothing.`]);
  }
  await desk.recordReplyRouted(input.inboundId, orderWorkflowId);
  await desk.fileInboundMessage(input.inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'reply_routed' }]);
  return { outcome: 'reply_routed', orderWorkflowId };
}

async function quarantine(input: InboundEmailInput, code: QuarantineCode, problems: string[]): Promise<InboundOutcome> {
  log.info('quarantining message', { inboundId: input.inboundId, code });
  await desk.recordQuarantine(input.inboundId, code, problems);
  const notice = await desk.composeQuarantineNotice(input.inboundId, code, problems);
  if (notice.outboundId) await desk.deliverEmail(notice.outboundId);
  await desk.fileInboundMessage(input.inboundId, 'Quarantine');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: `quarantined:${code}` }]);
  return { outcome: 'quarantined', code, problems, noticeSent: notice.outboundId !== undefined };
}

/** Automatic mail: kept and filed, no reply (two robots must never answer each other forever). */
async function ignore(input: InboundEmailInput, reason: string): Promise<InboundOutcome> {
  await desk.recordIgnored(input.inboundId, reason);
  await desk.fileInboundMessage(input.inboundId, 'Processed');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: 'ignored' }]);
  return { outcome: 'ignored', reason };
}
