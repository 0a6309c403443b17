// Reads the field-service system's ticket export, CSV or JSON, into billable service tickets. A feed is
// exact, so anything we cannot read is a problem naming the row (1-based data row, or the JSON index) and
// the field; one bad row rejects the whole file, since a ticket imported wrong would be billed wrong.
// A document that is not a ticket feed at all says so (`not_tickets`), so the caller can try other readers.
import { extendLine, formatQuantity, minorDigits, parseAmountMinor } from '../domain/money.js';
import { decodeText } from './structured-values.js';

export interface ServiceTicketRow {
  ticketNumber: string;          // the source system's ticket number, trimmed, as written (e.g. 'T-10442')
  customerNumber: string;        // our account number, e.g. 'C-1001'
  workDate: string;              // YYYY-MM-DD
  description: string;
  quantityMilli: number;         // hours or units × 1000 (1.5 h → 1500)
  unitPriceMinor: number;        // rate in minor units
  amountMinor: number;           // = extendLine(quantityMilli, unitPriceMinor)
  currency: string;              // ISO 4217; 'USD' when the file gives none
  poNumber: string | null;       // the customer's PO / work order reference when given
  technician: string | null;
  billable: boolean;             // false rows are kept (recorded) but never billed
}

export type TicketFeedReading =
  | { kind: 'tickets'; rows: ServiceTicketRow[] }
  | { kind: 'not_tickets' }
  | { kind: 'invalid'; problems: string[] };

type Field = 'ticket' | 'customer' | 'date' | 'description' | 'quantity' | 'rate' | 'amount' | 'currency' | 'po' | 'technician' | 'billable';

/** Names each field goes by, most specific first, after normalizeName ("Ticket #" → "ticket no", "workDate" → "work date"). */
const SYNONYMS: Record<Field, string[]> = {
  ticket: ['ticket number', 'ticket no', 'ticket', 'ticket id', 'work order number', 'work order no', 'work order', 'wo number', 'wo no'],
  customer: ['customer number', 'customer no', 'customer', 'customer id', 'cust no', 'account number', 'account no', 'account', 'acct no'],
  date: ['work date', 'service date', 'date completed', 'completed date', 'completed on', 'completed', 'date'],
  description: ['description', 'work performed', 'notes', 'desc'],
  quantity: ['hours', 'quantity', 'qty', 'units', 'hrs'],
  rate: ['rate', 'unit price', 'price', 'hourly rate'],
  amount: ['amount', 'line total', 'total'],
  currency: ['currency', 'currency code', 'ccy'],
  po: ['customer po', 'customer po number', 'customer po no', 'po number', 'po no', 'po'],
  technician: ['technician', 'tech'],
  billable: ['billable'],
};
/** How a problem names a field the file does not name itself (a JSON object without the key). */
const FIELD_NAME: Record<Field, string> = {
  ticket: 'ticket', customer: 'customer', date: 'date', description: 'description', quantity: 'quantity', rate: 'rate',
  amount: 'amount', currency: 'currency', po: 'po', technician: 'technician', billable: 'billable',
};
const FIELDS = Object.keys(SYNONYMS) as Field[];

/** "Ticket #" → "ticket no", "ticket_number" → "ticket number", "customerPO" → "customer po". */
function normalizeName(name: string): string {
  return name.trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase().replace(/#/g, ' no ').replace(/[^a-z0-9]+/g, ' ').replace(/\bnr\b/g, 'no').replace(/\bnum\b/g, 'number').trim();
}

/** Which position names each field, by each field's synonyms in order of preference. */
function assignFields(names: readonly string[]): Map<Field, number> {
  const normalized = names.map(normalizeName);
  const at = new Map<Field, number>();
  for (const f of FIELDS) {
    for (const synonym of SYNONYMS[f]) {
      const i = normalized.indexOf(synonym);
      if (i >= 0) { at.set(f, i); break; }
    }
  }
  return at;
}

function isTicketShaped(fields: { has(f: Field): boolean }): boolean {
  return fields.has('ticket') && fields.has('customer') && fields.has('date') && fields.has('quantity') && (fields.has('rate') || fields.has('amount'));
}

// ─── Values ───

/** YYYY-MM-DD (a time after it is dropped), MM/DD/YYYY, DD.MM.YYYY → ISO date, or undefined. */
function readDate(text: string): string | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) return isoDate(+m[3]!, +m[1]!, +m[2]!);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return isoDate(+m[3]!, +m[2]!, +m[1]!);
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/**
 * Hours or units → thousandths, by string arithmetic. "1.5" and "1,5" are 1500; "1,250.5" and "1.250,5" group
 * thousands; a lone comma before exactly three digits ("1,250") could be either, so it is refused.
 */
