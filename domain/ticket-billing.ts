// Period-end billing of service tickets: every customer's unbilled billable tickets go on one invoice per
// customer and currency, one line per ticket. Tickets left unbilled too long are reported as stale.
// Pure: the caller loads the tickets, and records the invoices and which tickets they billed.
import { daysBetween } from './invoicing.js';

export interface UnbilledTicket {
  id: string;
  ticketNumber: string;
  customerNumber: string;
  workDate: string; // YYYY-MM-DD
  description: string;
  quantityMilli: number;
  unitPriceMinor: number;
  amountMinor: number;
  currency: string;
  poNumber: string | null;
  billable: boolean;
  billed: boolean;
}

export interface TicketInvoiceLine { sku: string; description: string; quantityMilli: number; unitPriceMinor: number; amountMinor: number }

export interface TicketInvoiceGroup {
  customerNumber: string;
  currency: string;
  period: string; // YYYY-MM
  /** 'TICKETS-2026-11', or 'TICKETS-2026-11-EUR' when the customer is billed in several currencies that period. */
  reference: string;
  /** The tickets' PO when they all share one, else `SERVICE ${period}`. */
  poNumber: string;
  ticketIds: string[];
  lines: TicketInvoiceLine[];
  totalMinor: number;
}

export const TICKET_SKU = 'SERVICE';
const MAX_DESCRIPTION = 200;

/** '2026-11-14' → '2026-11'. */
export function periodOf(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(isoDate);
  if (!m || +m[2]! < 1 || +m[2]! > 12) throw new RangeError(`not an ISO date: "${isoDate}"`);
  return `${m[1]}-${m[2]}`;
}

const byTicketNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ticket's work on one line: whitespace (a description's line breaks) collapsed, cut to 200 characters. */
function lineDescription(t: UnbilledTicket): string {
  let description = t.description.replace(/\s+/g, ' ').trim();
  if (description.length > MAX_DESCRIPTION) description = `${description.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
  return `${t.ticketNumber} ${t.workDate}: ${description}`;
}

/**
 * The invoices to raise for `period` (YYYY-MM): billable, unbilled tickets worked in the period or before it (a
 * ticket of an earlier month imported late is billed now rather than lost), per customer and currency. Tickets
 * after the period wait for their own. Zero-amount tickets are left out (and stay unbilled).
 */
export function ticketInvoiceGroups(tickets: readonly UnbilledTicket[], period: string): TicketInvoiceGroup[] {
  if (!/^\d{4}-(?:0[1-9]|1[0-2])$/.test(period)) throw new RangeError(`not a period (YYYY-MM): "${period}"`);
  const due = tickets.filter((t) => t.billable && !t.billed && t.amountMinor !== 0 && periodOf(t.workDate) <= period);
  const groups = new Map<string, UnbilledTicket[]>();
  for (const t of due) {
    const key = JSON.stringify([t.customerNumber, t.currency]);
    const list = groups.get(key);
    if (list) list.push(t); else groups.set(key, [t]);
  }
  const currenciesOf = new Map<string, Set<string>>();
  for (const t of due) {
    const set = currenciesOf.get(t.customerNumber) ?? new Set<string>();
    set.add(t.currency);
    currenciesOf.set(t.customerNumber, set);
  }
  const result: TicketInvoiceGroup[] = [];
  for (const list of groups.values()) {
    const { customerNumber, currency } = list[0]!;
    list.sort((a, b) => byText(a.workDate, b.workDate) || byTicketNumber(a.ticketNumber, b.ticketNumber));
    const pos = new Set(list.map((t) => t.poNumber));
    const sharedPo = pos.size === 1 ? list[0]!.poNumber : null;
    const totalMinor = list.reduce((sum, t) => sum + t.amountMinor, 0);
    if (!Number.isSafeInteger(totalMinor)) throw new RangeError(`the ${currency} tickets of ${customerNumber} total more than can be held exactly`);
    result.push({
      customerNumber,
      currency,
      period,
      reference: currenciesOf.get(customerNumber)!.size > 1 ? `TICKETS-${period}-${currency}` : `TICKETS-${period}`,
      poNumber: sharedPo ?? `SERVICE ${period}`,
      ticketIds: list.map((t) => t.id),
      lines: list.map((t) => ({ sku: TICKET_SKU, description: lineDescription(t), quantityMilli: t.quantityMilli, unitPriceMinor: t.unitPriceMinor, amountMinor: t.amountMinor })),
      totalMinor,
    });
  }
  return result.sort((a, b) => byText(a.customerNumber, b.customerNumber) || byText(a.currency, b.currency));
}

export interface StaleTicket { ticketNumber: string; customerNumber: string; workDate: string; ageDays: number; amountMinor: number; currency: string }

/**
 * Billable tickets still unbilled more than `maxAgeDays` after the work, oldest first. Zero-amount tickets are
 * not reported: billing skips them, so they carry nothing to collect.
 */
export function staleTickets(tickets: readonly UnbilledTicket[], today: string, maxAgeDays: number): StaleTicket[] {
  return tickets
    .filter((t) => t.billable && !t.billed && t.amountMinor !== 0)
    .map((t) => ({ ticketNumber: t.ticketNumber, customerNumber: t.customerNumber, workDate: t.workDate, ageDays: daysBetween(t.workDate, today), amountMinor: t.amountMinor, currency: t.currency }))
    .filter((s) => s.ageDays > maxAgeDays)
    .sort((a, b) => byText(a.workDate, b.workDate) || byText(a.customerNumber, b.customerNumber) || byTicketNumber(a.ticketNumber, b.ticketNumber));
}
