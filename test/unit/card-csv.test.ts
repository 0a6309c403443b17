// Card processor exports (Stripe, PayPal, Square, Authorize.net) read into bank entries: a charge is a
// card credit for its gross amount with the fee in the memo, a refund a debit, a declined or voided row
// listed as skipped with its reason; any row that cannot be read rejects the file with its line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankFileError, type BankEntry, type BankFile } from '../../domain/payment-documents.js';
import { parseCardCsv } from '../../parsers/bank/card-csv.js';

function thrown(call: () => unknown): BankFileError {
  try { call(); } catch (err) {
    expect(err).toBeInstanceOf(BankFileError);
    return err as BankFileError;
  }
  throw new Error('expected a BankFileError, none was thrown');
}

const entriesOf = (file: BankFile): BankEntry[] => file.accounts.flatMap((a) => a.entries);

// Stripe's payments export (unified payments, a selection of its columns), written for these tests.
const STRIPE_PAYMENTS = [
  'id,Description,Seller Message,Created date (UTC),Amount,Amount Refunded,Currency,Converted Amount,Fee,Converted Currency,Status,Customer ID,Customer Description,Customer Email,Card Last4,Card Name,invoice_number (metadata)',
  'ch_3Oa1,Payment for Invoice INV-001234,Payment complete.,2027-03-01 14:22:05,"1,250.00",0.00,usd,"1,250.00",36.55,usd,Paid,cus_P1,Acme Fabrication,ap@acme.example,4242,Jane Roe,INV-001234',
  'ch_3Oa2,Invoices 1300 and 1302,Payment complete.,2027-03-02 09:00:00,500.00,100.00,usd,500.00,14.80,usd,Refunded,cus_P2,,pay@beta.example,0005,Sam Poe,"INV-1300; INV-1301"',
  'ch_3Oa3,,Your card was declined.,2027-03-02 10:00:00,75.00,0.00,usd,75.00,0.00,usd,Failed,cus_P3,,x@gamma.example,1111,,',
].join('\n');

describe('a Stripe payments export', () => {
  const file = parseCardCsv(STRIPE_PAYMENTS);
  const [first, second] = entriesOf(file);

  it('is one USD report of the two charges that went through; its id is its content digest and its date the latest row', () => {
    expect(file.format).toBe('card-csv');
    expect(file.fileId).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(parseCardCsv(STRIPE_PAYMENTS).fileId).toBe(file.fileId);
    expect(parseCardCsv(`${STRIPE_PAYMENTS}\n`).fileId).not.toBe(file.fileId);
    expect(file.createdOn).toBe('2027-03-02');
    expect(file.accounts.map((a) => [a.currency, a.entries.length])).toEqual([['USD', 2]]);
  });

  it('books a charge as a card credit for the gross amount; the fee is a memo note, not a short pay', () => {
    expect(first).toEqual({
      direction: 'credit', amountMinor: 125_000, currency: 'USD', bookedOn: '2027-03-01', kind: 'card', typeCode: 'charge',
      bankRef: 'ch_3Oa1', customerRef: 'ch_3Oa1', payer: { name: 'Acme Fabrication', accountRef: '4242' },
      remittance: [{ reference: 'INV-001234' }],
      memo: 'Payment for Invoice INV-001234; fee 36.55 USD; customer email ap@acme.example', location: 'line 2',
    });
  });

  it('reads several references from the invoice column and more from the description, each once', () => {
    expect(second!.remittance).toEqual([{ reference: 'INV-1300' }, { reference: 'INV-1301' }, { reference: '1302' }]);
    expect(second!.payer).toEqual({ name: 'Sam Poe', accountRef: '0005' });
    expect(second!.memo).toContain('refunded 100.00 USD');
    expect(second!.memo).toContain('status Refunded');
  });

  it('lists the declined charge as skipped, with its id and status, instead of dropping it', () => {
    expect(file.skipped).toEqual([{ location: 'line 4', reason: 'ch_3Oa3: status "Failed": the charge did not go through' }]);
  });
});

