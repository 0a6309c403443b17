// Payment terms as customers write them on POs ("Net 30", "2% 10 Net 30", "2/10 N30", "30 days net",
// "Due on receipt") and as our terms master holds them, so the two can be compared. Pure.

export interface TermsRecord {
  code: string;
  description: string;
  netDays: number;
  discountBasisPoints: number;
  discountDays: number;
}

export type Terms = Pick<TermsRecord, 'netDays' | 'discountBasisPoints' | 'discountDays'>;

/** The terms a text states, or undefined when it states none we can read. */
export function readTermsText(text: string): Terms | undefined {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/\b(?:due|payable) (?:up)?on receipt\b|\bcod\b|\bcash on delivery\b/.test(t)) return { netDays: 0, discountBasisPoints: 0, discountDays: 0 };
  const net = /\b(?:net|n)\s?(\d{1,3})\b/.exec(t) ?? /\b(\d{1,3}) days?(?: net)?\b/.exec(t);
  if (!net) return undefined;
  const discount = /\b(\d{1,2}(?:\.\d{1,2})?)\s?%\s?(\d{1,3})(?: days?)?\b/.exec(t) ?? /\b(\d{1,2}(?:\.\d{1,2})?)\/(\d{1,3})\b/.exec(t);
  const [whole = '0', fraction = ''] = (discount?.[1] ?? '0').split('.');
  return {
    netDays: Number(net[1]),
    discountBasisPoints: Number(whole) * 100 + Number(fraction.padEnd(2, '0')),
    discountDays: discount ? Number(discount[2]) : 0,
  };
}

export function sameTerms(a: Terms, b: Terms): boolean {
  return a.netDays === b.netDays && a.discountBasisPoints === b.discountBasisPoints && (a.discountBasisPoints === 0 || a.discountDays === b.discountDays);
}
