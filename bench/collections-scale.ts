// Collections at scale: N open invoices under collections (one collectionsWorkflow per customer, started
// directly with its invoices carried in, their steps already taken up to yesterday by the real policy), on
// Temporal's time-skipping test server with counting fake activities. Measures, per run, in a fresh child
// process (so each run's memory is its own):
//   • starting the workflows (workflows/s) and until every one is parked on its timer;
//   • "a day's timers": time skipped to the next day's opening (a UTC window open all day, every day, so
//     the day's work all falls due at midnight); the wall time until every workflow with a step that day
//     has done it and parked again, and the activity calls, checked against the policy's own prediction;
//   • the bench process's RSS and heap (it hosts the worker) idle, parked, and after the day, with the
//     worker's sticky cache (maxCachedWorkflows) at its default and, for the largest run, at a small size.
// A small baseline run in the same invocation gives the ratios; the machine is noisy, absolute times are
// not the point. Prints figures; asserts nothing about time.
//   npx tsx bench/collections-scale.ts [--invoices 10000] [--per-customer 10] [--baseline 100]
//                                      [--small-cache 100 | --small-cache 0 (skip)] [--seed 7]
//                                      [--preload zod]   (bundler preloadModules: an experiment, not the desk's bundle)
import { Context } from '@temporalio/activity';
import { seededRandom } from '../demo/seeded-random.js';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type InjectedSinks } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DunningReminderRequest } from '../activities/collections.js';
import type { Approver } from '../domain/approval-authority.js';
import { collectionsWorkflowId } from '../domain/collections-contract.js';
import {
  chasedMinor, DEFAULT_DUNNING_POLICY, dunningDueOn, nextDunningDay, nextStep, recordSteps, type DunningPolicy,
} from '../domain/dunning-policy.js';
import { addDays } from '../domain/invoicing.js';
import { openingOn, type SendWindow } from '../domain/send-window.js';
import { startTimeSkipping } from '../test/support/time-skipping.js';
import { collectionsWorkflow, type CollectedInvoice, type CollectionsState } from '../workflows/collections.js';
import type { ActivationSummary, CollectionsScaleSinks } from './collections-scale-interceptors.js';

/** Open all day every day in UTC: a day's steps all fall due at 00:00 UTC. */
const WINDOW: SendWindow = { timeZone: 'UTC', openHour: 0, closeHour: 24, weekdays: [1, 2, 3, 4, 5, 6, 7] };
const POLICY = DEFAULT_DUNNING_POLICY;
const TASK_QUEUE = 'collections-scale';
const APPROVERS: Approver[] = [
  { email: 'dana.lead@arflow.test', name: 'Dana Brooks', role: 'ar_lead', limitMinor: 50_000 },
  { email: 'victor.controller@arflow.test', name: 'Victor Lang', role: 'controller', limitMinor: 25_000_000 },
];
/** How many workflow starts are in flight at once. */
const START_CONCURRENCY = 64;
/** Histories fetched after the day for their size (all of them up to this many, else an even sample). */
const HISTORY_SAMPLE = 200;
const MiB = 1024 * 1024;

// ─────────────────────────── the policy, walked without Temporal ───────────────────────────

/** What one customer's workflow does on one day, as predicted from the same domain functions. */
interface DayWork { rounds: number; reminders: number; holds: number; holdsLifted: number; decisions: number; activities: Record<string, number> }

const emptyWork = (): DayWork => ({ rounds: 0, reminders: 0, holds: 0, holdsLifted: 0, decisions: 0, activities: {} });
const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

/** The invoices the schedule acts on (as workflows/collections.ts chooses them). */
function underSchedule(state: CollectionsState, policy: DunningPolicy): CollectedInvoice[] {
  return state.invoices.filter((i) => !i.withAgency && !(state.pending && nextStep(i, policy)?.step.action === 'lead_decision'));
}

/**
 * One day of a customer's collections workflow, in its loop's order: on the day's first wake read the
 * approvers again, withdraw an AR lead's question whose invoices were all paid, lift a hold whose invoices
 * are all paid, then act on whatever dunningDueOn says is due, again, until nothing is. Updates `state` as
 * the workflow would and counts the activity calls its fakes would see (no one decides, pays or disputes
 * during the bench, so no question is withdrawn and no hold lifted: the rules are here to stay in step).
 */
