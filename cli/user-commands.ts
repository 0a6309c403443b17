// Console accounts from the command line, for the IT person setting up a desk: list people, add one with
// a role and approval limit, change it, set a password (read from standard input, never from the command
// line, where shell history and process lists would keep it), deactivate someone who left, or take them
// back. The rules and audit rows are the console's own (console/user-admin.ts).
import { Client, Connection } from '@temporalio/client';
import { tellApproversChanged } from '../console/approver-broadcast.js';
import { openDb, type Db } from '../db/client.js';
import { DESK_TASK_QUEUE } from '../workers/desk-worker.js';
import { CONSOLE_ROLES } from '../domain/console-access.js';
import { formatMoney, money } from '../domain/money.js';
import { addUser, checkEmail, deactivate, findUser, listUsers, parseLimit, reactivate, setPassword, setRoleAndLimit, type Problem } from '../console/user-admin.js';

export const USERS_HELP = `  users [--json]
            the people who work the desk: role, approval limit, whether they may sign in
  users add <email> --name "<name>" --role <csr|ar_clerk|ar_lead|controller|viewer|admin> [--limit 2500.00]
  users role <email> --role <role> [--limit 2500.00]
            a new role, and approval limit when given (the last active admin stays an admin)
  users password <email>
            set a console password, read from standard input (at least 12 characters)
  users deactivate <email>
            no more sign-in or decisions, and their password is cleared; their history stays
  users reactivate <email>
            active again; they sign in once a new password is set (users password)`;

const VERBS = ['add', 'role', 'password', 'deactivate', 'reactivate'];
const option = (args: string[], name: string) => { const at = args.indexOf(name); return at >= 0 ? args[at + 1] : undefined; };
const usd = (minor: number) => formatMoney(money(minor, 'USD'));

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A refusal on standard error; exit 2 when the command line was wrong, 1 when the desk's state says no. */
function failed(p: Problem): number {
  console.error(p.problem);
  return p.kind === 'invalid' ? 2 : 1;
}

/**
 * Running workflows judge decisions by the approvers they last read: tell them the list as it is now
 * (TEMPORAL_ADDRESS, ARFLOW_TASK_QUEUE). Without Temporal the change still stands; they read it later.
 */
async function tellWorkflows(db: Db): Promise<string> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233', connectTimeout: 3_000 });
    const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
    const { told, failed } = await client.withDeadline(Date.now() + 20_000, () => tellApproversChanged(db, client, process.env.ARFLOW_TASK_QUEUE ?? DESK_TASK_QUEUE));
    return `${told} running workflow(s) told${failed ? ` (${failed} could not be)` : ''}`;
  } catch (err) {
    return `running workflows not told (${(err as Error).message.split('\n')[0]}); they read the approvers again when they next ask for a decision`;
  } finally { await connection?.close(); }
}

export async function usersCommand(args: string[], out: (line: string) => void, readSecret: () => Promise<string> = readStdin): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow users: set DATABASE_URL'); return 2; }
  const db = openDb(url);
  const actor = `cli:${process.env.USER ?? 'unknown'}`;
  try {
    const [verb, email] = args;
    if (!verb || verb === '--json') {
      const rows = (await listUsers(db)).map((u) => ({ email: u.email, name: u.name, role: u.role, limit: usd(u.limitMinor), active: u.active, canSignIn: u.canSignIn }));
      if (args.includes('--json')) out(JSON.stringify(rows, null, 2));
      else for (const r of rows) out(`${r.email.padEnd(36)} ${r.role.padEnd(11)} limit ${r.limit.padStart(16)}  ${r.active ? (r.canSignIn ? 'may sign in' : 'no password yet') : 'deactivated'}`);
      return 0;
    }
    const checked = checkEmail(email ?? '');
    if (!VERBS.includes(verb) || !checked.ok) { console.error(`usage:\n${USERS_HELP}`); return 2; }
    const address = checked.value;
    // `--limit` with no value after it is a mistake to report, not "keep the limit".
    const limitGiven = args.includes('--limit') ? option(args, '--limit') ?? '' : undefined;
    if (verb === 'add') {
      const name = option(args, '--name');
      const role = option(args, '--role');
      if (!name || !role) { console.error(`arflow users add: give --name and --role (one of ${CONSOLE_ROLES.join(', ')})`); return 2; }
      const limit = parseLimit(limitGiven ?? '0');
      if (!limit.ok) return failed(limit);
      const added = await addUser(db, actor, { email: address, name, role, limitMinor: limit.value });
      if (!added.ok) return failed(added);
      out(`${address} added as ${added.user.role}; set a password with: arflow users password ${address}`);
      out(await tellWorkflows(db));
      return 0;
    }
    // Asked first, so a mistyped address is told before anyone types a password.
    if (!(await findUser(db, { email: address }))) { console.error(`no account ${address}`); return 1; }
    if (verb === 'role') {
      const role = option(args, '--role');
      if (!role) { console.error(`arflow users role: give --role (one of ${CONSOLE_ROLES.join(', ')})`); return 2; }
      const limit = limitGiven === undefined ? undefined : parseLimit(limitGiven);
      if (limit && !limit.ok) return failed(limit);
      const changed = await setRoleAndLimit(db, actor, { email: address }, { role, limitMinor: limit?.value });
      if (!changed.ok) return failed(changed);
      const now = `${changed.user.role} with limit ${usd(changed.user.limitMinor)}`;
      out(changed.changed ? `${address} is now ${now}` : `${address} unchanged: already ${now}`);
      if (changed.changed) out(await tellWorkflows(db));
      return 0;
    }
    if (verb === 'password') {
      const set = await setPassword(db, actor, { email: address }, await readSecret());
      if (!set.ok) return failed(set);
      out(`password set for ${address}; their open sessions were ended`);
      return 0;
    }
    if (verb === 'deactivate') {
      const done = await deactivate(db, actor, { email: address });
      if (!done.ok) return failed(done);
      out(done.changed ? `${address} deactivated` : `${address} was already deactivated`);
      if (done.changed) out(await tellWorkflows(db));
      return 0;
    }
    const done = await reactivate(db, actor, { email: address });
    if (!done.ok) return failed(done);
    out(!done.changed ? `${address} is already active` : done.user.hasPassword ? `${address} reactivated; they may sign in` : `${address} reactivated; set a password with: arflow users password ${address}`);
    if (done.changed) out(await tellWorkflows(db));
    return 0;
  } finally { await db.$disconnect(); }
}
