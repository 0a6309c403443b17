// Starts the real servers every suite runs against, once per `npm test`: PostgreSQL 15, Dovecot with
// an SMTP relay into it, and the Temporal CLI's dev server. Stopped by PID when the run ends.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startDovecot } from '../../devstack/dovecot.js';
import { startPostgres } from '../../devstack/postgres.js';
import { startSmtpRelay } from '../../devstack/smtp-relay.js';
import { startTemporalDevServer } from '../../devstack/temporal.js';
import { WORKFLOWS_PATH } from '../../workers/desk-worker.js';

export interface TestStack {
  postgresPort: number;
  imapPort: number;
  smtpPort: number;
  mailPassword: string;
  temporalAddress: string;
  workflowBundlePath: string;
}

declare module 'vitest' {
  export interface ProvidedContext { stack: TestStack }
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PORTS = { postgres: 25432, imap: 21143, lmtp: 21024, smtp: 21025, temporal: 27233 };
// The desk's shared mailboxes (billing and remit serve the invoicing and cash issues), and a catch-all
// for every outside address: customers, reps, CSRs.
export const MAIL_USERS = ['orders', 'billing', 'remit', 'catchall'];

export default async function setup(project: TestProject) {
  const state = join(root, '.arflow', 'test');
  mkdirSync(state, { recursive: true });
  const started: { name: string; stop(): Promise<void> }[] = [];
  const stopAll = async () => { for (const s of started.reverse()) await s.stop().catch(() => {}); };
  try {
    const [pg, dovecot, temporal, bundle] = await Promise.all([
      startPostgres(join(state, 'postgres'), PORTS.postgres),
      startDovecot({ stateDir: join(state, 'dovecot'), imapPort: PORTS.imap, lmtpPort: PORTS.lmtp, users: MAIL_USERS, password: 'arflow-test' }),
      (async () => {
        // A fresh history file each run: old runs' open orders must not collide with this run's.
        rmSync(join(state, 'temporal'), { recursive: true, force: true });
        return startTemporalDevServer({ stateDir: join(state, 'temporal'), port: PORTS.temporal });
      })(),
      bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } }),
    ]);
    started.push(pg, dovecot, temporal);
    const relay = await startSmtpRelay({ port: PORTS.smtp, lmtpPort: PORTS.lmtp, localUsers: MAIL_USERS });
    started.push({ name: 'smtp relay', stop: () => relay.stop() });
    const workflowBundlePath = join(state, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, bundle.code);
    project.provide('stack', {
      postgresPort: pg.port, imapPort: dovecot.imapPort, smtpPort: relay.port, mailPassword: 'arflow-test',
      temporalAddress: temporal.address, workflowBundlePath,
    });
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}