function runDay(customerNumber: string, state: CollectionsState, policy: DunningPolicy, today: string): DayWork {
  const work = emptyWork();
  const call = (...names: string[]) => { for (const n of names) work.activities[n] = (work.activities[n] ?? 0) + 1; };
  // The workflow wakes when its timer says (nextDunningDay's opening) and, at the top of the loop, reads
  // its approvers again unless it read them today already.
  const wakeDay = nextDunningDay(underSchedule(state, policy), policy, state.lastReminderOn);
  if (wakeDay === undefined || wakeDay > today) return work;
  if (!state.approvers || state.approversOn !== today) {
    call('listApprovers');
    state.approvers = APPROVERS;
    state.approversOn = today;
  }
  for (let round = 0; round < 50; round++) {
    if (state.pending && state.pending.invoiceNumbers.length === 0) {
      call('recordApprovalDecision');
      state.log.push({ on: today, what: 'AR lead decision withdrawn: the invoices were paid' });
      state.pending = undefined;
      state.decided = undefined;
    }
    if (state.onCreditHold) {
      const holdFor = state.holdFor ?? state.invoices.filter((i) => i.stepsTaken.includes('credit_hold')).map((i) => i.number);
      if (holdFor.every((n) => (state.paid ?? []).includes(n))) {
        state.holdFor = [];
        call('liftCreditHold');
        work.holdsLifted++;
        state.onCreditHold = false;
        state.log.push({ on: today, what: 'credit hold lifted' });
      }
    }
    const due = dunningDueOn(underSchedule(state, policy), policy, today, state.lastReminderOn);
    if (!due.reminder && due.creditHold.length === 0 && due.leadDecision.length === 0 && due.skipped.length === 0) return work;
    work.rounds++;
    const done: { number: string; step: CollectedInvoice['stepsTaken'][number]; skipped?: boolean }[] = due.skipped.map((s) => ({ ...s, skipped: true }));
    if (due.reminder) {
      const numbers = due.reminder.invoices.map((i) => i.number);
      call('composeDunningReminder', 'deliverEmail');
      work.reminders++;
      state.lastReminderOn = today;
      state.log.push({ on: today, what: `${due.reminder.step} reminder for ${numbers.join(', ')}` });
      done.push(...due.reminder.invoices);
    }
    if (due.creditHold.length > 0) {
      call('setCustomerCreditHold');
      work.holds++;
      state.onCreditHold = true;
      state.holdFor = [...new Set([...(state.holdFor ?? []), ...due.creditHold])];
      state.log.push({ on: today, what: `credit hold for ${due.creditHold.join(', ')}` });
      done.push(...due.creditHold.map((number) => ({ number, step: 'credit_hold' as const })));
    }
    if (due.leadDecision.length > 0) {
      call('listApprovers', 'openApproval', 'composeDeskNotice', 'deliverEmail');
      work.decisions++;
      const invoices = state.invoices.filter((i) => due.leadDecision.includes(i.number));
      state.pending = {
        invoiceNumbers: due.leadDecision, approvalId: `approval:${customerNumber}:${due.leadDecision.join(',')}`,
        amountMinor: invoices.reduce((s, i) => s + chasedMinor(i), 0), currency: invoices[0]!.currency, approvers: APPROVERS,
      };
      state.log.push({ on: today, what: `AR lead decision asked for ${due.leadDecision.join(', ')}` });
      done.push(...due.leadDecision.map((number) => ({ number, step: 'lead_decision' as const })));
    }
    state.invoices = recordSteps(state.invoices, done, today) as CollectedInvoice[];
  }
  throw new Error(`${customerNumber}: the policy keeps finding work on ${today} (a loop in the simulation)`);
}

/** The same invoices every run. */
const prng = seededRandom;
const between = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

interface Customer { number: string; workflowId: string; state: CollectionsState; wakeDay: string | undefined; day: DayWork }

/**
 * A customer with `count` open invoices due between 60 days before and 30 days after `day` (the measured
 * day), some partly paid (re-aged), partly disputed or promised; its workflow state walked through the
 * day before `day` with the real policy, so the workflow finds nothing due until its next step; `day`'s
 * work predicted on a copy.
 */
