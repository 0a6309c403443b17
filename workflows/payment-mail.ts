// One email in the remittance mailbox, handled as the cash desk would: import the bank files it carries
// (a file that breaks its own control totals is refused whole, and the desk is told the line and why),
// read scanned checks and put them in today's deposit, keep remittance advice for the payments it
// describes, and tell the desk about anything it could not read. Each payment then has its own cash
// application workflow.
import { ActivityFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { CheckReading } from '../activities/payment-intake.js';
import { desk, ocrDesk } from './activity-stubs.js';
import { INBOUND_OUTCOME } from './search-attributes.js';

export type PaymentMailOutcome = { outcome: 'payment_mail'; payments: string[]; deposits: string[]; remittances: number; problems: string[] };

export async function handlePaymentMail(inboundId: string): Promise<PaymentMailOutcome> {
  const sorted = await desk.sortPaymentMail(inboundId);
  const payments: string[] = [];
  const deposits: string[] = [];
  const problems = [...sorted.unreadable];
  const done: string[] = [];

  for (const file of sorted.bankFiles) {
    const result = await desk.importBankFileDocument(inboundId, file.position, 'remittance mailbox');
    if (result.status === 'rejected') { problems.push(`${file.name} was not imported (nothing of it was): ${result.reason}`); continue; }
    if (result.status === 'already_imported') { done.push(`${file.name} was imported before (${result.importedAt.slice(0, 10)}): nothing changed`); continue; }
    payments.push(...result.payments);
    deposits.push(...result.deposits);
    done.push(`${file.name}: ${result.payments.length} payment(s)${result.deposits.length ? `, deposit ${result.deposits.join(', ')} reconciled` : ''}`);
  }
  for (const scan of sorted.checkScans) {
    let reading: CheckReading;
    try {
      reading = await ocrDesk().readCheckDocument(inboundId, scan.position);
    } catch (err) {
      // No OCR worker in time, or the engine failing on this scan: the other parts still count.
      if (!(err instanceof ActivityFailure)) throw err;
      problems.push(`${scan.name}: could not be read by OCR (${err.cause?.message ?? err.message}); enter the check by hand`);
      continue;
    }
    const recorded = await desk.recordCheckPayment(inboundId, scan.position, reading);
    if (recorded.status === 'unreadable') problems.push(`${scan.name}: ${recorded.problem}`);
    else if (recorded.status === 'duplicate') done.push(`${scan.name}: the same check as ${recorded.paymentNumber}, not recorded twice`);
    else {
      payments.push(recorded.paymentNumber);
      done.push(`${scan.name}: check ${recorded.paymentNumber}, ${recorded.note}`);
      if (!recorded.deposit) problems.push(`${scan.name}: check ${recorded.paymentNumber} is in no deposit batch (${recorded.note})`);
    }
  }
  done.push(...sorted.remittances.map((r) => `remittance advice (${r.source}): ${r.lines} invoice line(s)${r.reliable ? '' : ', amounts not reliable'}, kept for its payment`));

  if (problems.length) {
    const notice = await desk.composeDeskNotice({
      idempotencyKey: `payment-mail:${inboundId}`, kind: 'payment_mail_problems', team: 'accounts receivable', to: await desk.billingDeskAddresses(),
      subject: `Remittance mail needs a person: ${problems.length} part(s) not used`,
      paragraphs: ['arflow could not use everything in a message to the remittance mailbox. The message and its documents are kept as received.'],
      items: [...problems, ...done],
    });
    await desk.deliverEmail(notice.outboundId);
  }
  const used = payments.length + sorted.remittances.length + done.length > 0;
  await desk.recordPaymentMail(inboundId, { status: used || !problems.length ? 'payment_mail_processed' : 'quarantined', what: [...done, ...problems].join('; ') || 'nothing to read' });
  await desk.fileInboundMessage(inboundId, used || !problems.length ? 'Processed' : 'Quarantine');
  upsertSearchAttributes([{ key: INBOUND_OUTCOME, value: problems.length ? 'remit:needs_person' : 'remit:processed' }]);
  return { outcome: 'payment_mail', payments, deposits, remittances: sorted.remittances.length, problems };
}
