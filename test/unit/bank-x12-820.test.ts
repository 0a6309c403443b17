// X12 820 payment orders/remittance advice: one entry per transaction set with the payment's amount,
// currency, method, trace and payer, and its open items with discounts and short-pay adjustments;
// envelopes checked; remittance that does not add up reported in the memo, not rejected.
import fc from 'fast-check';
import { remittanceLineArbitrary } from '../support/bank-arbitraries.js';
import { describe, expect, it } from 'vitest';
import { BankFileError, type BankEntry, type BankFile, type RemittanceLine } from '../../domain/payment-documents.js';
import { parseX12_820 } from '../../parsers/bank/x12-820.js';
import { writeX12_820 } from '../../parsers/bank/x12-820-write.js';

function thrown(call: () => unknown): BankFileError {
  try { call(); } catch (err) {
    expect(err).toBeInstanceOf(BankFileError);
    return err as BankFileError;
  }
  throw new Error('expected a BankFileError, none was thrown');
}

// Written by hand after the 820 guide's examples (version 005010, "^" repetition separator):
// ST 0001 is an ACH CTX in Canadian dollars for three invoices, one with a terms discount (RMR06),
// one short paid for damaged goods (ADX -25.00, reason CS), one paid in full: 980 + 475 + 112.50 =
// 1,567.50, the BPR02 amount. ST 0002 is a check for 500.00 whose one item says 450.00.
const EXAMPLE = [
  'ISA*00*          *00*          *01*123456789      *ZZ*ARFLOW         *251201*1030*^*00501*000000905*0*P*:~',
  'GS*RA*123456789*ARFLOW*20251201*1030*905*X*005010~',
  'ST*820*0001~',
  'BPR*C*1567.50*C*ACH*CTX*01*021000021*DA*1234567*1234567890**01*123456780*DA*987654321*20251203~',
  'TRN*1*1234567890123*1234567890~',
  'CUR*PR*CAD~',
  'DTM*097*20251201~',
  'N1*PR*ACME FABRICATION INC*91*C-1001~',
  'N1*PE*ARFLOW SUPPLY CO~',
  'ENT*1~',
  'RMR*IV*INV-1001*PI*980.00*1000.00*20.00~',
  'REF*PO*4500012345~',
  'DTM*003*20251101~',
  'RMR*IV*INV-1002*PI*475.00*500.00~',
  'ADX*-25.00*CS~',
  'RMR*IV*INV-1003*PI*112.50*112.50~',
  'SE*15*0001~',
  'ST*820*0002~',
  'BPR*C*500*C*CHK************20251204~',
  'TRN*1*0004711~',
  'N1*PR*BETA HARDWARE LLC~',
  'ENT*1~',
  'RMR*IV*INV-2001*PI*450.00*450.00~',
  'SE*7*0002~',
  'GE*2*905~',
  'IEA*1*000000905~',
].join('\n');