function makeCustomer(rand: () => number, index: number, count: number, day: string): Customer {
  const number = `C-${String(index + 1).padStart(6, '0')}`;
  const invoices: CollectedInvoice[] = [];
  for (let k = 0; k < count; k++) {
    const dueDate = addDays(day, between(rand, -60, 30));
    const totalMinor = between(rand, 5_000, 500_000);
    const invoice: CollectedInvoice = {
      number: `INV-${number.slice(2)}-${k + 1}`, workflowId: `invoice-${number}-${k + 1}`, poNumber: `PO-${number.slice(2)}-${k + 1}`,
      dueDate, currency: 'USD', totalMinor, openMinor: totalMinor, disputedMinor: 0, stepsTaken: [],
    };
    const r = rand();
    const overdue = Math.round((Date.parse(day) - Date.parse(dueDate)) / 86_400_000);
    if (r < 0.1 && overdue > 2) { invoice.openMinor = Math.round(totalMinor * 0.6); invoice.reagedOn = addDays(dueDate, between(rand, 1, overdue - 1)); }
    else if (r < 0.15) invoice.disputedMinor = Math.round(totalMinor * 0.25);
    else if (r < 0.18) invoice.promisedUntil = addDays(day, between(rand, -5, 10));
    invoices.push(invoice);
  }
  const state: CollectionsState = { invoices, onCreditHold: false, log: [], approvers: APPROVERS };
  const first = addDays(invoices.map((i) => i.dueDate).sort()[0]!, POLICY.steps[0]!.offsetDays - 1);
  for (let d = first; d < day; d = addDays(d, 1)) runDay(number, state, POLICY, d);
  // Started on the day before `day` with its approvers read that day: the start itself calls nothing.
  state.approvers = APPROVERS;
  state.approversOn = addDays(day, -1);
  const wakeDay = nextDunningDay(underSchedule(state, POLICY), POLICY, state.lastReminderOn);
  const copy = structuredClone(state);
  return { number, workflowId: collectionsWorkflowId(number), state, wakeDay, day: runDay(number, copy, POLICY, day) };
}

// ─────────────────────────── one measured run (a child process) ───────────────────────────

interface RunConfig { label: string; invoices: number; perCustomer: number; maxCachedWorkflows?: number; seed: number; bundlePath: string }

interface Memory { rss: number; heapUsed: number }
interface RunResult {
  label: string; invoices: number; workflows: number; maxCachedWorkflows: number; measuredDay: string;
  startSeconds: number; parkSeconds: number; wakeMismatches: number; shortTimers: number;
  /** The server's clock once every workflow parked, and how many workflows started on another day than the start day. */
  clock: { startDay: string; parkedAt: string; startedOff: number; callsAtStart: number };
  daySeconds: number; sleepReturnedSeconds: number;
  predicted: { woken: number; acting: number; calls: Record<string, number>; reminders: number; holds: number; decisions: number; holdsLifted: number };
  actual: { woken: number; acting: number; calls: Record<string, number>; activations: number; unexpectedWakers: number; extraActivationsAfter: number; perWorkflowMismatches: string[] };
  memory: { beforeWorker: Memory; idle: Memory; parked: Memory; afterDay: Memory; cachedParked: number; cachedAfterDay: number; serverRss: number };
  history: { sampled: number; eventsAvg: number; eventsMax: number; payloadKiBAvg: number; inputKiBAvg: number; continueAsNewSuggested: number; events: { parked: number; day: number } };
  stateJsonKiBAvg: number; simSeconds: number;
}

function memoryNow(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** RSS of this process's descendants (the time-skipping server's JVM and its wrapper). */
function descendantsRss(): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) if (mine.has(ppid) && !mine.has(pid)) { mine.add(pid); grew = true; }
  }
  let total = 0;
  for (const pid of mine) {
    if (pid === process.pid) continue;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch { /* gone */ }
  }
  return total;
}

async function pool<T>(items: T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await each(items[next++]!);
  }));
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) { console.error(`  ! gave up waiting for ${what} after ${timeoutMs / 1000} s`); return false; }
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** Sum of the payload bytes in a history (inputs, activity arguments and results). */
function payloadBytes(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > 12) return 0;
  if (value instanceof Uint8Array) return 0;
  let total = 0;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'data' && v instanceof Uint8Array) total += v.length;
    else total += payloadBytes(v, depth + 1);
  }
  return total;
}

/** Protobuf seconds, a number or a Long. */
function seconds(value: unknown): number {
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') return Number(value.toNumber());
  return Number(value ?? 0);
}