describe('a Stripe balance history export', () => {
  const file = parseCardCsv([
    'id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description,metadata[invoice]',
    'txn_1,charge,ch_1,200.00,6.10,193.90,usd,2027-04-01 10:00,2027-04-03 00:00,Invoice INV-000501,INV-000501',
    'txn_2,refund,re_1,-50.00,0.00,-50.00,usd,2027-04-02 11:00,2027-04-04 00:00,REFUND FOR CHARGE (Invoice INV-000501),',
    'txn_3,payout,po_1,-143.90,0.00,-143.90,usd,2027-04-05 00:00,2027-04-05 00:00,STRIPE PAYOUT,',
    'txn_4,stripe_fee,,-2.00,0.00,-2.00,usd,2027-04-05 00:00,2027-04-05 00:00,Radar (2027-04-04),',
  ].join('\n'));
  const entries = entriesOf(file);

  it('reads each row by its type: a charge, a refund debit, a payout and a processor fee', () => {
    expect(entries.map((e) => [e.kind, e.direction, e.amountMinor, e.typeCode])).toEqual([
      ['card', 'credit', 20_000, 'charge'], ['return', 'debit', 5_000, 'refund'], ['other', 'debit', 14_390, 'payout'], ['fee', 'debit', 200, 'stripe_fee'],
    ]);
    expect(entries[0]!.memo).toBe('Invoice INV-000501; fee 6.10 USD; net 193.90 USD; refers to ch_1');
    expect(entries[1]!.remittance).toEqual([{ reference: 'INV-000501' }]);
    expect(file.skipped).toBeUndefined();
  });
});

describe('a PayPal activity download', () => {
  const file = parseCardCsv([
    '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address","To Email Address","Transaction ID","Reference Txn ID","Invoice Number"',
    '"03/01/2027","10:00:00","PST","Acme Fabrication","Express Checkout Payment","Completed","USD","1,000.00","-29.30","970.70","ap@acme.example","ar@us.example","8XH1","","INV-2001"',
    '"03/15/2027","11:00:00","PST","Acme Fabrication","Payment Refund","Completed","USD","-100.00","2.93","-97.07","ar@us.example","ap@acme.example","9YH2","8XH1","INV-2001"',
    '"03/16/2027","09:00:00","PST","Beta LLC","Express Checkout Payment","Denied","USD","40.00","0.00","40.00","b@beta.example","ar@us.example","7AB3","",""',
  ].join('\r\n'));

  it('reads US month-first dates, a negative fee, a refund against the original, and a denied payment skipped', () => {
    const [payment, refund] = entriesOf(file);
    expect([payment!.bookedOn, payment!.amountMinor, payment!.direction, payment!.memo]).toEqual(['2027-03-01', 100_000, 'credit', 'fee 29.30 USD; net 970.70 USD; customer email ap@acme.example']);
    expect([refund!.bookedOn, refund!.kind, refund!.direction, refund!.amountMinor]).toEqual(['2027-03-15', 'return', 'debit', 10_000]);
    expect(refund!.memo).toContain('refers to 8XH1');
    expect(file.skipped).toEqual([{ location: 'line 4', reason: '7AB3: status "Denied": the charge did not go through' }]);
  });
});

describe('an Authorize.net transaction download', () => {
  const file = parseCardCsv([
    'Transaction ID,Transaction Status,Settlement Amount,Settlement Currency,Settlement Date Time,Authorization Amount,Submit Date Time,Transaction Type,Card Number,Invoice Number,Customer First Name,Customer Last Name,Company,Email',
    '60012345,Settled Successfully,1018.88,USD,01-Sep-2027 10:38:54 AM PDT,1018.88,01-Sep-2027 10:30:49 AM PDT,Authorization w/ Auto Capture,XXXX4444,60,Matteo,Bignotti,Bignotti Srl,m@b.example',
    '60012346,Declined,,,,50.00,01-Sep-2027 11:00:00 AM PDT,Authorization w/ Auto Capture,XXXX1111,61,Ann,Bell,,',
    '60012347,Refund Settled Successfully,25.00,USD,02-Sep-2027 10:38:54 AM PDT,25.00,02-Sep-2027 09:00:00 AM PDT,Credit,XXXX4444,60,Matteo,Bignotti,,m@b.example',
    '60012348,Authorized/Pending Capture,,,,75.00,02-Sep-2027 09:10:00 AM PDT,Authorization Only,XXXX4444,62,Matteo,Bignotti,,',
  ].join('\n'));

  it('takes the settled amount and date, the card number\'s last four, the company or the customer\'s name', () => {
    const [sale, credit] = entriesOf(file);
    expect(sale).toMatchObject({ amountMinor: 101_888, bookedOn: '2027-09-01', kind: 'card', direction: 'credit', payer: { name: 'Bignotti Srl', accountRef: '4444' }, remittance: [{ reference: '60' }] });
    // A "Credit" is Authorize.net's refund, written as a positive amount.
    expect(credit).toMatchObject({ amountMinor: 2_500, kind: 'return', direction: 'debit', payer: { name: 'Matteo Bignotti', accountRef: '4444' } });
  });

  it('skips the declined and the authorised-only rows, saying why', () => {
    expect(file.skipped).toEqual([
      { location: 'line 3', reason: '60012346: status "Declined": the charge did not go through' },
      { location: 'line 5', reason: '60012348: transaction type "Authorization Only" moves no money' },
    ]);
  });
});

