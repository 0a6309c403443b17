// The time-skipping server walks timers of days and months at once, with arflow's search attributes
// registered, and takes the Temporal features arflow's workflows use: signals, queries, Updates with
// validators, children started with search attributes.
import { fileURLToPath } from 'node:url';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_STATUS, PO_NUMBER } from '../../workflows/search-attributes.js';
import { startTimeSkipping } from '../support/time-skipping.js';
import {
  approveSignal, creditHold, decideCreditHoldUpdate, dunningCycle, remindThenEscalate, stageQuery,
} from './workflows/long-waits.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const workflowsPath = fileURLToPath(new URL('./workflows/long-waits.ts', import.meta.url));

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await startTimeSkipping(); });
  afterAll(async () => { await env?.teardown(); });

  const withWorker = async <R>(taskQueue: string, run: () => Promise<R>): Promise<R> => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath });
    return worker.runUntil(run);
  };

  it('skips a 45-day wait and then a 10-day deadline that no signal met', async () => {
    const taskQueue = 'timeskip-escalation';
    const clockBefore = await env.currentTimeMs();
    const outcome = await withWorker(taskQueue, async () => {
      const handle = await env.client.workflow.start(remindThenEscalate, { taskQueue, workflowId: 'remind-po-4711', args: ['PO-4711'] });
      const result = await handle.result();
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(PO_NUMBER)).toBe('PO-4711');
      expect(await handle.query(stageQuery)).toBe('escalated');
      return result;
    });
    expect(outcome).toMatchObject({ approvedBy: null, timedOut: true });
    expect(outcome.endedAtMs - outcome.startedAtMs).toBeGreaterThanOrEqual(55 * DAY_MS);
    expect((await env.currentTimeMs()) - clockBefore).toBeGreaterThanOrEqual(55 * DAY_MS);
  });

  it('takes a signal sent after the test moved the clock 46 days', async () => {
    const taskQueue = 'timeskip-approval';
    const outcome = await withWorker(taskQueue, async () => {
      const handle = await env.client.workflow.start(remindThenEscalate, { taskQueue, workflowId: 'remind-po-4712', args: ['PO-4712'] });
      await env.sleep('46 days');
      expect(await handle.query(stageQuery)).toBe('waiting for approval');
      await handle.signal(approveSignal, 'csr@example.com');
      return handle.result();
    });
    expect(outcome).toMatchObject({ approvedBy: 'csr@example.com', timedOut: false });
    // Approved after the 45-day wait and before the 10-day deadline.
    const waitedDays = (outcome.endedAtMs - outcome.startedAtMs) / DAY_MS;
    expect(waitedDays).toBeGreaterThan(45);
    expect(waitedDays).toBeLessThan(55);
  });

  it('refuses a credit decision without a reason, takes a valid one, and runs the 90-day dunning child', async () => {
    const taskQueue = 'timeskip-credit';
    const outcome = await withWorker(taskQueue, async () => {
      const handle = await env.client.workflow.start(creditHold, { taskQueue, workflowId: 'credit-hold-o-1', args: ['o-1'] });
      const refused = handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'ar.lead@example.com', reason: '', release: true }] });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({ cause: { message: 'a credit decision needs a reason' } });
      expect(await handle.query(stageQuery)).toBe('on hold');

      const accepted = await handle.executeUpdate(decideCreditHoldUpdate, { args: [{ by: 'ar.lead@example.com', reason: 'paid by wire', release: true }] });
      expect(accepted).toBe('released by ar.lead@example.com');
      const result = await handle.result();
      const child = await env.client.workflow.getHandle('dunning-o-1').describe();
      expect(child.typedSearchAttributes.get(ORDER_STATUS)).toBe('dunning');
      expect(child.type).toBe(dunningCycle.name);
      return result;
    });
    expect(outcome.decision).toEqual({ by: 'ar.lead@example.com', reason: 'paid by wire', release: true });
    expect(outcome.dunning!.endedAtMs - outcome.dunning!.startedAtMs).toBeGreaterThanOrEqual(90 * DAY_MS);
  });

  it('lets an undecided credit hold expire after 3 days', async () => {
    const taskQueue = 'timeskip-credit-expiry';
    const outcome = await withWorker(taskQueue, () =>
      env.client.workflow.execute(creditHold, { taskQueue, workflowId: 'credit-hold-o-2', args: ['o-2'] }));
    expect(outcome).toEqual({ decision: null, dunning: null });
  });
});
