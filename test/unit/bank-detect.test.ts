// Which bank file a file is, from its content, and its reading by that format's parser; anything else
// is rejected with what the file looks like and what arflow accepts.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankFileError } from '../../domain/payment-documents.js';
import { parseBai2 } from '../../parsers/bank/bai2.js';
import { parseCamt } from '../../parsers/bank/camt.js';
import { parseCardCsv } from '../../parsers/bank/card-csv.js';
import { detectBankFileFormat, parseBankFile } from '../../parsers/bank/detect.js';
import { parseNacha } from '../../parsers/bank/nacha.js';
import { parseX12_820 } from '../../parsers/bank/x12-820.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/bank/${path}`, import.meta.url));

function thrown(call: () => unknown): BankFileError {
  try { call(); } catch (err) {
    expect(err).toBeInstanceOf(BankFileError);
    return err as BankFileError;
  }
  throw new Error('expected a BankFileError, none was thrown');
}

// A one-payment 820 written for this test after the X12 guide's layout ("~" ends segments, "*" separates elements).
const X12_820 = [
  'ISA*00*          *00*          *01*123456789      *ZZ*ARFLOW         *270301*1030*^*00501*000000417*0*P*:~',
  'GS*RA*123456789*ARFLOW*20270301*1030*417*X*005010~',
  'ST*820*0001~',
  'BPR*C*500*C*CHK************20270302~',
  'TRN*1*0004711~',
  'N1*PR*BETA HARDWARE LLC~',
  'ENT*1~',
  'RMR*IV*INV-2001*PI*500*500~',
  'SE*7*0001~',
  'GE*1*417~',
  'IEA*1*000000417~',
].join('');

const STRIPE = 'id,Created date (UTC),Amount,Fee,Currency,Status,Card Last4,invoice_number (metadata)\nch_1,2027-03-01 10:00:00,100.00,3.20,usd,Paid,4242,INV-000123\n';

