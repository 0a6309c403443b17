// Reads ASC X12 850 purchase orders, written from the X12 standard: the delimiters come from the
// fixed-width ISA segment, every envelope's counts and control numbers are checked, and each 850
// becomes a ParsedPurchaseOrder whose fields are exact (confidence 1.0). A damaged envelope is an
// X12Error naming the segment's position and what is wrong, so a CSR can tell the customer.
import { extendLine } from '../domain/money.js';
import type { ParsedLine, ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { addressText, amountToMinor, compactDateToIso, CURRENCY_CODE, exact, normalizeUnitCode, quantityToMilli } from './structured-values.js';

export class X12Error extends Error {
  /** 1-based position of the segment in the file (0 when the file does not even start an interchange). */
  constructor(readonly segmentIndex: number, readonly segmentId: string | undefined, reason: string) {
    super(segmentIndex > 0 ? `segment ${segmentIndex}${segmentId ? ` (${segmentId})` : ''}: ${reason}` : reason);
    this.name = 'X12Error';
  }
}

interface Segment {
  /** 1-based position in the file. */
  index: number;
  id: string;
  /** elements[1] is XX01; elements[0] is the segment ID. */
  elements: string[];
  raw: string;
}

interface Delimiters { element: string; component: string; segment: string; repetition?: string }

const ISA_LENGTH = 106;
// Where the element separator falls in a well-formed ISA: each element has a fixed width.
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

/** True when the bytes start like an X12 interchange (an ISA segment), whatever the file is called. */
export function looksLikeX12(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').replace(/^\s+/, '');
  return /^ISA[^A-Za-z0-9\s]/.test(head);
}

function readDelimiters(text: string, at: number, segmentIndex: number): Delimiters {
  const isa = text.slice(at, at + ISA_LENGTH);
  const element = isa[3];
  if (!element || /[A-Za-z0-9\s]/.test(element)) throw new X12Error(segmentIndex, 'ISA', 'the character after "ISA" must be the element separator (a punctuation mark)');
  if (isa.length < ISA_LENGTH) throw new X12Error(segmentIndex, 'ISA', `ISA must be ${ISA_LENGTH} characters (its elements have fixed widths), but the file ends after ${isa.length}`);
  let position = 3;
  for (let n = 0; n < ISA_WIDTHS.length; n++) {
    if (isa[position] !== element) {
      throw new X12Error(segmentIndex, 'ISA', `ISA must be ${ISA_LENGTH} characters with fixed-width elements, but character ${position + 1} (before ISA${String(n + 1).padStart(2, '0')}) is "${isa[position]}", not the element separator "${element}"`);
    }
    position += 1 + ISA_WIDTHS[n]!;
  }
  const component = isa[104]!;
  const segment = isa[105]!;
  const version = isa.slice(84, 89);
  // ISA11 became the repetition separator in version 00402; before that it is the standards identifier "U".
  const repetition = version >= '00402' ? isa[82] : undefined;
  const all = [element, component, segment, ...(repetition ? [repetition] : [])];
  if (new Set(all).size !== all.length) throw new X12Error(segmentIndex, 'ISA', `the delimiters must all differ, but element "${element}", component "${component}"${repetition ? `, repetition "${repetition}"` : ''} and segment terminator "${segment}" repeat one`);
  if (/[A-Za-z0-9 ]/.test(component) || /[A-Za-z0-9 ]/.test(segment)) throw new X12Error(segmentIndex, 'ISA', `the component separator (ISA16 "${component}") and the segment terminator ("${segment}") must be punctuation, not letters, digits or spaces`);
  return { element, component, segment, repetition };
}

/** Splits one interchange (ISA … IEA) starting at `at` into segments; returns where the next one may start. */
function splitInterchange(text: string, at: number, firstIndex: number): { segments: Segment[]; delimiters: Delimiters; next: number } {
  const delimiters = readDelimiters(text, at, firstIndex);
  const segments: Segment[] = [];
  let cursor = at;
  while (cursor < text.length) {
    let end = text.indexOf(delimiters.segment, cursor);
    if (end < 0) end = text.length; // the last segment's terminator is missing: tolerated
    // Line breaks after a terminator are for people reading the file, not part of the next segment.
    const raw = text.slice(cursor, end).replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
    cursor = end + delimiters.segment.length;
    if (raw.trim() === '') continue;
    const index = firstIndex + segments.length;
    const elements = raw.split(delimiters.element);
    const id = elements[0]!.trim();
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id)) throw new X12Error(index, undefined, `"${raw.slice(0, 20)}" does not start with a segment ID (two or three capital letters or digits)`);
    segments.push({ index, id, elements: elements.map((e, i) => (i === 0 ? id : e.trim())), raw });
    if (id === 'IEA') return { segments, delimiters, next: cursor };
  }
  return { segments, delimiters, next: text.length };
}