function readQuantity(text: string): { milli: number } | { problem: string } {
  let body = text.replace(/[\s\u00a0']/g, '');
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1);
  let whole: string;
  let fraction: string;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)(?:\.(\d+))?$/.exec(body))) { whole = m[1]!; fraction = m[2] ?? ''; }
  else if ((m = /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(body))) { whole = m[1]!.replace(/,/g, ''); fraction = m[2]!; }
  else if ((m = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(body))) { whole = m[1]!.replace(/\./g, ''); fraction = m[2]!; }
  else if ((m = /^(\d+),(\d+)$/.exec(body))) {
    if (m[2]!.length === 3 && !/^0+$/.test(m[1]!)) return { problem: `"${text}" is ambiguous (thousands or decimals?): write ${m[1]}${m[2]} or ${m[1]}.${m[2]}` };
    whole = m[1]!; fraction = m[2]!;
  } else return { problem: `"${text}" is not a number` };
  if (fraction.length > 3 && !/^0*$/.test(fraction.slice(3))) return { problem: `"${text}" has more than 3 decimals` };
  const milli = Number(whole) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) return { problem: `"${text}" is too large` };
  if (negative && milli !== 0) return { problem: `"${text}" is negative` };
  return { milli };
}

function readBillable(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === '' || ['y', 'yes', 'true', '1'].includes(t)) return true;
  if (['n', 'no', 'false', '0'].includes(t)) return false;
  return undefined;
}

/** Minor units as a decimal in the currency: 14250 USD → "142.50". */
function decimalText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const abs = Math.abs(minor).toString().padStart(digits + 1, '0');
  const text = digits > 0 ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return minor < 0 ? `-${text}` : text;
}

// ─── One ticket, from a CSV row or a JSON object ───

/** A field's value as text ('' when absent or empty), and the name the file gives the field. */
interface Cell { text: string; label: string; notAValue?: boolean }

function readTicket(where: string, cell: (f: Field) => Cell, problems: string[]): ServiceTicketRow | undefined {
  const before = problems.length;
  const problem = (c: Cell, message: string) => problems.push(`${where}: ${c.label} ${message}`);
  for (const f of FIELDS) { const c = cell(f); if (c.notAValue) problem(c, 'is not a single value'); }
  if (problems.length > before) return undefined;

  const ticket = cell('ticket');
  if (!ticket.text) problem(ticket, 'is missing');
  const customer = cell('customer');
  if (!customer.text) problem(customer, 'is missing');
  const date = cell('date');
  const workDate = date.text ? readDate(date.text) : undefined;
  if (!date.text) problem(date, 'is missing');
  else if (!workDate) problem(date, `"${date.text}" is not a date (write YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)`);

  const currencyCell = cell('currency');
  let currency = currencyCell.text.toUpperCase() || 'USD';
  const currencyOk = /^[A-Z]{3}$/.test(currency);
  if (!currencyOk) { problem(currencyCell, `"${currencyCell.text}" is not an ISO 4217 currency code such as USD`); currency = 'USD'; }

  const quantityCell = cell('quantity');
  let quantityMilli: number | undefined;
  if (!quantityCell.text) problem(quantityCell, 'is missing');
  else {
    const q = readQuantity(quantityCell.text);
    if ('problem' in q) problem(quantityCell, q.problem); else quantityMilli = q.milli;
  }

  const money = (c: Cell): number | 'bad' | undefined => {
    if (!c.text) return undefined;
    const minor = parseAmountMinor(c.text, currency);
    if (minor === undefined) { problem(c, `"${c.text}" is not an amount in ${currency}${currencyOk ? ` (at most ${minorDigits(currency)} decimals)` : ''}`); return 'bad'; }
    if (minor < 0) { problem(c, `"${c.text}" is negative`); return 'bad'; }
    return minor;
  };
  const rateCell = cell('rate');
  const amountCell = cell('amount');
  let rate = money(rateCell);
  const amount = money(amountCell);
  if (rate === undefined && amount === undefined) problem(rateCell, 'is missing (give the rate, or the amount of a one-unit ticket)');
  else if (rate === undefined && typeof amount === 'number' && quantityMilli !== undefined) {
    if (quantityMilli === 1000) rate = amount;
    else problem(rateCell, `is missing (only a ticket for quantity 1 takes its rate from the amount; this one is for ${formatQuantity(quantityMilli)})`);
  }

  let amountMinor: number | undefined;
  if (typeof rate === 'number' && quantityMilli !== undefined) {
    try {
      amountMinor = extendLine(quantityMilli, rate);
    } catch {
      problem(amountCell, `of ${formatQuantity(quantityMilli)} × ${decimalText(rate, currency)} is too large`);
    }
    if (amountMinor !== undefined && typeof amount === 'number' && amount !== amountMinor) {
      problem(amountCell, `"${amountCell.text}" is not ${quantityCell.label} ${formatQuantity(quantityMilli)} × ${rateCell.label} ${decimalText(rate, currency)} = ${decimalText(amountMinor, currency)}`);
    }
  }

  const billableCell = cell('billable');
  const billable = readBillable(billableCell.text);
  if (billable === undefined) problem(billableCell, `"${billableCell.text}" is not yes or no (Y/N, yes/no, true/false, 1/0)`);

  if (problems.length > before) return undefined;
  return {
    ticketNumber: ticket.text,
    customerNumber: customer.text,
    workDate: workDate!,
    description: cell('description').text.replace(/\r\n?/g, '\n'),
    quantityMilli: quantityMilli!,
    unitPriceMinor: rate as number,
    amountMinor: amountMinor!,
    currency,
    poNumber: cell('po').text || null,
    technician: cell('technician').text || null,
    billable: billable!,
  };
}

