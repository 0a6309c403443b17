// BAI2 bank files: the corpus samples read to figures checked by hand against their own summaries and
// trailers; every broken trailer named with what it states and what the file holds; texts with commas
// and slashes continued over 88s; every funds type; fixed-length records; write → read round trips; and
// nothing but a BankFileError for any damage.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankFileError, type BankEntry, type BankFile } from '../../domain/payment-documents.js';
import { parseBai2 } from '../../parsers/bank/bai2.js';
import { writeBai2 } from '../../parsers/bank/bai2-write.js';
import { bai2Direction, bai2EntryKind } from '../../parsers/bank/bai2-type-codes.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/bank/bai2/${name}`, import.meta.url), 'latin1');

function rejection(text: string): BankFileError {
  try {
    parseBai2(text);
  } catch (e) {
    if (e instanceof BankFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

function expectRejected(text: string, line: number, reason: string | RegExp): void {
  const error = rejection(text);
  expect(error.format).toBe('bai2');
  expect(error.line).toBe(line);
  if (typeof reason === 'string') expect(error.reason).toBe(reason);
  else expect(error.reason).toMatch(reason);
}

const credits = (entries: BankEntry[]) => entries.filter((e) => e.direction === 'credit');
const debits = (entries: BankEntry[]) => entries.filter((e) => e.direction === 'debit');
const sum = (entries: BankEntry[]) => entries.reduce((t, e) => t + e.amountMinor, 0);

describe('BAI2 corpus samples', () => {
  it('sample1: two CAD accounts whose details add up to their 100/400 summaries, value-dated entries', () => {
    const file = parseBai2(fixture('sample1.txt'));
    expect(file).toMatchObject({ format: 'bai2', fileId: '001', createdOn: '2006-03-21' });
    expect(file.accounts.map((a) => [a.accountNumber, a.currency, a.entries.length])).toEqual([['10200123456', 'CAD', 11], ['10200123456', 'CAD', 6]]);
    const [first, second] = file.accounts;
    // No 010/015 in this file (040/045 only): no ledger balances to report.
    expect(first!.openingMinor).toBeUndefined();
    expect(first!.closingMinor).toBeUndefined();
    // The 03's 88 states 100 (credits) 208500 in 3 items and 400 (debits) 208500 in 8.
    expect([sum(credits(first!.entries)), credits(first!.entries).length]).toEqual([208_500, 3]);
    expect([sum(debits(first!.entries)), debits(first!.entries).length]).toEqual([208_500, 8]);
    expect([sum(credits(second!.entries)), credits(second!.entries).length]).toEqual([111_500, 2]);
    expect([sum(debits(second!.entries)), debits(second!.entries).length]).toEqual([111_500, 4]);
    expect(first!.entries[0]).toEqual({
      direction: 'debit', amountMinor: 2500, currency: 'CAD', bookedOn: '2006-03-16', kind: 'other', typeCode: '409',
      bankRef: '', customerRef: '', payer: {}, remittance: [], memo: 'RETURNED CHEQUE', location: 'line 5',
    });
    expect(first!.entries[3]).toMatchObject({ direction: 'credit', amountMinor: 203_500, typeCode: '108', memo: 'TFR 1020 0345678', location: 'line 8' });
    // Funds type V: the entry's own value date, not the group's as-of date (060317).
    expect(new Set(first!.entries.map((e) => e.bookedOn))).toEqual(new Set(['2006-03-16']));
    expect(new Set(second!.entries.map((e) => e.bookedOn))).toEqual(new Set(['2006-03-17']));
    expect(second!.entries.at(-1)).toMatchObject({ amountMinor: 500, memo: 'GALERIES RICHELIEU', location: 'line 24' });
  });

  it('sample2 (the specification example): continued summaries, negative opening ledger, S/V/D funds, text on an 88', () => {
    const file = parseBai2(fixture('sample2.txt'));
    expect(file).toMatchObject({ format: 'bai2', fileId: '1', createdOn: '2004-06-21' });
    expect(file.accounts.map((a) => [a.accountNumber, a.currency, a.openingMinor, a.entries.length])).toEqual([
      ['0123456789', 'USD', 4_350_000, 1],
      ['9876543210', 'USD', -500_000, 1],
      ['4589761203', 'USD', 10_000_000, 2],
      ['0975312468', 'USD', 500_000, 0],
      ['7890654321', 'USD', 800_000, 0],
    ]);
    const [lockbox, negative, letterOfCredit] = file.accounts;
    // Funds type S: three availability amounts follow, then the (empty) references and text.
    expect(lockbox!.entries[0]).toEqual({
      direction: 'credit', amountMinor: 450_000, currency: 'USD', bookedOn: '2004-06-20', kind: 'lockbox', typeCode: '115',
      bankRef: '', customerRef: '', payer: {}, remittance: [], memo: '', location: 'line 5',
    });
    expect(negative!.entries[0]).toMatchObject({ amountMinor: 500_000, kind: 'lockbox', bankRef: '', memo: 'LOCK BOX NO.68751', location: 'line 10' });
    // Funds type V (value date 040622), references, and the text on the following 88.
    expect(letterOfCredit!.entries[0]).toMatchObject({
      direction: 'credit', amountMinor: 20_000_000, typeCode: '218', bookedOn: '2004-06-22', bankRef: 'SP4738', customerRef: 'YRC065321',
      memo: 'PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO', location: 'line 16',
    });
    expect(letterOfCredit!.entries[1]).toMatchObject({ direction: 'credit', amountMinor: 10_000_000, typeCode: '195', kind: 'wire', bookedOn: '2004-06-20', memo: '' });
  });

  it('sample3: several records on a line, a text wrapped onto its own line, 88 text, 15 accounts', () => {
    const file = parseBai2(fixture('sample3.txt'));
    expect(file).toMatchObject({ format: 'bai2', fileId: '4', createdOn: '2022-09-19' });
    expect(file.accounts).toHaveLength(15);
    expect(file.accounts.flatMap((a) => a.entries)).toHaveLength(26);
    const first = file.accounts[0]!;
    expect([first.openingMinor, first.closingMinor]).toEqual([-3500, -3600]);
    // 100,3100,3 and 400,3200,3 in its 03.
    expect([sum(credits(first.entries)), credits(first.entries).length, sum(debits(first.entries)), debits(first.entries).length]).toEqual([3100, 3, 3200, 3]);
    expect(first.entries.map((e) => [e.location, e.typeCode, e.kind, e.amountMinor])).toEqual([
      ['line 3', '142', 'ach', 2500], ['line 3', '142', 'ach', 500], ['line 4', '142', 'ach', 100],
      ['line 5', '451', 'ach', 2500], ['line 7', '451', 'ach', 600], ['line 9', '451', 'ach', 100],
    ]);
    expect(first.entries[1]!.memo).toBe('TRANSFER MSPBNA BANK PPD');
    expect(first.entries[3]!.memo).toBe('111111 ACH_SETL 1111111111 111111111111111 1111111111');
    // The 16 on line 18 breaks its text across a line that has no record code: one record, not two.
    const eighth = file.accounts[7]!;
    expect([eighth.openingMinor, eighth.closingMinor, sum(credits(eighth.entries)), sum(debits(eighth.entries))]).toEqual([625_266, 610_315, 3700, 18_651]);
    expect(eighth.entries[0]).toMatchObject({ location: 'line 18', amountMinor: 2500, memo: '111111 ACH_SETL 1111111111 111111111111111 1111111111' });
    expect(eighth.entries[1]!.location).toBe('line 21');
    const wire = file.accounts[9]!.entries[0]!;
    expect(wire).toMatchObject({
      direction: 'credit', kind: 'wire', typeCode: '195', amountMinor: 13_855, currency: 'USD', bookedOn: '2022-09-19',
      memo: 'Wire Transfer Credit VISA INTERNATIONAL 900 METRO CENTER BLVD FOSTER CITY CA 94404',
    });
    expect([sum(credits(file.accounts[9]!.entries)), sum(debits(file.accounts[9]!.entries))]).toEqual([32_593, 920]);
    expect(file.accounts.slice(10).every((a) => a.entries.length === 0 && a.openingMinor === 0)).toBe(true);
  });

  it('sample-parseError: an unknown record code is rejected where it stands', () => {
    expectRejected(fixture('sample-parseError.txt'), 1, 'unknown record code "00"');
  });
});

// A small file checked by hand: account total -250000 + 100000 + 400000 + 50000 (03) + 150000 + 250000 + 50000 (16s) = 750000.
const BASE = [
  '01,BANKUS33,ARFLOW,240115,0800,F7,,,2/',
  '02,ARFLOW,BANKUS33,1,240114,2400,USD,2/',
  '03,123456,,010,-250000,,,015,100000,,,100,400000,2,,400,50000,1,/',
  '16,195,150000,0,WR1,CR1,ORG=/998877 ACME FABRICATION INC OBI=INV 1001, INV 1002/',
  '16,142,250000,Z,BR2,,ORIG CO NAME:GLOBEX CORP ORIG ID:1234567890 RMR*IV*INV-2001*PI*2500.00*2600.00*100.00\\/',
  '16,698,50000,,BR3,,SERVICE CHARGE JANUARY/',
  '49,750000,5/',
  '98,750000,1,7/',
  '99,750000,1,9/',
];
const text = (lines: string[]): string => `${lines.join('\n')}\n`;
const replaced = (line: number, content: string): string => text(BASE.map((l, i) => (i === line - 1 ? content : l)));
const without = (line: number): string => text(BASE.filter((_, i) => i !== line - 1));

describe('BAI2 hand-written files', () => {
  it('reads the base file: negative opening ledger, closing ledger, references, labelled payer and invoices', () => {
    const file = parseBai2(text(BASE));
    expect(file).toMatchObject({ fileId: 'F7', createdOn: '2024-01-15' });
    expect(file.accounts).toHaveLength(1);
    const account = file.accounts[0]!;
    expect(account).toMatchObject({ accountNumber: '123456', currency: 'USD', openingMinor: -250_000, closingMinor: 100_000 });
    expect(account.entries[0]).toEqual({
      direction: 'credit', amountMinor: 150_000, currency: 'USD', bookedOn: '2024-01-14', kind: 'wire', typeCode: '195',
      bankRef: 'WR1', customerRef: 'CR1', payer: { accountRef: '998877', name: 'ACME FABRICATION INC' },
      remittance: [{ reference: '1001' }, { reference: '1002' }],
      memo: 'ORG=/998877 ACME FABRICATION INC OBI=INV 1001, INV 1002', location: 'line 4',
    });
    expect(account.entries[1]).toMatchObject({
      kind: 'ach', bankRef: 'BR2', customerRef: '', payer: { name: 'GLOBEX CORP' },
      remittance: [{ reference: 'INV-2001', paidMinor: 250_000, invoiceAmountMinor: 260_000, discountMinor: 10_000 }],
    });
    expect(account.entries[2]).toMatchObject({ direction: 'debit', kind: 'fee', typeCode: '698', payer: {}, remittance: [], memo: 'SERVICE CHARGE JANUARY' });
  });

  it('rejects each broken trailer, naming it with the figure it states and the figure the file holds', () => {
    expectRejected(replaced(7, '49,750001,5/'), 7, 'account 123456 trailer (49) states control total 750001, but the account\'s amounts add up to 750000');
    expectRejected(replaced(7, '49,750000,4/'), 7, 'account 123456 trailer (49) states 4 records, but the account has 5');
    expectRejected(replaced(8, '98,-750000,1,7/'), 8, 'group trailer (98) states control total -750000, but the group\'s accounts add up to 750000');
    expectRejected(replaced(8, '98,750000,2,7/'), 8, 'group trailer (98) states 2 accounts, but the group has 1');
    expectRejected(replaced(8, '98,750000,1,8/'), 8, 'group trailer (98) states 8 records, but the group has 7');
    expectRejected(replaced(9, '99,750010,1,9/'), 9, 'file trailer (99) states control total 750010, but the file\'s groups add up to 750000');
    expectRejected(replaced(9, '99,750000,0,9/'), 9, 'file trailer (99) states 0 groups, but the file has 1');
    expectRejected(replaced(9, '99,750000,1,10/'), 9, 'file trailer (99) states 10 records, but the file has 9');
    // A summary amount counts as much as a detail: an 03 changed alone breaks the account total.
    expectRejected(replaced(3, '03,123456,,010,-250000,,,015,100000,,,100,400001,2,,400,50000,1,/'), 7, /states control total 750000, but the account's amounts add up to 750001/);
  });

  it('rejects missing trailers, records out of order and stray records', () => {
    expectRejected(without(7), 7, 'account 123456 (line 3) has no account trailer (49) before this group trailer (98)');
    expectRejected(without(8), 8, 'the group at line 2 has no group trailer (98) before this file trailer (99)');
    expectRejected(without(9), 8, 'the file ends without a file trailer (99)');
    expectRejected(text(BASE.slice(0, 5)), 5, 'the file ends inside account 123456: no account trailer (49)');
    expectRejected(text([...BASE.slice(0, 2), BASE[3]!, ...BASE.slice(2)]), 3, 'transaction detail (16) outside an account: it must follow an account identifier (03)');
    expectRejected(text([BASE[0]!, ...BASE.slice(2)]), 2, 'expected a group header (02) or the file trailer (99) here, not an account identifier (03)');
    expectRejected(text(BASE.slice(1)), 1, 'the file must start with a file header (01), not with a group header (02)');
    expectRejected(text([...BASE.slice(0, 7), '49,0,2/', ...BASE.slice(7)]), 8, 'account trailer (49) without an account identifier (03) before it');
    expectRejected(text([...BASE, '16,195,1,,,,/']), 10, 'a transaction detail (16) follows the file trailer (99): nothing may');
    expectRejected(text(['88,CONTINUING NOTHING/', ...BASE]), 1, 'continuation (88) with no record before it to continue');
    expectRejected(replaced(5, '17,142,250000,Z,BR2,,X/'), 5, 'unknown record code "17"');
    expectRejected('', 0, 'the file is empty');
  });

  it('rejects amounts and fields that are not what BAI2 allows', () => {
    expectRejected(replaced(4, '16,195,15O000,0,WR1,CR1,X/'), 4, 'transaction 195 amount "15O000" is not a number');
    expectRejected(replaced(4, '16,195,-150000,0,WR1,CR1,X/'), 4, /amount "-150000" is negative/);
    expectRejected(replaced(4, '16,195,,0,WR1,CR1,X/'), 4, 'transaction 195 has no amount');
    expectRejected(replaced(3, '03,123456,,010,-25O000,,,015,100000,,,100,400000,2,,400,50000,1,/'), 3, 'account 123456 010 amount "-25O000" is not a number');
    expectRejected(replaced(7, '49,75OOOO,5/'), 7, 'account control total "75OOOO" is not a number');
    expectRejected(replaced(4, '16,010,150000,0,WR1,CR1,X/'), 4, 'transaction detail type code "010" is an account status code, not a transaction');
    expectRejected(replaced(4, '16,750,150000,0,WR1,CR1,X/'), 4, 'transaction detail type code "750" is not a BAI2 credit or debit code');
    expectRejected(replaced(4, '16,195,150000,X,WR1,CR1,X/'), 4, 'transaction 195 funds type "X" is not one of Z, 0, 1, 2, S, V, D');
    expectRejected(replaced(4, '16,195,150000,V,241301,,WR1,CR1,X/'), 4, 'transaction 195 value date "241301" is not a date (YYMMDD)');
    expectRejected(replaced(2, '02,ARFLOW,BANKUS33,1,240114,2400,US1,2/'), 2, 'group currency "US1" is not an ISO currency code');
    expectRejected(replaced(2, '02,ARFLOW,BANKUS33,4,240114,2400,USD,2/'), 2, 'group status 4 (test only): the file is not read as real entries');
    expectRejected(replaced(1, '01,BANKUS33,ARFLOW,240115,0800,F7,,,1/'), 1, 'file header version "1" is not 2: only BAI2 is read');
    expectRejected(replaced(3, '03,123456,,010,-250000,,,015,\n100000,,,100,400000,2,,400,50000,1,/'), 3, 'record 03 does not end with "/" before its line ends');
    expectRejected('01,B,R,240115,0800,F7,,,2', 1, 'record 01 does not end with "/": the file ends inside it');
  });

  it('reads a 16 text holding commas and slashes, continued over 88s, and the specification\'s unterminated texts', () => {
    const file = parseBai2(text([
      '01,B,R,240115,0800,T1,,,2/',
      '02,R,B,1,240115,,USD,/',
      '03,42,,010,0,,/',
      '16,301,125000,0,DEP778,,PAYMENT FROM ACME, INC., FOR INVOICES 1001,',
      '88,1002 AND 1003, PO 12/34/',
      '88,THANK YOU/',
      '16,115,10000000,S,5000000,4000000,1000000/',
      '88,AX13612,B096132,AMALGAMATED CORP. LOCKBOX',
      '88,DEPOSIT-MISC. RECEIVABLES',
      '16,175,3000,D,2,0,1000/',
      '88,1,2000,BD,CD,SPLIT, FIELDS/',
      '49,10128000,10/',
      '98,10128000,1,12/',
      '99,10128000,1,14/',
    ]));
    const [deposit, lockbox, split] = file.accounts[0]!.entries;
    expect(deposit).toMatchObject({
      kind: 'deposit', bankRef: 'DEP778', customerRef: '', location: 'line 4',
      memo: 'PAYMENT FROM ACME, INC., FOR INVOICES 1001, 1002 AND 1003, PO 12/34 THANK YOU',
      remittance: [{ reference: '1001' }, { reference: '1002' }, { reference: '1003' }],
    });
    expect(lockbox).toMatchObject({ kind: 'lockbox', amountMinor: 10_000_000, bankRef: 'AX13612', customerRef: 'B096132', memo: 'AMALGAMATED CORP. LOCKBOX DEPOSIT-MISC. RECEIVABLES', location: 'line 7' });
    expect(split).toMatchObject({ amountMinor: 3000, bankRef: 'BD', customerRef: 'CD', memo: 'SPLIT, FIELDS', location: 'line 10' });
  });

  it('reads records the specification lets end without "/": a text at the end of its line, a record before the next', () => {
    const expected = parseBai2(text(BASE));
    expect(parseBai2(replaced(6, '16,698,50000,,BR3,,SERVICE CHARGE JANUARY'))).toEqual(expected);
    expect(parseBai2(replaced(7, '49,750000,5'))).toEqual(expected);
  });

  it('reads every funds type with the fields it brings before the references', () => {
    const file = parseBai2(text([
      '01,B,R,240115,0800,T2,,,2/',
      '02,R,B,1,240115,,USD,/',
      '03,555,/',
      '16,175,1000,0,B0,C0,IMMEDIATE/',
      '16,175,1000,1,B1,C1,ONE DAY/',
      '16,175,1000,2,B2,C2,TWO OR MORE DAYS/',
      '16,175,1000,Z,BZ,CZ,UNKNOWN/',
      '16,175,1000,,BE,CE,DEFAULTED/',
      '16,175,3000,S,1000,1000,1000,BS,CS,DISTRIBUTED/',
      '16,175,1000,V,240116,1200,BV,CV,VALUE DATED/',
      '16,175,3000,D,2,0,1000,1,2000,BD,CD,BY DAYS/',
      '49,12000,10/',
      '98,12000,1,12/',
      '99,12000,1,14/',
    ]));
    expect(file.accounts[0]!.entries.map((e) => [e.amountMinor, e.bankRef, e.customerRef, e.memo, e.bookedOn])).toEqual([
      [1000, 'B0', 'C0', 'IMMEDIATE', '2024-01-15'],
      [1000, 'B1', 'C1', 'ONE DAY', '2024-01-15'],
      [1000, 'B2', 'C2', 'TWO OR MORE DAYS', '2024-01-15'],
      [1000, 'BZ', 'CZ', 'UNKNOWN', '2024-01-15'],
      [1000, 'BE', 'CE', 'DEFAULTED', '2024-01-15'],
      [3000, 'BS', 'CS', 'DISTRIBUTED', '2024-01-15'],
      [1000, 'BV', 'CV', 'VALUE DATED', '2024-01-16'],
      [3000, 'BD', 'CD', 'BY DAYS', '2024-01-15'],
    ]);
  });

  it('reads amounts in the currency\'s own minor units: a JPY group with a USD account', () => {
    const file = parseBai2(text([
      '01,B,R,240115,0800,J1,,,2/',
      '02,R,B,1,240115,,JPY,/',
      '03,777,,010,1500000,,,015,1515000,,/',
      '16,195,15000,,REF1,,/',
      '49,3030000,3/',
      '03,888,USD,010,-99,,/',
      '16,142,12345,,,,/',
      '49,12246,3/',
      '98,3042246,2,8/',
      '99,3042246,1,10/',
    ]));
    const [yen, dollars] = file.accounts;
    expect(yen).toMatchObject({ accountNumber: '777', currency: 'JPY', openingMinor: 1_500_000, closingMinor: 1_515_000 });
    expect(yen!.entries[0]).toMatchObject({ amountMinor: 15_000, currency: 'JPY', kind: 'wire', bankRef: 'REF1' });
    expect(dollars).toMatchObject({ accountNumber: '888', currency: 'USD', openingMinor: -99 });
    expect(dollars!.entries[0]).toMatchObject({ amountMinor: 12_345, currency: 'USD', kind: 'ach' });
  });

  it('reads fixed-length physical records, padded, with or without line breaks, a text running to the record\'s end', () => {
    const records = [
      '01,BANKUS33,ARFLOW,240115,0800,F8,80,1,2/',
      '02,ARFLOW,BANKUS33,1,240114,2400,USD,2/',
      '03,123456,,010,-250000,,,015,100000,,,100,150000,1,/',
      '16,195,150000,0,WR1,CR1,PAYMENT FROM ACME FABRICATION INC. FOR INVOICES 1001 AND', // text to column 80, no "/"
      '88,1002, THANK YOU/',
      '49,150000,4/',
      '98,150000,1,6/',
      '99,150000,1,8/',
    ];
    expect(records[3]).toHaveLength(80);
    const padded = records.map((r) => r.padEnd(80, ' '));
    for (const file of [padded.join('\n'), padded.join(''), `${padded.join('\r\n')}\r\n`]) {
      const parsed = parseBai2(file);
      expect(parsed.fileId).toBe('F8');
      expect(parsed.accounts[0]!.entries).toEqual([{
        direction: 'credit', amountMinor: 150_000, currency: 'USD', bookedOn: '2024-01-14', kind: 'wire', typeCode: '195', bankRef: 'WR1', customerRef: 'CR1',
        payer: {}, remittance: [{ reference: '1001' }, { reference: '1002' }], memo: 'PAYMENT FROM ACME FABRICATION INC. FOR INVOICES 1001 AND 1002, THANK YOU', location: 'line 4',
      }]);
    }
  });

  it('takes a payer and invoices only from text that labels them; other text stays in the memo alone', () => {
    const cases: [string, BankEntry['payer'], BankEntry['remittance']][] = [
      ['ORIG CO NAME:ACME FABRICATION INC ENTRY DESCR:PAYMENT INV 123 124', { name: 'ACME FABRICATION INC' }, [{ reference: '123' }, { reference: '124' }]],
      ['ORG=/99887766 BIRCH & STONE BUILDERS OBI=INV-000125', { accountRef: '99887766', name: 'BIRCH & STONE BUILDERS' }, [{ reference: 'INV-000125' }]],
      ['ORIG CO NAME:COBALT MARINE SUPPLY ENTRY DESCR:INV-000126', { name: 'COBALT MARINE SUPPLY' }, [{ reference: 'INV-000126' }]],
      ['PAYMENT OF INVOICES 1001, 1002 AND 1003 THANK YOU', {}, [{ reference: '1001' }, { reference: '1002' }, { reference: '1003' }]],
      ['INV# 1001 $500.00', {}, [{ reference: '1001' }]],
      ['RMR*IV*A-77*PI*100.00\\RMR*IV*A-78*PI*50\\', {}, [{ reference: 'A-77', paidMinor: 10_000 }, { reference: 'A-78', paidMinor: 5000 }]],
      ['ACME FABRICATION 123 124 PAYMENT', {}, []],
      ['INVESTMENT SWEEP 5521', {}, []],
      ['INVOICE PAYMENT 500.00', {}, []],
    ];
    const entries: BankEntry[] = cases.map(([memo]) => ({
      direction: 'credit', amountMinor: 100, currency: 'USD', bookedOn: '2024-01-15', kind: 'ach', typeCode: '165',
      bankRef: '', customerRef: '', payer: {}, remittance: [], memo, location: '',
    }));
    const file = parseBai2(writeBai2({ format: 'bai2', fileId: 'L', createdOn: '2024-01-15', accounts: [{ accountNumber: '1', currency: 'USD', entries }] }));
    expect(file.accounts[0]!.entries.map((e) => [e.memo, e.payer, e.remittance])).toEqual(cases);
  });

  it('tells what each type code is: direction by range, kind by the code list', () => {
    const kinds: [string, BankEntry['kind']][] = [
      ['195', 'wire'], ['196', 'wire'], ['208', 'wire'], ['495', 'wire'], ['142', 'ach'], ['165', 'ach'], ['169', 'ach'], ['451', 'ach'], ['455', 'ach'],
      ['115', 'lockbox'], ['116', 'lockbox'], ['118', 'lockbox'], ['301', 'deposit'], ['175', 'deposit'], ['187', 'deposit'], ['147', 'card'],
      ['255', 'return'], ['257', 'return'], ['555', 'return'], ['475', 'check'], ['698', 'fee'], ['661', 'fee'],
      ['108', 'other'], ['699', 'other'], ['206', 'other'], ['950', 'other'], ['975', 'other'],
    ];
    const entries: BankEntry[] = kinds.map(([typeCode]) => ({
      direction: bai2Direction(typeCode)!, amountMinor: 100, currency: 'USD', bookedOn: '2024-01-15', kind: 'other', typeCode,
      bankRef: '', customerRef: '', payer: {}, remittance: [], memo: '', location: '',
    }));
    const file = parseBai2(writeBai2({ format: 'bai2', fileId: 'K', createdOn: '2024-01-15', accounts: [{ accountNumber: '1', currency: 'USD', entries }] }));
    expect(file.accounts[0]!.entries.map((e) => [e.typeCode, e.kind])).toEqual(kinds);
    expect(file.accounts[0]!.entries.map((e) => e.direction)).toEqual(kinds.map(([c]) => (/^[123]|^9[3-5]/.test(c) ? 'credit' : 'debit')));
    expect(['001', '099', '900', '929', '700', '899', '000', '12'].map(bai2Direction)).toEqual(Array(8).fill(undefined));
  });
});

// ---- properties ----

// What banks send that the specification does not spell out, each written by hand after a file seen in
// the wild: a "/" inside a reference, an 88 continuing a text with "/", a summary left empty, labels
// written "NAME:=". And files that really are broken, rejected with what is wrong and, where a bank is
// known to compute a figure its own way, how.
const AS_BANKS_WRITE = [
  '01,GSBI,ARFLOW,230906,2000,1,,,2/',
  '02,ARFLOW,026015079,1,230906,2000,,/',
  '03,107049932,USD,,,,,060,500000,,,100,92865,1,/',
  '16,142,92865,,SPB23226,AB/GS/RP0001/RPBA0001,ACH CREDIT PAYMENT, CLIENT REF: AB/GS/RP0001',
  '88,ORG ADDRESS:=2/AV MAIN 3/MX',
  '88,/MEXICO',
  '49,685730,5/',
  '03,104108339,USD,010,159581,,,015,159381,,,/',
  '88,040,158568,,,045,158368,,,/',
  '88,100,8325,1,/',
  '16,195,8325,,,,FED NO: 123',
  '88,ORG:=OPTIONS LINK WIRE CLEARING',
  '88,ORG ADDRESS:=1995 SE. 57TH ST.',
  '88,OBI:=INVOICE 123456',
  '49,652548,8/',
  '98,1338278,2,15/',
  '99,1338278,1,17/',
];

describe('BAI2 as banks write it', () => {
  it('reads a "/" inside a reference, a text continued by an 88 that starts with "/", and summaries left empty', () => {
    const [first, second] = parseBai2(text(AS_BANKS_WRITE)).accounts;
    // "USD,,,,," is a summary with every field left empty; the 060 and 100 after it still count.
    expect(first!.entries).toEqual([{
      direction: 'credit', amountMinor: 92_865, currency: 'USD', bookedOn: '2023-09-06', kind: 'ach', typeCode: '142',
      bankRef: 'SPB23226', customerRef: 'AB/GS/RP0001/RPBA0001', payer: {}, remittance: [],
      memo: 'ACH CREDIT PAYMENT, CLIENT REF: AB/GS/RP0001 ORG ADDRESS:=2/AV MAIN 3/MX /MEXICO', location: 'line 4',
    }]);
    // ",,,/" leaves the next summary's type code empty at the end of the record: the 88 starts the next one.
    expect(second).toMatchObject({ accountNumber: '104108339', openingMinor: 159_581, closingMinor: 159_381 });
    expect(second!.entries[0]).toMatchObject({ kind: 'wire', payer: { name: 'OPTIONS LINK WIRE CLEARING' }, remittance: [{ reference: '123456' }], location: 'line 11' });
  });

  it('still ends a reference at a "/" that comes before the next record on the same line', () => {
    const twoOnALine = [...AS_BANKS_WRITE];
    twoOnALine[3] = '16,142,92865,,SPB23226,AB/GS/ 16,142,0,,,,SECOND/';
    twoOnALine[6] = '49,685730,6/';
    twoOnALine[15] = '98,1338278,2,16/';
    twoOnALine[16] = '99,1338278,1,18/';
    const [reference, second] = parseBai2(text(twoOnALine)).accounts[0]!.entries;
    expect(reference).toMatchObject({ amountMinor: 92_865, customerRef: 'AB/GS', memo: '' });
    expect(second).toMatchObject({ amountMinor: 0, customerRef: '', memo: 'SECOND ORG ADDRESS:=2/AV MAIN 3/MX /MEXICO', location: 'line 4' });
  });

  it('reads currency codes and funds types written in lower case', () => {
    const lower = [...AS_BANKS_WRITE];
    lower[7] = '03,104108339,usd,010,159581,,,015,159381,,,/';
    lower[10] = '16,195,8325,v,230905,,,,FED NO: 123';
    const second = parseBai2(text(lower)).accounts[1]!;
    expect(second.currency).toBe('USD');
    expect(second.entries[0]).toMatchObject({ currency: 'USD', bookedOn: '2023-09-05', memo: expect.stringMatching(/^FED NO: 123 /) });
  });

  it('rejects a record whose code is followed by something other than a comma, where it stands', () => {
    const damaged = [...AS_BANKS_WRITE];
    damaged[4] = '88:ORG ADDRESS:=2/AV MAIN 3/MX';
    expectRejected(text(damaged), 5, '"88:" starts a record whose code is not followed by a comma: the record cannot be read');
  });

  it('rejects a summary amount with no type code before it', () => {
    expectRejected(replaced(3, '03,123456,,010,-250000,,,,015,100000,,,100,400000,2,,400,50000,1,/'), 3, 'account 123456 has an empty field where a summary type code belongs, before "015"');
  });

  it('rejects an account total computed another way than the specification\'s, and says which way', () => {
    // The base account's details: credits 150000 and 250000, a debit of 50000; its summaries add 300000.
    expectRejected(replaced(7, '49,350000,5/'), 7, "account 123456 trailer (49) states control total 350000, but the account's amounts add up to 750000: it is the detail credits less the debits, not the sum of every amount the account reports");
    expectRejected(replaced(7, '49,450000,5/'), 7, "account 123456 trailer (49) states control total 450000, but the account's amounts add up to 750000: it is the sum of the detail amounts alone, without the account's summary amounts");
  });

  it('rejects a group trailer that leaves out its number of accounts, and says so', () => {
    expectRejected(replaced(8, '98,750000,7/'), 8, 'group trailer (98) states 7 accounts, but the group has 1 (7 is its number of records: the trailer leaves out the number of accounts)');
  });

  it('rejects an account trailer with no control total', () => {
    expectRejected(replaced(7, '49,,5/'), 7, 'account 123456 trailer (49) has no control total');
  });
});

const CREDIT_CODES = ['108', '115', '142', '147', '165', '175', '195', '206', '255', '301', '399', '940'];
const DEBIT_CODES = ['409', '451', '455', '475', '495', '555', '698', '699', '970'];
const TEXT_END_LOOKALIKE = /\/[ \t]*(?:0[123]|16|49|88|9[89]),/;

/** Strings of `chars`, cheaper to generate than fc.stringMatching. */
const stringOf = (chars: string, minLength: number, maxLength: number) => fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((cs) => cs.join(''));
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const isoDay = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const word = fc.oneof(
  fc.constantFrom('PAYMENT', 'ACME,', 'CORP.', 'A/B', '/LEAD', 'TRAIL/', '1/2', 'X,Y,Z', '#77', 'ÉTÉ', '88', '16,'),
  stringOf('abcdefghijklmnopqrstuvwxyz0123456789.,/()&-', 1, 10),
);
const memo = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '))
  .filter((m) => !TEXT_END_LOOKALIKE.test(m) && !/inv|orig|org|obi|rmr/i.test(m));

const entry = (currency: string, day: string) => fc.record({
  typeCode: fc.constantFrom(...CREDIT_CODES, ...DEBIT_CODES),
  amountMinor: fc.integer({ min: 0, max: 100_000_000_000 }),
  bookedOn: fc.oneof(fc.constant(day), isoDay),
  bankRef: stringOf(`${UPPER_DIGITS}-`, 0, 10),
  customerRef: stringOf(UPPER_DIGITS, 0, 10),
  memo,
}).map((e): BankEntry => ({
  ...e, direction: bai2Direction(e.typeCode)!, kind: bai2EntryKind(e.typeCode), currency, payer: {}, remittance: [], location: '',
}));

const balance = fc.option(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), { nil: undefined });
const bankFile: fc.Arbitrary<BankFile> = isoDay.chain((createdOn) => fc.record({
  format: fc.constant('bai2' as const),
  fileId: stringOf(UPPER_DIGITS, 1, 8),
  createdOn: fc.constant(createdOn),
  accounts: fc.array(
    fc.constantFrom('USD', 'CAD', 'EUR', 'JPY', 'BHD').chain((currency) => fc.record({
      accountNumber: stringOf('0123456789', 4, 12),
      currency: fc.constant(currency),
      openingMinor: balance,
      closingMinor: balance,
      entries: fc.array(entry(currency, createdOn), { maxLength: 6 }),
    })),
    { minLength: 1, maxLength: 4 },
  ),
}));

const withoutLocations = (file: BankFile): BankFile => ({
  ...file, accounts: file.accounts.map((a) => ({ ...a, entries: a.entries.map((e) => ({ ...e, location: '' })) })),
});

function neverThrowsButBankFileError(input: string): void {
  try {
    parseBai2(input);
  } catch (e) {
    if (!(e instanceof BankFileError)) throw e;
    expect(e.format).toBe('bai2');
  }
}

/** Where each amount's digits are in a file writeBai2 wrote without 88s. */
function amountDigitPositions(written: string): number[] {
  const positions: number[] = [];
  let offset = 0;
  for (const line of written.split('\n')) {
    const fields = line.replace(/\/$/, '').split(',');
    const amountFields = { '03': fields.map((_, i) => i).filter((i) => i >= 4 && (i - 4) % 4 === 0), '16': [2], '49': [1], '98': [1], '99': [1] }[fields[0]!] ?? [];
    let at = offset;
    fields.forEach((f, i) => {
      if (amountFields.includes(i)) for (let k = 0; k < f.length; k++) if (/\d/.test(f[k]!)) positions.push(at + k);
      at += f.length + 1;
    });
    offset += line.length + 1;
  }
  return positions;
}

describe('BAI2 properties', () => {
  it('writeBai2 then parseBai2 gives the file back, on one record per line and over 88s', () => {
    fc.assert(fc.property(bankFile, fc.option(fc.integer({ min: 20, max: 60 }), { nil: undefined }), (file, maxRecordLength) => {
      const written = writeBai2(file, { maxRecordLength });
      if (maxRecordLength !== undefined) expect(Math.max(...written.split('\n').map((l) => l.length))).toBeLessThanOrEqual(maxRecordLength);
      expect(withoutLocations(parseBai2(written))).toEqual(withoutLocations(file));
    }), { numRuns: 200 });
  });

  it('a small record length really forces 88 continuations, and they still read back', () => {
    fc.assert(fc.property(bankFile.filter((f) => f.accounts.some((a) => a.entries.some((e) => e.memo.length > 30))), (file) => {
      const written = writeBai2(file, { maxRecordLength: 24 });
      expect(written).toMatch(/^88,/m);
      expect(withoutLocations(parseBai2(written))).toEqual(withoutLocations(file));
    }), { numRuns: 50 });
  });

  it('any single-digit change to an amount is rejected by a control total', () => {
    fc.assert(fc.property(bankFile, fc.nat(), fc.integer({ min: 1, max: 9 }), (file, pick, shift) => {
      const written = writeBai2(file);
      const positions = amountDigitPositions(written);
      const at = positions[pick % positions.length]!;
      const digit = String((Number(written[at]) + shift) % 10);
      const changed = written.slice(0, at) + digit + written.slice(at + 1);
      expect(rejection(changed).reason).toMatch(/control total/);
    }), { numRuns: 200 });
  });

  it('random bytes never throw anything but a BankFileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      neverThrowsButBankFileError(Buffer.from(bytes).toString('latin1'));
    }), { numRuns: 1000 });
    const baiLike = fc.array(fc.constantFrom('01,', '02,', '03,', '16,', '49,', '88,', '98,', '99,', ',', '/', '\n', ' ', '0', '1', '2', '9', 'S', 'V', 'D', 'Z', '-', '+', 'USD'), { maxLength: 120 }).map((p) => p.join(''));
    fc.assert(fc.property(baiLike, neverThrowsButBankFileError), { numRuns: 2000 });
  });

  it('random mutations of valid files never throw anything but a BankFileError', () => {
    const samples = ['sample1.txt', 'sample2.txt', 'sample3.txt'].map(fixture);
    const valid = fc.oneof(fc.constantFrom(...samples, text(BASE)), fc.tuple(bankFile, fc.option(fc.integer({ min: 20, max: 40 }), { nil: undefined })).map(([f, max]) => writeBai2(f, { maxRecordLength: max })));
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), char: fc.constantFrom(',', '/', '\n', ' ', '0', '5', '9', '-', 'S', 'V', 'D', '8', 'x', '\u0000') });
    fc.assert(fc.property(valid, fc.array(edit, { minLength: 1, maxLength: 4 }), (original, edits) => {
      let s = original;
      for (const { at, kind, char } of edits) {
        const i = at % (s.length + 1);
        s = kind === 'insert' ? s.slice(0, i) + char + s.slice(i) : kind === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + char + s.slice(i + 1);
      }
      neverThrowsButBankFileError(s);
    }), { numRuns: 2000 });
  });
});
