// Payer and invoices from a BAI2 transaction text, only where the text labels them: banks copy the ACH
// company name ("ORIG CO NAME:"), the Fedwire originator ("ORG=") and originator-to-beneficiary
// information ("OBI="), and CCD+/CTX addenda (X12 "RMR*IV*…") into it. Unlabelled text stays in the memo.
import type { Payer, RemittanceLine } from '../../domain/payment-documents.js';
import { amountToMinor } from '../structured-values.js';

// Labels banks write before a value; a value runs to the next label, a wide gap (column layout) or the end.
const LABELS = [
  'ORIG CO NAME', 'ORIG NAME', 'ORIGINATOR NAME', 'ORIGINATOR', 'ORIG ID', 'ORIG BK', 'DESC DATE', 'CO ENTRY DESCR', 'ENTRY DESCR',
  'SEC', 'TRACE#', 'TRACE NO', 'EED', 'IND ID', 'IND NAME', 'TRN', 'ORG', 'OGB', 'OBI', 'BNF', 'BBI', 'BBK', 'IBK', 'INS', 'REF',
  'RFB', 'SND BK', 'SND REF', 'ADDENDA', 'PMT DET', 'RMR', 'CTX', 'CCD',
];
// Some banks write every label as one or two words and ":=" ("ORG:=", "BNF NAME:="): any such label ends a value too.
const LABEL_AHEAD = new RegExp(`\\s(?:(?:${LABELS.join('|')})\\s?[:=]|[A-Z][A-Z0-9]*(?: [A-Z][A-Z0-9]*)?:=)`);

function labelledValue(text: string, label: RegExp): string | undefined {
  const m = label.exec(text);
  if (!m) return undefined;
  let value = text.slice(m.index + m[0].length).trimStart();
  for (const end of [LABEL_AHEAD.exec(value), /\s{2,}/.exec(value)]) if (end) value = value.slice(0, end.index);
  return value.trim() || undefined;
}

function payerOf(text: string): Payer {
  const payer: Payer = {};
  const name = labelledValue(text, /\bORIG(?:INATOR)?(?: CO)?(?: NAME)?\s?:/);
  const wire = labelledValue(text, /\bORG\s?:?=/);
  if (name) payer.name = name;
  else if (wire) {
    // Fedwire puts the originator's account first: "ORG=/123456789 ACME CORP".
    const m = /^\/(\S+)\s*(.*)$/.exec(wire);
    if (m) {
      payer.accountRef = m[1]!;
      if (m[2]) payer.name = m[2];
    } else payer.name = wire;
  }
  return payer;
}

/** X12 RMR segments: RMR01 "IV" (invoice), RMR02 the reference, RMR04 paid, RMR05 invoice amount, RMR06 discount. */
function rmrLines(text: string, currency: string): RemittanceLine[] {
  const lines: RemittanceLine[] = [];
  for (const m of text.matchAll(/RMR\*IV\*([^*\\~\s]+)((?:\*[^*\\~\s]*)*)/g)) {
    const line: RemittanceLine = { reference: m[1]! };
    const elements = (m[2] ?? '').split('*').slice(1);
    const amount = (at: number): number | undefined => {
      const value = elements[at];
      if (!value) return undefined;
      const minor = amountToMinor(value, currency, 'amount');
      return minor.ok && minor.value >= 0 ? minor.value : undefined;
    };
    const paid = amount(1);
    const invoice = amount(2);
    const discount = amount(3);
    if (paid !== undefined) line.paidMinor = paid;
    if (invoice !== undefined) line.invoiceAmountMinor = invoice;
    if (discount !== undefined) line.discountMinor = discount;
    lines.push(line);
  }
  return lines;
}

// A reference token: digits, maybe after a short prefix ("A-77"); never an amount ("500.00").
const REFERENCE = String.raw`(?:[A-Z]{1,4}-?)?\d[\w-]*(?![\w-]|\.\d)`;
// One way only to read each gap, so a long run of spaces costs linear time.
const SEPARATOR = String.raw`(?:\s*(?:,|&|;|\bAND\b)\s*|\s+)`;
// "INV 1001", "INVOICE# A-77", "INVOICES 1001, 1002 AND 1003": references after an invoice label.
const AFTER_LABEL = new RegExp(String.raw`\bINV(?:OICE)?S?\b\.?\s*(?:(?:NOS?\.?|NUMBERS?|#)\s*)?(?:[:#=]\s*)?(${REFERENCE}(?:${SEPARATOR}${REFERENCE})*)`, 'gi');
// "INV-000125", "INV000125": the label is part of the reference, kept as written.
const WHOLE = /\bINV-?\d[\w-]*/gi;

function invoiceLabelLines(text: string): RemittanceLine[] {
  const found: [number, string][] = [];
  for (const m of text.matchAll(WHOLE)) found.push([m.index, m[0]]);
  for (const m of text.matchAll(AFTER_LABEL)) {
    let at = m.index + m[0].length - m[1]!.length;
    for (const reference of m[1]!.split(new RegExp(SEPARATOR, 'i'))) {
      at = text.indexOf(reference, at);
      found.push([at, reference]);
    }
  }
  const references = found.sort(([a], [b]) => a - b).map(([, r]) => r).filter((r, i, all) => r !== '' && all.indexOf(r) === i);
  return references.map((reference) => ({ reference }));
}

export function labelledRemittance(text: string, currency: string): { payer: Payer; remittance: RemittanceLine[] } {
  const rmr = rmrLines(text, currency);
  return { payer: payerOf(text), remittance: rmr.length ? rmr : invoiceLabelLines(text) };
}
