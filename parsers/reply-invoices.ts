// Invoice references as customers type them ("INV-000123", "inv 123", "INV000123", "Invoice #000123",
// "invoices 123, 124 and 125", "Rechnung Nr. 123", "facture n° 123", "factura 123"), in our format:
// "INV-" and six digits (leading zeros dropped, then padded; a longer number keeps all its digits).
// A number counts only next to an invoice word: a bare number may be a PO, check or phone number.

const PREFIXED = /\binv(?:[-\s#:.]|\s*no\.?\s*|\s*nr\.?\s*)*(\d{1,10})(?![\d\/.,-]?\d)/g;
const LABEL = String.raw`\b(?:invoices?|inv\.|rechnung(?:en|snummer|snummern|s-?nr\.?)?|re-?nr\.?|factures?|facturas?)`;
const NUMBER_MARK = String.raw`(?:\s*(?:no\.?|nos\.?|nr\.?|n[°º]\.?|num(?:ber|ero|\.)?s?|#|:)\s*)*`;
const REF = String.raw`(?:inv-?)?\d{3,10}(?![\d\/.,-]?\d)`;
const LISTED = new RegExp(String.raw`${LABEL}${NUMBER_MARK}\s*(${REF}(?:\s*(?:,|&|\/|\band\b|\bund\b|\bet\b|\by\b|\bas\s+well\s+as\b)\s*${NUMBER_MARK}${REF})*)`, 'g');

export function normaliseInvoiceNumber(digits: string): string {
  return `INV-${digits.replace(/^0+(?=\d)/, '').padStart(6, '0')}`;
}

/** Invoice references in folded (lower-case) text, normalised, in order of first mention, without repeats. */
export function findInvoiceNumbers(folded: string): { number: string; index: number }[] {
  const found: { number: string; index: number }[] = [];
  for (const re of [PREFIXED, LISTED]) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const base = m.index + m[0].length - m[1]!.length;
      for (const d of m[1]!.matchAll(/\d+/g)) found.push({ number: normaliseInvoiceNumber(d[0]), index: base + d.index });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found.filter((f, i) => found.findIndex((g) => g.number === f.number) === i);
}
