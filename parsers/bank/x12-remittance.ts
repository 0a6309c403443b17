// The remittance segments of ASC X12 820 (RMR open items and their ADX adjustments), read into
// RemittanceLines. Shared by the 820 reader and by NACHA addenda, which carry the same segments
// (the CTX addenda carry an 820 fragment; CCD+ addenda one segment, by NACHA's banking convention
// with "*" between elements and "\" ending a segment).
import { formatMoney } from '../../domain/money.js';
import type { RemittanceLine } from '../../domain/payment-documents.js';
import { amountToMinor } from '../structured-values.js';

/** The part of a segment the remittance reader needs. */
export interface RemittanceSegment { index: number; id: string; elements: string[] }

export interface RemittanceProblem { index: number; segmentId: string; reason: string }

/** An ADX that follows no RMR in its ENT loop: it adjusts the payment as a whole. */
export interface PaymentAdjustment { index: number; amountMinor: number; reason: string; reference: string }

export interface RemittanceReading {
  lines: RemittanceLine[];
  /** Signed as written: X12 says a negative ADX01 reduces the payment. */
  paymentAdjustments: PaymentAdjustment[];
  /** What the segments say that no field holds (RMR07/RMR08 interest or anticipation). */
  notes: string[];
  /** Amounts that are not numbers: the 820 rejects them, NACHA addenda report them in the memo. */
  problems: RemittanceProblem[];
}

const el = (s: RemittanceSegment, n: number): string => (s.elements[n] ?? '').trim();

// RMR01 qualifiers that name one of our receivables: invoice number, open invoice, AR open item.
const RECEIVABLE_QUALIFIERS = new Set(['IV', 'OI', 'R7']);

/**
 * Reads RMR and ADX segments in order. An ADX belongs to the RMR before it until an ENT starts the
 * next entity's loop (in the 820, an entity's own ADX loop comes before its RMR loops).
 */
export function readRemittance(segments: readonly RemittanceSegment[], currency: string): RemittanceReading {
  const reading: RemittanceReading = { lines: [], paymentAdjustments: [], notes: [], problems: [] };
  const adjustmentsWritten = new Map<RemittanceLine, number>();
  let current: RemittanceLine | undefined;
  const amount = (s: RemittanceSegment, n: number, what: string): number | undefined => {
    const text = el(s, n);
    if (text === '') return undefined;
    const read = amountToMinor(text, currency, `${s.id}${String(n).padStart(2, '0')} (${what})`);
    if (read.ok) return read.value;
    reading.problems.push({ index: s.index, segmentId: s.id, reason: read.reason });
    return undefined;
  };
  for (const s of segments) {
    if (s.id === 'ENT') { current = undefined; continue; }
    if (s.id === 'RMR') {
      const line: RemittanceLine = { reference: el(s, 2) };
      const paid = amount(s, 4, 'amount paid');
      const invoice = amount(s, 5, 'invoice amount');
      const discount = amount(s, 6, 'discount taken');
      if (paid !== undefined) line.paidMinor = paid;
      if (invoice !== undefined) line.invoiceAmountMinor = invoice;
      // RMR06 is the discount taken; some payers write it negative, as it reduces the invoice. When the
      // line's own figures (invoice − discount = paid) show that is what they meant, it is that discount.
      if (discount !== undefined) line.discountMinor = discount < 0 && invoice !== undefined && invoice + discount === paid ? -discount : discount;
      const qualifier = el(s, 1);
      // The line stays (the amount was paid against it), but the matcher should know what it names.
      if (qualifier && !RECEIVABLE_QUALIFIERS.has(qualifier)) reading.notes.push(`${line.reference}: RMR01 is ${qualifier}, not an invoice number (IV)`);
      if (el(s, 7) || el(s, 8)) {
        // RMR08 is interest paid late or an anticipation: RMR04 already includes it.
        reading.notes.push(`${line.reference || 'RMR'}: RMR07 ${el(s, 7) || '(none)'} amount ${el(s, 8) || '(none)'}`);
      }
      reading.lines.push(line);
      current = line;
      continue;
    }
    if (s.id === 'ADX') {
      const value = amount(s, 1, 'adjustment amount');
      if (value === undefined) {
        if (el(s, 1) === '') reading.problems.push({ index: s.index, segmentId: 'ADX', reason: 'ADX01 (the adjustment amount) is empty' });
        continue;
      }
      const reason = el(s, 2);
      if (!current) {
        reading.paymentAdjustments.push({ index: s.index, amountMinor: value, reason, reference: [el(s, 3), el(s, 4)].filter(Boolean).join(' ') });
        continue;
      }
      adjustmentsWritten.set(current, (adjustmentsWritten.get(current) ?? 0) + value);
      if (reason) {
        const reasons = current.adjustmentReason ? current.adjustmentReason.split(',') : [];
        if (!reasons.includes(reason)) current.adjustmentReason = [...reasons, reason].join(',');
      }
    }
  }
  for (const [line, written] of adjustmentsWritten) line.adjustmentMinor = heldBack(line, written);
  return reading;
}

