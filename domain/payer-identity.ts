// Who paid: the customer a payment comes from, by what the payer told the bank. A bank account or card
// seen before (learned when a person applied that payer's cash) is the strongest sign, then our account
// number quoted, then the payer's name matching one customer's name and no other.
import type { Payer } from './payment-documents.js';

export interface PayerDirectory {
  /** Bank accounts / card last fours already known to belong to a customer. */
  accounts: ReadonlyMap<string, string>;
  /** Our account numbers (C-1001) to customer IDs. */
  numbers: ReadonlyMap<string, string>;
  /** Read once per array and indexed: add customers by passing a new array. */
  customers: readonly { id: string; name: string }[];
}

export type PayerIdentity = { customerId: string; by: 'bank_account' | 'account_number' | 'name' } | { customerId?: undefined; by: 'unknown'; reason: string };

// Words that say nothing about which company it is.
const NOISE = new Set(['INC', 'INCORPORATED', 'LLC', 'LTD', 'LIMITED', 'CO', 'CORP', 'CORPORATION', 'COMPANY', 'GMBH', 'AG', 'SA', 'SAS', 'BV', 'PLC', 'LP', 'LLP', 'THE', 'AND', 'OF', 'AP', 'ACCOUNTS', 'PAYABLE', 'DEPT']);

// The short forms banks print for the words of company names ("ACME MFG CO").
const ABBREVIATIONS: Record<string, readonly string[]> = {
  MFG: ['MANUFACTURING'], MFRS: ['MANUFACTURERS'], MFR: ['MANUFACTURER', 'MANUFACTURERS'], INTL: ['INTERNATIONAL'], NATL: ['NATIONAL'],
  DIST: ['DISTRIBUTION', 'DISTRIBUTORS', 'DISTRIBUTING'], DISTR: ['DISTRIBUTION', 'DISTRIBUTORS'], SVC: ['SERVICE', 'SERVICES'], SVCS: ['SERVICES'],
  SRVCS: ['SERVICES'], BROS: ['BROTHERS'], ASSN: ['ASSOCIATION'], ASSOC: ['ASSOCIATES', 'ASSOCIATION'], MGMT: ['MANAGEMENT'], INDS: ['INDUSTRIES'],
  IND: ['INDUSTRIES', 'INDUSTRIAL'], ENGRG: ['ENGINEERING'], ENGR: ['ENGINEERING'], EQUIP: ['EQUIPMENT'], PRODS: ['PRODUCTS'], PROD: ['PRODUCTS'],
  SYS: ['SYSTEMS'], GRP: ['GROUP'], HLDGS: ['HOLDINGS'], LABS: ['LABORATORIES'], ELEC: ['ELECTRIC', 'ELECTRICAL'], CONSTR: ['CONSTRUCTION'],
  CHEM: ['CHEMICAL', 'CHEMICALS'], MED: ['MEDICAL'], AUTO: ['AUTOMOTIVE'], FDS: ['FOODS'], SPLY: ['SUPPLY'], SUP: ['SUPPLY'], TECH: ['TECHNOLOGIES', 'TECHNOLOGY'],
  AMER: ['AMERICAN', 'AMERICA'], CTR: ['CENTER'], PKG: ['PACKAGING'], LOGIS: ['LOGISTICS'], TRANSP: ['TRANSPORT', 'TRANSPORTATION'],
};

// Field widths banks cut payer names at (NACHA company and individual names, wire originator lines):
// a name that long may have lost its last words.
const CUT_WIDTHS = [16, 22, 35];