describe('an 820 written from the guide examples', () => {
  const file = parseX12_820(EXAMPLE);

  it('is one file of two payments, identified by the interchange control number', () => {
    expect(file).toMatchObject({ format: 'x12-820', fileId: '000000905', createdOn: '2025-12-01' });
    expect(file.accounts.map((a) => [a.accountNumber, a.currency, a.entries.length])).toEqual([['987654321', 'CAD', 1], ['', 'USD', 1]]);
  });

  it('reads the CAD ACH payment with its discount, its short pay and the payer our customer number', () => {
    const payment = file.accounts[0]!.entries[0]!;
    expect(payment).toEqual<BankEntry>({
      direction: 'credit',
      amountMinor: 156_750,
      currency: 'CAD',
      bookedOn: '2025-12-03',
      kind: 'ach',
      typeCode: 'ACH/CTX',
      bankRef: '1234567890123',
      customerRef: '1234567890123',
      payer: { name: 'ACME FABRICATION INC', customerNumber: 'C-1001', accountRef: '1234567', bankId: '021000021' },
      remittance: [
        { reference: 'INV-1001', paidMinor: 98_000, invoiceAmountMinor: 100_000, discountMinor: 2_000 },
        { reference: 'INV-1002', paidMinor: 47_500, invoiceAmountMinor: 50_000, adjustmentMinor: 2_500, adjustmentReason: 'CS' },
        { reference: 'INV-1003', paidMinor: 11_250, invoiceAmountMinor: 11_250 },
      ],
      memo: 'paid to ARFLOW SUPPLY CO',
      location: 'ST 0001 (segment 3)',
    });
  });

  it('warns in the memo when the items do not add up to the payment, and keeps the payment', () => {
    const check = file.accounts[1]!.entries[0]!;
    expect(check).toMatchObject({ amountMinor: 50_000, currency: 'USD', kind: 'check', typeCode: 'CHK', bankRef: '0004711', bookedOn: '2025-12-04', location: 'ST 0002 (segment 18)' });
    expect(check.remittance).toEqual([{ reference: 'INV-2001', paidMinor: 45_000, invoiceAmountMinor: 45_000 }]);
    expect(check.memo).toBe('remittance does not add up: the amounts paid per item (RMR04) total 450.00 USD, but the payment is 500.00 USD');
  });

  it('balances a payment-level adjustment (an ADX before any RMR in the ENT loop) against the payment', () => {
    const text = EXAMPLE.replace('BPR*C*500*C', 'BPR*C*400*C').replace('ENT*1~\nRMR*IV*INV-2001', 'ENT*1~\nADX*-50.00*CS*IV*CM-77~\nRMR*IV*INV-2001').replace('SE*7*0002', 'SE*8*0002');
    const check = parseX12_820(text).accounts[1]!.entries[0]!;
    expect(check.remittance).toEqual([{ reference: 'INV-2001', paidMinor: 45_000, invoiceAmountMinor: 45_000 }]);
    expect(check.memo).toBe('payment adjustment -50.00 USD (reason CS) for IV CM-77, not tied to an item');
  });

  it('reads a reduction some payers sign positive as held back, when the invoice figures say so', () => {
    const text = EXAMPLE.replace('ADX*-25.00*CS', 'ADX*25.00*CS');
    expect(parseX12_820(text).accounts[0]!.entries[0]!.remittance[1]).toMatchObject({ adjustmentMinor: 2_500, adjustmentReason: 'CS' });
  });

  it('reads a discount some payers write negative (RMR06 -20.00) as the discount taken, when the invoice figures say so', () => {
    const negative = parseX12_820(EXAMPLE.replace('PI*980.00*1000.00*20.00', 'PI*980.00*1000.00*-20.00')).accounts[0]!.entries[0]!;
    expect(negative.remittance[0]).toMatchObject({ paidMinor: 98_000, invoiceAmountMinor: 100_000, discountMinor: 2_000 });
    // When they do not, the figure stays as written for a person to judge.
    const unexplained = parseX12_820(EXAMPLE.replace('PI*980.00*1000.00*20.00', 'PI*980.00*1000.00*-5.00')).accounts[0]!.entries[0]!;
    expect(unexplained.remittance[0]!.discountMinor).toBe(-500);
  });

  it('keeps an item paid by PO number, and says in the memo that it is not an invoice number', () => {
    const entry = parseX12_820(EXAMPLE.replace('RMR*IV*INV-1003', 'RMR*PO*4500012399')).accounts[0]!.entries[0]!;
    expect(entry.remittance[2]).toEqual({ reference: '4500012399', paidMinor: 11_250, invoiceAmountMinor: 11_250 });
    expect(entry.memo).toBe('paid to ARFLOW SUPPLY CO; 4500012399: RMR01 is PO, not an invoice number (IV)');
  });

  it('marks remittance that travels without the money as kind other', () => {
    const entry = parseX12_820(EXAMPLE.replace('BPR*C*1567.50', 'BPR*I*1567.50')).accounts[0]!.entries[0]!;
    expect(entry.kind).toBe('other');
    expect(entry.memo).toMatch(/^remittance information only \(BPR01 I\): the money moves separately/);
  });
});

