// `arflow status` against the real stack: the suite's database and its migrations, the Temporal dev server,
// the suite's desk and OCR workers polling their queues, and the console, named when it does not answer.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { statusCommand } from '../../cli/status-command.js';
import { createConsoleServer } from '../../console/server.js';
import { startTestDesk, type TestDesk } from '../support/desk.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('cli_status'); });
afterAll(async () => { await desk?.stop(); });

const freePort = () => new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });

interface StatusJson { ok: boolean; checks: { name: string; state: string; message: string }[]; desk: Record<string, unknown> | null }

async function status(consolePort: number): Promise<{ code: number; json: StatusJson }> {
  const env = { DATABASE_URL: desk.databaseUrl, TEMPORAL_ADDRESS: inject('stack').temporalAddress, ARFLOW_TASK_QUEUE: desk.taskQueue, ARFLOW_CONSOLE_HOST: '127.0.0.1', ARFLOW_CONSOLE_PORT: String(consolePort) };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  try { return { code: await statusCommand(['--json'], (l) => out.push(l)), json: JSON.parse(out.join('\n')) as StatusJson }; }
  finally { for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } }
}

describe('arflow status', () => {
  it('says everything is up when it is, and names the console when it does not answer', async () => {
    const port = await freePort();
    const down = await status(port);
    expect(down.code).toBe(1);
    expect(down.json.checks.filter((c) => c.state === 'down').map((c) => c.name)).toEqual(['Console']);

    const server = createConsoleServer({ db: desk.db, temporal: desk.temporal, taskQueue: desk.taskQueue });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    try {
      const up = await status(port);
      expect(up.json.checks.map((c) => `${c.name}:${c.state}`)).toEqual(['Database:up', 'Migrations:up', 'Temporal:up', 'Desk worker:up', 'OCR worker:up', 'Console:up']);
      expect(up).toMatchObject({ code: 0, json: { ok: true } });
      expect(up.json.desk).toMatchObject({ quarantinedMessages: expect.any(Number) });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