/** A ticket to read, or a record that cannot be one (its problem said already). */
type Entry = { where: string; cell: (f: Field) => Cell } | { where: string; problem: string };

/** Reads every ticket; any problem, including a ticket number given twice, makes the whole file invalid. */
function readTickets(entries: readonly Entry[], fileProblems: string[]): TicketFeedReading {
  const problems = [...fileProblems];
  const rows: ServiceTicketRow[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    if ('problem' in entry) { problems.push(`${entry.where}: ${entry.problem}`); continue; }
    const { where, cell } = entry;
    const ticket = cell('ticket');
    const key = ticket.notAValue ? '' : ticket.text.toUpperCase();
    if (key) {
      const first = seen.get(key);
      if (first) problems.push(`${where}: ${ticket.label} "${ticket.text}" is a duplicate: ${first} has the same ticket`);
      else seen.set(key, where);
    }
    const row = readTicket(where, cell, problems);
    if (row) rows.push(row);
  }
  return problems.length ? { kind: 'invalid', problems } : { kind: 'tickets', rows };
}

// ─── CSV ───

/** RFC 4180 records: quoted values may hold the delimiter, line breaks and doubled quotes. */
function csvRecords(text: string, delimiter: string): { records: string[][]; unclosedAt?: number } {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  let quoteStartedIn = 0;
  let i = 0;
  const endRecord = () => { record.push(value); records.push(record); record = []; value = ''; };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      value += c; i++; continue;
    }
    if (c === '"' && value.trim() === '') { quoted = true; value = ''; quoteStartedIn = records.length; i++; continue; }
    if (c === delimiter) { record.push(value); value = ''; i++; continue; }
    if (c === '\r' || c === '\n') { endRecord(); i += c === '\r' && text[i + 1] === '\n' ? 2 : 1; continue; }
    value += c; i++;
  }
  if (quoted) return { records, unclosedAt: quoteStartedIn };
  if (value !== '' || record.length > 0) endRecord();
  return { records };
}

const isBlank = (record: readonly string[]) => record.every((v) => v.trim() === '');

function readCsv(text: string): TicketFeedReading {
  let body = text.replace(/^\uFEFF/, '');
  const sep = /^sep=(.)\r?\n/i.exec(body); // Excel's own hint line
  if (sep) body = body.slice(sep[0].length);
  for (const delimiter of sep ? [sep[1]!] : [',', ';', '\t']) {
    const { records, unclosedAt } = csvRecords(body, delimiter);
    let headerAt = -1;
    let columns = new Map<Field, number>();
    for (let r = 0, seen = 0; r < records.length && seen < 10; r++) {
      if (isBlank(records[r]!)) continue;
      seen++;
      const candidate = assignFields(records[r]!);
      if (isTicketShaped(candidate)) { headerAt = r; columns = candidate; break; }
    }
    if (headerAt < 0) continue;
    const header = records[headerAt]!.map((h) => h.trim());
    const problems: string[] = [];
    if (unclosedAt !== undefined) problems.push(`row ${unclosedAt - headerAt}: a quoted value is never closed (a missing " makes the rest of the file one value)`);
    const entries: Entry[] = [];
    for (let r = headerAt + 1; r < records.length; r++) {
      const record = records[r]!;
      if (isBlank(record)) continue;
      const where = `row ${r - headerAt}`;
      const valueOf = (f: Field) => { const at = columns.get(f); return at === undefined ? '' : (record[at] ?? '').trim(); };
      // A totals row some exports end with ("Total,,,,,,1234.00") is no ticket.
      if (!valueOf('customer') && !valueOf('date') && record.some((v) => /^(?:grand\s+)?totals?:?$/i.test(v.trim()))) continue;
      if (record.slice(header.length).some((v) => v.trim() !== '')) {
        entries.push({ where, problem: `has ${record.length} values but the header names ${header.length} columns (is a value with the delimiter in it not quoted?)` });
        continue;
      }
      entries.push({
        where,
        cell: (f) => {
          const at = columns.get(f);
          return at === undefined ? { text: '', label: FIELD_NAME[f] } : { text: (record[at] ?? '').trim(), label: header[at] || FIELD_NAME[f] };
        },
      });
    }
    return readTickets(entries, problems);
  }
  return { kind: 'not_tickets' };
}