describe('detection by content', () => {
  const cases: [string, Buffer, string][] = [
    ['BAI2 (01 file header)', fixture('bai2/sample1.txt'), 'bai2'],
    ['camt.053 (Document/BkToCstmrStmt)', fixture('camt/camt053.v2.multi.statement.xml'), 'camt.053'],
    ['camt.054 (Document/BkToCstmrDbtCdtNtfctn)', fixture('camt/camt054.v2.xml'), 'camt.054'],
    ['NACHA (94-character 101 record)', fixture('ach/ctx-debit.ach'), 'nacha'],
    ['X12 820 (ISA … ST*820)', Buffer.from(X12_820), 'x12-820'],
    ['a card processor\'s CSV export', Buffer.from(STRIPE), 'card-csv'],
  ];
  for (const [what, bytes, format] of cases) {
    it(what, () => expect(detectBankFileFormat(bytes, 'whatever.dat')).toBe(format));
  }

  it('ignores the name and a byte-order mark, and reads NACHA records written without line breaks', () => {
    const bai2 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('bai2/sample1.txt')]);
    expect(detectBankFileFormat(bai2, 'statement.pdf')).toBe('bai2');
    const unbroken = fixture('ach/ctx-debit.ach').toString('latin1').replace(/\r?\n/g, '');
    expect(detectBankFileFormat(Buffer.from(unbroken))).toBe('nacha');
    expect(detectBankFileFormat(Buffer.from(X12_820.replace(/~/g, '~\r\n')))).toBe('x12-820');
    expect(detectBankFileFormat(Buffer.from(`\uFEFF${STRIPE}`, 'utf16le'))).toBe('card-csv');
  });

  it('finds the Document inside an envelope that carries it after its business application header (AppHdr)', () => {
    const document = fixture('camt/camt053.v2.minimal.xml').toString('utf8').replace(/^\s*<\?xml[^>]*\?>/, '');
    const enveloped = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<BizMsgEnvlp>\n<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><MsgDefIdr>camt.053.001.02</MsgDefIdr></AppHdr>\n${document}\n</BizMsgEnvlp>`);
    expect(detectBankFileFormat(enveloped)).toBe('camt.053');
    expect(parseBankFile(enveloped).accounts).toEqual(parseCamt(fixture('camt/camt053.v2.minimal.xml')).accounts);
  });

  it('takes Stripe\'s report API export (snake_case columns such as balance_transaction_id, created_utc, gross, fee) for a card export', () => {
    const report = 'balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description\n'
      + 'txn_1,2027-03-01 10:00:00,2027-03-03 00:00:00,usd,100.00,3.20,96.80,charge,ch_1,Invoice INV-000123\n';
    expect(detectBankFileFormat(Buffer.from(report))).toBe('card-csv');
    expect(parseBankFile(Buffer.from(report)).accounts[0]!.entries[0]).toMatchObject({ amountMinor: 10_000, currency: 'USD', kind: 'card', bankRef: 'txn_1' });
  });

  it('does not take a customer\'s remittance sheet for a card export', () => {
    expect(detectBankFileFormat(Buffer.from('Invoice Number,Date,Amount Paid\nINV-1,2027-01-01,10.00\n'))).toBeUndefined();
    expect(detectBankFileFormat(Buffer.from('ID,Date,Amount\n7,2027-01-01,10.00\n'))).toBeUndefined();
  });
});

describe('parseBankFile reads each format with its parser', () => {
  it('BAI2, camt.053, camt.054, NACHA, X12 820 and card CSV give what their own parser gives', () => {
    const bai2 = fixture('bai2/sample1.txt');
    expect(parseBankFile(bai2, 'sample1.txt')).toEqual(parseBai2(bai2.toString('utf8')));
    const camt053 = fixture('camt/camt053.v2.multi.statement.xml');
    expect(parseBankFile(camt053)).toEqual(parseCamt(camt053));
    const camt054 = fixture('camt/camt054.v2.xml');
    expect(parseBankFile(camt054).format).toBe('camt.054');
    expect(parseBankFile(camt054)).toEqual(parseCamt(camt054));
    const ach = fixture('ach/ctx-debit.ach');
    expect(parseBankFile(ach)).toEqual(parseNacha(ach.toString('utf8')));
    expect(parseBankFile(Buffer.from(X12_820))).toEqual(parseX12_820(X12_820));
    expect(parseBankFile(Buffer.from(STRIPE))).toEqual(parseCardCsv(STRIPE));
  });

  it('passes a card export\'s currency through when the file states none', () => {
    const square = 'Date,Total Collected,Fees,Net Total,Transaction ID,Event Type\n2027-03-01,$10.00,-$0.59,$9.41,TX9,Payment\n';
    expect(thrown(() => parseBankFile(Buffer.from(square))).format).toBe('card-csv');
    expect(parseBankFile(Buffer.from(square), 'square.csv', { cardCsv: { currency: 'USD' } }).accounts[0]!.entries[0]).toMatchObject({ amountMinor: 1_000, currency: 'USD' });
  });

  it('lets a parser\'s own rejection through, with its format and line', () => {
    const err = thrown(() => parseBankFile(Buffer.from(STRIPE.replace('100.00', '10O.00'))));
    expect([err.format, err.line, err.reason]).toEqual(['card-csv', 2, 'amount "10O.00" is not an amount']);
  });
});

describe('anything else is rejected, saying what the file looks like and what is accepted', () => {
  const ACCEPTED = /arflow reads BAI2, camt\.053 and camt\.054 \(ISO 20022 XML\), NACHA ACH, X12 820 and card processor CSV exports/;
  const X12_850 = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *270101*1200*U*00401*000000001*0*P*>~GS*PO*S*R*20270101*1200*1*X*004010~ST*850*0001~BEG*00*SA*4500012345**20270101~SE*3*0001~GE*1*1~IEA*1*000000001~';
  const cases: [string, Buffer, RegExp][] = [
    ['an empty file', Buffer.alloc(0), /the file is empty/],
    ['blank space', Buffer.from(' \r\n\t\n'), /only blank space/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), /a PDF document, not a bank file/],
    ['an xlsx workbook', Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), /a ZIP archive \(an \.xlsx workbook/],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /an image/],
    ['binary data', Buffer.from([0x30, 0x31, 0x00, 0x02, 0x03, 0xff, 0x10, 0x11]), /binary data, not a text bank file/],
    ['an X12 850 purchase order', Buffer.from(X12_850), /X12 interchange carrying transaction set 850, not an 820/],
    ['XML that is not ISO 20022', Buffer.from('<?xml version="1.0"?>\n<Invoice><ID>1</ID></Invoice>'), /XML whose root element is <Invoice>, not an ISO 20022 <Document>/],
    ['a camt.052 account report', Buffer.from('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>'), /camt\.052 account report/],
    ['a pain.001 payment order', Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>'), /ISO 20022 XML holding <CstmrCdtTrfInitn>/],
    ['a letter', Buffer.from('Dear customer, please find our statement attached.\nRegards'), /text starting "Dear customer, please find our statement attached\."/],
    ['a remittance table', Buffer.from('Invoice,Amount\nINV-1,10.00\n'), /a table whose header \("Invoice,Amount"\) does not name a transaction id/],
    ['BAI2-like records without the file header', fixture('bai2/sample-parseError.txt'), /starts like BAI2 records \("00,0004/],
    ['a 101 record of the wrong length', Buffer.from('101 231380104 121042882\n5225\n'), /starts like a NACHA file header \(101\) but is 23 characters long, not 94/],
  ];
  for (const [what, bytes, reason] of cases) {
    it(what, () => {
      expect(detectBankFileFormat(bytes)).toBeUndefined();
      const err = thrown(() => parseBankFile(bytes, 'upload.dat'));
      expect([err.format, err.line]).toEqual(['unknown', 0]);
      expect(err.reason).toMatch(/^upload\.dat: /);
      expect(err.reason).toMatch(reason);
      expect(err.reason).toMatch(ACCEPTED);
    });
  }

  it('property: detection never throws, and parseBankFile throws nothing but a BankFileError', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
      fc.constantFrom('01,', '101', 'ISA*', '<Document>', 'id,date,amount,fee\n').chain((p) => fc.string({ maxLength: 150 }).map((s) => Buffer.from(p + s)))), (bytes) => {
      expect(() => detectBankFileFormat(bytes)).not.toThrow();
      try { parseBankFile(bytes); } catch (err) { expect(err).toBeInstanceOf(BankFileError); }
    }), { numRuns: 400 });
  });
});

describe('a NACHA file whose trailing blanks were stripped', () => {
  it('is still recognised by its header and read as the same file', () => {
    const original = readFileSync(new URL('../fixtures/bank/ach/ctx-debit.ach', import.meta.url), 'utf8');
    const stripped = original.split('\n').map((line) => line.replace(/ +$/, '')).join('\n');
    expect(stripped.split('\n')[0]!.length).toBeLessThan(94);
    expect(detectBankFileFormat(Buffer.from(stripped))).toBe('nacha');
    expect(parseBankFile(Buffer.from(stripped))).toEqual(parseNacha(original));
  });
});
