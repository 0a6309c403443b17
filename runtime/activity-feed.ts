// Prints what the desk just did, in words, so whoever started arflow sees orders flow.
import type { Db } from '../db/client.js';
import { formatMoney, money } from '../domain/money.js';

export function watchActivity(db: Db, log: (line: string) => void, everyMs = 1000): { stop(): Promise<void> } {
  let lastId: bigint | undefined; // starts at the newest event: a restart does not replay history
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const describe = async (e: { action: string; actor: string; subjectId: string; data: unknown }): Promise<string | undefined> => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.action === 'order_entered') return `order      PO ${data.poNumber} entered for ${data.customer} (found by ${data.customerVia})`;
    if (e.action === 'order_acknowledged') {
      const order = await db.order.findUnique({ where: { id: e.subjectId }, include: { customer: true } });
      return order ? `order      PO ${order.poNumber} acknowledged to ${order.customer.name}; workflow ${order.workflowId}` : undefined;
    }
    if (e.action === 'message_quarantined') {
      const message = await db.inboundMessage.findUnique({ where: { id: e.subjectId } });
      return `quarantine "${message?.subject ?? e.subjectId}": ${String((data.problems as string[] | undefined)?.[0] ?? data.code)}`;
    }
    if (e.action === 'order_questions_asked') {
      const order = await db.order.findUnique({ where: { id: e.subjectId } });
      return `review     PO ${order?.poNumber ?? '?'}: ${(data.questions as string[]).length} question(s) to the CSR, e.g. ${String((data.questions as string[])[0]).replace(/ \(Answer.*$/, '')}`;
    }
    if (e.action === 'order_questions_answered') return `review     ${e.actor} answered; applied: ${((data.applied as string[] | undefined) ?? []).join('; ') || 'nothing'}`;
    if (e.action === 'order_credit_hold') {
      const order = await db.order.findUnique({ where: { id: e.subjectId } });
      return `credit     PO ${order?.poNumber ?? '?'} on credit hold: ${String((data.reasons as string[])[0])} An AR lead decides (decideCreditHold Update).`;
    }
    if (e.action === 'credit_hold_approved' || e.action === 'credit_hold_rejected') return `credit     hold ${e.action.endsWith('approved') ? 'released' : 'rejected'} by ${e.actor}: ${String(data.reason)}`;
    if (e.action === 'invoice_requested') return `shipment   ${String(data.shipmentReference)} for PO ${String(data.poNumber)} handed to invoicing`;
    if (e.action === 'shipment_discrepancy') return `shipment   does not match its order: ${String((data.findings as string[])[0] ?? '')}`;
    if (e.action === 'invoice_created') return `invoice    ${e.subjectId} for ${formatMoney(money(Number(data.totalMinor), String(data.currency)))}, due ${String(data.dueDate)}`;
    if (e.action === 'credit_memo_issued') return `invoice    credit memo ${String(data.creditMemo)} on ${e.subjectId} by ${e.actor}: ${String(data.reason)}`;
    if (e.action === 'invoice_issued') return `invoice    ${e.subjectId} ${data.via === 'email' ? 'emailed to the billing contacts' : 'handed to the billing desk (portal, post, or no contact)'}; under collections`;
    if (e.action === 'billing_reply_applied' || e.action === 'billing_reply_review') return `billing    reply ${e.action.endsWith('review') ? 'for a person' : 'handled'}: ${String(data.what)}`;
    if (e.action === 'dispute_opened') return `billing    dispute on ${e.subjectId} recorded by ${e.actor}`;
    if (e.action === 'credit_hold_placed' || e.action === 'credit_hold_released') return `collections ${e.subjectId} ${e.action === 'credit_hold_placed' ? 'put on' : 'released from'} credit hold: ${String(data.reason)}`;
    if (e.action === 'bank_file_imported') return `cash       bank file ${String(data.filename)} (${String(data.format)}): ${(data.payments as string[]).length} payment(s)${(data.deposits as string[]).length ? `, deposit ${(data.deposits as string[]).join(', ')} reconciled` : ''}`;
    if (e.action === 'cash_needs_person') return `cash       ${e.subjectId} waits for a person (${String(data.decision).replace('_', ' ')}): ${String(data.reason).slice(0, 160)}`;
    if (e.action === 'cash_applied') {
      const apps = (data.applications as { invoiceNumber: string }[]).map((a) => a.invoiceNumber);
      return `cash       ${e.subjectId} ${apps.length ? `applied to ${apps.join(', ')}` : `left ${String(data.leaveRest ?? 'unapplied').replace('_', ' ')}`} by ${e.actor === 'auto' ? 'arflow' : e.actor}${e.actor === 'auto' ? ` (confidence ${String(data.confidence)})` : ''}`;
    }
    if (e.action === 'duplicate_delivery_ignored') return `mailbox    a second copy of an email already handled was ignored`;
    return undefined;
  };
  const tick = async () => {
    if (lastId === undefined) { lastId = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n; }
    const events = await db.auditEvent.findMany({ where: { id: { gt: lastId } }, orderBy: { id: 'asc' }, take: 100 });
    for (const e of events) {
      lastId = e.id;
      const line = await describe(e);
      if (line) log(line);
    }
  };
  busy = tick().catch(() => {});
  const timer = setInterval(() => { if (!stopped) busy = busy.then(tick).catch(() => {}); }, everyMs);
  return { async stop() { stopped = true; clearInterval(timer); await busy; } };
}