const el = (s: Segment, n: number): string => s.elements[n] ?? '';

function sameNumber(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) === BigInt(b) : a === b;
}

function count(s: Segment, n: number, what: string): number {
  const v = el(s, n);
  if (!/^\d+$/.test(v)) throw new X12Error(s.index, s.id, `${s.id}${String(n).padStart(2, '0')} must be the number of ${what}, but it is "${v}"`);
  return Number(v);
}

interface TransactionSet { st: Segment; body: Segment[]; se: Segment }

/** Walks ISA/GS/ST envelopes, checking every count and control number, and returns each transaction set. */
function transactionSets(segments: Segment[]): TransactionSet[] {
  const isa = segments[0]!;
  const isa13 = el(isa, 13);
  if (!/^\d{9}$/.test(isa13)) throw new X12Error(isa.index, 'ISA', `ISA13 (the interchange control number) must be nine digits, but it is "${isa13}"`);
  const usage = el(isa, 15);
  if (usage === 'T') throw new X12Error(isa.index, 'ISA', 'ISA15 is "T": this is a test interchange, not an order to enter');
  if (usage !== 'P' && usage !== 'I') throw new X12Error(isa.index, 'ISA', `ISA15 (usage) must be P (production), T (test) or I (information), but it is "${usage}"`);
  const sets: TransactionSet[] = [];
  let groups = 0;
  let i = 1;
  const at = (n: number): Segment | undefined => segments[n];
  const last = segments[segments.length - 1]!;
  const truncated = (where: string): X12Error => new X12Error(last.index, last.id, `the file ends ${where}: it looks truncated`);
  while (true) {
    const s = at(i);
    if (!s) throw truncated('before the IEA segment that closes the interchange');
    if (s.id === 'IEA') {
      if (count(s, 1, 'functional groups (GS)') !== groups) throw new X12Error(s.index, 'IEA', `IEA01 says ${el(s, 1)} functional group(s), but the interchange has ${groups}`);
      if (!sameNumber(el(s, 2), isa13)) throw new X12Error(s.index, 'IEA', `IEA02 "${el(s, 2)}" must equal ISA13 "${isa13}" (the interchange control number)`);
      return sets;
    }
    if (s.id !== 'GS') throw new X12Error(s.index, s.id, `expected GS (a functional group) or IEA, found ${s.id}`);
    const gs = s;
    groups++;
    let setsInGroup = 0;
    i++;
    while (true) {
      const t = at(i);
      if (!t) throw truncated(`inside the functional group that starts at segment ${gs.index} (no GE)`);
      if (t.id === 'GE') {
        if (count(t, 1, 'transaction sets (ST)') !== setsInGroup) throw new X12Error(t.index, 'GE', `GE01 says ${el(t, 1)} transaction set(s), but the group has ${setsInGroup}`);
        if (!sameNumber(el(t, 2), el(gs, 6))) throw new X12Error(t.index, 'GE', `GE02 "${el(t, 2)}" must equal GS06 "${el(gs, 6)}" (the group control number of segment ${gs.index})`);
        i++;
        break;
      }
      if (t.id !== 'ST') throw new X12Error(t.index, t.id, `expected ST (a transaction set) or GE, found ${t.id}`);
      const st = t;
      setsInGroup++;
      const body: Segment[] = [];
      i++;
      while (true) {
        const u = at(i);
        if (!u) throw truncated(`inside transaction set ${el(st, 2)} that starts at segment ${st.index} (no SE)`);
        if (u.id === 'SE') {
          const included = body.length + 2;
          if (count(u, 1, 'segments in the transaction set') !== included) throw new X12Error(u.index, 'SE', `SE01 says ${el(u, 1)} segments, but transaction set ${el(st, 2)} has ${included} (ST to SE inclusive)`);
          if (el(u, 2) !== el(st, 2)) throw new X12Error(u.index, 'SE', `SE02 "${el(u, 2)}" must equal ST02 "${el(st, 2)}" (the transaction set control number of segment ${st.index})`);
          sets.push({ st, body, se: u });
          i++;
          break;
        }
        if (['ST', 'GE', 'GS', 'IEA', 'ISA'].includes(u.id)) throw new X12Error(u.index, u.id, `transaction set ${el(st, 2)} (segment ${st.index}) has no SE before this ${u.id}`);
        body.push(u);
        i++;
      }
    }
  }
}