describe('a Square transactions export', () => {
  const square = [
    'Date,Time,Time Zone,Gross Sales,Discounts,Net Sales,Tax,Tip,Partial Refunds,Total Collected,Source,Card,Fees,Net Total,Transaction ID,Payment ID,Card Brand,PAN Suffix,Event Type,Customer Name,Customer Reference ID,Description',
    '2027-03-01,10:15:00,Pacific Time (US & Canada),$100.00,$0.00,$100.00,$8.25,$0.00,$0.00,$108.25,Point of Sale,$108.25,-$3.41,$104.84,TX1,PY1,Visa,4242,Payment,Acme Fabrication,C-1001,Invoice INV-000777',
    '2027-03-02,09:00:00,Pacific Time (US & Canada),-$20.00,$0.00,-$20.00,$0.00,$0.00,$0.00,-$20.00,Point of Sale,-$20.00,$0.00,-$20.00,TX1,PY2,Visa,4242,Refund,Acme Fabrication,C-1001,',
  ].join('\n');

  it('is rejected without a currency: "$" alone may be US, Canadian or Australian dollars', () => {
    const err = thrown(() => parseCardCsv(square));
    expect([err.format, err.line]).toEqual(['card-csv', 2]);
    expect(err.reason).toMatch(/written with "\$".*currency is unknown/);
  });

  it('reads the total collected (tax included) with the currency given, our customer number and the card suffix', () => {
    const [payment, refund] = entriesOf(parseCardCsv(square, { currency: 'usd' }));
    expect(payment).toMatchObject({ amountMinor: 10_825, currency: 'USD', kind: 'card', payer: { name: 'Acme Fabrication', customerNumber: 'C-1001', accountRef: '4242' }, remittance: [{ reference: 'INV-000777' }] });
    expect(payment!.memo).toBe('Invoice INV-000777; fee 3.41 USD; net 104.84 USD');
    expect(refund).toMatchObject({ amountMinor: 2_000, direction: 'debit', kind: 'return', typeCode: 'Refund' });
  });

  it('takes a currency code written beside the amount', () => {
    const file = parseCardCsv('Date,Total Collected,Fees,Net Total,Transaction ID,Event Type\n2027-03-01,CA$10.00,-CA$0.59,CA$9.41,TX9,Payment\n');
    expect(entriesOf(file)[0]).toMatchObject({ amountMinor: 1_000, currency: 'CAD' });
  });
});

describe('numbers, dates and currencies as exports write them', () => {
  it('reads a semicolon file with decimal commas and dotted day-first dates', () => {
    const file = parseCardCsv('Transaction ID;Date;Gross;Fee;Net;Currency;Invoice\nT1;15.01.2027;1.234,56;-0,50;1.234,06;EUR;RE-2027-0042\n');
    expect(entriesOf(file)[0]).toMatchObject({ amountMinor: 123_456, currency: 'EUR', bookedOn: '2027-01-15', remittance: [{ reference: 'RE-2027-0042' }], memo: 'fee 0.50 EUR; net 1,234.06 EUR' });
  });

  it('reads slashed dates day first when one of them can only be day first', () => {
    const file = parseCardCsv('id,created,amount,currency\nch_1,03/04/2027,1.00,gbp\nch_2,25/04/2027,2.00,gbp\n');
    expect(entriesOf(file).map((e) => e.bookedOn)).toEqual(['2027-04-03', '2027-04-25']);
  });

  it('keeps currencies apart, one report each, and reads yen without decimals', () => {
    const file = parseCardCsv('id,created,amount,currency\nch_1,2027-01-01,"1,200",jpy\nch_2,2027-01-01,12.00,usd\nch_3,2027-01-02,800,jpy\n');
    expect(file.accounts.map((a) => [a.currency, a.entries.map((e) => e.amountMinor)])).toEqual([['JPY', [1_200, 800]], ['USD', [1_200]]]);
  });

  it('lists a zero-amount card check and a note row as skipped', () => {
    const file = parseCardCsv('id,created,amount,currency\nch_1,2027-01-01,0.00,usd\nch_2,2027-01-01,5.00,usd\n,,,\nExported by the dashboard,,,\n');
    expect(entriesOf(file).map((e) => e.bankRef)).toEqual(['ch_2']);
    expect(file.skipped).toEqual([
      { location: 'line 2', reason: 'ch_1: the amount is zero (a card check, not a payment)' },
      { location: 'line 5', reason: 'not a transaction: no date and no amount ("Exported by the dashboard")' },
    ]);
  });

  it('accepts a totals row that equals the rows above it', () => {
    const file = parseCardCsv('id,created,amount,currency\nch_1,2027-01-01,12.00,usd\nch_2,2027-01-02,3.00,usd\nTotal,,15.00,usd\n');
    expect(entriesOf(file)).toHaveLength(2);
  });
});

