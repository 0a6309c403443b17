// Money amounts in a customer's reply ("$1,234.50", "1.234,50 €", "USD 1234.5", "a payment of 980.00"),
// as integer minor units read by string handling: a float never holds an amount here.
// A bare number is not an amount (it may be an invoice, PO, check or phone number): it needs a currency
// sign or code, or two decimals right after a word like "amount", "total", "Betrag", "montant", "importe".

export interface FoundAmount {
  minor: number;
  index: number;
  /** Said to be the total ("total of $1,200.00", "Gesamtbetrag"): the one to keep when several are stated. */
  isTotal: boolean;
}

const NUM = String.raw`(\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const BEFORE = String.raw`(?:us\$|ca\$|[$€£]|\b(?:usd|eur|gbp|cad|aud|chf)\b)\s?`;
const AFTER = String.raw`\s?(?:[$€£]|\b(?:usd|eur|gbp|cad|aud|chf|euros?|dollars?)\b)`;
const LABEL = String.raw`\b(?:amount|total|sum|balance|payment|betrag|summe|zahlung|montant|somme|paiement|importe|monto|pago)\b(?:\s+(?:of|de|von|du|del))?\s*:?\s*`;
const AMOUNT = new RegExp(
  String.raw`(?<![\w.,])${BEFORE}${NUM}(?![\d])|(?<![\w.,$€£-])${NUM}${AFTER}|${LABEL}(\d{1,3}(?:[,.]\d{3})*[.,]\d{2}|\d+[.,]\d{2})(?![\d.,/-]?\d)`,
  'gi',
);
const TOTAL_BEFORE = /\b(?:total|totaling|totalling|gesamt\w*|insgesamt|montant\s+total|importe\s+total|sum(?:me)?\s+of|in\s+total|for\s+a\s+total\s+of)\b[^\d$€£]{0,25}$/i;

/**
 * "1,234.50", "1.234,50", "1 234,50", "1234.5", "1,234", "1.234": the last separator is the decimal mark
 * when one or two digits follow it; otherwise every separator groups thousands.
 */
export function parseMinor(number: string): number | undefined {
  const s = number.replace(/[\u00a0\u202f' ]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return undefined;
  const m = /^(.*?)[.,](\d{1,2})$/.exec(s);
  const whole = (m ? m[1]! : s).replace(/[.,]/g, '');
  const fraction = m ? m[2]!.padEnd(2, '0') : '00';
  if (!/^\d+$/.test(whole)) return undefined;
  const minor = Number(whole + fraction);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Every amount in the text, in order. */
export function findAmounts(text: string): FoundAmount[] {
  const out: FoundAmount[] = [];
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(text); m; m = AMOUNT.exec(text)) {
    const minor = parseMinor((m[1] ?? m[2] ?? m[3])!);
    if (minor === undefined || minor === 0) continue;
    out.push({ minor, index: m.index, isTotal: TOTAL_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index + (m[3] ? m[0].length - m[3].length : 0))) });
  }
  return out;
}

/** The one amount the reply states: a single distinct value, or the one said to be the total. */
export function statedAmount(amounts: FoundAmount[]): number | undefined {
  const distinct = [...new Set(amounts.map((a) => a.minor))];
  if (distinct.length === 1) return distinct[0];
  const totals = [...new Set(amounts.filter((a) => a.isTotal).map((a) => a.minor))];
  return totals.length === 1 ? totals[0] : undefined;
}
