// Console accounts, changed one way from the admin pages and from `arflow users`: each change is one
// transaction with its audit row, and the rules live here so neither front end can skip one. Someone must
// always be able to manage accounts: the last active admin is never deactivated or demoted, and an admin
// cannot do either to themselves (another admin must, so a slip of the mouse cannot lock the desk out).
import type { Db } from '../db/client.js';
import type { ApproverRole } from '../domain/approval-authority.js';
import { CONSOLE_ROLES } from '../domain/console-access.js';
import { parseAmountMinor } from '../domain/money.js';
import { Prisma } from '../generated/prisma/client.js';
import { hashPassword } from './passwords.js';

/** invalid: fix the input; not_found: no such account; conflict: the email is taken; refused: a rule says no. */
export type ProblemKind = 'invalid' | 'not_found' | 'conflict' | 'refused';
export interface Problem { ok: false; kind: ProblemKind; problem: string }
export type Outcome<T extends object> = ({ ok: true } & T) | Problem;
export type Checked<T> = Outcome<{ value: T }>;

/** One account as both front ends show it. Limits are USD minor units (the company currency). */
export interface UserRow { id: string; email: string; name: string; role: ApproverRole; limitMinor: number; active: boolean; hasPassword: boolean; canSignIn: boolean }
/** Which account: the CLI names people by email, the console's forms by id. */
export type UserRef = { email: string } | { id: string };
export interface NewUser { email: string; name: string; role: string; limitMinor: number; password?: string }

const problem = (kind: ProblemKind, text: string): Problem => ({ ok: false, kind, problem: text });
const valid = <T>(value: T): Checked<T> => ({ ok: true, value });

// ───────────── Input rules (pure) ─────────────

export function checkEmail(text: string): Checked<string> {
  const email = text.trim().toLowerCase();
  if (!/^[^@\s<>",;]+@[^@\s<>",;]+$/.test(email) || email.length > 254) return problem('invalid', `"${text.trim()}" is not an email address`);
  return valid(email);
}

export function checkName(text: string): Checked<string> {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name) return problem('invalid', "give the person's name");
  if (name.length > 120 || /[\u0000-\u001f\u007f]/.test(name)) return problem('invalid', 'a name is at most 120 characters of plain text');
  return valid(name);
}

export function checkRole(text: string): Checked<ApproverRole> {
  const role = text.trim();
  if ((CONSOLE_ROLES as readonly string[]).includes(role)) return valid(role as ApproverRole);
  return problem('invalid', `${role ? `"${role}" is not a role` : 'choose a role'}: one of ${CONSOLE_ROLES.join(', ')}`);
}

/** An approval limit as people type it ("2,500.00", "$300"), in USD minor units. */
export function parseLimit(text: string): Checked<number> {
  if (!text.trim()) return problem('invalid', 'give an approval limit (0 for none)');
  const minor = parseAmountMinor(text, 'USD');
  if (minor === undefined) return problem('invalid', `the limit "${text.trim()}" is not an amount`);
  return checkLimitMinor(minor);
}

export function checkLimitMinor(minor: number): Checked<number> {
  if (!Number.isSafeInteger(minor)) return problem('invalid', 'the limit must be a whole number of cents');
  if (minor < 0) return problem('invalid', 'the limit cannot be negative');
  return valid(minor);
}

/**
 * Why a change to `target` (to `after`) must not happen, if it must not: an actor's own deactivation or
 * demotion, or the last active admin's. `activeAdmins` counts the active admins before the change.
 */
export function refusalOf(actor: string, target: { email: string; role: string; active: boolean }, after: { role: string; active: boolean }, activeAdmins: number): string | undefined {
  const self = actor.trim().toLowerCase() === target.email;
  if (self && target.active && !after.active) return 'you cannot deactivate your own account: another admin must do it';
  const losesAdmin = target.active && target.role === 'admin' && !(after.active && after.role === 'admin');
  if (self && losesAdmin) return 'you cannot take away your own admin role: another admin must do it';
  if (losesAdmin && activeAdmins <= 1) return `${target.email} is the last active admin: make someone else an admin first, so someone can still manage accounts`;
  return undefined;
}

