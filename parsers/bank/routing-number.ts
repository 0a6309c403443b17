// ABA routing transit numbers: eight digits that identify a US bank and a ninth that checks them.
// The check digit makes 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) a multiple of ten, so a single
// mistyped digit, and most swapped neighbours, give a number that does not check.

const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7];

/** The check digit of an eight-digit routing number (the ABA's "bank and Federal Reserve" part). */
export function routingCheckDigit(eightDigits: string): number {
  if (!/^\d{8}$/.test(eightDigits)) throw new RangeError(`a routing number's first part is eight digits, not "${eightDigits}"`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(eightDigits[i]) * WEIGHTS[i]!;
  return (10 - (sum % 10)) % 10;
}

/** True when the text is nine digits whose last checks the first eight. */
export function isRoutingNumber(text: string): boolean {
  return /^\d{9}$/.test(text) && routingCheckDigit(text.slice(0, 8)) === Number(text[8]);
}