// ─── JSON ───
//
// An array of ticket objects, or { "tickets": [...] }. Keys as in the CSV, camelCase or snake_case:
//   { "ticketNumber": "T-10442", "customerNumber": "C-1001", "workDate": "2026-11-14", "description": "...",
//     "hours": 1.5, "rate": "95.00", "amount": 142.5, "currency": "USD", "poNumber": "WO-7", "technician": "...", "billable": true }
// Numbers may be JSON numbers or strings; a number is read from its text (String(142.5) is "142.5"), never as a float.

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonCell(value: unknown, label: string): Cell {
  if (value === undefined || value === null) return { text: '', label };
  if (typeof value === 'string') return { text: value.trim(), label };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), label };
  return { text: '', label, notAValue: true };
}

function readJson(text: string, declared: boolean): TicketFeedReading {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return declared ? { kind: 'invalid', problems: [`the file is not valid JSON: ${(err as Error).message}`] } : { kind: 'not_tickets' };
  }
  let list: unknown[];
  let prefix = '';
  if (Array.isArray(data)) list = data;
  else if (isObject(data)) {
    const key = Object.keys(data).find((k) => ['tickets', 'service tickets'].includes(normalizeName(k)) && Array.isArray(data[k]));
    if (key === undefined) return { kind: 'not_tickets' };
    list = data[key] as unknown[];
    prefix = key;
    if (list.length === 0) return { kind: 'tickets', rows: [] };
  } else return { kind: 'not_tickets' };

  const present = new Set<Field>();
  const keysOf = list.map((item) => {
    if (!isObject(item)) return undefined;
    const keys = Object.keys(item);
    const at = assignFields(keys);
    for (const f of at.keys()) present.add(f);
    return new Map([...at].map(([f, i]) => [f, keys[i]!] as const));
  });
  if (!isTicketShaped(present)) return { kind: 'not_tickets' };

  const entries: Entry[] = [];
  list.forEach((item, i) => {
    const where = `${prefix}[${i}]`;
    const keys = keysOf[i];
    if (!isObject(item) || !keys) { entries.push({ where, problem: 'is not a ticket object' }); return; }
    entries.push({ where, cell: (f) => { const key = keys.get(f); return key === undefined ? { text: '', label: FIELD_NAME[f] } : jsonCell(item[key], key); } });
  });
  return readTickets(entries, []);
}

// ─── Entry point ───

export function readServiceTicketFeed(doc: { filename: string | null; contentType: string; content: Uint8Array }): TicketFeedReading {
  const bytes = Buffer.from(doc.content.buffer, doc.content.byteOffset, doc.content.byteLength);
  if (bytes.length === 0) return { kind: 'not_tickets' };
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.includes(0)) return { kind: 'not_tickets' }; // binary: a PDF, an image, a spreadsheet
  const text = decodeText(bytes);
  if (!text.trim()) return { kind: 'not_tickets' };
  const name = (doc.filename ?? '').trim().toLowerCase();
  const type = (doc.contentType.split(';')[0] ?? '').trim().toLowerCase();
  const saysCsv = name.endsWith('.csv') || type === 'text/csv' || type === 'application/csv';
  const saysJson = name.endsWith('.json') || type === 'application/json' || type === 'text/json' || type.endsWith('+json');
  if (!saysCsv && (saysJson || /^[[{]/.test(text.replace(/^\uFEFF/, '').trimStart()))) return readJson(text, saysJson);
  return readCsv(text);
}