async function hashed(password: string): Promise<Checked<string>> {
  // hashPassword holds the length rule; its message is the one to show.
  try { return valid(await hashPassword(password)); } catch (err) { return problem('invalid', (err as Error).message); }
}

// ───────────── Reading ─────────────

type UserRecord = { id: string; email: string; name: string; role: ApproverRole; approvalLimitMinor: bigint; active: boolean; passwordHash: string | null };
const rowOf = (u: UserRecord): UserRow => ({
  id: u.id, email: u.email, name: u.name, role: u.role, limitMinor: Number(u.approvalLimitMinor),
  active: u.active, hasPassword: !!u.passwordHash, canSignIn: u.active && !!u.passwordHash,
});
const whereOf = (ref: UserRef) => ('email' in ref ? { email: ref.email.trim().toLowerCase() } : { id: ref.id });
const nameOf = (ref: UserRef) => ('email' in ref ? ref.email.trim().toLowerCase() : ref.id);
const noAccount = (ref: UserRef) => problem('not_found', `no account ${nameOf(ref)}`);

export async function listUsers(db: Db): Promise<UserRow[]> {
  return (await db.user.findMany({ orderBy: { email: 'asc' } })).map(rowOf);
}

export async function findUser(db: Db, ref: UserRef): Promise<UserRow | undefined> {
  const user = await db.user.findUnique({ where: whereOf(ref) });
  return user ? rowOf(user) : undefined;
}

/** Each person's latest sign-in, from the audit log (sessions are deleted at sign-out, the log is kept). */
export async function lastSignIns(db: Db, userIds: string[]): Promise<Map<string, Date>> {
  if (!userIds.length) return new Map();
  const latest = await db.auditEvent.groupBy({ by: ['subjectId'], where: { action: 'console_signed_in', subjectType: 'user', subjectId: { in: userIds } }, _max: { at: true } });
  return new Map(latest.flatMap((l) => (l._max.at ? [[l.subjectId, l._max.at] as const] : [])));
}

// ───────────── Changing ─────────────

type Tx = Prisma.TransactionClient;
const audit = (tx: Tx, actor: string, action: string, email: string, data: Prisma.InputJsonObject) =>
  tx.auditEvent.create({ data: { actor, action, subjectType: 'user', subjectId: email, data } });

/**
 * Locks the active admins and the target (in id order, so two changes cannot deadlock) before counting
 * admins: two admins demoting each other at once would otherwise both see the other one remain.
 */
async function lockAdminsAnd(tx: Tx, ref: UserRef): Promise<number> {
  const id = 'id' in ref ? ref.id : '';
  const email = 'email' in ref ? ref.email.trim().toLowerCase() : '';
  await tx.$queryRaw`SELECT id FROM "User" WHERE (role = 'admin' AND active) OR id = ${id} OR email = ${email} ORDER BY id FOR NO KEY UPDATE`;
  return tx.user.count({ where: { role: 'admin', active: true } });
}

export async function addUser(db: Db, actor: string, input: NewUser): Promise<Outcome<{ user: UserRow }>> {
  const email = checkEmail(input.email);
  if (!email.ok) return email;
  const name = checkName(input.name);
  if (!name.ok) return name;
  const role = checkRole(input.role);
  if (!role.ok) return role;
  const limit = checkLimitMinor(input.limitMinor);
  if (!limit.ok) return limit;
  const taken = () => problem('conflict', `${email.value} already has an account`);
  // Asked before hashing (scrypt is slow on purpose); the unique index still decides a race.
  if (await db.user.findUnique({ where: { email: email.value } })) return taken();
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    const hash = await hashed(input.password);
    if (!hash.ok) return hash;
    passwordHash = hash.value;
  }
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: email.value, name: name.value, role: role.value, approvalLimitMinor: BigInt(limit.value), passwordHash } });
      await audit(tx, actor, 'user_added', email.value, { name: name.value, role: role.value, limitMinor: limit.value, passwordSet: passwordHash !== null });
      return created;
    });
    return { ok: true, user: rowOf(user) };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return taken();
    throw err;
  }
}

