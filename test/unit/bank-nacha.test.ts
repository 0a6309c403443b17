// NACHA ACH files: entries, addenda remittance, returns and prenotes read from the receiver's side;
// every control figure checked and a file that breaks one rejected whole with the line and both
// figures; writer and reader agreeing on any file; damaged files only ever a BankFileError.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { remittanceLineArbitrary } from '../support/bank-arbitraries.js';
import { describe, expect, it } from 'vitest';
import { BankFileError, type BankEntry, type BankFile, type RemittanceLine } from '../../domain/payment-documents.js';
import { parseNacha } from '../../parsers/bank/nacha.js';
import { writeNacha } from '../../parsers/bank/nacha-write.js';
import { isRoutingNumber, routingCheckDigit } from '../../parsers/bank/routing-number.js';

const corpus = readFileSync(new URL('../fixtures/bank/ach/ctx-debit.ach', import.meta.url), 'utf8');

function thrown(call: () => unknown): BankFileError {
  try { call(); } catch (err) {
    expect(err).toBeInstanceOf(BankFileError);
    return err as BankFileError;
  }
  throw new Error('expected a BankFileError, none was thrown');
}

const lines = (text: string): string[] => text.split(/\r?\n/);
/** The text with positions from-to (1-based, inclusive) of line `n` replaced. */
function setField(text: string, n: number, from: number, value: string): string {
  const all = lines(text);
  const line = all[n - 1]!;
  all[n - 1] = line.slice(0, from - 1) + value + line.slice(from - 1 + value.length);
  return all.join('\n');
}

const pad = (s: string, n: number): string => s.padEnd(n, ' ');
function rec(...parts: string[]): string {
  const r = parts.join('');
  if (r.length !== 94) throw new Error(`fixture record is ${r.length} characters: ${r}`);
  return r;
}

// A receipt file written by hand from the record layouts, its control figures added up by hand:
// batch 1 ACME's CCD+ credit for two invoices and a prenote; batch 2 a customer debit returned NSF;
// batch 3 a notification of change. Entry hashes: 12345678 × 2, × 1, × 1 = 49382712 in all.
const RECEIVED = [
  rec('1', '01', ' 123456780', ' 021000021', '251201', '0830', 'A', '094', '10', '1', pad('OUR BANK', 23), pad('THEIR BANK', 23), pad('', 8)),
  rec('5', '220', pad('ACME FABRICATION', 16), pad('', 20), pad('1234567890', 10), 'CCD', pad('VENDOR PAY', 10), pad('', 6), '251202', '337', '1', '02100002', '0000001'),
  rec('6', '22', '12345678', '0', pad('987654321', 17), '0000125000', pad('C-1001', 15), pad('ARFLOW SUPPLY CO', 22), '  ', '1', '021000020000001'),
  rec('7', '05', pad('RMR*IV*INV-1001*PI*1000.00*1020.00*20.00\\RMR*IV*INV-1002*PI*250.00\\', 80), '0001', '0000001'),
  rec('6', '23', '12345678', '0', pad('987654321', 17), '0000000000', pad('', 15), pad('ARFLOW SUPPLY CO', 22), '  ', '0', '021000020000002'),
  rec('8', '220', '000003', '0024691356', '000000000000', '000000125000', pad('1234567890', 10), pad('', 19), pad('', 6), '02100002', '0000001'),
  rec('5', '225', pad('ARFLOW SUPPLY CO', 16), pad('', 20), pad('9876543210', 10), 'CCD', pad('INV PYMT', 10), pad('', 6), '251128', '   ', '1', '09100001', '0000002'),
  rec('6', '26', '12345678', '0', pad('5550001111', 17), '0000043210', pad('INV-2001', 15), pad('BETA HARDWARE LLC', 22), '  ', '1', '091000010000001'),
  rec('7', '99', 'R01', '123456780000123', pad('', 6), '09100001', pad('CUSTOMER NSF', 44), '091000010000001'),
  rec('8', '225', '000002', '0012345678', '000000043210', '000000000000', pad('9876543210', 10), pad('', 19), pad('', 6), '09100001', '0000002'),
  rec('5', '225', pad('ARFLOW SUPPLY CO', 16), pad('', 20), pad('9876543210', 10), 'COR', pad('INV PYMT', 10), pad('', 6), '251128', '   ', '1', '09100001', '0000003'),
  rec('6', '26', '12345678', '0', pad('5550001112', 17), '0000000000', pad('INV-2002', 15), pad('BETA HARDWARE LLC', 22), '  ', '1', '091000010000002'),
  rec('7', '98', 'C01', '123456780000124', pad('', 6), '09100001', pad('5550002222', 29), pad('', 15), '091000010000002'),
  rec('8', '225', '000002', '0012345678', '000000000000', '000000000000', pad('9876543210', 10), pad('', 19), pad('', 6), '09100001', '0000003'),
  rec('9', '000003', '000002', '00000007', '0049382712', '000000043210', '000000125000', pad('', 39)),
  ...Array.from({ length: 5 }, () => '9'.repeat(94)),
].join('\n') + '\n';

