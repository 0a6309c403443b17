// The approvals queue from the command line: what waits for a person, and a decision sent as the
// workflow's Update (its validator judges it, as in the console). Reads DATABASE_URL and TEMPORAL_ADDRESS.
// With --json the list and a decision's outcome (accepted or refused) are JSON on standard output.
import { Client, Connection } from '@temporalio/client';
import { DECISIONS, updateFor } from '../console/decisions.js';
import { sendUpdate } from '../console/workflow-updates.js';
import { decisionActionOf, mayDo } from '../domain/console-access.js';
import { openDb } from '../db/client.js';
import { formatMoney, money } from '../domain/money.js';

export const APPROVALS_HELP = `  approvals [--json]
            every step a workflow paused for a person, oldest first
  approvals decide <approval id> --by <email> --decision <choice> --reason <text>
             [--invoice INV-000123 --amount 12.50 --customer C-1001 --deduction 1.00 --write-off]
             [--answer "line 1 item WID-200"] [--json]
            decide a credit hold (release|reject), credit memo (approve|reject), collections decision
            (write_off|collection_agency|keep_chasing), cash exception (apply|on_account|suspense),
            shipment discrepancy (invoice_undisputed|do_not_invoice) or escalated order questions
            (answer, with --answer in the words a reply email would carry)`;

const option = (args: string[], name: string) => { const at = args.indexOf(name); return at >= 0 ? args[at + 1] : undefined; };

export async function approvalsCommand(args: string[], out: (line: string) => void): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow approvals: set DATABASE_URL'); return 2; }
  const db = openDb(url);
  try {
    if (args[0] !== 'decide') {
      const pending = await db.approval.findMany({ where: { status: 'pending' }, orderBy: { requestedAt: 'asc' } });
      const rows = pending.map((a) => ({ id: a.id, kind: a.kind, subject: `${a.subjectType} ${a.subjectId}`, amount: a.amountMinor !== null && a.currency ? formatMoney(money(Number(a.amountMinor), a.currency)) : null, since: a.requestedAt.toISOString(), workflowId: a.workflowId, update: a.updateName, decidedHere: DECISIONS[a.kind] !== undefined }));
      if (args.includes('--json')) out(JSON.stringify(rows, null, 2));
      else if (!rows.length) out('nothing is waiting for a person');
      else for (const r of rows) out(`${r.id}  ${r.since.slice(0, 16).replace('T', ' ')}  ${r.kind.padEnd(20)} ${r.subject}${r.amount ? `  ${r.amount}` : ''}${r.decidedHere ? '' : `  (answered by ${r.update})`}`);
      return 0;
    }
    const id = args[1];
    const by = option(args, '--by');
    const json = args.includes('--json');
    // A decision that cannot be made (no such approval, already decided, refused): exit 1, said as JSON for scripts.
    const notDone = (reason: string) => { if (json) out(JSON.stringify({ accepted: false, approvalId: id, reason }, null, 2)); else console.error(reason); return 1; };
    if (!id || !by) { console.error(`usage:\n${APPROVALS_HELP}`); return 2; }
    const approval = await db.approval.findUnique({ where: { id } });
    if (!approval) return notDone(`no approval ${id}`);
    if (approval.status !== 'pending') return notDone(`already ${approval.status} by ${approval.decidedBy ?? 'someone'}`);
    // The same rule as the console's: the decider is an active account whose role may decide this kind.
    const action = decisionActionOf(approval.kind);
    const person = await db.user.findUnique({ where: { email: by.toLowerCase() } });
    if (!person?.active) return notDone(`${by} has no active arflow account (arflow users)`);
    if (!action || !mayDo(person.role, action)) return notDone(`${by} (${person.role.replace('_', ' ')}) may not decide a ${approval.kind.replace(/_/g, ' ')}`);
    const call = updateFor(approval.kind, by, {
      decision: option(args, '--decision') ?? '', reason: option(args, '--reason') ?? '', answer: option(args, '--answer'), invoiceNumber: option(args, '--invoice'), amount: option(args, '--amount'),
      customerNumber: option(args, '--customer'), deduction: option(args, '--deduction'), writeOff: args.includes('--write-off'),
    }, approval.currency ?? 'USD');
    if (!call.ok) { console.error(call.problem); return 2; }
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
    let result: unknown;
    try {
      const sent = await sendUpdate(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }), approval.workflowId, call.updateName, call.args);
      if (!sent.ok) return notDone(sent.problem.replace(/^Refused: /, 'refused: '));
      result = sent.result;
    } finally { await connection.close(); }
    await db.auditEvent.create({ data: { actor: by, action: 'cli_decision', subjectType: approval.subjectType, subjectId: approval.subjectId, data: { approvalId: id, update: call.updateName, args: call.args as object } } });
    if (json) out(JSON.stringify({ accepted: true, approvalId: id, kind: approval.kind, workflowId: approval.workflowId, update: call.updateName, by, result: result ?? null }, null, 2));
    else out(`${call.updateName} accepted by ${approval.workflowId}`);
    return 0;
  } finally { await db.$disconnect(); }
}