function rawTokens(name: string): string[] {
  return name.toUpperCase().replace(/\bA\s*\/\s*P\b/g, 'AP').replace(/&/g, ' AND ').replace(/[^A-Z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w);
}

export function nameTokens(name: string): string[] {
  return rawTokens(name).filter((w) => !NOISE.has(w));
}

export function accountKey(accountRef: string): string { return accountRef.replace(/[^0-9A-Za-z]/g, '').toUpperCase(); }

/** Whether the payer's word `x` stands for the customer's word `w`; `cut` allows any prefix (the bank truncated it). */
function standsFor(x: string, w: string, cut = false): boolean {
  return x === w || ((x.length >= 4 || cut) && w.startsWith(x)) || (ABBREVIATIONS[x]?.includes(w) ?? false);
}

interface NamedCustomer { id: string; name: string; words: string[]; raw: string[] }
interface NameIndex { size: number; customers: NamedCustomer[]; byWord: Map<string, number[]>; sortedWords: string[] }

const indexes = new WeakMap<object, NameIndex>();

function nameIndex(customers: PayerDirectory['customers']): NameIndex {
  const cached = indexes.get(customers);
  if (cached && cached.size === customers.length) return cached;
  const named = customers.map((c) => ({ id: c.id, name: c.name, words: nameTokens(c.name), raw: rawTokens(c.name) }));
  const byWord = new Map<string, number[]>();
  named.forEach((c, n) => { for (const w of new Set(c.words)) { const list = byWord.get(w); if (list) list.push(n); else byWord.set(w, [n]); } });
  const index = { size: customers.length, customers: named, byWord, sortedWords: [...byWord.keys()].sort() };
  indexes.set(customers, index);
  return index;
}

/**
 * The customers worth comparing in full: `covering`, those with as many words the payer's words could
 * stand for as their name has (counted from the index, so a cut "C" costs a count, not a comparison);
 * `leading`, those whose name has a word the payer's first word could stand for (a name cut short).
 */
function candidates(index: NameIndex, wanted: string[], lastCut: boolean): { covering: NamedCustomer[]; leading: NamedCustomer[] } {
  const counts = new Map<number, number>();
  const leading = new Set<number>();
  wanted.forEach((x, k) => {
    const words = new Set<string>([x, ...(ABBREVIATIONS[x] ?? [])]);
    if (x.length >= 4 || (lastCut && k === wanted.length - 1)) {
      const sorted = index.sortedWords;
      let lo = 0, hi = sorted.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]! < x) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < sorted.length && sorted[i]!.startsWith(x); i++) words.add(sorted[i]!);
    }
    for (const w of words) for (const n of index.byWord.get(w) ?? []) { counts.set(n, (counts.get(n) ?? 0) + 1); if (k === 0) leading.add(n); }
  });
  const covering: NamedCustomer[] = [];
  for (const [n, count] of counts) if (count >= index.customers[n]!.words.length) covering.push(index.customers[n]!);
  return { covering, leading: [...leading].map((n) => index.customers[n]!) };
}

export function identifyPayer(payer: Payer, memo: string, directory: PayerDirectory): PayerIdentity {
  if (payer.accountRef) {
    const known = directory.accounts.get(accountKey(payer.accountRef));
    if (known) return { customerId: known, by: 'bank_account' };
  }
  const quoted = [payer.customerNumber, ...memo.toUpperCase().match(/\b[A-Z]{1,3}-\d{3,8}\b/g) ?? []].filter((x): x is string => !!x);
  for (const number of quoted) {
    const id = directory.numbers.get(number.toUpperCase());
    if (id) return { customerId: id, by: 'account_number' };
  }
  if (payer.name) {
    const wanted = nameTokens(payer.name);
    if (wanted.length) {
      const raw = rawTokens(payer.name);
      // The bank's last word may be cut short ("NORTHWIND TRADER") when it is a word of the name, not a suffix like INC.
      const lastCut = raw.at(-1) === wanted.at(-1);
      const lastX = wanted.length - 1;
      const atWidth = CUT_WIDTHS.some((w) => payer.name!.trim().length >= w - 1 && payer.name!.trim().length <= w);
      const pool = candidates(nameIndex(directory.customers), wanted, lastCut);
      // Every significant word of the customer's name appears in the payer's (banks abbreviate and truncate).
      // Each payer word stands for one word of the customer's, so a cut "P" cannot be both PINNACLE and PACKAGING.
      const covers = (c: NamedCustomer) => {
        const used = new Set<number>();
        return c.words.length > 0 && c.words.every((w) => {
          const k = wanted.findIndex((x, k) => !used.has(k) && standsFor(x, w, lastCut && k === lastX));
          return k >= 0 && used.add(k) !== undefined;
        });
      };
      // Or the payer's name is the start of the customer's, cut off by the bank before the words that tell them apart.
      const cutShort = (c: NamedCustomer) => {
        if (c.raw.length <= raw.length || !lastCut) return false;
        const last = raw.length - 1;
        if (!raw.every((x, k) => standsFor(x, c.raw[k]!, k === last))) return false;
        return atWidth || raw[last] !== c.raw[last];
      };
      const hits = [...new Set([...pool.covering.filter(covers), ...pool.leading.filter(cutShort)])];
      if (hits.length === 1) return { customerId: hits[0]!.id, by: 'name' };
      if (hits.length > 1) {
        // "ACME MANUFACTURING WEST" fits Acme Manufacturing too, but only Acme Manufacturing West accounts for every word.
        const whole = hits.filter((c) => wanted.every((x, k) => c.words.some((w) => standsFor(x, w, lastCut && k === lastX))) && !hits.some((o) => o !== c && cutShort(o)));
        if (whole.length === 1) return { customerId: whole[0]!.id, by: 'name' };
        return { by: 'unknown', reason: `"${payer.name}" fits ${hits.length} customers (${hits.map((h) => h.name).join(', ')})` };
      }
    }
    return { by: 'unknown', reason: `no customer is called "${payer.name}"` };
  }
  return { by: 'unknown', reason: 'the bank gave no payer name or account' };
}
