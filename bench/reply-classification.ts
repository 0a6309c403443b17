// How well the billing-reply classifier labels the labelled set (test/fixtures/billing-replies/replies.json):
// per-class precision, recall, F1, support, overall accuracy, the confusion matrix, field accuracy, and
// throughput against two baselines measured in the same process: a naive keyword classifier over the whole
// body (what the rules must beat), and just extracting the customer's words (the floor of the work).
//   npx tsx bench/reply-classification.ts          (optional argument: timing rounds, default 20)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classifyBillingReply, type BillingReplyInput, type BillingReplyKind } from '../parsers/billing-reply.js';
import { bodyText, ownWords } from '../parsers/reply-text.js';

export interface LabelledReply {
  id: string;
  input: BillingReplyInput;
  expected: { kind: BillingReplyKind; invoiceNumbers?: string[]; promisedDate?: string; amountMinor?: number };
}

export const KINDS: BillingReplyKind[] = ['promise_to_pay', 'dispute', 'remittance_advice', 'w9_request', 'payment_instructions_request', 'invoice_copy_request', 'auto_reply', 'other'];

export function loadLabelledReplies(file = 'replies.json'): LabelledReply[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../test/fixtures/billing-replies/${file}`, import.meta.url)), 'utf8')) as LabelledReply[];
}

/** Replies written by hand without looking at the rules or the labelled set: an honest estimate of accuracy. */
export function loadHoldoutReplies(): LabelledReply[] {
  return loadLabelledReplies('holdout.json');
}

/** What a first attempt looks like: keywords anywhere in the body, quoted reminder included. */
export function naiveKind(input: BillingReplyInput): BillingReplyKind {
  const t = `${input.subject}\n${bodyText(input.text, input.html)}`.toLowerCase();
  if (/out of (the )?office|automatic reply/.test(t)) return 'auto_reply';
  if (/dispute|wrong|incorrect|damaged/.test(t)) return 'dispute';
  if (/remittance|paid|payment (was )?sent/.test(t)) return 'remittance_advice';
  if (/will pay|scheduled/.test(t)) return 'promise_to_pay';
  if (/w-?9/.test(t)) return 'w9_request';
  if (/bank details|wire instructions|remit to/.test(t)) return 'payment_instructions_request';
  if (/copy/.test(t)) return 'invoice_copy_request';
  return 'other';
}

export interface Scores {
  accuracy: number;
  perClass: Record<BillingReplyKind, { precision: number; recall: number; f1: number; support: number; predicted: number }>;
  confusion: Record<BillingReplyKind, Record<BillingReplyKind, number>>;
  wrong: { id: string; expected: BillingReplyKind; got: BillingReplyKind }[];
}

export function score(pairs: { id: string; expected: BillingReplyKind; got: BillingReplyKind }[]): Scores {
  const confusion = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(KINDS.map((j) => [j, 0]))])) as Scores['confusion'];
  for (const p of pairs) confusion[p.expected][p.got]++;
  const perClass = {} as Scores['perClass'];
  for (const k of KINDS) {
    const tp = confusion[k][k];
    const support = KINDS.reduce((n, j) => n + confusion[k][j], 0);
    const predicted = KINDS.reduce((n, j) => n + confusion[j][k], 0);
    const precision = predicted ? tp / predicted : 1;
    const recall = support ? tp / support : 1;
    perClass[k] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support, predicted };
  }
  const right = pairs.filter((p) => p.expected === p.got).length;
  return { accuracy: right / pairs.length, perClass, confusion, wrong: pairs.filter((p) => p.expected !== p.got) };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

const pct = (x: number) => (100 * x).toFixed(1).padStart(5) + '%';
const short: Record<BillingReplyKind, string> = { promise_to_pay: 'promise', dispute: 'dispute', remittance_advice: 'remit', w9_request: 'w9', payment_instructions_request: 'payinfo', invoice_copy_request: 'copy', auto_reply: 'auto', other: 'other' };

/** Prints per-class precision/recall/F1, accuracy against the naive baseline, the confusion matrix and field accuracy. */
function report(set: LabelledReply[]): Scores {
  const results = set.map((r) => ({ r, c: classifyBillingReply(r.input) }));
  const s = score(results.map(({ r, c }) => ({ id: r.id, expected: r.expected.kind, got: c.kind })));
  const naive = score(set.map((r) => ({ id: r.id, expected: r.expected.kind, got: naiveKind(r.input) })));
  console.log('class                          precision  recall     F1  support');
  for (const k of KINDS) {
    const c = s.perClass[k];
    console.log(`${k.padEnd(30)} ${pct(c.precision)}  ${pct(c.recall)}  ${pct(c.f1)}  ${String(c.support).padStart(7)}`);
  }
  console.log(`\noverall accuracy: ${pct(s.accuracy)}   (naive keyword baseline: ${pct(naive.accuracy)})`);
  console.log('\nconfusion matrix (rows: expected, columns: predicted)');
  console.log(' '.repeat(10) + KINDS.map((k) => short[k].padStart(8)).join(''));
  for (const k of KINDS) console.log(short[k].padEnd(10) + KINDS.map((j) => String(s.confusion[k][j]).padStart(8)).join(''));

  const field = (name: string, rows: { ok: boolean }[]) => console.log(`${name.padEnd(16)} ${pct(rows.filter((x) => x.ok).length / Math.max(1, rows.length))}  (${rows.filter((x) => x.ok).length}/${rows.length})`);
  console.log('\nfield accuracy');
  field('kind+promisedDate', results.filter(({ r }) => r.expected.promisedDate).map(({ r, c }) => ({ ok: c.promisedDate === r.expected.promisedDate })));
  field('invoiceNumbers', results.filter(({ r }) => r.expected.invoiceNumbers).map(({ r, c }) => ({ ok: sameSet(c.invoiceNumbers, r.expected.invoiceNumbers!) })));
  field('amountMinor', results.filter(({ r }) => r.expected.amountMinor !== undefined).map(({ r, c }) => ({ ok: c.amountMinor === r.expected.amountMinor })));
  const confidentWrong = results.filter(({ r, c }) => c.kind !== r.expected.kind && c.confidence >= 0.8).length;
  console.log(`wrong at confidence >= 0.8: ${confidentWrong}`);
  return s;
}

function main() {
  const set = loadLabelledReplies();
  console.log(`billing replies: ${set.length} labelled\n`);
  const s = report(set);

  const rounds = Number(process.argv[2] ?? 20);
  const time = (fn: () => void) => { fn(); const t = process.hrtime.bigint(); for (let i = 0; i < rounds; i++) fn(); return Number(process.hrtime.bigint() - t) / 1e9; };
  let sink = 0;
  const tClassify = time(() => { for (const r of set) sink += classifyBillingReply(r.input).confidence; });
  const tNaive = time(() => { for (const r of set) sink += naiveKind(r.input).length; });
  const tStrip = time(() => { for (const r of set) sink += ownWords(bodyText(r.input.text, r.input.html)).toLowerCase().length; });
  const rate = (secs: number) => (set.length * rounds) / secs;
  console.log(`\nthroughput (${rounds} rounds x ${set.length} replies)`);
  console.log(`classifier          ${rate(tClassify).toFixed(0).padStart(8)} replies/s`);
  console.log(`strip + lowercase   ${rate(tStrip).toFixed(0).padStart(8)} replies/s   classifier takes ${(tClassify / tStrip).toFixed(1)}x its time`);
  console.log(`naive keywords      ${rate(tNaive).toFixed(0).padStart(8)} replies/s   classifier takes ${(tClassify / tNaive).toFixed(1)}x its time`);
  if (process.env.SHOW_WRONG) for (const w of s.wrong) console.log('wrong', w);
  if (sink < 0) console.log(sink);

  const holdout = loadHoldoutReplies();
  console.log(`\n=== held-out set (written independently of the rules): ${holdout.length} labelled, test/fixtures/billing-replies/holdout.json ===\n`);
  const h = report(holdout);
  if (process.env.SHOW_WRONG) for (const w of h.wrong) console.log('held-out wrong', w);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
