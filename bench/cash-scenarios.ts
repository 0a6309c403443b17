// A generated cash-application desk: customers, their open invoices, and payments in the order the bank
// reports them, each with the truth of what it pays. Pure and deterministic: the same options and seed give
// the same desk. The mix is a real desk's: most payments name their invoices exactly; the rest are the
// cases a cash applier earns a living on (short pays, late discounts, bank fees, typos, OCR, POs, no
// reference, duplicates, payers nobody knows). The truth of a case only a person can settle (two invoices
// for the same amount and no reference, a duplicate, an amount OCR could not read) is `outcome: 'person'`.
import { seededRandom } from '../demo/seeded-random.js';
import { DEFAULT_CASH_POLICY, scaledTo } from '../domain/cash-policy.js';
import type { OpenInvoice, PaymentToMatch } from '../domain/cash-matching.js';
import type { Payer, PaymentMethod, RemittanceLine } from '../domain/payment-documents.js';

export const SCENARIO_KINDS = ['exact', 'multi_invoice', 'short_pay', 'discount_taken', 'fee_deducted', 'typo_reference', 'no_reference', 'duplicate', 'unknown_payer', 'ocr_reference', 'overpayment', 'po_reference', 'unreliable_amount'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** What a payment does to one invoice: cash applied, discount allowed, deduction held back. */
export interface TruthApplication { invoiceId: string; amountMinor: number; discountMinor: number; deductionMinor: number; writeOff?: boolean }

export interface Truth {
  kind: ScenarioKind;
  customerId?: string;
  /** What the payment pays (for `person` and `suspense`, what a person finally applies; empty for a duplicate). */
  invoices: TruthApplication[];
  /** apply: the right answer is knowable from the payment; person: only a person can settle it; suspense: nobody can tell who paid. */
  outcome: 'apply' | 'person' | 'suspense';
  /** Left on the customer's account (an over-payment). */
  unappliedMinor?: number;
  /** What the case is, for a person reading a failure. */
  note: string;
}

export interface CashCustomer { id: string; name: string; number: string; accounts: string[]; currency: string }
export interface CashScenario { payment: PaymentToMatch; payer: Payer; truth: Truth }
export interface CashScenarioSet { invoices: OpenInvoice[]; customers: CashCustomer[]; payments: CashScenario[] }

export interface CashScenarioOptions { payments: number; openInvoices: number; customers: number; seed?: number; asOf?: string }

// How often each case turns up on a desk, out of 100 payments.
const MIX: readonly [ScenarioKind, number][] = [
  ['exact', 50], ['multi_invoice', 12], ['short_pay', 6], ['discount_taken', 6], ['fee_deducted', 4], ['typo_reference', 2], ['no_reference', 7],
  ['duplicate', 2], ['unknown_payer', 3], ['ocr_reference', 3], ['overpayment', 2], ['po_reference', 2], ['unreliable_amount', 1],
];

const BASES = ['Acme', 'Northwind', 'Summit', 'Blue Ridge', 'Cascade', 'Pioneer', 'Redwood', 'Harbor', 'Keystone', 'Liberty', 'Meridian', 'Oakridge', 'Pinnacle', 'Riverside', 'Sterling', 'Granite', 'Evergreen', 'Frontier', 'Lakeside', 'Silverline', 'Bayview', 'Crescent', 'Ironwood', 'Maple Leaf', 'Prairie', 'Coastal', 'Horizon', 'Heritage', 'Vanguard', 'Atlas', 'Apex', 'Beacon', 'Cobalt', 'Delta', 'Eastgate', 'Falcon', 'Golden Gate', 'Highland', 'Jasper', 'Kingston', 'Lighthouse', 'Magnolia', 'Neptune', 'Orchard', 'Patriot', 'Quarry', 'Ridgeway', 'Sapphire', 'Timberline', 'Union', 'Valley', 'Westfield', 'Yellowstone', 'Zenith', 'Copper Creek', 'Stonebridge', 'Willow', 'Brightwater', 'Clearwater', 'Fairview'];
const QUALIFIERS = ['Precision', 'United', 'American', 'Pacific', 'Atlantic', 'Global', 'National', 'Premier', 'Advanced', 'Allied', 'Continental', 'General', 'Standard', 'Superior', 'Quality'];
const TRADES = ['Manufacturing', 'Supply', 'Foods', 'Distribution', 'Industries', 'Technologies', 'Services', 'Logistics', 'Packaging', 'Electric', 'Construction', 'Medical', 'Chemical', 'Automotive', 'Brothers', 'International', 'Laboratories', 'Equipment', 'Systems', 'Products', 'Plastics', 'Metals', 'Textiles', 'Farms', 'Builders', 'Hardware', 'Engineering', 'Trading', 'Imports', 'Components'];
const LEGAL = ['Inc', 'LLC', 'Co', 'Corp', 'Ltd', 'Company', 'Inc', 'LLC', 'Inc'];
// A second company under a name that starts like another's: the trap for matching payers by name.
const SIBLING_WORDS = ['West', 'East', 'Canada', 'Holdings', 'Southeast', 'Midwest', 'Texas', 'Group'];
// Short forms banks print. HDWE is one the engine does not know: not every payer is recognisable by name.
const BANK_SHORT: Record<string, string> = {
  MANUFACTURING: 'MFG', INTERNATIONAL: 'INTL', DISTRIBUTION: 'DIST', SERVICES: 'SVCS', TECHNOLOGIES: 'TECH', BROTHERS: 'BROS', LABORATORIES: 'LABS',
  EQUIPMENT: 'EQUIP', INDUSTRIES: 'INDS', PRODUCTS: 'PRODS', SYSTEMS: 'SYS', ENGINEERING: 'ENGRG', CONSTRUCTION: 'CONSTR', ELECTRIC: 'ELEC',
  AUTOMOTIVE: 'AUTO', MEDICAL: 'MED', CHEMICAL: 'CHEM', FOODS: 'FDS', SUPPLY: 'SPLY', PACKAGING: 'PKG', HOLDINGS: 'HLDGS', GROUP: 'GRP', HARDWARE: 'HDWE', NATIONAL: 'NATL', AMERICAN: 'AMER',
};
// Payers that are no customer: payment networks paying on a customer's behalf, escrow, a person.
const STRANGERS = ['AVIDXCHANGE INC', 'BILL.COM LLC', 'PAYMODE-X', 'MINERALTREE PAYMENTS', 'J R SMITH', 'FIRST AMERICAN TITLE ESCROW', 'ORIGINATOR 4471', 'ZEPHYR HOLDCO PARENT', 'TRUIST COMMERCIAL CARD', 'NORTHERN FACTORING CORP', 'MARIA GONZALEZ', 'CORPAY SOLUTIONS'];
const REASONS = ['DAMAGED GOODS', 'PRICING', 'FREIGHT NOT AGREED', 'SHORTAGE', 'RETURNED 2 UNITS', 'CARC 45', 'ADX 22', 'late delivery penalty'];

type Method = Exclude<PaymentMethod, never>;
interface Customer extends CashCustomer { weight: number; discountTerms: boolean; fixedAmount?: number; poStyle: 'sap' | 'prefixed' | 'plain' | 'none' }
interface Item { invoice: OpenInvoice; open: number; available: boolean }
interface Ref { item: Item; paid: number; discount?: number; adjustment?: number; reason?: string }

const pad = (n: number, width = 6) => String(n).padStart(width, '0');

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function generateCashScenarios(options: CashScenarioOptions): CashScenarioSet {
  const random = seededRandom(options.seed ?? 20260401);
  const asOf = options.asOf ?? '2026-04-01';
  const policy = DEFAULT_CASH_POLICY;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
    let r = random() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of pairs) { r -= w; if (r < 0) return x; }
    return pairs.at(-1)![0];
  };

  // ── Customers ──
  const customers: Customer[] = [];
  const taken = new Set<string>();
  const accountsTaken = new Set<string>();
  const significant = (name: string) => name.toUpperCase().split(/\s+/).filter((w) => !['INC', 'LLC', 'CO', 'CORP', 'LTD', 'COMPANY'].includes(w)).sort().join(' ');
  for (let n = 0; n < options.customers; n++) {
    let name = '';
    for (let tries = 0; tries < 50 && (!name || taken.has(significant(name))); tries++) {
      const sibling = customers.length > 5 && chance(0.08) ? pick(customers) : undefined;
      name = sibling
        ? `${sibling.name.split(' ').slice(0, -1).join(' ')} ${pick(SIBLING_WORDS)} ${pick(LEGAL)}`
        : `${pick(BASES)}${chance(0.5) ? ` ${pick(QUALIFIERS)}` : ''} ${pick(TRADES)} ${pick(LEGAL)}`;
    }
    if (taken.has(significant(name))) name = `${pick(BASES)} ${pick(TRADES)} ${n} ${pick(LEGAL)}`;
    taken.add(significant(name));
    const accounts: string[] = [];
    for (let k = chance(0.3) ? 2 : 1; k > 0; k--) {
      let account = '';
      do account = String(int(100_000_000, 9_999_999_999)); while (accountsTaken.has(account));
      accountsTaken.add(account);
      accounts.push(account);
    }
    const currency = weighted([['USD', 91], ['EUR', 6], ['JPY', 3]] as const);
    customers.push({
      id: `cust_${pad(n + 1, 5)}`, name, number: `C-${10001 + n}`, accounts, currency,
      weight: Math.exp(normal() * 1.1), discountTerms: chance(0.2),
      ...(chance(0.12) ? { fixedAmount: roundish(Math.exp(Math.log(90_000) + 0.8 * normal())) } : {}),
      poStyle: pick(['sap', 'prefixed', 'plain', 'none'] as const),
    });
  }
  function roundish(cents: number): number {
    const c = Math.min(50_000_000, Math.max(2_500, Math.round(cents)));
    return chance(0.06) ? Math.max(10_000, Math.round(c / 10_000) * 10_000) : chance(0.12) ? Math.round(c / 100) * 100 : c;
  }
  const inCurrency = (usdCents: number, currency: string) => currency === 'JPY' ? Math.round(usdCents * 1.5) : currency === 'EUR' ? Math.round(usdCents * 0.92) : usdCents;

  // ── Invoices: numbered in issue order, so customers' invoices interleave ──
  const cumulative: number[] = [];
  customers.reduce((s, c) => { cumulative.push(s + c.weight); return s + c.weight; }, 0);
  const pickCustomer = () => {
    const r = random() * cumulative.at(-1)!;
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! < r) lo = mid + 1; else hi = mid; }
    return customers[lo]!;
  };
  const items: Item[] = [];
  const itemsOf = new Map<string, Item[]>();
  const posUsed = new Set<string>();
  for (let k = 0; k < options.openInvoices; k++) {
    const customer = pickCustomer();
    const issued = addDays(asOf, -75 + Math.floor((75 * k) / options.openInvoices));
    const usd = customer.fixedAmount !== undefined && chance(0.75) ? customer.fixedAmount : roundish(Math.exp(Math.log(150_000) + 1.1 * normal()));
    const total = inCurrency(usd, customer.currency);
    let poNumber: string | undefined;
    if (customer.poStyle !== 'none' && chance(0.85)) {
      do poNumber = customer.poStyle === 'sap' ? `45000${pad(int(0, 99_999), 5)}` : customer.poStyle === 'prefixed' ? `PO-${int(10_000, 99_999)}` : String(int(10_000, 99_999));
      while (posUsed.has(`${customer.id}/${poNumber}`));
      posUsed.add(`${customer.id}/${poNumber}`);
    }
    const partlyPaid = chance(0.03);
    const invoice: OpenInvoice = {
      id: `inv_${pad(k + 1, 7)}`, number: `INV-${pad(k + 1)}`, customerId: customer.id, currency: customer.currency,
      openMinor: partlyPaid ? total - Math.round(total * (0.2 + 0.5 * random())) : total, totalMinor: total, dueDate: addDays(issued, 30),
      discountMinor: customer.discountTerms ? Math.round(total * 0.02) : 0, ...(customer.discountTerms ? { discountDate: addDays(issued, 10) } : {}),
      ...(poNumber ? { poNumber } : {}),
    };
    const item = { invoice, open: invoice.openMinor, available: true };
    items.push(item);
    const list = itemsOf.get(customer.id);
    if (list) list.push(item); else itemsOf.set(customer.id, [item]);
  }
  const customerOf = new Map(customers.map((c) => [c.id, c]));
  const pool = items.slice();

  // ── Helpers the cases share ──
  const earned = (item: Item, on: string) => item.invoice.discountMinor > 0 && item.open === item.invoice.totalMinor && on <= addDays(item.invoice.discountDate!, policy.discountGraceDays);
  /** A random invoice still untouched by this desk's payments that passes `ok`, taken out of the pool. */
  function take(ok: (item: Item) => boolean, tries = 400): Item | undefined {
    for (let t = 0; t < tries && pool.length; t++) {
      const at = Math.floor(random() * pool.length);
      const item = pool[at]!;
      if (!item.available) { pool[at] = pool.at(-1)!; pool.pop(); continue; }
      if (!ok(item)) continue;
      item.available = false;
      pool[at] = pool.at(-1)!; pool.pop();
      return item;
    }
    return undefined;
  }
  const siblingsOf = (item: Item, ok: (i: Item) => boolean) => (itemsOf.get(item.invoice.customerId) ?? []).filter((i) => i !== item && i.available && ok(i));
  const claim = (xs: Item[]) => { for (const x of xs) x.available = false; return xs; };
  const methodFor = (c: Customer): Method => c.currency === 'JPY' ? 'wire' : c.currency === 'EUR' ? weighted([['wire', 60], ['ach', 40]] as const)
    : weighted([['check', 30], ['ach', 40], ['wire', 12], ['lockbox', 13], ['card', 5]] as const);
  const feesOn = (m: Method) => m === 'wire' || m === 'ach';

  /** How payers write our invoice number. */
  function writeNumber(number: string, style = weighted([['printed', 40], ['compact', 12], ['lower', 6], ['digits', 12], ['short', 15], ['spaced', 5], ['hash', 5], ['word', 5]] as const)): string {
    const digits = number.slice(4);
    const short = String(Number(digits));
    switch (style) {
      case 'printed': return number;
      case 'compact': return `INV${digits}`;
      case 'lower': return number.toLowerCase();
      case 'digits': return digits;
      case 'short': return short.length >= 3 ? short : number;
      case 'spaced': return `INV ${digits}`;
      case 'hash': return `#${digits}`;
      case 'word': return short.length >= 3 ? `Invoice ${short}` : number;
    }
  }

  /** The name a bank prints for a customer: legal, upper case, abbreviated, with AP's department, cut at the field's width. */
  function bankName(c: Customer, method: Method): string {
    const upper = c.name.toUpperCase();
    const variant = weighted([['upper', 35], ['short', 25], ['dept', 15], ['written', 15], ['nolegal', 10]] as const);
    let name = variant === 'short' ? upper.split(' ').map((w, k, all) => (k === all.length - 1 ? (chance(0.5) ? 'CO' : w) : BANK_SHORT[w] ?? w)).join(' ')
      : variant === 'dept' ? `${upper} ${pick(['AP DEPT', 'ACCOUNTS PAYABLE', 'A/P'])}`
      : variant === 'written' ? c.name.replace(/ (Inc|LLC|Co|Corp|Ltd|Company)$/, ', $1.')
      : variant === 'nolegal' ? upper.split(' ').slice(0, -1).join(' ') : upper;
    const width = method === 'ach' ? 16 : method === 'wire' ? 35 : method === 'card' ? 22 : 60;
    name = name.slice(0, width).trimEnd();
    return name;
  }

  function payerFor(c: Customer, method: Method, knownAccount: number): Payer {
    const payer: Payer = { name: bankName(c, method) };
    if (method !== 'card' && chance(knownAccount)) payer.accountRef = pick(c.accounts);
    else if (method !== 'card' && chance(0.2)) payer.accountRef = String(int(100_000_000, 9_999_999_999)); // an account we have not seen
    if ((method === 'lockbox' || method === 'ach') && chance(0.08)) payer.customerNumber = c.number;
    return payer;
  }
  const knownFor = (method: Method) => ({ check: 0.55, lockbox: 0.6, ach: 0.3, wire: 0.45, card: 0 })[method];

  /** What the payer tells us: remittance lines (with or without amounts) or invoice numbers in the bank's memo. */
  function present(refs: Ref[], method: Method, payerName: string, opts: { stated?: boolean; mode?: 'lines' | 'memo'; write?: (n: string) => string } = {}): { remittance: RemittanceLine[]; memo: string } {
    const write = opts.write ?? ((n: string) => writeNumber(n));
    const mode = opts.mode ?? (method === 'check' || method === 'lockbox' ? 'lines' : method === 'card' ? 'memo' : method === 'ach' ? (chance(0.55) ? 'lines' : 'memo') : chance(0.35) ? 'lines' : 'memo');
    if (mode === 'memo') {
      const numbers = refs.map((r) => r.item.invoice.number);
      const style = pick(['inv', 'printed', 'invoice', 'compact'] as const);
      const text = style === 'inv' ? `INV ${numbers.map((n) => n.slice(4)).join(' ')}` : style === 'printed' ? numbers.join(' ')
        : style === 'invoice' ? `INVOICE ${numbers.map((n) => String(Number(n.slice(4)))).join(', ')}` : numbers.map((n) => `INV${n.slice(4)}`).join('/');
      const lead = method === 'wire' ? pick(['/RFB/', 'OBI ', 'REF ']) : method === 'card' ? 'CARD PMT ' : `${pick(['CCD', 'CTX', 'PPD'])} ${payerName} ${pick(['PMT', 'PAYMENT', 'VENDOR PMT'])} `;
      return { remittance: [], memo: `${lead}${text}` };
    }
    const stated = opts.stated ?? chance(0.6);
    const remittance = refs.map((r): RemittanceLine => ({
      reference: write(r.item.invoice.number),
      ...(stated ? { paidMinor: r.paid } : {}),
      ...(stated && chance(0.4) ? { invoiceAmountMinor: r.item.invoice.totalMinor } : {}),
      ...(stated && r.discount ? { discountMinor: r.discount } : {}),
      ...(stated && r.adjustment ? { adjustmentMinor: r.adjustment } : {}),
      ...(stated && r.reason ? { adjustmentReason: r.reason } : {}),
    }));
    return { remittance, memo: method === 'check' || method === 'lockbox' ? '' : `${pick(['CTX', 'CCD'])} ${payerName} PAYMENT` };
  }
  const plainMemo = (method: Method, payerName: string) => method === 'wire' ? pick(['/RFB/PAYMENT', 'OBI VENDOR PAYMENT', '']) : method === 'check' || method === 'lockbox' ? '' : `${pick(['CCD', 'PPD'])} ${payerName} ${pick(['PMT', 'PAYMENT', 'VENDOR PMT', 'AP PMT 0412'])}`;

  // Booking a case's truth on the generator's own open amounts, so later cases see the desk as it will be.
  function book(apps: TruthApplication[]) {
    for (const a of apps) {
      const item = byId.get(a.invoiceId)!;
      item.open -= a.amountMinor + a.discountMinor + (a.writeOff ? a.deductionMinor : 0);
    }
  }
  const byId = new Map(items.map((i) => [i.invoice.id, i]));
  const full = (item: Item): TruthApplication => ({ invoiceId: item.invoice.id, amountMinor: item.open, discountMinor: 0, deductionMinor: 0 });
  const paidEarlier: { item: Item; method: Method; customer: Customer }[] = [];

  /**
   * How many ways (0, 1, or 2 meaning "more") the customer's open invoices make `amount` exactly, as a person
   * checks it: one invoice, with or without a discount still earned, or several at what settles them.
   */
  function waysToMake(customerId: string, currency: string, amount: number, on: string, maxItems: number): number {
    const open = (itemsOf.get(customerId) ?? []).filter((i) => i.open > 0 && i.invoice.currency === currency);
    const settle = open.map((i) => (earned(i, on) ? i.open - i.invoice.discountMinor : i.open)).sort((a, b) => b - a);
    const suffix = settle.map((_, k) => settle.slice(k).reduce((s, x) => s + x, 0));
    let ways = open.filter((i) => i.open === amount || (earned(i, on) && i.open - i.invoice.discountMinor === amount)).length;
    let budget = 3_000_000; // past this, nobody could be sure by hand either: a person decides
    const walk = (start: number, left: number, used: number) => {
      if (ways >= 2) return;
      if (left === 0) { if (used > 1) ways++; return; }
      if (used >= maxItems) return;
      for (let k = start; k < settle.length; k++) {
        if (--budget < 0) { ways = 2; return; }
        if (suffix[k]! < left) return;
        if (settle[k]! <= left) walk(k + 1, left - settle[k]!, used + 1);
      }
    };
    walk(0, amount, 0);
    return Math.min(ways, 2);
  }

  const on = (n: number) => addDays(asOf, Math.floor((n * 21) / Math.max(1, options.payments)));
  const writeOffLimit = (currency: string) => scaledTo(policy.deductionWriteOffMinor, currency);
  const feeLimit = (currency: string) => scaledTo(policy.bankFeeToleranceMinor, currency);

  type Built = Omit<CashScenario, 'truth'> & { truth: Omit<Truth, 'kind'> };
  const payment = (amountMinor: number, c: Customer, date: string, method: Method, told: { remittance: RemittanceLine[]; memo: string }, amountReliable = true): PaymentToMatch =>
    ({ amountMinor, currency: c.currency, receivedOn: date, remittance: told.remittance, memo: told.memo, amountReliable, feesPossible: feesOn(method) });

  // ── The cases ──
  const builders: Record<ScenarioKind, (date: string) => Built | undefined> = {
    exact(date) {
      const item = take(() => true);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method = methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const truth = [full(item)];
      const told = present([{ item, paid: item.open }], method, payer.name!);
      paidEarlier.push({ item, method, customer: c });
      return { payment: payment(item.open, c, date, method, told), payer, truth: { customerId: c.id, invoices: truth, outcome: 'apply', note: `pays ${item.invoice.number} in full` } };
    },
    multi_invoice(date) {
      const seed = take((i) => siblingsOf(i, () => true).length >= 1);
      if (!seed) return undefined;
      const c = customerOf.get(seed.invoice.customerId)!;
      const others = siblingsOf(seed, () => true).sort(() => random() - 0.5).slice(0, Math.min(5, 1 + Math.floor(random() ** 2 * 5)));
      const chosen = [seed, ...claim(others)];
      const method = methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const told = present(chosen.map((item) => ({ item, paid: item.open })), method, payer.name!);
      const truth = chosen.map(full);
      return { payment: payment(chosen.reduce((s, i) => s + i.open, 0), c, date, method, told), payer, truth: { customerId: c.id, invoices: truth, outcome: 'apply', note: `pays ${chosen.length} invoices in full` } };
    },
    short_pay(date) {
      const item = take((i) => !earned(i, date) && i.open > 2_000);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method = methodFor(c);
      const stated = chance(0.6);
      const small = chance(0.4);
      const wo = writeOffLimit(c.currency);
      const low = stated || !feesOn(method) ? wo + 1 : feeLimit(c.currency) + 1;
      let short = small ? int(1, wo) : int(low, Math.max(low, Math.round(item.open * 0.35)));
      if (short >= item.open) short = Math.max(1, Math.round(item.open / 3));
      if (item.invoice.discountMinor > 0 && short === item.invoice.discountMinor) short += 1; // not the terms' discount taken late: that is another case
      const reason = stated && chance(0.5) ? pick(REASONS) : undefined;
      const others = stated && chance(0.25) ? claim(siblingsOf(item, (i) => !earned(i, date)).slice(0, int(1, 3))) : [];
      const payer = payerFor(c, method, knownFor(method));
      const refs: Ref[] = [...others.map((o) => ({ item: o, paid: o.open })), { item, paid: item.open - short, ...(stated && chance(0.7) ? { adjustment: short } : {}), ...(reason ? { reason } : {}) }];
      const told = present(refs, method, payer.name!, { stated, ...(stated ? { mode: 'lines' as const } : {}) });
      const truth = [...others.map(full), { invoiceId: item.invoice.id, amountMinor: item.open - short, discountMinor: 0, deductionMinor: short, writeOff: short <= wo }];
      return { payment: payment(refs.reduce((s, r) => s + r.paid, 0), c, date, method, told), payer, truth: { customerId: c.id, invoices: truth, outcome: 'apply', note: `${short} short on ${item.invoice.number}${reason ? ` (${reason})` : ''}, ${stated ? 'amounts stated' : 'no amounts'}` } };
    },
    discount_taken(date) {
      const inTime = chance(0.6);
      const item = take((i) => i.invoice.discountMinor > 0 && i.open === i.invoice.totalMinor && earned(i, date) === inTime && addDays(i.invoice.discountDate!, -10) <= date);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method = c.currency === 'USD' ? weighted([['check', 50], ['ach', 40], ['lockbox', 10]] as const) : methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const discount = item.invoice.discountMinor;
      const told = present([{ item, paid: item.open - discount, ...(chance(0.8) ? { discount } : {}) }], method, payer.name!);
      const wo = writeOffLimit(c.currency);
      const truth: TruthApplication[] = [inTime
        ? { invoiceId: item.invoice.id, amountMinor: item.open - discount, discountMinor: discount, deductionMinor: 0 }
        : { invoiceId: item.invoice.id, amountMinor: item.open - discount, discountMinor: 0, deductionMinor: discount, writeOff: discount <= wo }];
      return { payment: payment(item.open - discount, c, date, method, told), payer, truth: { customerId: c.id, invoices: truth, outcome: 'apply', note: `takes the ${discount} discount on ${item.invoice.number} ${inTime ? 'in time' : `after ${item.invoice.discountDate}`}` } };
    },
    fee_deducted(date) {
      const seed = take((i) => customerOf.get(i.invoice.customerId)!.currency !== 'JPY' && !earned(i, date));
      if (!seed) return undefined;
      const c = customerOf.get(seed.invoice.customerId)!;
      const chosen = chance(0.2) ? [...claim(siblingsOf(seed, (i) => !earned(i, date)).slice(0, int(1, 2))), seed] : [seed];
      const method: Method = chance(0.7) ? 'wire' : 'ach';
      const fee = int(500, c.currency === 'EUR' ? 3_500 : 4_500);
      const last = chosen.at(-1)!;
      if (last.open <= fee) return undefined;
      const amount = chosen.reduce((s, i) => s + i.open, 0) - fee;
      const payer = payerFor(c, method, knownFor(method));
      const how = chosen.length === 1 ? weighted([['stated', 35], ['lines', 25], ['memo', 25], ['none', 15]] as const) : weighted([['stated', 40], ['lines', 30], ['memo', 30]] as const);
      const truth = chosen.map((i) => i === last ? { invoiceId: i.invoice.id, amountMinor: i.open - fee, discountMinor: 0, deductionMinor: fee, writeOff: true } : full(i));
      if (how === 'none') {
        // No reference: the amount alone names it only if no other open invoice of theirs is within a fee of it.
        const near = (itemsOf.get(c.id) ?? []).filter((i) => i.open > 0 && i.invoice.currency === c.currency && i.open >= amount && i.open - amount <= feeLimit(c.currency));
        return { payment: payment(amount, c, date, method, { remittance: [], memo: plainMemo(method, payer.name!) }), payer, truth: { customerId: c.id, invoices: truth, outcome: near.length === 1 ? 'apply' : 'person', note: `wire fee ${fee}, no reference${near.length > 1 ? `, ${near.length} invoices within a fee` : ''}` } };
      }
      const told = present(chosen.map((item) => ({ item, paid: item.open })), method, payer.name!, how === 'memo' ? { mode: 'memo' } : { mode: 'lines', stated: how === 'stated' });
      return { payment: payment(amount, c, date, method, told), payer, truth: { customerId: c.id, invoices: truth, outcome: 'apply', note: `bank fee ${fee} on ${chosen.length} invoice(s), ${how}` } };
    },
    typo_reference(date) {
      const item = take((i) => i.invoice.number.slice(4).replace(/^0+/, '').length >= 4);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const key = item.invoice.number.slice(4).replace(/^0+/, '');
      const mine = new Set((itemsOf.get(c.id) ?? []).map((i) => i.invoice.number.slice(4).replace(/^0+/, '')));
      let typo = key;
      for (let t = 0; t < 20 && (typo === key || mine.has(typo) || typo.startsWith('0')); t++) {
        const at = int(0, key.length - 1);
        if (chance(0.4) && at < key.length - 1 && key[at] !== key[at + 1]) typo = key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2);
        else { let d = String(int(at === 0 ? 1 : 0, 9)); if (d === key[at]) d = String(((Number(d) + 1) % 9) + 1); typo = key.slice(0, at) + d + key.slice(at + 1); }
      }
      if (typo === key || mine.has(typo) || typo.startsWith('0')) return undefined;
      const written = pad(Number(typo));
      const method = methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const told = present([{ item, paid: item.open }], method, payer.name!, { mode: 'lines', write: () => pick([`INV-${written}`, `INV${written}`, typo]) });
      return { payment: payment(item.open, c, date, method, told), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: 'apply', note: `${item.invoice.number} written as ${told.remittance[0]!.reference}` } };
    },
    no_reference(date) {
      const multi = chance(0.3);
      const seed = take((i) => !earned(i, date) && (!multi || siblingsOf(i, (s) => !earned(s, date)).length > 0));
      if (!seed) return undefined;
      const c = customerOf.get(seed.invoice.customerId)!;
      const chosen = multi ? [seed, ...claim(siblingsOf(seed, (s) => !earned(s, date)).slice(0, int(1, 2)))] : [seed];
      const amount = chosen.reduce((s, i) => s + i.open, 0);
      const method: Method = c.currency === 'USD' ? weighted([['ach', 60], ['check', 25], ['wire', 15]] as const) : 'wire';
      // A desk applies unreferenced cash only for payers it recognises: mostly by a known account.
      const payer: Payer = chance(0.7) ? { name: bankName(c, method), accountRef: pick(c.accounts) } : { name: c.name.toUpperCase() };
      const ways = waysToMake(c.id, c.currency, amount, date, Math.max(5, chosen.length));
      const told = { remittance: [], memo: plainMemo(method, payer.name!) };
      return { payment: payment(amount, c, date, method, told), payer, truth: { customerId: c.id, invoices: chosen.map(full), outcome: ways === 1 ? 'apply' : 'person', note: `no reference, pays ${chosen.map((i) => i.invoice.number).join(' + ')}${ways > 1 ? ' (another set of their invoices makes the same amount)' : ''}` } };
    },
    duplicate(date) {
      const earlier = paidEarlier.splice(Math.floor(random() * paidEarlier.length), 1)[0];
      if (!earlier || earlier.item.open !== 0) return undefined;
      const { item, customer: c } = earlier;
      const method = chance(0.5) ? earlier.method : methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const told = present([{ item, paid: item.invoice.openMinor }], method, payer.name!);
      return { payment: payment(item.invoice.openMinor, c, date, method, told), payer, truth: { customerId: c.id, invoices: [], outcome: 'person', note: `pays ${item.invoice.number} a second time` } };
    },
    unknown_payer(date) {
      const item = take(() => true);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method: Method = c.currency === 'USD' ? weighted([['ach', 50], ['check', 30], ['wire', 20]] as const) : 'wire';
      const payer: Payer = { name: pick(STRANGERS), ...(chance(0.3) ? { accountRef: String(int(100_000_000, 9_999_999_999)) } : {}) };
      const withRefs = chance(0.6);
      const told = withRefs ? present([{ item, paid: item.open }], method, payer.name!) : { remittance: [], memo: plainMemo(method, payer.name!) };
      return { payment: payment(item.open, c, date, method, told), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: withRefs ? 'apply' : 'suspense', note: `${payer.name} pays ${item.invoice.number} for ${c.name}${withRefs ? '' : ' and says nothing'}` } };
    },
    ocr_reference(date) {
      const item = take(() => true);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method: Method = chance(0.7) ? 'lockbox' : 'check';
      const payer = payerFor(c, method, knownFor(method));
      const misread = (number: string) => {
        const confuse: Record<string, string[]> = { '0': ['O', 'D', 'Q'], '1': ['I', 'l', '|'], '5': ['S'], '8': ['B'], '2': ['Z'], '6': ['G'], I: ['l', '1'] };
        let out = '';
        let changed = false;
        for (const ch of number) {
          const options = confuse[ch];
          if (options && chance(ch === '0' ? 0.35 : 0.25)) { out += pick(options); changed = true; } else out += ch;
        }
        return changed ? out : number.replace('0', 'O');
      };
      const told = present([{ item, paid: item.open }], method, payer.name!, { mode: 'lines', write: misread });
      return { payment: payment(item.open, c, date, method, told), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: 'apply', note: `${item.invoice.number} read by OCR as ${told.remittance[0]!.reference}` } };
    },
    overpayment(date) {
      const item = take((i) => !earned(i, date));
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const method = methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const extra = chance(0.5) ? int(1, 2_000) : int(2_000, Math.max(2_001, Math.round(item.open * 0.5)));
      const stated = chance(0.5);
      const told = present([{ item, paid: item.open + extra }], method, payer.name!, { stated });
      return { payment: payment(item.open + extra, c, date, method, told), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: 'apply', unappliedMinor: extra, note: `pays ${extra} more than ${item.invoice.number}` } };
    },
    po_reference(date) {
      const item = take((i) => i.invoice.poNumber !== undefined && (itemsOf.get(i.invoice.customerId) ?? []).filter((o) => o.invoice.poNumber === i.invoice.poNumber).length === 1);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const po = item.invoice.poNumber!;
      const bare = po.replace(/^PO-/, '');
      const method = methodFor(c);
      const payer = payerFor(c, method, knownFor(method));
      const told = present([{ item, paid: item.open }], method, payer.name!, { mode: 'lines', write: () => pick([`PO ${bare}`, `PO#${bare}`, `P.O. ${bare}`, po, bare]) });
      return { payment: payment(item.open, c, date, method, told), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: 'apply', note: `${item.invoice.number} named by its PO as ${told.remittance[0]!.reference}` } };
    },
    unreliable_amount(date) {
      const item = take(() => true);
      if (!item) return undefined;
      const c = customerOf.get(item.invoice.customerId)!;
      const payer = payerFor(c, 'lockbox', knownFor('lockbox'));
      const told = present([{ item, paid: item.open }], 'lockbox', payer.name!, { mode: 'lines' });
      return { payment: payment(item.open, c, date, 'lockbox', told, false), payer, truth: { customerId: c.id, invoices: [full(item)], outcome: 'person', note: `OCR could not agree on the amount paying ${item.invoice.number}` } };
    },
  };

  const payments: CashScenario[] = [];
  for (let n = 0; n < options.payments; n++) {
    const date = on(n);
    let kind = weighted(MIX);
    let built = builders[kind](date);
    if (!built) { kind = 'exact'; built = builders.exact(date); }
    if (!built) throw new Error(`not enough open invoices for ${options.payments} payments: ran out after ${n} (give more openInvoices)`);
    payments.push({ payment: built.payment, payer: built.payer, truth: { kind, ...built.truth } });
    book(built.truth.invoices);
  }
  return {
    invoices: items.map((i) => i.invoice),
    customers: customers.map(({ id, name, number, accounts, currency }) => ({ id, name, number, accounts, currency })),
    payments,
  };
}
