// How well and how fast the cash-application engine matches a generated desk (bench/cash-scenarios.ts):
//   1. Quality: 1,000 payments over 5,000 open invoices, per kind of case — applied automatically and
//      right, applied automatically and wrong (the number that must stay 0), sent to a person, left on
//      account, put in suspense.
//   2. Speed: 10,000 payments against 100,000 open invoices (payer identification + matching, in bank
//      order, booking as it goes), index build timed apart, beside two baselines in the same process: the
//      same engine on a desk a fifth the size, and a naive linear scan for each reference's exact number.
// Prints figures; asserts nothing (test/unit/cash-scenarios.test.ts holds the floors).
//   npm run bench:cash            (optional argument: seed of the quality desk, default 1)
import { compactReference } from '../domain/invoice-reference.js';
import { referencesInMemo } from '../domain/cash-matching.js';
import { runCashDesk, type DeskRun, type Tally } from './cash-harness.js';
import { generateCashScenarios, SCENARIO_KINDS, type CashScenarioSet } from './cash-scenarios.js';

const seed = Number(process.argv[2] ?? 1);
const pct = (x: number, of: number) => (of ? ((100 * x) / of).toFixed(1) : '—').padStart(6) + (of ? '%' : ' ');
const num = (x: number) => String(x).padStart(6);

// ── 1. Quality ──
const started = performance.now();
const desk = generateCashScenarios({ payments: 1_000, openInvoices: 5_000, customers: 400, seed });
const run = runCashDesk(desk);
console.log(`Cash matching on a generated desk (seed ${seed}): ${desk.payments.length} payments, ${desk.invoices.length} open invoices, ${desk.customers.length} customers\n`);
console.log('kind                 payments  knowable  auto ok  auto WRONG  exception  on acct  suspense   auto rate  wrong rate');
const row = (name: string, t: Tally) => console.log(
  `${name.padEnd(20)} ${num(t.payments)}    ${num(t.applicable)}   ${num(t.autoCorrect)}      ${num(t.autoWrong)}     ${num(t.exception)}   ${num(t.onAccount)}    ${num(t.suspense)}     ${pct(t.autoCorrect, t.payments)}     ${pct(t.autoWrong, t.payments)}`);
for (const kind of SCENARIO_KINDS) row(kind, run.byKind[kind]);
row('all', run.total);
const t = run.total;
console.log(`\nauto-match rate: ${pct(t.autoCorrect, t.payments)} of all payments, ${pct(t.autoCorrect, t.applicable)} of those the payment itself settles ("knowable")`);
console.log(`wrong-match rate: ${pct(t.autoWrong, t.payments)} (${t.autoWrong} applied automatically and wrong)`);
console.log(`("knowable" leaves out duplicates, unreadable amounts, ambiguous amounts and unknown payers without references: a person settles those.)`);
for (const w of run.wrong.slice(0, 20)) console.log(`  WRONG #${w.index} ${w.kind}: ${w.why} — ${w.note}`);

// ── 2. Speed ──
/** The floor a first attempt reaches: every reference compared with every invoice number. */
function naiveScan(set: CashScenarioSet, payments: number): { ms: number; found: number } {
  const numbers = set.invoices.map((i) => compactReference(i.number));
  let found = 0;
  const t0 = performance.now();
  for (const { payment } of set.payments.slice(0, payments)) {
    const lines = payment.remittance.length ? payment.remittance : referencesInMemo(payment.memo);
    for (const line of lines) {
      const wanted = compactReference(line.reference);
      for (let k = 0; k < numbers.length; k++) if (numbers[k] === wanted) { found++; break; }
    }
  }
  return { ms: performance.now() - t0, found };
}

/** The faster of two runs, so a busy machine's hiccup does not decide the figure. */
function timed(set: CashScenarioSet): DeskRun {
  const a = runCashDesk(set);
  const b = runCashDesk(set);
  return a.identifyMs + a.matchMs <= b.identifyMs + b.matchMs ? a : b;
}

const us = (ms: number, n: number) => ((1000 * ms) / n).toFixed(1).padStart(8) + ' µs';
const small = generateCashScenarios({ payments: 10_000, openInvoices: 20_000, customers: 2_000, seed: seed + 1 });
const large = generateCashScenarios({ payments: 10_000, openInvoices: 100_000, customers: 10_000, seed: seed + 2 });
runCashDesk(small); // warm the JIT
const smallRun = timed(small);
const largeRun = timed(large);
const naivePayments = 1_000;
const naiveSmall = naiveScan(small, naivePayments);
const naiveLarge = naiveScan(large, naivePayments);

console.log(`\nSpeed: 10,000 payments, identified and matched in bank order, each booked before the next`);
console.log('desk                                   index build   identify/payment   match/payment   total/payment   naive exact scan/payment');
const speedRow = (name: string, r: DeskRun, naive: { ms: number }) => console.log(
  `${name.padEnd(38)} ${(r.buildMs.toFixed(0) + ' ms').padStart(11)}   ${us(r.identifyMs, 10_000)}        ${us(r.matchMs, 10_000)}     ${us(r.identifyMs + r.matchMs, 10_000)}      ${us(naive.ms, naivePayments)}`);
speedRow('20,000 open invoices, 2,000 customers', smallRun, naiveSmall);
speedRow('100,000 open invoices, 10,000 customers', largeRun, naiveLarge);
const perSmall = (smallRun.identifyMs + smallRun.matchMs) / 10_000;
const perLarge = (largeRun.identifyMs + largeRun.matchMs) / 10_000;
console.log(`\n5× the open items costs ${(perLarge / perSmall).toFixed(2)}× per payment (the naive scan: ${(naiveLarge.ms / naiveSmall.ms).toFixed(2)}×);`);
console.log(`on 100,000 open invoices the engine takes ${(perLarge / (naiveLarge.ms / naivePayments)).toFixed(2)}× the time of the naive scan, which only finds exact numbers (naive scan timed on the first ${naivePayments} payments).`);
console.log(`auto-applied on the large desk: ${pct(largeRun.total.autoCorrect, largeRun.total.payments)}, wrong: ${largeRun.total.autoWrong}`);
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
