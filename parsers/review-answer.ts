// Reads a CSR's answer to the desk's questions, written in plain words in a reply email:
//   "line 2 item WID-100", "line 1 qty 300", "line 3 price 4.25", "use list prices", "remove line 4",
//   "add 20 x FST-M8", "ship to: 12 Dock Rd, Tacoma WA", "need by 2026-12-10", "account terms", "confirmed",
//   "cancel order: wrong customer".
// Only what the CSR wrote counts: the quoted history and the signature are cut off first.
import { parseAmountMinor, parseQuantityMilli } from '../domain/money.js';
import type { ReviewInstruction } from '../domain/review-corrections.js';
import { parseDate } from './layout-text.js';

export interface ReadAnswer {
  instructions: ReviewInstruction[];
  /** Lines that look like instructions but were not understood: they go back to the CSR, never dropped. */
  notUnderstood: string[];
}

const QUOTE_HEADER = [
  /^On .{4,200}wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^-{2,}\s*Original Message\s*-{2,}/i, // Outlook (plain)
  /^_{8,}\s*$/, // Outlook (HTML converted): a rule above "From:"
  /^From:\s.+$/i, // Outlook's header block of the message replied to
  /^Le .{4,200}a écrit\s*:\s*$/i, /^Am .{4,200}schrieb .{1,200}:\s*$/i, // French, German clients
];

