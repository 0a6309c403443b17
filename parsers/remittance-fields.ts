// What a remittance advice says around its invoice table: who paid, how, the payment's reference, date
// and total, from labelled fields ("Check No: 10234", "Payment Date: 03/15/2027"), and the invoice
// references and amounts in the sentences AP clerks write ("Please apply check 10234 for $4,500.00 to
// invoices INV-1001 and INV-1002"). References are kept as written: matching normalises them later.
import { parseAmountMinor } from '../domain/money.js';
import type { PaymentMethod } from '../domain/payment-documents.js';
import { parseDate } from './layout-text.js';

export type Field = 'payer' | 'customerNumber' | 'paymentRef' | 'paidOn' | 'total' | 'method' | 'currency';

// Labels as payment advices print them, lower case, longest first when matched. Payee, vendor and
// beneficiary labels are us, not the payer, and are deliberately absent.
const LABELS: Record<Field, string[]> = {
  payer: ['payer', 'payer name', 'paid by', 'remitter', 'remitter name', 'remitted by', 'customer', 'customer name', 'company',
    'company name', 'originator', 'originator name', 'ordering customer', 'ordering party', 'sender', 'payment from', 'from company', 'debtor', 'debtor name'],
  customerNumber: ['customer number', 'customer no', 'customer no.', 'customer #', 'customer id', 'customer account', 'customer account number',
    'cust no', 'cust no.', 'cust #', 'client number', 'client no', 'your customer number', 'our account number', 'account with you'],
  paymentRef: ['check number', 'check no', 'check no.', 'check #', 'check num', 'cheque number', 'cheque no', 'cheque no.', 'cheque #',
    'payment number', 'payment no', 'payment no.', 'payment #', 'payment reference', 'payment ref', 'payment ref.', 'payment id',
    'payment document', 'payment document number', 'payment doc', 'payment doc no', 'document number', 'eft number', 'eft no', 'eft reference',
    'eft trace', 'eft trace number', 'ach trace', 'ach trace number', 'ach trace no', 'trace number', 'trace no', 'trace no.', 'trace #', 'trace id',
    'reference', 'reference number', 'reference no', 'reference no.', 'ref', 'ref.', 'ref no', 'ref no.', 'ref #', 'transaction id', 'transaction reference',
    'transaction number', 'wire reference', 'wire ref', 'wire number', 'fed reference', 'imad', 'confirmation number', 'confirmation no', 'confirmation #',
    'remittance number', 'remittance id', 'remittance reference', 'end to end id', 'end-to-end id', 'voucher number', 'voucher no'],
  paidOn: ['payment date', 'date paid', 'paid on', 'check date', 'cheque date', 'value date', 'settlement date', 'effective date',
    'effective entry date', 'date of payment', 'remittance date', 'payment run date', 'pay date', 'date issued', 'issue date', 'date'],
  total: ['total', 'total paid', 'total amount', 'total payment', 'total payment amount', 'payment amount', 'amount paid', 'check amount',
    'cheque amount', 'amount of payment', 'remittance amount', 'remittance total', 'grand total', 'payment total', 'total remitted',
    'amount remitted', 'total net amount', 'net payment', 'net payment amount', 'eft amount', 'ach amount', 'wire amount', 'amount', 'sum'],
  method: ['payment method', 'method', 'payment type', 'pay method', 'payment mode', 'paid via', 'payment via', 'payment instrument', 'remittance method'],
  currency: ['currency', 'currency code', 'curr', 'payment currency'],
};

const LABEL_LIST = Object.entries(LABELS).flatMap(([field, words]) => words.map((w) => ({ field: field as Field, word: w })))
  .sort((a, b) => b.word.length - a.word.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LABEL_RE = new RegExp(`^(${LABEL_LIST.map((l) => escape(l.word)).join('|')})(?![\\w])\\s*([:#=]|-(?=\\s))?\\s*`, 'i');

export interface LabelMatch { field: Field; label: string; value: string; separated: boolean }

/** "Check No: 10234" → paymentRef "10234"; a bare label ("Payment Date:") gives an empty value, for the next cell. */
export function matchLabel(cell: string): LabelMatch | undefined {
  const m = LABEL_RE.exec(cell.trim());
  if (!m) return undefined;
  const label = m[1]!.toLowerCase();
  const found = LABEL_LIST.find((l) => l.word === label);
  if (!found) return undefined;
  return { field: found.field, label, value: cell.trim().slice(m[0].length).trim(), separated: m[2] !== undefined };
}

/** The method a label or a method field names: "Check", "ACH", "EFT", "Wire transfer", "Credit card". */
export function methodFromWords(text: string): PaymentMethod | undefined {
  const t = text.toLowerCase();
  const found = new Set<PaymentMethod>();
  if (/\b(?:check|cheque|chk)\b/.test(t)) found.add('check');
  if (/\b(?:ach|eft|ccd\+?|ctx|ppd|direct deposit|electronic funds? transfer|e-?payment|sepa)\b/.test(t)) found.add('ach');
  if (/\b(?:wire|wired|fedwire|swift|telegraphic transfer|tt|chaps)\b/.test(t)) found.add('wire');
  if (/\b(?:credit card|debit card|card|visa|mastercard|amex|american express|discover)\b/.test(t)) found.add('card');
  if (/\block\s?box\b/.test(t)) found.add('lockbox');
  return found.size === 1 ? [...found][0] : undefined;
}

/** The method a payment reference's label implies: a check number is a check, a trace number an ACH. */
export function methodFromLabel(label: string): PaymentMethod | undefined {
  if (/check|cheque/.test(label)) return 'check';
  if (/eft|ach|trace/.test(label)) return 'ach';
  if (/wire|fed reference|imad/.test(label)) return 'wire';
  return undefined;
}

/** Slashes are US month/day unless the first number cannot be a month; dots are day.month. */
export function readDate(text: string): string | undefined {
  const s = text.trim().replace(/[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?$/i, '').replace(/,$/, '');
  const direct = parseDate(s);
  if (direct) return direct;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m && Number(m[1]) > 12) return parseDate(`${m[1]}.${m[2]}.${m[3]}`);
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) return parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s);
  if (m) return parseDate(Number(m[1]) > 12 ? `${m[1]}.${m[2]}.${m[3]}` : `${m[1]}/${m[2]}/${m[3]}`);
  return undefined;
}