// ─── Mapping one 850 ───

const SELLER_ID_QUALIFIERS = ['VP', 'VN', 'SK']; // vendor's (seller's) part/item number, stock keeping unit: our codes
const BUYER_ID_QUALIFIERS = ['BP', 'IN', 'CB']; // buyer's part/item/catalog number: our customer-item cross-reference maps it
// PO105 basis of unit price: the quantity a price is quoted for, when it is not one unit.
const PRICE_BASIS: Record<string, string> = { HP: '100', TP: '1000', HT: '100000' };
const REJECTED_PURPOSES: Record<string, string> = { '01': 'a cancellation', '04': 'a change to an earlier PO' };

interface LineDraft { po1: Segment; pid: string[]; amt?: Segment }

function where(s: Segment, element?: number): string {
  return `X12 ${s.id}${element !== undefined ? String(element).padStart(2, '0') : ''} (segment ${s.index})`;
}

function mapPurchaseOrder(set: TransactionSet, documentName: string): ParsedPurchaseOrder {
  const { st, body } = set;
  if (el(st, 1) !== '850') {
    const names: Record<string, string> = { '810': 'an invoice', '855': 'a PO acknowledgment', '856': 'a ship notice', '860': 'a PO change', '997': 'a functional acknowledgment' };
    throw new X12Error(st.index, 'ST', `transaction set ${el(st, 2)} is ${el(st, 1)}${names[el(st, 1)] ? ` (${names[el(st, 1)]})` : ''}, not an 850 purchase order`);
  }
  const beg = body.find((s) => s.id === 'BEG');
  if (!beg) throw new X12Error(st.index, 'ST', `purchase order ${el(st, 2)} has no BEG segment (it carries the PO number)`);
  const purpose = REJECTED_PURPOSES[el(beg, 1)];
  if (purpose) throw new X12Error(beg.index, 'BEG', `BEG01 is ${el(beg, 1)}: PO ${el(beg, 3)} is ${purpose}, which a person must apply; arflow enters new orders`);

  if (!el(beg, 3)) throw new X12Error(beg.index, 'BEG', 'BEG03 (the PO number) is empty');
  const po: ParsedPurchaseOrder = { documentKind: 'x12_850', documentName, lines: [], unreadableLines: [] };
  po.poNumber = exact(el(beg, 3), where(beg, 3));
  if (el(beg, 5)) {
    const date = compactDateToIso(el(beg, 5));
    if (!date) throw new X12Error(beg.index, 'BEG', `BEG05 "${el(beg, 5)}" is not a date (CCYYMMDD)`);
    po.orderDate = exact(date, where(beg, 5));
  }

  let section: 'header' | 'line' | 'summary' = 'header';
  const lines: LineDraft[] = [];
  const dates = new Map<string, { iso: string; s: Segment }>();
  let party: { code: string; n1: Segment; names: string[]; streets: string[]; n4?: Segment } | undefined;
  const parties: NonNullable<typeof party>[] = [];
  let internalCustomerNumber: Segment | undefined;
  let totalSegment: Segment | undefined;
  let ctt: Segment | undefined;

  for (const s of body) {
    if (s.id === 'PO1') { section = 'line'; lines.push({ po1: s, pid: [] }); party = undefined; continue; }
    if (s.id === 'CTT') { section = 'summary'; ctt = s; continue; }
    const line = lines[lines.length - 1];
    if (section === 'line' && line) {
      if (s.id === 'PID' && el(s, 1) === 'F' && el(s, 5)) line.pid.push(el(s, 5));
      else if (s.id === 'AMT' && el(s, 1) === '1') line.amt = s;
      continue; // line-level N1, DTM, REF … belong to the line, not the order's header
    }
    if (s.id === 'AMT' && el(s, 1) === 'TT') { totalSegment = s; continue; }
    if (section !== 'header') continue;
    switch (s.id) {
      case 'CUR': {
        const code = el(s, 2);
        if (!CURRENCY_CODE.test(code)) throw new X12Error(s.index, 'CUR', `CUR02 "${code}" is not an ISO 4217 currency code`);
        po.currency = exact(code, where(s, 2));
        break;
      }
      case 'DTM': {
        const iso = compactDateToIso(el(s, 2));
        if (!iso) throw new X12Error(s.index, 'DTM', `DTM02 "${el(s, 2)}" is not a date (CCYYMMDD)`);
        if (!dates.has(el(s, 1))) dates.set(el(s, 1), { iso, s });
        break;
      }
      case 'REF':
        if (el(s, 1) === 'IT' && el(s, 2)) internalCustomerNumber ??= s; // IT: internal customer number, our number for them
        break;
      case 'N1':
        party = { code: el(s, 1), n1: s, names: el(s, 2) ? [el(s, 2)] : [], streets: [] };
        parties.push(party);
        break;
      case 'N2': party?.names.push(...[el(s, 1), el(s, 2)].filter(Boolean)); break;
      case 'N3': party?.streets.push(...[el(s, 1), el(s, 2)].filter(Boolean)); break;
      case 'N4': if (party) party.n4 = s; break;
      default: break;
    }
  }

  // DTM01 010 is the requested ship date; 002 the requested delivery date, the next best thing.
  const requested = dates.get('010') ?? dates.get('002');
  if (requested) po.requestedShipDate = exact(requested.iso, `${where(requested.s, 2)}, qualifier ${el(requested.s, 1)}`);

  const shipTo = parties.find((p) => p.code === 'ST');
  if (shipTo) {
    const text = addressText({ name: shipTo.names, lines: shipTo.streets, city: shipTo.n4 && el(shipTo.n4, 1), region: shipTo.n4 && el(shipTo.n4, 2), postcode: shipTo.n4 && el(shipTo.n4, 3), country: shipTo.n4 && el(shipTo.n4, 4) });
    const code = el(shipTo.n1, 4) ? ` (location ${el(shipTo.n1, 3)} ${el(shipTo.n1, 4)})` : '';
    if (text) po.shipTo = exact(text, `X12 N1*ST loop (segment ${shipTo.n1.index})${code}`);
    else if (code) {
      const whose = el(shipTo.n1, 3) === '92' ? "buyer's location" : el(shipTo.n1, 3) === '91' ? 'our location' : `location (qualifier ${el(shipTo.n1, 3)})`;
      po.shipTo = exact(`${whose} ${el(shipTo.n1, 4)}`, `X12 N1*ST (segment ${shipTo.n1.index}): a location code, no address`);
    }
  }
  const buyer = parties.find((p) => p.code === 'BY') ?? parties.find((p) => p.code === 'SO') ?? parties.find((p) => p.code === 'BT');
  if (buyer && el(buyer.n1, 2)) po.companyName = exact(el(buyer.n1, 2), where(buyer.n1, 2) + ` N1*${buyer.code}`);
  // N103 91 is "assigned by seller": our account number for them. 92 ("assigned by buyer") is the
  // buyer's own code for itself and matches nothing of ours.
  const accountParty = [buyer, ...parties].find((p) => p && el(p.n1, 3) === '91' && el(p.n1, 4));
  if (accountParty) po.customerNumber = exact(el(accountParty.n1, 4), `${where(accountParty.n1, 4)} N1*${accountParty.code}, qualifier 91 (assigned by seller)`);
  else if (internalCustomerNumber) po.customerNumber = exact(el(internalCustomerNumber, 2), `${where(internalCustomerNumber, 2)} REF*IT (internal customer number)`);

  const currency = po.currency?.value ?? 'USD';
  const read = lines.map((l, n) => readLine(l, n + 1, currency));
  for (const r of read) {
    if ('line' in r) po.lines.push(r.line);
    else po.unreadableLines.push(r.unreadable);
  }
  if (new Set(po.lines.map((l) => l.lineNumber)).size !== po.lines.length) po.lines.forEach((l, n) => { l.lineNumber = n + 1; });

  if (ctt) {
    const declared = count(ctt, 1, 'PO1 line items');
    if (declared !== lines.length) throw new X12Error(ctt.index, 'CTT', `CTT01 says ${declared} line item(s), but PO ${el(beg, 3)} has ${lines.length} PO1 segment(s)`);
  }
  if (totalSegment) {
    const total = amountToMinor(el(totalSegment, 2), currency, 'AMT02 total');
    if (!total.ok) throw new X12Error(totalSegment.index, 'AMT', total.reason);
    po.totalMinor = exact(total.value, where(totalSegment, 2) + ' AMT*TT');
  } else if (po.lines.length > 0 && po.unreadableLines.length === 0 && po.lines.every((l) => l.unitPriceMinor !== undefined)) {
    po.totalMinor = exact(po.lines.reduce((sum, l) => sum + extendLine(l.quantityMilli, l.unitPriceMinor!), 0), 'sum of the PO1 lines (quantity × unit price); the 850 has no AMT*TT');
  }
  return po;
}