/** A new password ends the person's open sessions; `keepSessionId` spares the one making the change. */
export async function setPassword(db: Db, actor: string, ref: UserRef, password: string, options: { keepSessionId?: string } = {}): Promise<Outcome<{ user: UserRow; sessionsEnded: number }>> {
  const hash = await hashed(password);
  if (!hash.ok) return hash;
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: whereOf(ref) });
    if (!user) return noAccount(ref);
    const updated = await tx.user.update({ where: { id: user.id }, data: { passwordHash: hash.value } });
    const ended = await tx.consoleSession.deleteMany({ where: { userId: user.id, ...(options.keepSessionId ? { id: { not: options.keepSessionId } } : {}) } });
    await audit(tx, actor, 'user_password_set', user.email, { sessionsEnded: ended.count });
    return { ok: true as const, user: rowOf(updated), sessionsEnded: ended.count };
  });
}

/** A new role, and a new limit when one is given (otherwise the limit stays). */
export async function setRoleAndLimit(db: Db, actor: string, ref: UserRef, change: { role: string; limitMinor?: number }): Promise<Outcome<{ user: UserRow; changed: boolean }>> {
  const role = checkRole(change.role);
  if (!role.ok) return role;
  const limit = change.limitMinor === undefined ? undefined : checkLimitMinor(change.limitMinor);
  if (limit && !limit.ok) return limit;
  return db.$transaction(async (tx) => {
    const activeAdmins = await lockAdminsAnd(tx, ref);
    const user = await tx.user.findUnique({ where: whereOf(ref) });
    if (!user) return noAccount(ref);
    const refusal = refusalOf(actor, user, { role: role.value, active: user.active }, activeAdmins);
    if (refusal) return problem('refused', refusal);
    const before = { role: user.role, limitMinor: Number(user.approvalLimitMinor) };
    const after = { role: role.value, limitMinor: limit?.value ?? before.limitMinor };
    if (after.role === before.role && after.limitMinor === before.limitMinor) return { ok: true as const, user: rowOf(user), changed: false };
    const updated = await tx.user.update({ where: { id: user.id }, data: { role: after.role, approvalLimitMinor: BigInt(after.limitMinor) } });
    await audit(tx, actor, 'user_role_changed', user.email, { from: before, to: after });
    return { ok: true as const, user: rowOf(updated), changed: true };
  });
}

/**
 * No more sign-in or decisions, at once: their sessions end and their password is cleared, so coming back
 * takes a password an admin sets then (an old one may have been shared or kept). Their history stays.
 */
export async function deactivate(db: Db, actor: string, ref: UserRef): Promise<Outcome<{ user: UserRow; changed: boolean; sessionsEnded: number }>> {
  return db.$transaction(async (tx) => {
    const activeAdmins = await lockAdminsAnd(tx, ref);
    const user = await tx.user.findUnique({ where: whereOf(ref) });
    if (!user) return noAccount(ref);
    const refusal = refusalOf(actor, user, { role: user.role, active: false }, activeAdmins);
    if (refusal) return problem('refused', refusal);
    // Sessions end even when already inactive: cheap, and nothing of a deactivated account should linger.
    const ended = await tx.consoleSession.deleteMany({ where: { userId: user.id } });
    if (!user.active) return { ok: true as const, user: rowOf(user), changed: false, sessionsEnded: ended.count };
    const updated = await tx.user.update({ where: { id: user.id }, data: { active: false, passwordHash: null } });
    await audit(tx, actor, 'user_deactivated', user.email, { sessionsEnded: ended.count });
    return { ok: true as const, user: rowOf(updated), changed: true, sessionsEnded: ended.count };
  });
}

/** Active again; they sign in once a password is set (deactivation cleared theirs). */
export async function reactivate(db: Db, actor: string, ref: UserRef): Promise<Outcome<{ user: UserRow; changed: boolean }>> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: whereOf(ref) });
    if (!user) return noAccount(ref);
    if (user.active) return { ok: true as const, user: rowOf(user), changed: false };
    const updated = await tx.user.update({ where: { id: user.id }, data: { active: true } });
    await audit(tx, actor, 'user_reactivated', user.email, {});
    return { ok: true as const, user: rowOf(updated), changed: true };
  });
}