const DATE_IN_TEXT = /\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}\/\d{1,2}\/\d{2}|\d{1,2}[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,-]*\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})\b/i;

/** The first date written in a piece of text. */
export function dateIn(text: string): string | undefined {
  const m = DATE_IN_TEXT.exec(text);
  return m ? readDate(m[1]!) : undefined;
}

// ---- invoice references in running text ----

export interface FoundRef { ref: string; index: number; end: number }

const PREFIXED_REF = /\b(?:INV|CM)[-#/]?\d[\w/-]*/gi;
const REF_LABEL = /\b(?:invoices?|inv\.?|bills?|credit\s+memos?|credit\s+notes?)(?:\s*(?:nos?\.|nos?\b|numbers?|nr\.?|num\.?|ids?|refs?\.?|#|:))*\s*/gi;
const REF_AT = /#?\s*((?:[A-Za-z]{1,6}[-/#]?)?\d[\w/-]*)/y;
const REF_SEPARATOR = /\s*(?:,|;|&|\+|\band\b|\bas well as\b)\s*(?:(?:invoices?|inv\.?|credit\s+memos?)\s*(?:no\.?|#)?\s*)?/iy;
const LOOKS_LIKE_DATE = /^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?$/;

function acceptableRef(ref: string, after: string): boolean {
  if (ref.length < 3 || ref.length > 40 || !/\d/.test(ref)) return false;
  if (LOOKS_LIKE_DATE.test(ref)) return false;
  if (/^\d+(?:st|nd|rd|th)$/i.test(ref)) return false;
  return !/^[.,]\d/.test(after); // "invoice 1,000.00" is an amount
}

/** Invoice (and credit memo) references written in text, as written, in order, each once. */
export function findInvoiceRefs(text: string): FoundRef[] {
  const found: FoundRef[] = [];
  PREFIXED_REF.lastIndex = 0;
  for (let m = PREFIXED_REF.exec(text); m; m = PREFIXED_REF.exec(text)) {
    const ref = m[0].replace(/[-/]+$/, '');
    if (acceptableRef(ref, text.slice(m.index + ref.length))) found.push({ ref, index: m.index, end: m.index + ref.length });
  }
  REF_LABEL.lastIndex = 0;
  for (let m = REF_LABEL.exec(text); m; m = REF_LABEL.exec(text)) {
    let at = m.index + m[0].length;
    for (;;) {
      REF_AT.lastIndex = at;
      const r = REF_AT.exec(text);
      if (!r) break;
      const ref = r[1]!.replace(/[-/]+$/, '');
      const start = r.index + r[0].length - r[1]!.length;
      if (!acceptableRef(ref, text.slice(start + ref.length))) break;
      found.push({ ref, index: start, end: start + ref.length });
      REF_SEPARATOR.lastIndex = start + ref.length;
      const sep = REF_SEPARATOR.exec(text);
      if (!sep || sep[0].length === 0) break;
      at = REF_SEPARATOR.lastIndex;
    }
    REF_LABEL.lastIndex = Math.max(REF_LABEL.lastIndex, at);
  }
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: FoundRef[] = [];
  for (const f of found) {
    if (kept.some((k) => f.index < k.end && k.index < f.end)) continue;
    if (kept.some((k) => k.ref.toUpperCase() === f.ref.toUpperCase())) continue;
    kept.push(f);
  }
  return kept;
}

// ---- amounts in running text ----

export interface FoundMoney { minor: number; index: number; end: number; isTotal: boolean; currency?: string }

/** Codes read as a currency beside a number; rarer ISO codes ("ALL", "TOP") are ordinary words too often. */
export const COMMON_CURRENCIES = new Set(['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'MXN', 'INR', 'CNY',
  'HKD', 'SGD', 'ZAR', 'PLN', 'CZK', 'BRL', 'KWD', 'BHD', 'OMR', 'KRW', 'HUF', 'ILS', 'AED', 'SAR', 'TND']);
const SYMBOL_CURRENCY: Record<string, string> = { '€': 'EUR', '£': 'GBP' };

const NUMBER = String.raw`\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?`;
const MONEY_RE = new RegExp(
  String.raw`(?<![\w.,])(?:(?:US|CA|C|A|AU|NZ)?(\$)|([€£¥])|\b([A-Z]{3}))\s?(${NUMBER})(?![\d])` +
  String.raw`|(?<![\w.,$€£-])(${NUMBER})\s?(?:([€£])|([A-Z]{3})\b)` +
  String.raw`|\b(?:for|of|amount|total|totaling|totalling|sum|paid|payment|remitted)\b\s*:?\s*(\d{1,3}(?:,\d{3})+\.\d{2}|\d{1,3}(?:\.\d{3})+,\d{2}|\d+[.,]\d{2})(?![\d.,]?\d)`,
  'g',
);
const TOTAL_BEFORE = /\b(?:total(?:ing|ling)?|in the amount of|amount of|sum of|(?:check|cheque|chk|payment|eft|ach|wire|transfer|remittance|deposit)\b[^.\n$€£]{0,25}\b(?:for|of|in)|remit(?:ted|ting)|sending|sent you|paid a total)\b[^\d\n]{0,12}$/i;

/** Amounts written with a currency sign or code, or with cents after an amount word, in order. */
export function findMoney(text: string, currency: string): FoundMoney[] {
  const out: FoundMoney[] = [];
  MONEY_RE.lastIndex = 0;
  for (let m = MONEY_RE.exec(text); m; m = MONEY_RE.exec(text)) {
    const code = m[3] ?? m[7];
    if (code && !COMMON_CURRENCIES.has(code)) { MONEY_RE.lastIndex = m.index + 1; continue; }
    const numberText = (m[4] ?? m[5] ?? m[8])!;
    const written = code ?? (m[2] ?? m[6] ? SYMBOL_CURRENCY[(m[2] ?? m[6])!] : undefined);
    const minor = parseAmountMinor(numberText, written ?? currency);
    if (minor === undefined || minor === 0) continue;
    const numberAt = m.index + m[0].lastIndexOf(numberText);
    out.push({
      minor, index: m.index, end: numberAt + numberText.length, currency: written,
      isTotal: TOTAL_BEFORE.test(text.slice(Math.max(0, m.index - 60), m[8] ? numberAt : m.index)),
    });
  }
  return out;
}

/** A payment reference written in a sentence: "check 10234", "ACH trace 091000012345678", "wire ref FT27015X". */
export function paymentRefInText(text: string): { ref: string; method?: PaymentMethod } | undefined {
  const patterns: [RegExp, PaymentMethod | undefined][] = [
    [/\b(?:check|cheque|chk)\s*(?:no\.?|number|num\.?|#)?\s*[:#]?\s*(\d{3,12})\b/i, 'check'],
    [/\b(?:ach|eft)\s*(?:trace|payment|transfer)?\s*(?:no\.?|number|#|id|ref(?:erence)?\.?)?\s*[:#]?\s*(\d[\dA-Z]{5,})\b/i, 'ach'],
    [/\btrace\s*(?:no\.?|number|#|id)?\s*[:#]?\s*(\d{6,})\b/i, 'ach'],
    [/\bwire\s*(?:transfer\s*)?(?:ref(?:erence)?\.?|no\.?|number|#|id)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})\b/i, 'wire'],
    [/\b(?:payment|confirmation|transaction)\s*(?:no\.?|number|#|id|ref(?:erence)?\.?)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,})\b/i, undefined],
  ];
  for (const [re, method] of patterns) {
    const m = re.exec(text);
    if (m && /\d/.test(m[1]!)) return method ? { ref: m[1]!, method } : { ref: m[1]! };
  }
  return undefined;
}

/** Method named in a sentence ("by check", "via ACH", "wired"); a bare "check" may be the verb and does not count. */
export function methodInText(text: string): PaymentMethod | undefined {
  const t = text.toLowerCase();
  const found = new Set<PaymentMethod>();
  if (/\b(?:by|via|per|our|enclosed|mailed|attached|paper)\s+(?:a\s+)?(?:check|cheque)\b|\b(?:check|cheque)\s*(?:no\.?|number|num|#|amount|date)?\s*[:#]?\s*\d/.test(t)) found.add('check');
  if (/\b(?:ach|eft|direct deposit|electronic funds? transfer|e-?payment|sepa)\b/.test(t)) found.add('ach');
  if (/\b(?:wire|wired|fedwire|swift transfer)\b/.test(t)) found.add('wire');
  if (/\b(?:credit card|by card|card payment|visa|mastercard|amex)\b/.test(t)) found.add('card');
  return found.size === 1 ? [...found][0] : undefined;
}