function readLine(draft: LineDraft, position: number, currency: string): { line: ParsedLine } | { unreadable: string } {
  const s = draft.po1;
  const sourceText = [s.raw, ...draft.pid.map((d) => `PID: ${d}`)].join(' | ');
  const fail = (reason: string) => ({ unreadable: `segment ${s.index}: ${s.raw} — ${reason}` });
  const quantity = quantityToMilli(el(s, 2));
  if (!quantity.ok) return fail(el(s, 2) ? quantity.reason : 'PO102 (quantity) is empty');
  const ids: { qualifier: string; id: string }[] = [];
  for (let n = 6; n + 1 < s.elements.length; n += 2) if (el(s, n) && el(s, n + 1)) ids.push({ qualifier: el(s, n), id: el(s, n + 1) });
  const pick = (qualifiers: string[]) => qualifiers.map((q) => ids.find((i) => i.qualifier === q)).find(Boolean);
  const item = pick(SELLER_ID_QUALIFIERS) ?? pick(BUYER_ID_QUALIFIERS) ?? ids[0];
  if (!item) return fail('no product ID (PO106/PO107 and the pairs after it are empty)');
  let unitPriceMinor: number | undefined;
  if (el(s, 4)) {
    const basis = PRICE_BASIS[el(s, 5)] ?? '1';
    const price = amountToMinor(el(s, 4), currency, 'unit price', basis);
    if (!price.ok) return fail(price.reason);
    if (price.value < 0) return fail(`unit price ${el(s, 4)} is negative`);
    unitPriceMinor = price.value;
  }
  let amountMinor: number | undefined;
  if (draft.amt) {
    const amount = amountToMinor(el(draft.amt, 2), currency, 'line amount (AMT*1)');
    if (!amount.ok) return fail(amount.reason);
    amountMinor = amount.value;
  }
  // PO101 is the buyer's line number when it is one; otherwise lines are counted.
  const lineNumber = /^\d{1,6}$/.test(el(s, 1)) && Number(el(s, 1)) > 0 ? Number(el(s, 1)) : position;
  return {
    line: {
      lineNumber,
      itemCode: item.id,
      description: draft.pid.join(' '),
      quantityMilli: quantity.value,
      unitOfMeasure: el(s, 3) ? normalizeUnitCode(el(s, 3)) : undefined,
      unitPriceMinor,
      amountMinor,
      confidence: 1,
      sourceText: `${sourceText} (item ${item.qualifier} ${item.id})`,
    },
  };
}