async function measure(cfg: RunConfig): Promise<RunResult> {
  const env = await startTimeSkipping();
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    // Noon (UTC) with at least an hour to go: the workflows start "today" and park; "tomorrow" is measured.
    const nowMs = await env.currentTimeMs();
    let noon = Date.parse(`${new Date(nowMs).toISOString().slice(0, 10)}T12:00:00Z`);
    if (noon - nowMs < 3_600_000) noon += 86_400_000;
    await env.sleep(noon - nowMs);
    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const day = addDays(today, 1);

    const simStart = performance.now();
    const rand = prng(cfg.seed);
    const customers: Customer[] = [];
    for (let made = 0, i = 0; made < cfg.invoices; i++) {
      const count = Math.min(cfg.perCustomer, cfg.invoices - made);
      customers.push(makeCustomer(rand, i, count, day));
      made += count;
    }
    const simSeconds = (performance.now() - simStart) / 1000;
    const byId = new Map(customers.map((c) => [c.workflowId, c]));
    const stateJsonKiBAvg = customers.reduce((s, c) => s + JSON.stringify(c.state).length, 0) / customers.length / 1024;

    // What each workflow does, from the sink (activations) and the fake activities (calls).
    type Seen = { activations: number; firstAt: number; lastActivities: number; lastWall: number; wakeAt?: number; closed: boolean; short: number };
    let seen = new Map<string, Seen>();
    let calls = new Map<string, Record<string, number>>();
    let activationsTotal = 0;
    const concluded = (workflowId: string, s: ActivationSummary) => {
      const rec = seen.get(workflowId) ?? { activations: 0, firstAt: s.at, lastActivities: 0, lastWall: 0, closed: false, short: 0 };
      rec.activations++;
      rec.lastActivities = s.activities.length;
      rec.lastWall = performance.now();
      if (s.timers.length > 0) rec.wakeAt = s.at + Math.max(...s.timers);
      if (s.timers.some((ms) => ms <= 1_000)) rec.short++;
      if (s.closed) rec.closed = true;
      seen.set(workflowId, rec);
      activationsTotal++;
    };
    const sinks: InjectedSinks<CollectionsScaleSinks> = {
      collectionsScale: { concluded: { fn: (info, summary) => concluded(info.workflowId, summary), callDuringReplay: false } },
    };
    const count = (name: string) => {
      const id = Context.current().info.workflowExecution?.workflowId ?? '(none)';
      const mine = calls.get(id) ?? {};
      mine[name] = (mine[name] ?? 0) + 1;
      calls.set(id, mine);
    };
    // The shape of the fakes in test/timeskip/collections.test.ts, counting instead of recording.
    const activities = {
      async composeDunningReminder(r: DunningReminderRequest) { count('composeDunningReminder'); return { outboundId: r.idempotencyKey }; },
      async deliverEmail(id: string) { count('deliverEmail'); return { messageId: `<${id}@bench.test>`, alreadySent: false }; },
      async setCustomerCreditHold(h: { onHold: boolean }) { count(h.onHold ? 'setCustomerCreditHold' : 'liftCreditHold'); },
      async listApprovers() { count('listApprovers'); return APPROVERS; },
      async openApproval(a: { subjectId: string }) { count('openApproval'); return { approvalId: `approval:${a.subjectId}` }; },
      async composeDeskNotice(n: { idempotencyKey: string }) { count('composeDeskNotice'); return { outboundId: n.idempotencyKey }; },
      async recordCollectionDecision() { count('recordCollectionDecision'); },
      async recordApprovalDecision() { count('recordApprovalDecision'); },
      async recordCollectionNote() { count('recordCollectionNote'); },
      async openInvoiceDispute() { count('openInvoiceDispute'); return {}; },
    };

    const beforeWorker = memoryNow();
    worker = await Worker.create({
      connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowBundle: { codePath: cfg.bundlePath }, activities, sinks,
      ...(cfg.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: cfg.maxCachedWorkflows }),
    });
    running = worker.run();
    // One throwaway workflow first (a customer with nothing owed: it returns at once), so the one-time cost
    // of loading the bundle into the worker's workflow context is in "idle", not in the per-workflow growth.
    // Started, and its end seen through the sink, never awaited with result(): the test client unlocks time
    // skipping while it awaits a result, and the server then skips to its next timer, here the 10-year
    // schedule-to-close deadline of the warm-up's listApprovers activity (left in its timer queue after the
    // activity completed): every customer would start ten years on, with everything overdue.
    await env.client.workflow.start(collectionsWorkflow, { taskQueue: TASK_QUEUE, workflowId: 'collections-warmup', args: [{ customerNumber: 'C-WARMUP', window: WINDOW }] });
    await until('the warm-up workflow to end', () => seen.get('collections-warmup')?.closed === true, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    seen = new Map();
    calls = new Map();
    const idle = memoryNow();

    // ── Start every customer's workflow with its invoices carried in. ──
    const handles: WorkflowHandle<typeof collectionsWorkflow>[] = [];
    const startBegin = performance.now();
    await pool(customers, START_CONCURRENCY, async (c) => {
      handles.push(await env.client.workflow.start(collectionsWorkflow, {
        taskQueue: TASK_QUEUE, workflowId: c.workflowId, args: [{ customerNumber: c.number, policy: POLICY, window: WINDOW, carried: c.state }],
      }));
    });
    const startSeconds = (performance.now() - startBegin) / 1000;
    const parked = () => customers.every((c) => { const s = seen.get(c.workflowId); return s !== undefined && s.lastActivities === 0; });
    await until('every workflow to park', parked, 300_000);
    const parkSeconds = (performance.now() - startBegin) / 1000;
    // The clock must not have moved off the start day while the workflows started and parked (time is
    // locked outside env.sleep, so it runs at wall-clock speed): else the carried state is out of date.
    const parkedAt = new Date(await env.currentTimeMs()).toISOString();
    const startedOff = [...seen.values()].filter((s) => new Date(s.firstAt).toISOString().slice(0, 10) !== today).length;
    if (parkedAt.slice(0, 10) !== today || startedOff > 0) console.error(`  ! the clock moved during the start: ${today} expected, server at ${parkedAt}, ${startedOff} workflows started on another day`);
    const callsAtStart = [...calls.values()].reduce((s, c) => s + totalCalls(c), 0);
    if (callsAtStart > 0) {
      const byName: Record<string, number> = {};
      for (const c of calls.values()) for (const [k, v] of Object.entries(c)) byName[k] = (byName[k] ?? 0) + v;
      console.error(`  ! ${callsAtStart} activity calls on the start day: the carried state was not up to date (${Object.entries(byName).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    }
    let wakeMismatches = 0;
    let shortTimers = 0;
    for (const c of customers) {
      const s = seen.get(c.workflowId)!;
      shortTimers += s.short;
      const expected = c.wakeDay === undefined ? undefined : openingOn(c.wakeDay, WINDOW);
      const got = s.wakeAt === undefined ? undefined : new Date(s.wakeAt).toISOString().slice(0, 10);
      if (got !== (expected === undefined ? undefined : new Date(expected).toISOString().slice(0, 10))) wakeMismatches++;
    }
    await new Promise((r) => setTimeout(r, 300));
    const parkedMemory = memoryNow();
    const cachedParked = worker.getStatus().numCachedWorkflows;
    const eventsParked = (await Promise.all(handles.slice(0, 20).map(async (h) => (await h.fetchHistory()).events?.length ?? 0))).reduce((a, b) => a + b, 0) / Math.min(20, handles.length);

    // ── The day: skip to its opening (and an hour on, so the sleep returns once the server is idle). ──
    const predictedWoken = customers.filter((c) => c.wakeDay === day);
    const predictedCalls: Record<string, number> = {};
    for (const c of customers) for (const [k, v] of Object.entries(c.day.activities)) predictedCalls[k] = (predictedCalls[k] ?? 0) + v;
    const predictedTotal = totalCalls(predictedCalls);
    seen = new Map();
    calls = new Map();
    activationsTotal = 0;
    const target = Date.parse(`${day}T01:00:00Z`);
    const dayBegin = performance.now();
    await env.sleep(target - await env.currentTimeMs());
    const sleepReturnedSeconds = (performance.now() - dayBegin) / 1000;
    const callCount = () => [...calls.values()].reduce((s, c) => s + totalCalls(c), 0);
    await until('the day\'s activity calls', () => callCount() >= predictedTotal && predictedWoken.every((c) => { const s = seen.get(c.workflowId); return s !== undefined && s.lastActivities === 0; }), 120_000);
    const lastWall = Math.max(dayBegin, ...[...seen.values()].map((s) => s.lastWall));
    const daySeconds = (lastWall - dayBegin) / 1000;
    const activationsAtEnd = activationsTotal;
    await new Promise((r) => setTimeout(r, 2_000)); // anything still ticking (a timer loop) shows up here
    const extraActivationsAfter = activationsTotal - activationsAtEnd;

    const actualCalls: Record<string, number> = {};
    for (const c of calls.values()) for (const [k, v] of Object.entries(c)) actualCalls[k] = (actualCalls[k] ?? 0) + v;
    const perWorkflowMismatches: string[] = [];
    for (const c of customers) {
      const got = calls.get(c.workflowId) ?? {};
      const keys = new Set([...Object.keys(got), ...Object.keys(c.day.activities)]);
      for (const k of keys) if ((got[k] ?? 0) !== (c.day.activities[k] ?? 0)) { perWorkflowMismatches.push(`${c.workflowId} ${k}: predicted ${c.day.activities[k] ?? 0}, got ${got[k] ?? 0}`); break; }
    }
    const predictedIds = new Set(predictedWoken.map((c) => c.workflowId));
    const unexpectedWakers = [...seen.keys()].filter((id) => !predictedIds.has(id)).length;
    const afterDay = memoryNow();
    const cachedAfterDay = worker.getStatus().numCachedWorkflows;
    const serverRss = descendantsRss();

    // ── History sizes: an even sample of the workflows, after the start day and the measured day. ──
    const step = Math.max(1, Math.floor(handles.length / HISTORY_SAMPLE));
    const sample = handles.filter((_, i) => i % step === 0).slice(0, HISTORY_SAMPLE);
    const histories = await Promise.all(sample.map((h) => h.fetchHistory()));
    const events = histories.map((h) => h.events?.length ?? 0);
    const dayEvents = histories.map((h) => (h.events ?? []).filter((e) => seconds(e.eventTime?.seconds) * 1000 >= Date.parse(`${day}T00:00:00Z`)).length)
      .filter((n) => n > 0);
    const history = {
      sampled: histories.length,
      eventsAvg: events.reduce((a, b) => a + b, 0) / events.length,
      eventsMax: Math.max(...events),
      payloadKiBAvg: histories.reduce((s, h) => s + payloadBytes(h), 0) / histories.length / 1024,
      inputKiBAvg: histories.reduce((s, h) => s + payloadBytes(h.events?.[0]?.workflowExecutionStartedEventAttributes?.input), 0) / histories.length / 1024,
      continueAsNewSuggested: histories.filter((h) => (h.events ?? []).some((e) => e.workflowTaskStartedEventAttributes?.suggestContinueAsNew)).length,
      events: { parked: eventsParked, day: dayEvents.length ? dayEvents.reduce((a, b) => a + b, 0) / dayEvents.length : 0 },
    };

    const sum = (f: (w: DayWork) => number) => customers.reduce((s, c) => s + f(c.day), 0);
    return {
      label: cfg.label, invoices: cfg.invoices, workflows: customers.length, maxCachedWorkflows: worker.options.maxCachedWorkflows, measuredDay: day,
      startSeconds, parkSeconds, wakeMismatches, shortTimers, daySeconds, sleepReturnedSeconds,
      clock: { startDay: today, parkedAt, startedOff, callsAtStart },
      predicted: {
        woken: predictedWoken.length, acting: customers.filter((c) => c.day.rounds > 0).length, calls: predictedCalls,
        reminders: sum((w) => w.reminders), holds: sum((w) => w.holds), decisions: sum((w) => w.decisions), holdsLifted: sum((w) => w.holdsLifted),
      },
      actual: { woken: seen.size, acting: calls.size, calls: actualCalls, activations: activationsAtEnd, unexpectedWakers, extraActivationsAfter, perWorkflowMismatches: perWorkflowMismatches.slice(0, 10) },
      memory: { beforeWorker, idle, parked: parkedMemory, afterDay, cachedParked, cachedAfterDay, serverRss },
      history, stateJsonKiBAvg, simSeconds,
    };
  } finally {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env.teardown();
  }
}

// ─────────────────────────── the orchestrating process ───────────────────────────

const RESULT_MARK = 'COLLECTIONS_SCALE_RESULT ';

function runChild(cfg: RunConfig): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--child', JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as RunResult);
      else reject(new Error(`run ${cfg.label} exited with ${code}${out ? `:\n${out}` : ''}`));
    });
  });
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number`);
  return value;
}

const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const perK = (bytes: number, workflows: number) => (bytes / MiB / (workflows / 1000)).toFixed(1);
const fmtCalls = (c: Record<string, number>) => Object.entries(c).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
const same = (a: Record<string, number>, b: Record<string, number>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => (a[k] ?? 0) === (b[k] ?? 0));

function report(results: RunResult[]): void {
  const base = results[0]!;
  console.log('\ncollections at scale: one collectionsWorkflow per customer, time-skipping test server, counting fake activities');
  console.log(`measured day: ${base.measuredDay} (all steps due at 00:00 UTC); the bench process hosts client and worker\n`);
  const cols: [string, (r: RunResult) => string][] = [
    ['run', (r) => r.label],
    ['invoices', (r) => String(r.invoices)],
    ['workflows', (r) => String(r.workflows)],
    ['cache', (r) => String(r.maxCachedWorkflows)],
    ['start wf/s', (r) => (r.workflows / r.startSeconds).toFixed(0)],
    ['parked s', (r) => r.parkSeconds.toFixed(2)],
    ['woke', (r) => `${r.actual.woken}/${r.predicted.woken}`],
    ['calls', (r) => `${totalCalls(r.actual.calls)}/${totalCalls(r.predicted.calls)}`],
    ['day s', (r) => r.daySeconds.toFixed(2)],
    ['ms/inv', (r) => (r.daySeconds * 1000 / r.invoices).toFixed(3)],
    ['ms/call', (r) => (r.daySeconds * 1000 / Math.max(1, totalCalls(r.actual.calls))).toFixed(2)],
    ['RSS idle', (r) => mib(r.memory.idle.rss)],
    ['RSS parked', (r) => mib(r.memory.parked.rss)],
    ['RSS day', (r) => mib(r.memory.afterDay.rss)],
    ['ΔRSS/1k wf', (r) => perK(r.memory.parked.rss - r.memory.idle.rss, r.workflows)],
    ['main heap', (r) => mib(r.memory.parked.heapUsed)],
    ['Δheap/1k wf', (r) => perK(r.memory.parked.heapUsed - r.memory.idle.heapUsed, r.workflows)],
    ['cached', (r) => `${r.memory.cachedParked}/${r.memory.cachedAfterDay}`],
    ['server RSS', (r) => mib(r.memory.serverRss)],
  ];
  const rows = [cols.map(([h]) => h), ...results.map((r) => cols.map(([, f]) => f(r)))];
  const widths = cols.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log('  (woke: workflows active on the day / predicted to wake; calls: activity calls / predicted by dunningDueOn; day s: skip to the day\'s');
  console.log('   opening until the last woken workflow parked again; RSS in MiB, idle = worker up after one warm-up workflow, parked = all parked,');
  console.log('   day = after the day; main heap = heapUsed of the main thread after gc (the workflows run in the SDK\'s worker thread: RSS only);');
  console.log('   cached: workflows in the sticky cache, parked/after the day; server RSS: the time-skipping server\'s JVM)');

  console.log(`\nratios against the baseline (${base.label}: ${base.invoices} invoices, ${base.workflows} workflows)`);
  for (const r of results.slice(1)) {
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
    console.log(`  ${r.label} (${r.invoices} invoices, ${r.workflows} workflows, cache ${r.maxCachedWorkflows}) vs baseline:`);
    console.log(`    start time per workflow        ${ratio(r.startSeconds / r.workflows, base.startSeconds / base.workflows)}   (to parked: ${ratio(r.parkSeconds / r.workflows, base.parkSeconds / base.workflows)})`);
    console.log(`    day's wall time per invoice    ${ratio(r.daySeconds / r.invoices, base.daySeconds / base.invoices)}   per activity call: ${ratio(r.daySeconds / totalCalls(r.actual.calls), base.daySeconds / totalCalls(base.actual.calls))}   total: ${ratio(r.daySeconds, base.daySeconds)} for ${ratio(r.invoices, base.invoices)} the invoices`);
    console.log(`    RSS growth per 1,000 workflows ${perK(r.memory.parked.rss - r.memory.idle.rss, r.workflows)} MiB vs ${perK(base.memory.parked.rss - base.memory.idle.rss, base.workflows)} MiB (baseline's is ${base.workflows} workflows: noisier)`);
  }
  // Marginal growth between runs with the default cache: per-process constants cancel out.
  const plain = results.filter((r) => r.maxCachedWorkflows === base.maxCachedWorkflows);
  for (let i = 1; i < plain.length; i++) {
    const [a, b] = [plain[i - 1]!, plain[i]!];
    console.log(`  marginal parked RSS ${a.label} → ${b.label}: ${perK(b.memory.parked.rss - a.memory.parked.rss, b.workflows - a.workflows)} MiB per 1,000 more workflows (${((b.memory.parked.rss - a.memory.parked.rss) / (b.invoices - a.invoices) / 1024).toFixed(1)} KiB per invoice)`);
  }

  console.log('\nthe measured day, per run');
  for (const r of results) {
    const ok = same(r.actual.calls, r.predicted.calls) && r.actual.perWorkflowMismatches.length === 0;
    console.log(`  ${r.label}: ${r.predicted.reminders} reminders, ${r.predicted.holds} credit holds, ${r.predicted.decisions} lead decisions asked, ${r.predicted.holdsLifted} holds lifted (predicted); ${r.predicted.acting} of ${r.workflows} workflows act, ${r.predicted.woken} wake`);
    console.log(`    predicted calls: ${fmtCalls(r.predicted.calls)}`);
    console.log(`    actual calls:    ${fmtCalls(r.actual.calls)}`);
    if (!ok) {
      console.log('    !!!!!!!! MISMATCH: the workflows did not do what dunningDueOn predicts for the day !!!!!!!!');
      for (const m of r.actual.perWorkflowMismatches) console.log(`      ${m}`);
    }
    console.log(`    started on ${r.clock.startDay}; server clock once all parked ${r.clock.parkedAt}; activity calls at start ${r.clock.callsAtStart}`);
    if (r.clock.startedOff > 0 || r.clock.parkedAt.slice(0, 10) !== r.clock.startDay) console.log(`    !!!!!!!! the clock moved off the start day during the start: ${r.clock.startedOff} workflows started on another day !!!!!!!!`);
    if (r.wakeMismatches > 0) console.log(`    !!!!!!!! ${r.wakeMismatches} workflows parked on a timer for another day than nextDunningDay says !!!!!!!!`);
    if (r.actual.unexpectedWakers > 0) console.log(`    ! ${r.actual.unexpectedWakers} workflows woke on the day that were not predicted to`);
    if (r.shortTimers > 0 || r.actual.extraActivationsAfter > 0) console.log(`    ! timer loop: ${r.shortTimers} timers of ≤ 1 s at start, ${r.actual.extraActivationsAfter} activations in the 2 s after the day settled`);
    console.log(`    ${r.actual.activations} activations on the day; sleep to 01:00 returned after ${r.sleepReturnedSeconds.toFixed(2)} s; last workflow re-parked after ${r.daySeconds.toFixed(2)} s`);
    console.log(`    history (${r.history.sampled} sampled): ${r.history.eventsAvg.toFixed(1)} events avg (max ${r.history.eventsMax}); parked after start ${r.history.events.parked.toFixed(1)}, +${r.history.events.day.toFixed(1)} on the day for those that woke; payloads ${r.history.payloadKiBAvg.toFixed(1)} KiB avg (input ${r.history.inputKiBAvg.toFixed(1)} KiB; carried state ${r.stateJsonKiBAvg.toFixed(1)} KiB JSON); continue-as-new suggested in ${r.history.continueAsNewSuggested}`);
  }
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const result = await measure(JSON.parse(process.argv[childAt + 1]!) as RunConfig);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
    return;
  }
  const invoices = arg('invoices', 10_000);
  const perCustomer = Math.max(1, arg('per-customer', 10));
  const baseline = arg('baseline', 100);
  const smallCache = arg('small-cache', 100);
  const seed = arg('seed', 7);
  const preloadAt = process.argv.indexOf('--preload');
  const preloadModules = preloadAt >= 0 ? (process.argv[preloadAt + 1] ?? '').split(',').filter(Boolean) : [];

  const began = performance.now();
  const { WORKFLOWS_PATH } = await import('../workers/desk-worker.js');
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [fileURLToPath(new URL('./collections-scale-interceptors.ts', import.meta.url))], logger: quiet,
    ...(preloadModules.length ? { preloadModules } : {}),
  });
  if (preloadModules.length) console.error(`preloading (shared across workflows in the reusable V8 context): ${preloadModules.join(', ')}`);
  const bundlePath = join(tmpdir(), `collections-scale-${process.pid}.js`);
  writeFileSync(bundlePath, bundle.code);
  console.error(`bundled the workflows once (${(bundle.code.length / 1024).toFixed(0)} KiB) in ${((performance.now() - began) / 1000).toFixed(1)} s`);

  const runs: RunConfig[] = [{ label: 'baseline', invoices: baseline, perCustomer, seed, bundlePath }];
  const middle = Math.round(invoices / 10);
  if (middle > baseline && middle < invoices) runs.push({ label: 'tenth', invoices: middle, perCustomer, seed, bundlePath });
  if (invoices > baseline) runs.push({ label: 'full', invoices, perCustomer, seed, bundlePath });
  const workflows = Math.ceil(invoices / perCustomer);
  if (smallCache >= 2 && smallCache < workflows) runs.push({ label: `full, cache ${smallCache}`, invoices, perCustomer, seed, bundlePath, maxCachedWorkflows: smallCache });

  const results: RunResult[] = [];
  try {
    for (const run of runs) {
      const t0 = performance.now();
      console.error(`run ${run.label}: ${run.invoices} invoices, ${Math.ceil(run.invoices / run.perCustomer)} workflows${run.maxCachedWorkflows ? `, maxCachedWorkflows ${run.maxCachedWorkflows}` : ''}…`);
      results.push(await runChild(run));
      console.error(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(bundlePath, { force: true });
  }
  report(results);
  console.log(`\ntotal ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

await main();