describe('an 820 that breaks its rules is rejected whole', () => {
  it('a wrong SE segment count, naming the line and both counts', () => {
    const error = thrown(() => parseX12_820(EXAMPLE.replace('SE*15*0001', 'SE*14*0001')));
    expect(error.format).toBe('x12-820');
    expect(error.line).toBe(17);
    expect(error.reason).toBe('segment 17 (SE): SE01 says 14 segments, but transaction set 0001 has 15 (ST to SE inclusive)');
  });

  it.each([
    ['SE*7*0002', 'SE*7*0003', /SE02 "0003" must equal ST02 "0002"/],
    ['GE*2*905', 'GE*1*905', /GE01 says 1 transaction set\(s\), but the group has 2/],
    ['IEA*1*000000905', 'IEA*1*000000906', /IEA02 "000000906" must equal ISA13 "000000905"/],
    ['*0*P*:~', '*0*T*:~', /ISA15 is T: this is a test interchange/],
    ['ST*820*0002', 'ST*810*0002', /transaction set 0002 is a 810, not an 820/],
    ['BPR*C*1567.50', 'BPR*C*1,567.50', /BPR02 \(the payment amount\) "1,567.50" is not a number/],
    ['BPR*C*500*C', 'BPR*C*500*X', /BPR03 \(credit\/debit flag\) must be C or D, but it is "X"/],
    ['PI*475.00*500.00', 'PI*475.0O*500.00', /RMR04 \(amount paid\) "475.0O" is not a number/],
    ['CUR*PR*CAD', 'CUR*PR*C$D', /CUR02 "C\$D" is not an ISO 4217 currency code/],
    // BPR11 left out: the payee's routing number lands in BPR12, its account in BPR14 and the date in BPR15.
    ['1234567890**01*', '1234567890*01*', /BPR12 \(the payee's bank ID qualifier\) "123456780" is not a two-character code such as 01 \(ABA routing number\): the BPR's elements look shifted/],
  ])('%s → %s', (from, to, reason) => {
    expect(thrown(() => parseX12_820(EXAMPLE.replace(from, to))).reason).toMatch(reason);
  });

  it('a file cut off before its trailers, and a file that is not X12', () => {
    expect(thrown(() => parseX12_820(EXAMPLE.split('\n').slice(0, 20).join('\n'))).reason).toMatch(/looks truncated/);
    expect(thrown(() => parseX12_820('UNA:+.? \'UNB+UNOC:3')).reason).toMatch(/UN\/EDIFACT/);
    expect(thrown(() => parseX12_820('')).reason).toBe('the file is empty');
  });
});

// ─── Properties ───

const currency = fc.constantFrom('USD', 'CAD', 'EUR', 'JPY');
const isoDay = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
const remittanceLine = remittanceLineArbitrary({ minPaid: -100_000 });
const method = fc.constantFrom(['ach', 'ACH/CTX'], ['ach', 'ACH/CCP'], ['check', 'CHK'], ['wire', 'FWT']) as fc.Arbitrary<[BankEntry['kind'], string]>;

// Built once: fc.stringMatching compiles its pattern each time it is called.
const entryDraft = fc.record({
  direction: fc.constantFrom<'credit' | 'debit'>('credit', 'debit'),
  amount: fc.integer({ min: 0, max: 50_000_000 }),
  bookedOn: isoDay,
  method,
  ref: fc.stringMatching(/^[A-Z0-9]{1,20}$/),
  payer: fc.record({
    name: fc.stringMatching(/^[A-Z][A-Za-z0-9 .&,-]{0,28}[A-Za-z0-9.]$/),
    customerNumber: fc.stringMatching(/^C-\d{4}$/),
    accountRef: fc.stringMatching(/^\d{4,17}$/),
    bankId: fc.stringMatching(/^\d{9}$/),
  }, { requiredKeys: [] }),
  remittance: fc.array(remittanceLine, { maxLength: 6 }),
  memo: fc.array(fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxLength: 8 }).map((w) => w.join(' ')),
});
type EntryDraft = typeof entryDraft extends fc.Arbitrary<infer T> ? T : never;
const entryIn = (cur: string) => ({ direction, amount, bookedOn, method: [kind, typeCode], ref, payer, remittance, memo }: EntryDraft): BankEntry => ({
  direction,
  // Balanced remittance: the items' amounts paid add up to the payment.
  amountMinor: remittance.length > 0 ? Math.abs(remittance.reduce((s, l) => s + l.paidMinor!, 0)) : amount,
  currency: cur, bookedOn, kind, typeCode, bankRef: ref, customerRef: ref, payer,
  remittance: remittance.length > 0 && remittance.reduce((s, l) => s + l.paidMinor!, 0) < 0 ? remittance.map((l) => ({ ...l, paidMinor: -l.paidMinor! })) : remittance,
  memo, location: '',
});

const bankFile: fc.Arbitrary<BankFile> = fc.record({
  fileId: fc.stringMatching(/^\d{9}$/),
  createdOn: isoDay,
  accounts: fc.uniqueArray(fc.record({ accountNumber: fc.stringMatching(/^\d{4,17}$/), currency }), { minLength: 1, maxLength: 3, selector: (a) => a.accountNumber })
    .chain((accounts) => fc.tuple(...accounts.map((a) => fc.array(entryDraft, { minLength: 1, maxLength: 3 }).map((drafts) => ({ ...a, entries: drafts.map(entryIn(a.currency)) }))))),
}).map(({ fileId, createdOn, accounts }) => ({ format: 'x12-820' as const, fileId, createdOn, accounts }));

const withoutLocation = (file: BankFile) => ({ ...file, accounts: file.accounts.map((a) => ({ ...a, entries: a.entries.map(({ location: _l, ...rest }) => rest) })) });

describe('writer and reader', () => {
  it('round trip any file: amounts in each currency, methods, traces, payers and remittance come back', () => {
    fc.assert(fc.property(bankFile, (file) => {
      expect(withoutLocation(parseX12_820(writeX12_820(file)))).toEqual(withoutLocation(file));
    }), { numRuns: 200 });
  });

  it('only ever throw BankFileError, whatever the damage', () => {
    const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'delete', 'insert'), char: fc.constantFrom(...'0123456789*~>^:\n -.ASTEX') });
    const base = fc.oneof(fc.constant(EXAMPLE), bankFile.map((f) => writeX12_820(f)));
    fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 5 }), (text, muts) => {
      let t = text;
      for (const m of muts) {
        const at = t.length === 0 ? 0 : m.at % t.length;
        t = m.op === 'set' ? t.slice(0, at) + m.char + t.slice(at + 1) : m.op === 'delete' ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + m.char + t.slice(at);
      }
      try {
        parseX12_820(t);
      } catch (err) {
        if (!(err instanceof BankFileError)) throw err;
      }
    }), { numRuns: 1500 });
  });
});
