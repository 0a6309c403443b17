// How a payer's invoice reference is compared with our invoice numbers. Payers drop our prefix ("123"),
// pad or unpad zeros ("INV000123"), and OCR turns 0 into O and 1 into I or l. A reference reduces to a
// key, the number at its end after undoing the look-alikes; `exact` says whether it needed undoing.

// Letters OCR and people confuse with digits, read as the digit they stand for.
const LOOK_ALIKES: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', '|': '1', '!': '1', Z: '2', S: '5', B: '8', G: '6', T: '7' };
const ZERO_LIKE = new Set(['O', 'Q', 'D']);

// Words that say a reference is not one of our invoices: a PO, an order, a check. A label counts when a
// letter does not follow it, so "PO4512" and "CK 1001" are labelled but "POLY-1" and "SOL-7" are not.
const NOT_AN_INVOICE = /^(?:P\.?O\.?|PURCHASE\s*ORDER|ORDER|SO|SALES\s*ORDER|CHE?C?K|CHQ|CK|TRACE|ACCOUNT|ACCT|CUST(?:OMER)?)(?![A-Z])/i;

export interface ReferenceKey {
  /** The number the reference ends in, without leading zeros ("123"); empty when there is none. */
  key: string;
  /** That number as written, zeros kept ("000088"): six digits say "an invoice number" where "88" says little. */
  digits: string;
  /** The reference's letters and digits, upper case, as written (for an exact comparison). */
  compact: string;
  /** True when the reference names something else (a PO or a check), so it must not match an invoice number. */
  notAnInvoice: boolean;
}

export function compactReference(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A PO number without the label payers put before it: "P.O. #4500012345", "PO-4500012345" and "4500012345" are one PO. */
export function poKey(text: string): string {
  return compactReference(text).replace(/^(?:PURCHASEORDER|PONUMBER|PONO|PO)(?=\d)/, '');
}

export function referenceKey(text: string): ReferenceKey {
  const trimmed = text.trim();
  const compact = compactReference(trimmed);
  const notAnInvoice = NOT_AN_INVOICE.test(trimmed);
  // Only the tail after the last run of ordinary letters can be the number; look-alikes inside it are read as digits.
  const upper = trimmed.toUpperCase();
  const match = /([OQDILZSBGT|!]*)([0-9][0-9OQDILZSBGT|!\s-]*)$/.exec(upper.replace(/[.\s]+$/, ''));
  let digits = '';
  if (match) {
    // Look-alikes before the first real digit are a misread zero or one ("INV-OO0123", "INV-l00123"), not a
    // word that happens to be made of them ("BILL123", "SO123"): more than two that are not zeros is a word.
    const lead = [...match[1]!];
    const kept = lead.filter((c) => !ZERO_LIKE.has(c)).length > 2 ? '' : match[1]!;
    digits = [...(kept + match[2]!).replace(/[\s-]/g, '')].map((c) => LOOK_ALIKES[c] ?? c).join('');
    if (!/^\d+$/.test(digits)) digits = '';
  }
  return { key: digits.replace(/^0+(?=\d)/, ''), digits, compact, notAnInvoice };
}

/** True when a and b differ by one substituted digit or two swapped neighbours: the typos people make. */
export function oneTypoApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { diffs.push(i); if (diffs.length > 2) return false; }
  if (diffs.length === 1) return true;
  const [i, j] = diffs as [number, number];
  return j === i + 1 && a[i] === b[j] && a[j] === b[i];
}
