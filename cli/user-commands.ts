// Console accounts from the command line, for the IT person setting up a desk: list people, add one with
// a role and approval limit, set a password (read from standard input, never from the command line,
// where shell history and process lists would keep it), deactivate someone who left.
import { openDb } from '../db/client.js';
import { CONSOLE_ROLES } from '../domain/console-access.js';
import type { ApproverRole } from '../domain/approval-authority.js';
import { formatMoney, money, parseAmountMinor } from '../domain/money.js';
import { hashPassword } from '../console/passwords.js';

export const USERS_HELP = `  users [--json]
            the people who work the desk: role, approval limit, whether they may sign in
  users add <email> --name "<name>" --role <csr|ar_clerk|ar_lead|controller|viewer|admin> [--limit 2500.00]
  users password <email>
            set a console password, read from standard input (at least 12 characters)
  users deactivate <email>
            no more sign-in or decisions; their history stays`;

const option = (args: string[], name: string) => { const at = args.indexOf(name); return at >= 0 ? args[at + 1] : undefined; };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function usersCommand(args: string[], out: (line: string) => void, readSecret: () => Promise<string> = readStdin): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow users: set DATABASE_URL'); return 2; }
  const db = openDb(url);
  try {
    const [verb, email] = args;
    if (!verb || verb === '--json') {
      const users = await db.user.findMany({ orderBy: { email: 'asc' } });
      const rows = users.map((u) => ({ email: u.email, name: u.name, role: u.role, limit: formatMoney(money(Number(u.approvalLimitMinor), 'USD')), active: u.active, canSignIn: u.active && !!u.passwordHash }));
      if (args.includes('--json')) out(JSON.stringify(rows, null, 2));
      else for (const r of rows) out(`${r.email.padEnd(36)} ${r.role.padEnd(11)} limit ${r.limit.padStart(16)}  ${r.active ? (r.canSignIn ? 'may sign in' : 'no password yet') : 'deactivated'}`);
      return 0;
    }
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) { console.error(`usage:\n${USERS_HELP}`); return 2; }
    const address = email.toLowerCase();
    if (verb === 'add') {
      const name = option(args, '--name');
      const role = option(args, '--role') as ApproverRole | undefined;
      const limitText = option(args, '--limit') ?? '0';
      const limit = parseAmountMinor(limitText);
      if (!name || !role || !CONSOLE_ROLES.includes(role)) { console.error(`arflow users add: give --name and --role (one of ${CONSOLE_ROLES.join(', ')})`); return 2; }
      if (limit === undefined || limit < 0) { console.error(`arflow users add: --limit "${limitText}" is not an amount`); return 2; }
      if (await db.user.findUnique({ where: { email: address } })) { console.error(`${address} already has an account`); return 1; }
      await db.user.create({ data: { email: address, name, role, approvalLimitMinor: BigInt(limit) } });
      await db.auditEvent.create({ data: { actor: `cli:${process.env.USER ?? 'unknown'}`, action: 'user_added', subjectType: 'user', subjectId: address, data: { role, limitMinor: limit } } });
      out(`${address} added as ${role}; set a password with: arflow users password ${address}`);
      return 0;
    }
    const user = await db.user.findUnique({ where: { email: address } });
    if (!user) { console.error(`no account ${address}`); return 1; }
    if (verb === 'password') {
      const password = await readSecret();
      let hash: string;
      try { hash = await hashPassword(password); } catch (err) { console.error((err as Error).message); return 2; }
      await db.$transaction([
        db.user.update({ where: { id: user.id }, data: { passwordHash: hash } }),
        db.consoleSession.deleteMany({ where: { userId: user.id } }), // a new password ends every open session
        db.auditEvent.create({ data: { actor: `cli:${process.env.USER ?? 'unknown'}`, action: 'user_password_set', subjectType: 'user', subjectId: address, data: {} } }),
      ]);
      out(`password set for ${address}; their open sessions were ended`);
      return 0;
    }
    if (verb === 'deactivate') {
      await db.$transaction([
        db.user.update({ where: { id: user.id }, data: { active: false } }),
        db.consoleSession.deleteMany({ where: { userId: user.id } }),
        db.auditEvent.create({ data: { actor: `cli:${process.env.USER ?? 'unknown'}`, action: 'user_deactivated', subjectType: 'user', subjectId: address, data: {} } }),
      ]);
      out(`${address} deactivated`);
      return 0;
    }
    console.error(`usage:\n${USERS_HELP}`);
    return 2;
  } finally { await db.$disconnect(); }
}