describe('the moov-io CTX debit sample', () => {
  it('is one $1,000,000.00 CTX debit to account 12345678, with both addenda in its memo', () => {
    const file = parseNacha(corpus);
    expect(file.format).toBe('nacha');
    // File header: origin 121042882, created 18-11-26 00:00, modifier A.
    expect(file.fileId).toBe('121042882 1811260000 A');
    expect(file.createdOn).toBe('2018-11-26');
    expect(file.accounts).toHaveLength(1);
    const account = file.accounts[0]!;
    expect(account).toMatchObject({ accountNumber: '12345678', currency: 'USD' });
    expect(account.entries).toHaveLength(1);
    const entry = account.entries[0]!;
    expect(entry).toEqual<BankEntry>({
      direction: 'debit', // transaction code 27: a checking debit to the receiver
      amountMinor: 100_000_000, // 0100000000 cents
      currency: 'USD',
      bookedOn: '2018-11-27', // the batch's effective entry date; no settlement date
      kind: 'ach',
      typeCode: '27/CTX',
      bankRef: '121042880000001',
      customerRef: '121042880000001',
      // The originator: company "Name on Account", ID 121042882, at ODFI 12104288 (check digit 2).
      payer: { name: 'Name on Account', accountRef: '121042882', bankId: '121042882' },
      remittance: [],
      memo: 'Debit First Account Debit Second Account; ID 45689033; receiver Receiver Company; entry description ACH CTX',
      location: 'batch 1 entry 1 (line 3)',
    });
  });

  it('reads the same with CRLF line ends, without its final filler, or as records with no line breaks', () => {
    const expected = parseNacha(corpus);
    expect(parseNacha(corpus.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(parseNacha(lines(corpus).slice(0, 7).join('\n'))).toEqual(expected);
    expect(parseNacha(`${corpus}\n`)).toEqual(expected);
    const unbroken = lines(corpus).join('');
    expect(unbroken).toHaveLength(940);
    expect(parseNacha(unbroken)).toEqual(expected);
  });
});

describe('a receipt file with remittance, a prenote, a return and a notification of change', () => {
  const file = parseNacha(RECEIVED);
  const [ours, returns] = file.accounts;

  it('books the CCD+ credit on the settlement date with both invoices from its RMR addenda', () => {
    expect(file.createdOn).toBe('2025-12-01');
    expect(ours!.accountNumber).toBe('987654321');
    const credit = ours!.entries[0]!;
    expect(credit).toMatchObject({
      direction: 'credit', amountMinor: 125_000, kind: 'ach', typeCode: '22/CCD',
      bookedOn: '2025-12-03', // settlement day 337 of 2025, after the effective date 2025-12-02
      bankRef: '021000020000001', customerRef: '021000020000001',
      payer: { name: 'ACME FABRICATION', accountRef: '1234567890', bankId: '021000021' },
      location: 'batch 1 entry 1 (line 3)',
    });
    expect(credit.remittance).toEqual<RemittanceLine[]>([
      { reference: 'INV-1001', paidMinor: 100_000, invoiceAmountMinor: 102_000, discountMinor: 2_000 },
      { reference: 'INV-1002', paidMinor: 25_000 },
    ]);
    expect(credit.memo).toBe('RMR*IV*INV-1001*PI*1000.00*1020.00*20.00\\RMR*IV*INV-1002*PI*250.00\\; ID C-1001; receiver ARFLOW SUPPLY CO; entry description VENDOR PAY');
  });

  it('keeps the prenote, with no money, as kind other and says why', () => {
    const prenote = ours!.entries[1]!;
    expect(prenote).toMatchObject({ direction: 'credit', amountMinor: 0, kind: 'other', typeCode: '23/CCD', bankRef: '021000020000002' });
    expect(prenote.memo).toMatch(/^prenotification: no money moves/);
  });

  it('reads the returned debit as a return by the customer whose payment bounced, matched by the original trace', () => {
    expect(returns!.accountNumber).toBe('');
    const returned = returns!.entries[0]!;
    expect(returned).toMatchObject({
      direction: 'debit', amountMinor: 43_210, kind: 'return', typeCode: '26/CCD', bookedOn: '2025-11-28',
      bankRef: '091000010000001', customerRef: '123456780000123',
      payer: { name: 'BETA HARDWARE LLC', accountRef: '5550001111', bankId: '091000019' },
    });
    expect(returned.memo).toContain('returned R01 (insufficient funds): original trace 123456780000123; CUSTOMER NSF');
  });

  it('reads the notification of change with its corrected account number', () => {
    const change = returns!.entries[1]!;
    expect(change).toMatchObject({ amountMinor: 0, kind: 'return', typeCode: '26/COR', customerRef: '123456780000124' });
    expect(change.memo).toContain('notification of change C01 (incorrect account number): corrected data "5550002222"');
  });

  it('warns in the memo, without rejecting the file, when the RMR amounts do not add up to the entry', () => {
    const short = setField(RECEIVED, 4, 4, pad('RMR*IV*INV-1001*PI*1000.00*1020.00*20.00\\RMR*IV*INV-1002*PI*200.00\\', 80));
    const credit = parseNacha(short).accounts[0]!.entries[0]!;
    expect(credit.remittance[1]).toEqual({ reference: 'INV-1002', paidMinor: 20_000 });
    expect(credit.memo).toContain('remittance does not add up: the amounts paid per item (RMR04) total 1,200.00 USD, but the payment is 1,250.00 USD');
  });
});

describe('a file that breaks its own rules is rejected whole, naming the line and both figures', () => {
  it.each([
    ['batch entry hash', 6, 11, '0023138011', /the batch entry hash \(positions 11-20\) says 0023138011, but the RDFI routing numbers of batch 1 .* add up to 0023138010/],
    ['batch debit total', 6, 21, '000100000001', /the batch total debit amount \(positions 21-32\) says 000100000001, but the debit entries of batch 1 .* add up to 000100000000/],
    ['batch credit total', 6, 33, '000000000100', /the batch total credit amount .* says 000000000100, but the credit entries .* add up to 000000000000/],
    ['batch entry/addenda count', 6, 5, '000002', /the batch entry\/addenda count .* says 000002, but batch 1 .* has 000003/],
    ['file entry hash', 7, 22, '0023138011', /the file control entry hash \(positions 22-31\) says 0023138011, but the batches' RDFI routing numbers add up to 0023138010/],
    ['file debit total', 7, 32, '000100000010', /the file control total debit amount .* says 000100000010, but the batches' debit entries add up to 000100000000/],
    ['file batch count', 7, 2, '000002', /the file control batch count .* says 000002, but the file has 000001/],
    ['file block count', 7, 8, '000002', /the file control block count .* says 000002, but the file's 7 records \(before filler\) fill 000001/],
    ['file entry/addenda count', 7, 14, '00000004', /the file control entry\/addenda count .* says 00000004, but the batches have 00000003/],
  ])('a wrong %s', (_what, line, from, value, reason) => {
    const error = thrown(() => parseNacha(setField(corpus, line, from, value)));
    expect(error.format).toBe('nacha');
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
  });

  it('a routing number whose check digit does not check', () => {
    const error = thrown(() => parseNacha(setField(corpus, 3, 12, '5')));
    expect(error.line).toBe(3);
    expect(error.reason).toBe("the routing number's check digit is 5, but 23138010 needs 4");
  });

  it('a changed routing digit, caught by the check digit before the entry hash', () => {
    const error = thrown(() => parseNacha(setField(corpus, 3, 4, '3')));
    expect(error.reason).toMatch(/check digit is 4, but 33138010 needs/);
  });

  it('a record cut short of more than blanks, or running on past 94 characters with more than blanks', () => {
    const cut = lines(corpus);
    cut[3] = cut[3]!.slice(0, 93);
    const error = thrown(() => parseNacha(cut.join('\n')));
    expect(error.line).toBe(4);
    expect(error.reason).toBe('the entry detail sequence number (positions 88-94) must be 7 digits, but it is "000000 " (the line is only 93 characters: blanks may be left off the end of a record, but not this field)');
    const long = lines(corpus);
    long[2] = `${long[2]!}X`;
    expect(thrown(() => parseNacha(long.join('\n')))).toMatchObject({ line: 3, reason: 'a NACHA record is 94 characters, but this one is 95' });
  });

  it('an unknown record type', () => {
    const error = thrown(() => parseNacha(setField(corpus, 4, 1, '4')));
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/"4" is not a NACHA record type/);
  });

  it("a CTX whose stated number of addenda is not what follows it", () => {
    const error = thrown(() => parseNacha(setField(corpus, 3, 55, '0003')));
    expect(error.line).toBe(3);
    expect(error.reason).toBe('the CTX entry says it has 3 addenda record(s) (positions 55-58), but 2 follow it');
    const dropped = lines(corpus).filter((_, i) => i !== 4).join('\n');
    expect(thrown(() => parseNacha(dropped)).reason).toBe('the CTX entry says it has 2 addenda record(s) (positions 55-58), but 1 follow it');
  });

  it('addenda that do not belong to their entry, or run out of sequence', () => {
    expect(thrown(() => parseNacha(setField(corpus, 5, 88, '0000002'))).reason).toMatch(/entry detail sequence number 0000002 must be the last seven digits of its entry's trace number 121042880000001/);
    expect(thrown(() => parseNacha(setField(corpus, 5, 84, '0001'))).reason).toMatch(/addenda sequence number 1 appears twice/);
  });

  it('a file cut off before its controls, with filler in the wrong place, or with a second header', () => {
    expect(thrown(() => parseNacha(lines(corpus).slice(0, 5).join('\n'))).reason).toMatch(/ends inside the batch that starts on line 2/);
    expect(thrown(() => parseNacha(lines(corpus).slice(0, 6).join('\n'))).reason).toBe('the file ends without a file control record (type 9)');
    const extraFiller = `${corpus}\n${'9'.repeat(94)}`;
    expect(thrown(() => parseNacha(extraFiller)).reason).toMatch(/filler may only complete the last block/);
    const twoHeaders = lines(corpus);
    twoHeaders.splice(1, 0, twoHeaders[0]!);
    expect(thrown(() => parseNacha(twoHeaders.join('\n'))).reason).toMatch(/second file header/);
  });

  it('a prenote with money in it, and a return without its 99 addenda', () => {
    const prenote = setField(setField(setField(RECEIVED, 5, 30, '0000000001'), 6, 33, '000000125001'), 15, 44, '000000125001');
    expect(thrown(() => parseNacha(prenote)).reason).toMatch(/a prenotification \(transaction code 23\) moves no money, so its amount must be zero, but it is 0000000001/);
    const returnAsCredit = setField(RECEIVED, 8, 2, '27');
    expect(thrown(() => parseNacha(returnAsCredit)).reason).toMatch(/type 99 addenda belongs to a return or notification of change, but its entry's transaction code 27 is neither/);
  });

  it('batches it cannot read rather than misread: IAT and ADV', () => {
    expect(thrown(() => parseNacha(setField(corpus, 2, 51, 'IAT'))).reason).toMatch(/IAT \(international ACH\) batches are not read/);
  });

  it('an empty file', () => {
    expect(thrown(() => parseNacha('')).reason).toBe('the file is empty');
  });
});

// ─── What banks and their software send ───

// Each quirk below was seen in a real file; the files here are written by hand to show just that quirk.
const withFiller = (records: string[], filler: number): string => [...records, ...Array.from({ length: filler }, () => '9'.repeat(94))].join('\n');
// Ten records that end a block exactly: six $10.00 credits to one account, all to RDFI 12345678.
const TEN_RECORDS = [
  rec('1', '01', ' 123456780', ' 021000021', '251201', '0830', 'A', '094', '10', '1', pad('OUR BANK', 23), pad('THEIR BANK', 23), pad('', 8)),
  rec('5', '220', pad('ACME FABRICATION', 16), pad('', 20), pad('1234567890', 10), 'PPD', pad('PAYROLL', 10), pad('', 6), '251202', '   ', '1', '02100002', '0000001'),
  ...[1, 2, 3, 4, 5, 6].map((n) => rec('6', '22', '12345678', '0', pad('987654321', 17), '0000001000', pad('', 15), pad('A RECEIVER', 22), '  ', '0', `02100002000000${n}`)),
  rec('8', '220', '000006', '0074074068', '000000000000', '000000006000', pad('1234567890', 10), pad('', 19), pad('', 6), '02100002', '0000001'),
  rec('9', '000001', '000001', '00000006', '0074074068', '000000000000', '000000006000', pad('', 39)),
];

describe('NACHA files as banks and their software write them', () => {
  const expected = parseNacha(RECEIVED);

  it('reads records whose trailing blanks were stripped or padded out past 94 characters, and skips blank lines', () => {
    expect(parseNacha(lines(RECEIVED).map((l) => l.trimEnd()).join('\r\n'))).toEqual(expected);
    expect(parseNacha(lines(RECEIVED).map((l) => `${l}    `).join('\n'))).toEqual(expected);
    const spaced = parseNacha(lines(RECEIVED).flatMap((l) => [l, '']).join('\n'));
    // Each record is now on line 2n-1: locations still name the real lines.
    expect(spaced.accounts[0]!.entries[0]!.location).toBe('batch 1 entry 1 (line 5)');
    expect(spaced.accounts.map((a) => a.entries.map((e) => [e.amountMinor, e.bankRef]))).toEqual(expected.accounts.map((a) => a.entries.map((e) => [e.amountMinor, e.bankRef])));
  });

  it('reads a blank file ID modifier, and an effective date and settlement day left as zeros', () => {
    let zeros = setField(RECEIVED, 1, 34, ' ');
    zeros = setField(zeros, 2, 70, '000000000');
    const file = parseNacha(zeros);
    expect(file.fileId).toBe('021000021 2512010830');
    // Nothing dates the batch: its entries are booked on the file's creation date.
    expect(file.accounts[0]!.entries[0]!.bookedOn).toBe('2025-12-01');
    expect(thrown(() => parseNacha(setField(RECEIVED, 1, 34, '#'))).reason).toBe('the file ID modifier (position 34) must be A-Z or 0-9, but it is "#"');
    expect(thrown(() => parseNacha(setField(RECEIVED, 2, 70, '251302')))).toMatchObject({ line: 2, reason: 'the effective entry date (positions 70-75) must be a date YYMMDD, but it is "251302"' });
  });

  it('reads codes written in lower case: the file ID modifier, the SEC code, a return reason', () => {
    const lower = setField(setField(setField(RECEIVED, 1, 34, 'a'), 7, 51, 'ccd'), 9, 4, 'r01');
    expect(parseNacha(lower)).toEqual(expected);
  });

  it('reads a file of no batches at all, as processors send on a day with nothing to report', () => {
    const empty = [TEN_RECORDS[0]!.trimEnd(), rec('9', '000000', '000001', '00000000', '0000000000', '000000000000', '000000000000', pad('', 39)).trimEnd()];
    expect(parseNacha(empty.join('\r\n'))).toEqual({ format: 'nacha', fileId: '021000021 2512010830 A', createdOn: '2025-12-01', accounts: [] });
  });

  it('takes a trace number used again in a later batch, kept apart by its batch number, but not twice in one batch', () => {
    // The returned debit (batch 2) given the trace number of the credit in batch 1, on its entry and its addenda.
    const reused = setField(setField(RECEIVED, 8, 80, '021000020000001'), 9, 80, '021000020000001');
    const returned = parseNacha(reused).accounts[1]!.entries[0]!;
    expect(returned).toMatchObject({ kind: 'return', amountMinor: 43_210, bankRef: '021000020000001/0000002' });
    const twice = setField(RECEIVED, 5, 80, '021000020000001');
    expect(thrown(() => parseNacha(twice))).toMatchObject({ line: 5, reason: 'trace number 021000020000001 is already used in this batch by the entry on line 3' });
  });

  it('takes a whole block of filler after records that end a block, when the block count counts it', () => {
    expect(parseNacha(withFiller(TEN_RECORDS, 0)).accounts[0]!.entries).toHaveLength(6);
    const counted = [...TEN_RECORDS];
    counted[9] = setField(counted[9]!, 1, 8, '000002');
    expect(parseNacha(withFiller(counted, 10))).toEqual(parseNacha(withFiller(TEN_RECORDS, 0)));
    expect(thrown(() => parseNacha(withFiller(TEN_RECORDS, 10)))).toMatchObject({ line: 11, reason: 'filler may only complete the last block of 10 records, and this record is beyond it' });
    expect(thrown(() => parseNacha(withFiller(counted, 0)))).toMatchObject({ line: 10, reason: "the file control block count (positions 8-13) says 000002, but the file's 10 records (before filler) fill 000001" });
  });

  it('joins a CTX\'s addenda into one stream even when it is not X12, as a word or tag may run on into the next record', () => {
    const xml = '<RmtInf><Strd><RfrdDocInf><Nb>INV-1001</Nb></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="USD">1000000.00</RmtdAmt></RfrdDocAmt></Strd></RmtInf>';
    expect(xml.length).toBeGreaterThan(80);
    const ctx = setField(setField(corpus, 4, 4, pad(xml.slice(0, 80), 80)), 5, 4, pad(xml.slice(80), 80));
    expect(parseNacha(ctx).accounts[0]!.entries[0]!.memo).toBe(`${xml}; ID 45689033; receiver Receiver Company; entry description ACH CTX`);
  });
});

// ─── Properties ───

const routing = fc.stringMatching(/^\d{8}$/).map((d) => `${d}${routingCheckDigit(d)}`);
const isoDay = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
const words = (max: number) => fc.array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { maxLength: max }).map((w) => w.join(' '));
const remittanceLine = remittanceLineArbitrary({ minPaid: 1 });

const entry = fc.record({
  direction: fc.constantFrom<'credit' | 'debit'>('credit', 'debit'),
  amount: fc.integer({ min: 0, max: 9_999_999_999 }),
  bookedOn: isoDay,
  payer: fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9 ]{0,14}[A-Z0-9]$/), accountRef: fc.stringMatching(/^[0-9A-Z]{1,10}$/), bankId: routing }),
  remittance: fc.oneof(fc.constant([]), fc.array(remittanceLine, { minLength: 1, maxLength: 6 })),
  memo: fc.oneof(words(6), words(40)),
}).map(({ direction, amount, bookedOn, payer, remittance, memo }): BankEntry => {
  const sec = remittance.length > 0 || memo.length > 80 ? 'CTX' : 'CCD';
  return {
    direction,
    amountMinor: remittance.length > 0 ? remittance.reduce((sum, l) => sum + l.paidMinor!, 0) : amount,
    currency: 'USD', bookedOn, kind: 'ach', typeCode: `${direction === 'credit' ? '22' : '27'}/${sec}`,
    bankRef: '', customerRef: '', payer, remittance, memo, location: '',
  };
});

const bankFile: fc.Arbitrary<BankFile> = fc.record({
  origin: routing,
  createdOn: isoDay,
  time: fc.stringMatching(/^([01]\d|2[0-3])[0-5]\d$/),
  modifier: fc.stringMatching(/^[A-Z0-9]$/),
  accounts: fc.uniqueArray(fc.record({ accountNumber: fc.stringMatching(/^\d{4,17}$/), entries: fc.array(entry, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3, selector: (a) => a.accountNumber }),
}).map(({ origin, createdOn, time, modifier, accounts }) => {
  let trace = 0;
  return {
    format: 'nacha' as const,
    fileId: `${origin} ${createdOn.slice(2).replace(/-/g, '')}${time} ${modifier}`,
    createdOn,
    accounts: accounts.map((a) => ({
      accountNumber: a.accountNumber,
      currency: 'USD',
      entries: a.entries.map((e) => {
        const ref = `02100002${String(++trace).padStart(7, '0')}`;
        return { ...e, bankRef: ref, customerRef: ref };
      }),
    })),
  };
});

const withoutLocationAndMemo = (file: BankFile) => ({ ...file, accounts: file.accounts.map((a) => ({ ...a, entries: a.entries.map(({ location: _l, memo: _m, ...rest }) => rest) })) });

describe('writer and reader', () => {
  it('round trip any file: every amount, reference, payer, date and remittance line comes back', () => {
    fc.assert(fc.property(bankFile, (file) => {
      const read = parseNacha(writeNacha(file));
      expect(withoutLocationAndMemo(read)).toEqual(withoutLocationAndMemo(file));
      read.accounts.forEach((account, a) => account.entries.forEach((e, n) => {
        const original = file.accounts[a]!.entries[n]!;
        if (original.remittance.length === 0) expect(e.memo).toBe([original.memo, 'entry description PAYMENT'].filter(Boolean).join('; '));
        else expect(e.memo).toContain(original.memo ? `NTE*ZZZ*${original.memo}\\` : 'RMR*IV*');
      }));
    }), { numRuns: 150 });
  });

  it('write a CTX whose X12 runs across addenda records, and read each RMR back whole', () => {
    const remittance = Array.from({ length: 5 }, (_, i): RemittanceLine => ({ reference: `INV-10${i}`, paidMinor: 123_456 + i, invoiceAmountMinor: 130_000 }));
    const file: BankFile = { format: 'nacha', fileId: '021000021 2512010900 A', createdOn: '2025-12-01', accounts: [{ accountNumber: '987654321', currency: 'USD', entries: [{
      direction: 'credit', amountMinor: remittance.reduce((s, l) => s + l.paidMinor!, 0), currency: 'USD', bookedOn: '2025-12-02', kind: 'ach', typeCode: '22/CTX',
      bankRef: '021000020000001', customerRef: '021000020000001', payer: { name: 'ACME', accountRef: '1234567890', bankId: '021000021' }, remittance, memo: '', location: '',
    }] }] };
    const text = writeNacha(file);
    const addenda = lines(text).filter((l) => l.startsWith('705'));
    expect(addenda.length).toBeGreaterThan(1);
    expect(addenda[0]!.slice(3, 83).endsWith('\\')).toBe(false); // a segment continues into the next record
    expect(parseNacha(text).accounts[0]!.entries[0]!.remittance).toEqual(remittance);
  });

  it('reject any change to one digit of an amount, in an entry or in a control record', () => {
    fc.assert(fc.property(bankFile, fc.nat(), fc.integer({ min: 1, max: 9 }), (file, pick, shift) => {
      const all = lines(writeNacha(file));
      const spots: [number, number][] = [];
      all.forEach((l, n) => {
        const ranges = l.startsWith('6') ? [[30, 39]] : l.startsWith('8') ? [[21, 44]] : l.startsWith('9') && l !== '9'.repeat(94) ? [[32, 55]] : [];
        for (const [from, to] of ranges) for (let p = from!; p <= to!; p++) spots.push([n, p]);
      });
      const [n, p] = spots[pick % spots.length]!;
      const line = all[n]!;
      all[n] = line.slice(0, p - 1) + String((Number(line[p - 1]) + shift) % 10) + line.slice(p);
      expect(() => parseNacha(all.join('\n'))).toThrow(BankFileError);
    }), { numRuns: 300 });
  });

  it('only ever throw BankFileError, whatever the damage', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('set' as const), at: fc.nat(), char: fc.constantFrom(...'0123456789 9A7*\\\n\r-~é') }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), char: fc.constant('') }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), char: fc.constantFrom(...'0 9\n') }),
      fc.record({ op: fc.constant('line' as const), at: fc.nat(), char: fc.constantFrom('drop', 'dup', 'swap') }),
    );
    const damage = (text: string, muts: { op: string; at: number; char: string }[]): string => {
      let t = text;
      for (const m of muts) {
        const at = t.length === 0 ? 0 : m.at % t.length;
        if (m.op === 'set') t = t.slice(0, at) + m.char + t.slice(at + 1);
        else if (m.op === 'delete') t = t.slice(0, at) + t.slice(at + 1);
        else if (m.op === 'insert') t = t.slice(0, at) + m.char + t.slice(at);
        else {
          const all = t.split('\n');
          const n = m.at % all.length;
          if (m.char === 'drop') all.splice(n, 1);
          else if (m.char === 'dup') all.splice(n, 0, all[n]!);
          else [all[n], all[(n + 1) % all.length]] = [all[(n + 1) % all.length]!, all[n]!];
          t = all.join('\n');
        }
      }
      return t;
    };
    const base = fc.oneof(fc.constant(corpus), fc.constant(RECEIVED), bankFile.map((f) => writeNacha(f)));
    fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 5 }), (text, muts) => {
      try {
        parseNacha(damage(text, muts));
      } catch (err) {
        if (!(err instanceof BankFileError)) throw err;
      }
    }), { numRuns: 1500 });
  });
});

describe('routing numbers', () => {
  it('check as the ABA defines: 3-7-1 weights make a multiple of ten', () => {
    expect(routingCheckDigit('02100002')).toBe(1); // 021000021
    expect(routingCheckDigit('23138010')).toBe(4); // the corpus entry's 231380104
    expect(isRoutingNumber('091000019')).toBe(true);
    expect(isRoutingNumber('091000018')).toBe(false);
  });
});