/** The text the CSR typed: everything above the quoted history and the signature. */
export function ownWords(body: string): string {
  const lines = body.replace(/\r/g, '').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (QUOTE_HEADER.some((re) => re.test(t)) && out.some((l) => l.trim())) break;
    if (/^--\s?$/.test(line)) break; // signature delimiter
    if (/^(?:thanks|thank\s+you|many\s+thanks|regards|best(?:\s+regards)?|kind\s+regards|cheers|sincerely)[\s,.!]*$/i.test(t)) break; // sign-off
    if (t.startsWith('>')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

const ITEM = String.raw`([A-Za-z0-9][A-Za-z0-9._\-/]*\d[A-Za-z0-9._\-/]*|[A-Za-z0-9]*\d[A-Za-z0-9._\-/]*)`;
const QTY = String.raw`(\d[\d,]*(?:\.\d{1,3})?)`;
const AMOUNT = String.raw`([$€£]?\s?\d[\d,]*(?:\.\d+)?)`;

type Rule = [RegExp, (m: RegExpExecArray) => ReviewInstruction | undefined];

const RULES: Rule[] = [
  // The whole order, only when said so: "cancel order line 3" names a line, and is not understood rather than taken as the order.
  [/^(?:please\s+)?cancel(?:\s+(?:this|the))?\s+order(?!\s+line\b)(?:\s*$|\s*[:\-–]\s*(.*)$|\s+(?:because|as|since)\s+(.*)$)/i, (m) => ({ kind: 'cancel', reason: (m[1] ?? m[2] ?? '').trim() || 'cancelled by the CSR in answer to a question' })],
  [/^(?:please\s+)?(?:remove|delete|drop|cancel)\s+line\s*#?\s*(\d+)\b/i, (m) => ({ kind: 'remove_line', lineNumber: Number(m[1]) })],
  [new RegExp(String.raw`^(?:please\s+)?add(?:\s+(?:a\s+)?line)?\s*:?\s*${QTY}\s*(?:x|×|of|pcs|ea)?\s+${ITEM}(?:\s*(?:@|at)\s*${AMOUNT})?\s*$`, 'i'),
    (m) => lineAdded(m[1]!, m[2]!, m[3])],
  [new RegExp(String.raw`^(?:please\s+)?add(?:\s+(?:a\s+)?line)?\s*:?\s*${ITEM}\s*(?:x|×)\s*${QTY}(?:\s*(?:@|at)\s*${AMOUNT})?\s*$`, 'i'),
    (m) => lineAdded(m[2]!, m[1]!, m[3])],
  [/^(?:please\s+)?(?:ignore|skip|drop)\s+(?:the\s+)?(?:unreadable|other|remaining)\s+(?:rows?|lines?)\b|^no\s+other\s+lines\b/i, () => ({ kind: 'ignore_unreadable_rows' })],
  [/\bline\s*#?\s*(\d+)\b.*\blist\s+price\b/i, (m) => ({ kind: 'use_list_price', lineNumber: Number(m[1]) })],
  [/\bline\s*#?\s*(\d+)\b.*\b(?:po|their|customer'?s?|the\s+po'?s)\s+price\b/i, (m) => ({ kind: 'use_po_price', lineNumber: Number(m[1]) })],
  [new RegExp(String.raw`\bline\s*#?\s*(\d+)\b.*?\b(?:unit\s+)?price\s*(?:is|should\s+be|=|:)?\s*${AMOUNT}`, 'i'), (m) => {
    const priceMinor = parseAmountMinor(m[2]!);
    return priceMinor === undefined ? undefined : { kind: 'set_price', lineNumber: Number(m[1]), unitPriceMinor: priceMinor };
  }],
  [new RegExp(String.raw`\bline\s*#?\s*(\d+)\b.*?\b(?:qty|quantity)\s*(?:is|should\s+be|=|:)?\s*${QTY}`, 'i'), (m) => {
    const quantityMilli = parseQuantityMilli(m[2]!);
    return quantityMilli === undefined || quantityMilli === 0 ? undefined : { kind: 'set_quantity', lineNumber: Number(m[1]), quantityMilli };
  }],
  [new RegExp(String.raw`\bline\s*#?\s*(\d+)\b.*?\b(?:item|sku|part(?:\s+(?:no\.?|number))?|product|should\s+be|is)\s*:?\s*${ITEM}\s*\.?$`, 'i'),
    (m) => ({ kind: 'set_item', lineNumber: Number(m[1]), itemCode: m[2]! })],
  [/^(?:please\s+)?(?:use|take|go\s+with|apply)\s+(?:the\s+|our\s+)*list\s+prices?\b/i, () => ({ kind: 'use_list_price' })],
  [/^(?:please\s+)?(?:use|take|honou?r|accept|apply)\s+(?:the\s+)?(?:po|their|customer'?s?)\s+prices?\b/i, () => ({ kind: 'use_po_price' })],
  [/^(?:ship|deliver)(?:\s*-?\s*to)\s*:?\s*(\S.{3,})$/i, (m) => ({ kind: 'set_ship_to', shipTo: m[1]!.trim() })],
  [/^(?:requested\s+(?:ship\s+|delivery\s+)?date|need(?:ed)?\s+by|deliver\s+by|ship\s+by|required\s+by)\s*:?\s*(.+)$/i, (m) => {
    const date = parseDate(m[1]!.trim());
    return date ? { kind: 'set_requested_date', date } : undefined;
  }],
  [/^currency\s*(?:is|:)?\s*([A-Z]{3})\b/i, (m) => ({ kind: 'set_currency', currency: m[1]!.toUpperCase() })],
  [/^(?:(?:use|keep|go\s+with)\s+)?(?:the\s+)?(?:account(?:'s)?|our|standard)\s+terms\b/i, () => ({ kind: 'keep_account_terms' })],
  [/^(?:the\s+)?(?:po\s+)?total\s+is\s+(?:fine|ok(?:ay)?|right|correct)\b|^ignore\s+the\s+(?:po\s+)?total\b/i, () => ({ kind: 'accept_total' })],
  [/^(?:ok(?:ay)?|yes|yep|confirm(?:ed)?|correct|all\s+correct|that'?s\s+(?:right|correct)|looks\s+(?:good|right|correct)|approved?|good\s+to\s+go)\b[\s.!,]*$/i, () => ({ kind: 'confirm_all' })],
];

function lineAdded(qty: string, itemCode: string, amount: string | undefined): ReviewInstruction | undefined {
  const quantityMilli = parseQuantityMilli(qty);
  if (quantityMilli === undefined || quantityMilli === 0) return undefined;
  const unitPriceMinor = amount === undefined ? undefined : parseAmountMinor(amount);
  if (amount !== undefined && unitPriceMinor === undefined) return undefined;
  return { kind: 'add_line', itemCode, quantityMilli, unitPriceMinor };
}

/** How many different changes a line names: item, quantity, price. */
function changesNamed(line: string): number {
  return [/\b(?:item|sku|part|product|should\s+be)\b/i, /\b(?:qty|quantity)\b/i, /\bprice\b/i].filter((re) => re.test(line)).length;
}

/** Lines with no instruction words and no figures are greetings and thanks, not instructions. */
function looksLikeInstruction(line: string): boolean {
  return /\d/.test(line) || /\b(?:line|item|qty|quantity|price|ship|cancel|remove|add|currency|total|date)\b/i.test(line);
}

export function readReviewAnswer(body: string): ReadAnswer {
  const instructions: ReviewInstruction[] = [];
  const notUnderstood: string[] = [];
  for (const raw of ownWords(body).split(/\n|;/)) {
    const line = raw.trim().replace(/^[-*•]\s*/, '').replace(/^\d+[.)]\s+(?=\D)/, '');
    if (!line) continue;
    // One change a line: a line naming an item and a quantity would otherwise lose one of them.
    if (/\bline\b/i.test(line) && changesNamed(line) > 1) {
      notUnderstood.push(`${line} (one change a line, please: e.g. "line 2 item WID-100" and "line 2 qty 5" on two lines)`);
      continue;
    }
    const instruction = firstInstruction(line);
    if (instruction) instructions.push(instruction);
    else if (looksLikeInstruction(line)) notUnderstood.push(line);
  }
  return { instructions, notUnderstood };
}

function firstInstruction(line: string): ReviewInstruction | undefined {
  for (const [re, build] of RULES) {
    const m = re.exec(line);
    if (m) return build(m);
  }
  return undefined;
}
