// NACHA Operating Rules code lists the ACH reader needs: transaction codes, Standard Entry Class
// codes and the common return reason codes, with what each means for the account holder.

/**
 * Transaction codes: the first digit is the account type (2 checking, 3 savings, 4 general ledger,
 * 5 loan), the second what the entry does. 0–4 credit the receiver's account, 5–9 debit it.
 */
export type EntryPurpose = 'money' | 'prenote' | 'zero-dollar' | 'return';

const PURPOSE_BY_LAST_DIGIT: Record<string, EntryPurpose> = {
  '1': 'return', '2': 'money', '3': 'prenote', '4': 'zero-dollar',
  '6': 'return', '7': 'money', '8': 'prenote', '9': 'zero-dollar',
};

// Loan accounts take credits (52), and debits only as reversals (55); 50 and 57 do not exist.
const VALID_CODES = new Set([
  '21', '22', '23', '24', '26', '27', '28', '29',
  '31', '32', '33', '34', '36', '37', '38', '39',
  '41', '42', '43', '44', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56',
]);

export interface TransactionCode { direction: 'credit' | 'debit'; purpose: EntryPurpose }

export function transactionCode(code: string): TransactionCode | undefined {
  if (!VALID_CODES.has(code)) return undefined;
  // 55 is a loan debit that moves money; every other code's last digit says what it is.
  const purpose = code === '55' ? 'money' : PURPOSE_BY_LAST_DIGIT[code[1]!];
  if (!purpose) return undefined;
  return { direction: Number(code[1]) <= 4 ? 'credit' : 'debit', purpose };
}

/** The Standard Entry Class codes a domestic batch may carry. */
export const DOMESTIC_SEC_CODES = new Set([
  'ACK', 'ARC', 'ATX', 'BOC', 'CCD', 'CIE', 'COR', 'CTX', 'DNE', 'ENR', 'MTE', 'POP', 'POS', 'PPD', 'RCK', 'SHR', 'TEL', 'TRC', 'TRX', 'WEB', 'XCK',
]);

/** Entry classes whose entry detail states how many addenda follow (positions 55–58). */
export const COUNTED_ADDENDA_SEC_CODES = new Set(['CTX', 'TRX']);

/** Entry classes converted from a paper check: positions 40–54 hold the check's serial number. */
export const CHECK_CONVERSION_SEC_CODES = new Set(['ARC', 'BOC', 'RCK', 'POP', 'XCK']);

const RETURN_REASONS: Record<string, string> = {
  R01: 'insufficient funds',
  R02: 'account closed',
  R03: 'no account / unable to locate account',
  R04: 'invalid account number',
  R05: 'unauthorized debit to a consumer account using a corporate SEC code',
  R06: "returned at the ODFI's request",
  R07: 'authorization revoked by customer',
  R08: 'payment stopped',
  R09: 'uncollected funds',
  R10: 'customer advises not authorized',
  R11: 'customer advises entry not in accordance with the authorization',
  R12: 'account sold to another DFI',
  R13: 'invalid ACH routing number',
  R14: 'representative payee deceased',
  R15: 'beneficiary or account holder deceased',
  R16: 'account frozen',
  R17: 'file record edit criteria',
  R20: 'non-transaction account',
  R21: 'invalid company identification',
  R22: 'invalid individual ID number',
  R23: 'credit entry refused by receiver',
  R24: 'duplicate entry',
  R29: 'corporate customer advises not authorized',
  R31: 'permissible return entry',
};

const CHANGE_REASONS: Record<string, string> = {
  C01: 'incorrect account number',
  C02: 'incorrect routing number',
  C03: 'incorrect routing number and account number',
  C05: 'incorrect transaction code',
  C06: 'incorrect account number and transaction code',
  C07: 'incorrect routing number, account number and transaction code',
};

/** "R01 (insufficient funds)", or the bare code when it is not one of the common ones. */
export function describeReturnReason(code: string): string {
  const words = RETURN_REASONS[code];
  return words ? `${code} (${words})` : code;
}

export function describeChangeReason(code: string): string {
  const words = CHANGE_REASONS[code];
  return words ? `${code} (${words})` : code;
}
