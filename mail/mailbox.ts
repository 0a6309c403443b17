// A mailbox the desk reads: a real IMAP account (imapflow), or (embedded default) a drop folder of .eml
// files. Either way a message stays where it arrived until its workflow files it in Processed or Quarantine.
import { ImapFlow } from 'imapflow';
import { mkdirSync, readdirSync, readFileSync, renameSync, existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export type Folder = 'Processed' | 'Quarantine';

export interface MailboxMessage { ref: string; raw: Buffer }

export interface Mailbox {
  readonly name: string; // orders, billing, remit
  readonly description: string;
  /** References of the messages waiting in the inbox, oldest first. */
  listWaiting(): Promise<string[]>;
  /** One waiting message's raw bytes, or undefined when it has left the inbox meanwhile. */
  read(ref: string): Promise<Buffer | undefined>;
  /** Moves a message out of the inbox. Idempotent: a message already filed stays filed. */
  file(ref: string, messageIdHeader: string | undefined, folder: Folder): Promise<void>;
  /** Resolves when something new may have arrived (or after maxWaitMs). */
  waitForChange(maxWaitMs: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

// ─── Drop folder ───

const SETTLE_MS = 500;

export function dropFolderMailbox(name: string, root: string): Mailbox {
  const inbox = join(root, 'incoming');
  for (const dir of [inbox, join(root, 'Processed'), join(root, 'Quarantine')]) mkdirSync(dir, { recursive: true });
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  watcher = watch(inbox, () => wake?.());
  return {
    name,
    description: `drop folder ${inbox}`,
    async listWaiting() {
      // Only files that have settled: one still being copied in is left for the next scan.
      // (Writers that write to a temporary name and rename, as our outbox does, are never caught mid-write.)
      const settledBefore = Date.now() - SETTLE_MS;
      return readdirSync(inbox).filter((f) => f.endsWith('.eml')).sort()
        .filter((f) => { try { return statSync(join(inbox, f)).mtimeMs < settledBefore; } catch { return false; } });
    },
    async read(ref) {
      try { return readFileSync(join(inbox, ref)); } catch { return undefined; }
    },
    async file(ref, _messageId, folder) {
      const from = join(inbox, ref);
      if (existsSync(from)) {
        // Never overwrite an earlier message filed under the same name.
        let target = join(root, folder, ref);
        for (let n = 2; existsSync(target); n++) target = join(root, folder, ref.replace(/\.eml$/, `.${n}.eml`));
        renameSync(from, target);
      }
      else if (!existsSync(join(root, 'Processed', ref)) && !existsSync(join(root, 'Quarantine', ref))) {
        throw new Error(`message file ${ref} is in neither ${inbox} nor a filed folder`);
      }
    },
    waitForChange(maxWaitMs, signal) {
      return new Promise((resolve) => {
        const timer = setTimeout(done, maxWaitMs);
        function done() { clearTimeout(timer); wake = undefined; signal.removeEventListener('abort', done); resolve(); }
        wake = done;
        signal.addEventListener('abort', done);
      });
    },
    async close() { watcher?.close(); watcher = undefined; },
  };
}

// ─── IMAP ───

export interface ImapSettings { host: string; port: number; secure: boolean; user: string; password: string; inbox?: string }

function imapClient(s: ImapSettings): ImapFlow {
  return new ImapFlow({
    host: s.host, port: s.port, secure: s.secure,
    auth: { user: s.user, pass: s.password },
    logger: false,
    // Our own servers in tests use plain IMAP on loopback; real ones use TLS (secure) or STARTTLS.
    tls: { rejectUnauthorized: s.host !== '127.0.0.1' && s.host !== 'localhost' },
  });
}

/** IMAP refs are "<UIDVALIDITY>:<UID>", so a mailbox that was rebuilt is never confused with the old one. */
export function imapMailbox(name: string, settings: ImapSettings): Mailbox {
  const inboxName = settings.inbox ?? 'INBOX';
  let watcher: ImapFlow | undefined;

  // One session for listing, reading and filing, opened on first use and again after it drops:
  // a login per message would cost more than the message.
  let session: Promise<ImapFlow> | undefined;
  async function withClient<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    if (!session) {
      const client = imapClient(settings);
      client.on('error', () => { session = undefined; });
      client.on('close', () => { session = undefined; });
      session = client.connect().then(() => client, (err) => { session = undefined; throw err; });
    }
    const client = await session;
    if (!client.usable) { session = undefined; return withClient(fn); }
    return fn(client);
  }

  async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    try { await client.mailboxCreate(folder); } catch (err) {
      if (!/ALREADYEXISTS|already exists/i.test(String((err as { responseText?: string }).responseText ?? (err as Error).message))) throw err;
    }
  }

  return {
    name,
    description: `IMAP ${settings.user}@${settings.host}:${settings.port}`,
    async listWaiting() {
      return withClient(async (client) => {
        const lock = await client.getMailboxLock(inboxName);
        try {
          // Ask the server each time: a long-lived session's cached message count can be stale.
          const uids = (await client.search({ all: true }, { uid: true })) || [];
          const validity = client.mailbox ? String(client.mailbox.uidValidity) : '0';
          return uids.sort((a, b) => a - b).map((uid) => `${validity}:${uid}`);
        } finally { lock.release(); }
      });
    },
    async read(ref) {
      return withClient(async (client) => {
        const lock = await client.getMailboxLock(inboxName);
        try {
          const [validity, uid] = ref.split(':');
          if (!client.mailbox || String(client.mailbox.uidValidity) !== validity) return undefined;
          const message = await client.fetchOne(uid!, { source: true }, { uid: true });
          return message && message.source ? message.source : undefined;
        } finally { lock.release(); }
      });
    },
    async file(ref, messageIdHeader, folder) {
      await withClient(async (client) => {
        await ensureFolder(client, folder);
        const lock = await client.getMailboxLock(inboxName);
        try {
          const [validity, uid] = ref.split(':');
          const box = client.mailbox;
          if (box && String(box.uidValidity) === validity) {
            const found = await client.search({ uid: uid! }, { uid: true });
            if (found && found.length > 0) { await client.messageMove(uid!, folder, { uid: true }); return; }
          }
          // Already moved by an earlier attempt, or the inbox was rebuilt: look for it by Message-ID.
          if (messageIdHeader) {
            const again = await client.search({ header: { 'message-id': messageIdHeader } }, { uid: true });
            if (again && again.length > 0) { await client.messageMove(again.join(','), folder, { uid: true }); }
          }
        } finally { lock.release(); }
      });
    },
    async waitForChange(maxWaitMs, signal) {
      // One long-lived connection in IDLE; imapflow only idles by itself after 15 s, so ask now.
      if (!watcher) {
        watcher = imapClient(settings);
        watcher.on('error', () => { watcher = undefined; });
        watcher.on('close', () => { watcher = undefined; });
        await watcher.connect();
        await watcher.mailboxOpen(inboxName);
      }
      const client = watcher;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, maxWaitMs);
        function done() {
          clearTimeout(timer);
          client.off('exists', done);
          signal.removeEventListener('abort', done);
          resolve();
        }
        client.on('exists', done);
        signal.addEventListener('abort', done);
        client.idle().catch(() => done());
      });
    },
    async close() {
      const w = watcher;
      watcher = undefined;
      if (w) await w.logout().catch(() => w.close());
      const s = session;
      session = undefined;
      if (s) { const c = await s.catch(() => undefined); if (c) await c.logout().catch(() => c.close()); }
    },
  };
}