/**
 * Every 850 in the file (one interchange or several, back to back), in order. Throws X12Error for a
 * file that is not X12, or whose envelopes, counts or control numbers do not agree.
 */
export function readX12PurchaseOrders(text: string, documentName: string): ParsedPurchaseOrder[] {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const start = text.search(/\S/);
  if (start < 0) throw new X12Error(0, undefined, 'the file is empty');
  const head = text.slice(start, start + 3);
  if (head === 'UNA' || head === 'UNB') throw new X12Error(0, undefined, 'this is a UN/EDIFACT interchange (UNA/UNB), not ANSI X12; arflow reads X12 850 purchase orders');
  if (head !== 'ISA') throw new X12Error(0, undefined, 'an X12 interchange must start with an ISA segment, and this file does not');
  const orders: ParsedPurchaseOrder[] = [];
  let cursor = start;
  let index = 1;
  while (cursor < text.length && text.slice(cursor).trim() !== '') {
    const rest = text.slice(cursor);
    const offset = rest.search(/\S/);
    if (rest.slice(offset, offset + 3) !== 'ISA') throw new X12Error(index, undefined, 'only another interchange (ISA) may follow an IEA segment');
    const { segments, next } = splitInterchange(text, cursor + offset, index);
    for (const set of transactionSets(segments)) orders.push(mapPurchaseOrder(set, documentName));
    index += segments.length;
    cursor = next;
  }
  if (orders.length === 0) throw new X12Error(1, 'ISA', 'the interchange holds no transaction set (ST … SE)');
  return orders;
}
