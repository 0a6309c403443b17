// Console sign-in sessions in PostgreSQL: the browser holds a random token (an HttpOnly cookie), the
// database only its SHA-256, so a leaked table opens no session. Eight hours, then sign in again.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { ApproverRole } from '../domain/approval-authority.js';

export const SESSION_HOURS = 8;

export interface SignedIn { sessionId: string; csrfToken: string; user: { id: string; email: string; name: string; role: ApproverRole; approvalLimitMinor: number } }

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.consoleSession.create({ data: { tokenHash: hashOf(token), userId, csrfToken, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000) } });
  return { token, csrfToken };
}

export async function sessionOf(db: Db, token: string | undefined, now = new Date()): Promise<SignedIn | undefined> {
  if (!token) return undefined;
  const session = await db.consoleSession.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || !session.user.active) return undefined;
  const u = session.user;
  return { sessionId: session.id, csrfToken: session.csrfToken, user: { id: u.id, email: u.email, name: u.name, role: u.role, approvalLimitMinor: Number(u.approvalLimitMinor) } };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.consoleSession.deleteMany({ where: { tokenHash: hashOf(token) } });
}