/**
 * X12 signs an adjustment as it changes the payment (negative: less is paid); arflow holds what the
 * payer kept back as a positive number. Some payers sign a reduction positive: when the line's own
 * figures (invoice − discount − paid) equal the positive amount exactly, that is what they meant.
 */
function heldBack(line: RemittanceLine, written: number): number {
  if (written > 0 && line.invoiceAmountMinor !== undefined && line.paidMinor !== undefined) {
    const shortBy = line.invoiceAmountMinor - (line.discountMinor ?? 0) - line.paidMinor;
    if (shortBy === written) return written;
  }
  return written === 0 ? 0 : -written;
}

/**
 * A warning when the amounts paid per item (RMR04) and the payment-level adjustments do not add up
 * to the payment; undefined when they do, or when an item states no amount paid.
 */
export function balanceWarning(reading: RemittanceReading, paymentMinor: number, currency: string): string | undefined {
  if (reading.lines.length === 0 || reading.lines.some((l) => l.paidMinor === undefined)) return undefined;
  const paid = reading.lines.reduce((sum, l) => sum + l.paidMinor!, 0);
  const adjustments = reading.paymentAdjustments.reduce((sum, a) => sum + a.amountMinor, 0);
  // Either sign convention for payment-level adjustments is accepted (see heldBack).
  if (paid + adjustments === paymentMinor || paid - adjustments === paymentMinor) return undefined;
  const money = (minor: number): string => formatMoney({ amountMinor: minor, currency });
  const adjusted = adjustments !== 0 ? ` with payment adjustments of ${money(adjustments)}` : '';
  return `remittance does not add up: the amounts paid per item (RMR04) total ${money(paid)}${adjusted}, but the payment is ${money(paymentMinor)}`;
}

/** Payment-level adjustments in words, for a memo. */
export function describeAdjustments(reading: RemittanceReading, currency: string): string[] {
  return reading.paymentAdjustments.map((a) => `payment adjustment ${formatMoney({ amountMinor: a.amountMinor, currency })}${a.reason ? ` (reason ${a.reason})` : ''}${a.reference ? ` for ${a.reference}` : ''}, not tied to an item`);
}

// ─── X12 inside NACHA addenda ───

const FRAGMENT_START = /^([A-Z][A-Z0-9]{1,2})([^A-Za-z0-9\s])/;
const TERMINATORS = ['\\', '~', "'"];

/** True when addenda text is X12 segments ("RMR*IV*1001*PI*250.00\") rather than free words. */
export function looksLikeX12Segments(text: string): boolean {
  return FRAGMENT_START.test(text.trim());
}

/**
 * Splits X12 segments carried in addenda. NACHA's convention is "*" and "\"; an originator that sent
 * a whole interchange declares its own in the ISA. Pieces that are not segments become problems:
 * the money in an ACH entry does not depend on them, so they never reject the file.
 */
export function splitAddendaSegments(text: string): { segments: RemittanceSegment[]; problems: RemittanceProblem[] } {
  const body = text.trim();
  const start = FRAGMENT_START.exec(body);
  if (!start) return { segments: [], problems: [] };
  const separator = start[2]!;
  let terminator: string | undefined;
  if (start[1] === 'ISA' && body.length >= 106 && body[103] === separator) terminator = body[105];
  terminator ??= TERMINATORS.filter((t) => t !== separator).map((t) => ({ t, at: body.indexOf(t) })).filter((c) => c.at >= 0).sort((a, b) => a.at - b.at)[0]?.t;
  const pieces = terminator ? body.split(terminator) : [body];
  const segments: RemittanceSegment[] = [];
  const problems: RemittanceProblem[] = [];
  for (const piece of pieces.map((p) => p.trim())) {
    if (piece === '') continue;
    const index = segments.length + problems.length + 1;
    const elements = piece.split(separator);
    const id = elements[0]!.trim();
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id)) problems.push({ index, segmentId: '?', reason: `"${piece.slice(0, 20)}" is not an X12 segment` });
    else segments.push({ index, id, elements });
  }
  return { segments, problems };
}