describe('a file that cannot be read whole is rejected, naming the line and the reason', () => {
  const cases: [string, string, number, RegExp][] = [
    ['no id column', 'Date,Amount,Currency\n2027-01-01,1.00,USD\n', 1, /no transaction id \("id", "Transaction ID", "Charge ID"\) column/],
    ['no amount column', 'id,created,currency\nch_1,2027-01-01,usd\n', 1, /no amount \("Amount", "Gross"/],
    ['an unreadable amount', 'id,created,amount,currency\nch_1,2027-01-01,12.00,usd\nch_2,2027-01-01,12.3.4,usd\n', 3, /amount "12\.3\.4" is not an amount/],
    ['an unreadable date', 'id,created,amount,currency\nch_1,yesterday,12.00,usd\n', 2, /ch_1: date "yesterday" is not a date/],
    ['an impossible date', 'id,created,amount,currency\nch_1,2027-02-30,12.00,usd\n', 2, /date "2027-02-30" is not a date/],
    ['an unknown currency', 'id,created,amount,currency\nch_1,2027-01-01,12.00,xyz\n', 2, /currency "xyz" is not an ISO 4217 currency code/],
    ['no currency at all', 'id,created,amount,status\nch_1,2027-01-01,12.00,paid\n', 2, /no currency column.*unknown/],
    ['more decimals than the currency has', 'id,created,amount,currency\nch_1,2027-01-01,1200.50,jpy\n', 2, /more decimals than JPY has \(0\)/],
    ['dates in both orders', 'id,created,amount,currency\nch_1,13/01/2027,1.00,usd\nch_2,01/13/2027,1.00,usd\n', 3, /day first \(line 2\) and month first \(line 3\)/],
    ['both decimal marks', 'id,created,amount,currency\nch_1,2027-01-01,"1,50",eur\nch_2,2027-01-01,2.50,eur\n', 3, /decimal comma \(line 2\) and with a decimal point \(line 3\)/],
    ['a net that is not gross less fee', 'id,created,amount,currency,fee,net\nch_1,2027-01-01,12.00,usd,0.50,11.00\n', 2, /net 11\.00 USD is not the amount 12\.00 USD less the fee 0\.50 USD/],
    ['a totals row that does not add up', 'id,created,amount,currency\nch_1,2027-01-01,12.00,usd\nch_2,2027-01-02,3.00,usd\nTotal,,16.00,usd\n', 4, /totals row says 16\.00 USD but the transactions above add up to 15\.00 USD/],
    ['an amount without an id', 'id,created,amount,currency\n,2027-01-01,12.00,usd\n', 2, /an amount but no transaction id/],
    ['an unclosed quote', 'id,created,amount,currency\nch_1,2027-01-01,"12.00,usd\n', 2, /cannot be read as CSV \(Quote Not Closed/],
    ['the currency column contradicting the amount', 'id,created,amount,currency\nch_1,2027-01-01,EUR 12.00,usd\n', 2, /written in EUR but the currency column says USD/],
  ];
  for (const [what, csv, line, reason] of cases) {
    it(what, () => {
      const err = thrown(() => parseCardCsv(csv));
      expect(err.format).toBe('card-csv');
      expect(err.line).toBe(line);
      expect(err.reason).toMatch(reason);
    });
  }

  it('an empty file, and a header with no rows, say so', () => {
    expect(thrown(() => parseCardCsv('')).reason).toBe('the file is empty');
    expect(thrown(() => parseCardCsv('id,created,amount,currency\n')).reason).toBe('the file lists no transactions');
  });
});

describe('property: any input is read whole or rejected with a BankFileError', () => {
  const HEADER = 'id,Created date (UTC),Amount,Fee,Net,Currency,Status,Type,Card Last4,Invoice';
  const junk = fc.string({ maxLength: 12 }).filter((s) => !/[",\r\n]|total/i.test(s));
  const mostly = <T extends string>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: junk, weight: 1 });
  const amount = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9_999_999 })).map(([neg, c]) => `${neg ? '-' : ''}${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
  const rowArb = fc.tuple(
    mostly(fc.constantFrom('ch_1', 'ch_2', 'txn_9', 'po_1')),
    mostly(fc.constantFrom('2027-01-31', '2027-02-01 10:00:00', '03/04/2027', '01/31/2027', 'Feb 3, 2027')),
    mostly(fc.oneof(amount, fc.constant('"1,234.56"'), fc.constant('(5.00)'))),
    mostly(fc.oneof(amount, fc.constant(''))),
    mostly(fc.constant('')),
    mostly(fc.constantFrom('usd', 'EUR', 'gbp', 'xyz')),
    mostly(fc.constantFrom('Paid', 'Failed', 'Refunded', 'Declined', 'Pending', '')),
    mostly(fc.constantFrom('charge', 'refund', 'payout', 'stripe_fee', 'void', 'adjustment', '')),
    mostly(fc.constantFrom('4242', '0005', '')),
    mostly(fc.constantFrom('INV-1001', 'INV-1001; INV-1002', '')),
  ).map((cells) => cells.join(','));

  it('structured rows: every row is an entry or a skipped record, or the file is rejected', () => {
    fc.assert(fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), (rows) => {
      const text = [HEADER, ...rows].join('\n');
      let file: BankFile;
      try { file = parseCardCsv(text); } catch (err) {
        expect(err).toBeInstanceOf(BankFileError);
        return;
      }
      const records = rows.filter((r) => r.replace(/[,\s\uFEFF]/g, '') !== '').length;
      expect(entriesOf(file).length + (file.skipped?.length ?? 0)).toBe(records);
      for (const e of entriesOf(file)) {
        expect(Number.isSafeInteger(e.amountMinor) && e.amountMinor > 0).toBe(true);
        expect(e.currency).toMatch(/^[A-Z]{3}$/);
        expect(e.bookedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(e.bankRef).not.toBe('');
      }
      expect(file.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }), { numRuns: 400 });
  });

  it('arbitrary text never throws anything but a BankFileError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('', `${HEADER}\n`, 'id;date;amount;currency\n'), (noise, prefix) => {
      try { parseCardCsv(prefix + noise); } catch (err) { expect(err).toBeInstanceOf(BankFileError); }
    }), { numRuns: 400 });
  });
});

describe('exports as the processors\' own tools write them', () => {
  it('reads Stripe\'s report API columns (balance_transaction_id, created_utc, gross, fee, net, reporting_category, source_id)', () => {
    const file = parseCardCsv([
      'balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description',
      'txn_1,2027-03-01 10:00:00,2027-03-03 00:00:00,eur,600.00,8.70,591.30,charge,ch_1,Invoice INV-1041',
      'txn_2,2027-03-02 09:12:45,2027-03-04 00:00:00,eur,-20.00,0.00,-20.00,refund,re_2,Refund for INV-1041',
    ].join('\n'));
    expect(entriesOf(file).map((e) => [e.bankRef, e.direction, e.amountMinor, e.currency, e.kind, e.typeCode, e.bookedOn, e.memo])).toEqual([
      ['txn_1', 'credit', 60_000, 'EUR', 'card', 'charge', '2027-03-01', 'Invoice INV-1041; fee 8.70 EUR; net 591.30 EUR; refers to ch_1'],
      ['txn_2', 'debit', 2_000, 'EUR', 'return', 'refund', '2027-03-02', 'Refund for INV-1041; net -20.00 EUR; refers to re_2'],
    ]);
  });

  it('lists a PayPal row whose balance impact is "Memo" (an authorization) as skipped, not as money', () => {
    const file = parseCardCsv([
      '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID","Balance Impact"',
      '"03/01/2027","10:00:00","PST","Acme Fabrication","Express Checkout Payment","Completed","USD","250.00","-7.55","242.45","5AB1","Credit"',
      '"03/02/2027","11:00:00","PST","Beta Hardware","Express Checkout Payment","Pending","USD","-42.92","0.00","-42.92","6CD2","Memo"',
      '"03/02/2027","12:00:00","PST","Gamma Tools","General Authorization","Pending","USD","-10.00","0.00","-10.00","7EF3",""',
    ].join('\n'));
    expect(entriesOf(file).map((e) => e.bankRef)).toEqual(['5AB1']);
    expect(file.skipped).toEqual([
      { location: 'line 3', reason: '6CD2: its balance impact is "Memo": it does not change the balance' },
      { location: 'line 4', reason: '7EF3: transaction type "General Authorization" moves no money' },
    ]);
  });
});
