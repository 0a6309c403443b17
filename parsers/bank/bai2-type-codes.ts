// What a BAI2 type code says: its range gives the class (BAI2 Appendix A: 001–099 status, 100–399
// credits, 400–699 debits; of the custom 900s, 900–929 status, 930–959 credits, 960–999 debits) and
// the code itself what kind of money movement it is. Codes not listed below are 'other'.
import type { EntryKind } from '../../domain/payment-documents.js';

export type Bai2CodeClass = 'status' | 'credit' | 'debit' | 'undefined';

export function bai2CodeClass(code: string): Bai2CodeClass {
  if (!/^\d{3}$/.test(code)) return 'undefined';
  const n = Number(code);
  if ((n >= 1 && n <= 99) || (n >= 900 && n <= 929)) return 'status';
  if ((n >= 100 && n <= 399) || (n >= 930 && n <= 959)) return 'credit';
  if ((n >= 400 && n <= 699) || (n >= 960 && n <= 999)) return 'debit';
  return 'undefined';
}

/** 'credit' or 'debit' for a code a transaction (16) may carry; undefined for status and unassigned codes. */
export function bai2Direction(code: string): 'credit' | 'debit' | undefined {
  const cls = bai2CodeClass(code);
  return cls === 'credit' || cls === 'debit' ? cls : undefined;
}

// Summary codes are listed too: some banks report a single item under its summary code.
const KIND_CODES: Record<Exclude<EntryKind, 'other'>, string> = {
  lockbox: '109 110 115 116 118 415 416',
  ach: '120 121 122 140 142 143 145 160 162 163 164 165 166 167 169 420 421 422 445 446 447 450 451 452 455 462 463 464 465 466 467 469',
  card: '146 147',
  wire: '190 191 195 196 198 207 208 303 304 490 491 493 495 496 498 507 508 611 612',
  deposit: '106 170 172 173 174 175 176 182 184 185 186 187 188 189 221 222 301 302 310 319 366',
  check: '470 471 472 474 475 486 487 489 522',
  // Items that come back: returned checks and ACH entries, rejected and reversed items.
  return: '123 168 250 251 252 255 256 257 258 260 261 266 268 395 423 468 550 551 552 555 556 557 558 560 561 566 568 694',
  fee: '398 564 567 661 698',
};

const KIND_OF = new Map<string, EntryKind>(
  Object.entries(KIND_CODES).flatMap(([kind, codes]) => codes.split(' ').map((code) => [code, kind as EntryKind] as const)),
);

export function bai2EntryKind(code: string): EntryKind {
  return KIND_OF.get(code) ?? 'other';
}
