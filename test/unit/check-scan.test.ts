// Scanned checks with their remittance stubs, for the lockbox desk: first from OCR-like layout text
// written here (fast), then from the six rendered check images in test/fixtures/checks/ through the
// real OCR engine, against the truth written beside each image.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountToWords } from '../../domain/amount-in-words.js';
import { isRoutingNumber, readMicrLine, routingPrefixFromFraction } from '../../parsers/check-micr.js';
import { readCheckImage, statedDpi, type CheckImageReading } from '../../parsers/check-image.js';
import { CheckScanError, readCheckScan } from '../../parsers/check-scan.js';
import { encodePng } from '../../parsers/image-files.js';
import { sharedOcrEngine } from '../../parsers/ocr-engine.js';
import { UnreadableScanError } from '../../parsers/scanned-po.js';

// 051400714 passes the ABA check digit; the fraction 68-71/514 states its first eight digits.
const ROUTING = '051400714';

interface Parts { top?: string[]; courtesy?: string; legal?: string[]; micr?: string; stub?: string[] }

/** A business check and its stub as OCR lays them out: rows, columns two or more spaces apart. */
function checkText(parts: Parts = {}): string {
  return [
    ...(parts.top ?? [
      '    ACME TOOLING CO.                        First Example Bank                1042',
      '    12 Mill Road                                                          68-71/514',
      '    Springfield, IL 62701                                   DATE   03/14/2025',
    ]),
    `    PAY TO THE ORDER OF   Arflow Demo Corp.                       ${parts.courtesy ?? '$ **4,512.50**'}`,
    ...(parts.legal ?? ['    Four Thousand Five Hundred Twelve and 50/100 ************      DOLLARS']),
    '    MEMO  INV-1001, INV-1002                                  AUTHORIZED SIGNATURE',
    parts.micr ?? `       ⑈001042⑈   ⑆${ROUTING}⑆   1234567890⑈`,
    '',
    ...(parts.stub ?? [
      '    ACME TOOLING CO.          Check No. 1042          Date 03/14/2025',
      '    Check No.     Check Date       Check Amount',
      '    1042          03/14/2025       4,512.50',
      '    Invoice No.      Invoice Date      Amount      Discount     Net Paid',
      '    INV-1001         02/10/2025      2,750.00          0.00     2,750.00',
      '    INV-1002         02/18/2025      1,762.50          0.00     1,762.50',
      '    TOTAL                            4,512.50          0.00     4,512.50',
    ]),
  ].join('\n');
}

describe('reading a check from OCR text', () => {
  it('reads the check, its MICR line and its stub into remittance advice', () => {
    const r = readCheckScan(checkText());
    expect(r.courtesyMinor).toBe(451250);
    expect(r.legalMinor).toBe(451250);
    expect(r.checkNumber).toBe('1042');
    expect(r.micr).toEqual({ routing: ROUTING, account: '1234567890', serial: '001042' });
    expect(r.advice).toEqual({
      payer: { name: 'ACME TOOLING CO.', accountRef: '1234567890', bankId: ROUTING },
      method: 'check',
      paymentRef: '1042',
      paidOn: '2025-03-14',
      totalMinor: 451250,
      currency: 'USD',
      lines: [
        { reference: 'INV-1001', invoiceAmountMinor: 275000, paidMinor: 275000 },
        { reference: 'INV-1002', invoiceAmountMinor: 176250, paidMinor: 176250 },
      ],
      amountsReliable: true,
      warnings: [],
    });
  });

  it('never trusts an amount whose figures and words disagree, and says both readings', () => {
    const r = readCheckScan(checkText({ courtesy: '$ **1,250.00**', legal: ['    One Thousand Two Hundred Five and 00/100 *****   DOLLARS'], stub: [] }));
    expect(r.courtesyMinor).toBe(125000);
    expect(r.legalMinor).toBe(120500);
    expect(r.advice.amountsReliable).toBe(false);
    expect(r.advice.totalMinor).toBeUndefined();
    const warning = r.advice.warnings.find((w) => w.includes('courtesy amount'));
    expect(warning).toMatch(/1,250\.00 USD.*legal amount reads 1,205\.00 USD.*One Thousand Two Hundred Five and 00\/100.*bank pays the legal amount/);
  });

  it('does not trust the figures alone when the words cannot be read, nor the words alone', () => {
    const noWords = readCheckScan(checkText({ legal: ['    Fxxr Tnxxsxnd Fxxe Hxndxxd Twxxve and 50/100 *****   DOLLARS'] }));
    expect(noWords.courtesyMinor).toBe(451250);
    expect(noWords.legalMinor).toBeUndefined();
    expect(noWords.advice.amountsReliable).toBe(false);
    expect(noWords.advice.totalMinor).toBeUndefined();
    expect(noWords.advice.warnings).toContain('the legal amount (in words) could not be read, so the courtesy amount 4,512.50 USD ("$ **4,512.50**") is not confirmed');

    const noFigures = readCheckScan(checkText({ courtesy: '$ ********' }));
    expect(noFigures.courtesyMinor).toBeUndefined();
    expect(noFigures.legalMinor).toBe(451250);
    expect(noFigures.advice.amountsReliable).toBe(false);
    expect(noFigures.advice.warnings.join('\n')).toMatch(/courtesy amount \(in figures\) could not be read, so the legal amount 4,512\.50 USD/);
  });

  it('reads the courtesy amount as people and OCR write it', () => {
    for (const [courtesy, minor] of [
      ['$ 987 65/100', 98765], ['S**4,512.50', 451250], ['§***4,512.50%', 451250], ['$4512.50', 451250], ['$ 4,512.50', 451250],
    ] as const) {
      const legal = [`    ${amountToWords(minor)} ****   DOLLARS`];
      const r = readCheckScan(checkText({ courtesy, legal, stub: [] }));
      expect(r.courtesyMinor, courtesy).toBe(minor);
      expect(r.advice.totalMinor, courtesy).toBe(minor);
    }
  });

  it('reads a legal amount that wraps onto a second line, and never a payee named with a number', () => {
    const r = readCheckScan(checkText({
      top: ['    FOUR SEASONS SUPPLY                                     1042', '    DATE   03/14/2025'],
      legal: ['    One Million Two Hundred Thirty-Four Thousand Five Hundred', '    Sixty-Seven and 89/100 **********    DOLLARS'],
      courtesy: '$ **1,234,567.89**', stub: [],
    }));
    expect(r.legalMinor).toBe(123456789);
    expect(r.advice.totalMinor).toBe(123456789);
    expect(r.advice.payer.name).toBe('FOUR SEASONS SUPPLY');
  });

  it('finds the routing number in an OCR-mangled MICR line by its check digit, and the serial by the check number', () => {
    for (const micr of [
      `    1HN0010421L     1${ROUTING}1:     1234567890 1`, // symbols read as 1, H, N, L, "1:"
      `    C001042C  A${ROUTING}A  1234567890C`, // a MICR font's letters for the symbols
      `    |:001042|:  |:${ROUTING}|:  1234567890"`,
    ]) {
      const r = readCheckScan(checkText({ micr }));
      expect(r.micr?.routing, micr).toBe(ROUTING);
      expect(r.micr?.serial, micr).toBe('001042');
      expect(r.micr?.account, micr).toMatch(/^1234567890/);
      expect(r.advice.warnings, micr).toEqual([]);
    }
  });

  it('reads a personal check, whose serial follows the account', () => {
    const r = readCheckScan(checkText({ micr: `   ⑆${ROUTING}⑆ 004471923⑈ 1042` }));
    expect(r.micr).toEqual({ routing: ROUTING, account: '004471923', serial: '1042' });
  });

  it('warns when the check number printed, on the stub and in the MICR line differ', () => {
    const r = readCheckScan(checkText({ micr: `       ⑈001043⑈   ⑆${ROUTING}⑆   1234567890⑈` }));
    expect(r.checkNumber).toBe('1042');
    expect(r.advice.warnings).toContain('the check number reads 1042 printed on the check, 1042 on the stub, 001043 in the MICR line');
  });

  it('reports stub lines that do not add up, and a stub that does not account for the check', () => {
    const r = readCheckScan(checkText({
      courtesy: '$ **5,038.45**', legal: ['    Five Thousand Thirty-Eight and 45/100 ****   DOLLARS'],
      stub: [
        '    Invoice No.      Invoice Date      Invoice Amount      Discount     Net Paid',
        '    INV-000201       08/01/2025          1,500.00            30.00     1,470.00',
        '    INV-000207       08/04/2025          2,340.00            46.80     2,239.20',
        '    INV-000215       07/22/2025            860.25             0.00       860.25',
        '    INV-000219       07/25/2025            415.00                        415.00',
        '    TOTAL                                5,115.25            76.80     4,984.45',
      ],
    }));
    expect(r.advice.totalMinor).toBe(503845); // the check itself is clear
    expect(r.advice.amountsReliable).toBe(false);
    expect(r.advice.lines).toEqual([
      { reference: 'INV-000201', invoiceAmountMinor: 150000, discountMinor: 3000, paidMinor: 147000 },
      { reference: 'INV-000207', invoiceAmountMinor: 234000, discountMinor: 4680, paidMinor: 223920 },
      { reference: 'INV-000215', invoiceAmountMinor: 86025, paidMinor: 86025 },
      { reference: 'INV-000219', invoiceAmountMinor: 41500, paidMinor: 41500 }, // no discount figure: placed by column
    ]);
    expect(r.advice.warnings).toEqual([
      'stub line 11: invoice INV-000207 for 2,340.00 USD less 46.80 USD discount and adjustment comes to 2,293.20 USD, but the stub shows 2,239.20 USD paid',
      'the remittance stub accounts for 4,984.45 USD but the check is for 5,038.45 USD',
    ]);
  });

  it('reads a stub without a net column, with a short-pay column and its reason, printed above the check', () => {
    const stub = [
      '    Invoice #     Amount      Deduction     Reason',
      '    10077        1,200.00        50.00     damaged carton',
      '    10081          350.00',
      '',
    ];
    const text = [...stub, checkText({ courtesy: '$1,500.00', legal: ['    One thousand five hundred and 00/100 dollars'], stub: [] })].join('\n');
    const r = readCheckScan(text);
    expect(r.advice.lines).toEqual([
      { reference: '10077', invoiceAmountMinor: 120000, adjustmentMinor: 5000, adjustmentReason: 'damaged carton', paidMinor: 115000 },
      { reference: '10081', invoiceAmountMinor: 35000, paidMinor: 35000 },
    ]);
    expect(r.advice.amountsReliable).toBe(true);
    expect(r.advice.payer.name).toBe('ACME TOOLING CO.');
    // The same without a MICR line to end the check: the check is what lies outside the stub's table.
    const noMicr = readCheckScan([...stub, checkText({ courtesy: '$1,500.00', legal: ['    One thousand five hundred and 00/100 dollars'], micr: '', stub: [] })].join('\n'));
    expect(noMicr.advice).toMatchObject({ totalMinor: 150000, paidOn: '2025-03-14', paymentRef: '1042', amountsReliable: true });
    expect(noMicr.advice.lines).toHaveLength(2);
    expect(noMicr.advice.warnings).toEqual(['no MICR line was found at the foot of the check']);
  });

  it('reads dates written out, and day-first dates when asked', () => {
    const top = (date: string) => ['    ACME TOOLING CO.                 1042', `    DATE   ${date}`];
    expect(readCheckScan(checkText({ top: top('April 2, 2025') })).advice.paidOn).toBe('2025-04-02');
    expect(readCheckScan(checkText({ top: top('2025-04-02') })).advice.paidOn).toBe('2025-04-02');
    expect(readCheckScan(checkText({ top: top('02/04/2025') }), { dayFirst: true }).advice.paidOn).toBe('2025-04-02');
  });

  it('says what is missing rather than guessing', () => {
    const r = readCheckScan(['ACME TOOLING CO.', 'PAY TO THE ORDER OF Arflow    $ **12.00**', 'Twelve and 00/100 DOLLARS'].join('\n'));
    expect(r.advice.totalMinor).toBe(1200);
    expect(r.advice.lines).toEqual([]);
    expect(r.advice.warnings).toEqual([
      'no MICR line was found at the foot of the check',
      'the check number could not be read',
      "the check's date could not be read",
      'no remittance stub (a table of invoices) was found with the check',
    ]);
  });

  it('rejects text that is not a check', () => {
    expect(() => readCheckScan('')).toThrow(CheckScanError);
    expect(() => readCheckScan('Dear customer,\nplease find our order attached.\nRegards')).toThrow(/no check found/);
  });

  it('property: a check whose figures and words agree is read at its amount; one whose words differ never is', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999_99 }), fc.integer({ min: 1, max: 99_999_999_99 }), (amount, other) => {
      const figures = `$ **${(Math.floor(amount / 100)).toLocaleString('en-US')}.${String(amount % 100).padStart(2, '0')}**`;
      const agree = readCheckScan(checkText({ courtesy: figures, legal: [`    ${amountToWords(amount)} *****   DOLLARS`], stub: [] }));
      expect(agree.advice.totalMinor).toBe(amount);
      expect(agree.advice.amountsReliable).toBe(true);
      fc.pre(other !== amount);
      const differ = readCheckScan(checkText({ courtesy: figures, legal: [`    ${amountToWords(other, 'USD', 'cents')}`], stub: [] }));
      expect(differ.legalMinor).toBe(other);
      expect(differ.advice.totalMinor).toBeUndefined();
      expect(differ.advice.amountsReliable).toBe(false);
    }), { numRuns: 200 });
  });
});

describe('MICR pieces', () => {
  it('knows a routing number by its check digit and prefix', () => {
    expect(isRoutingNumber('051400714')).toBe(true);
    expect(isRoutingNumber('051400715')).toBe(false);
    expect(isRoutingNumber('428041381')).toBe(false); // 42 is no routing prefix
    expect(isRoutingNumber('05140071')).toBe(false);
  });

  it('settles between two windows that pass the check digit by the fraction printed on the check', () => {
    // An account 004471923 passes the check digit as well as the routing number 107000178 does.
    expect(routingPrefixFromFraction('82-17/1070')).toEqual(['10700017']);
    expect(readMicrLine('004471923  107000178', { routingPrefixes: ['10700017'] })).toMatchObject({ routing: '107000178', warnings: [] });
    const unsure = readMicrLine('004471923  107000178');
    expect(unsure.warnings).toEqual(['the MICR line "004471923  107000178" reads as routing number 004471923 or 107000178']);
    // Without the fraction, a window with a transit symbol's bar ("1") left over beats one with another digit.
    expect(readMicrLine('0044719234  1070001781').routing).toBe('107000178');
  });
});

const FIXTURES = join(import.meta.dirname, '../fixtures/checks');

interface Truth {
  file: string; payerName: string; checkNumber: string; date: string; courtesyMinor: number; legalMinor: number;
  amountsReliable: boolean; totalMinor: number | null; micr: { routing: string; account: string; serial: string };
  lines: { reference: string; invoiceAmountMinor: number; discountMinor: number; paidMinor: number }[];
}

const truths: Truth[] = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Truth);

function linesOf(t: Truth) {
  return t.lines.map((l) => ({ reference: l.reference, invoiceAmountMinor: l.invoiceAmountMinor, paidMinor: l.paidMinor, ...(l.discountMinor ? { discountMinor: l.discountMinor } : {}) }));
}

describe('scanned check images through the OCR engine', () => {
  const engine = sharedOcrEngine();
  const readings = new Map<string, CheckImageReading>();
  beforeAll(async () => {
    for (const t of truths) readings.set(t.file, await readCheckImage(readFileSync(join(FIXTURES, t.file)), t.file, engine));
  });
  afterAll(() => engine.terminate());

  const fields: [string, (t: Truth, r: CheckImageReading) => boolean][] = [
    ['payer name', (t, r) => r.advice.payer.name === t.payerName],
    ['check number', (t, r) => r.checkNumber === t.checkNumber && r.advice.paymentRef === t.checkNumber],
    ['date', (t, r) => r.advice.paidOn === t.date],
    ['courtesy amount', (t, r) => r.courtesyMinor === t.courtesyMinor],
    ['legal amount', (t, r) => r.legalMinor === t.legalMinor],
    ['check amount', (t, r) => (r.advice.totalMinor ?? null) === t.totalMinor],
    ['routing', (t, r) => r.micr?.routing === t.micr.routing && r.advice.payer.bankId === t.micr.routing],
    ['serial', (t, r) => Number(r.micr?.serial) === Number(t.micr.serial)],
    ['account (exact)', (t, r) => r.micr?.account === t.micr.account],
    ['stub lines', (t, r) => isDeepStrictEqual(r.advice.lines, linesOf(t))],
  ];

  it('reads every check at a known accuracy per field', () => {
    const table = fields.map(([name, right]) => {
      const wrong = truths.filter((t) => !right(t, readings.get(t.file)!)).map((t) => t.file.replace(/\.png$/, ''));
      return { field: name, right: `${truths.length - wrong.length}/${truths.length}`, wrong: wrong.join(', ') };
    });
    console.table(table);
    const rightCount = (name: string) => Number(table.find((row) => row.field === name)!.right.split('/')[0]);
    for (const name of ['payer name', 'check number', 'date', 'courtesy amount', 'legal amount', 'check amount', 'routing', 'serial']) {
      expect(rightCount(name), name).toBe(6);
    }
    expect(rightCount('stub lines')).toBeGreaterThanOrEqual(5);
  });

  it('is never confidently wrong: a reliable reading has the right amount and the right lines', () => {
    for (const t of truths) {
      const r = readings.get(t.file)!;
      if (!r.advice.amountsReliable) continue;
      expect(r.advice.totalMinor, t.file).toBe(t.totalMinor);
      expect(r.advice.lines, t.file).toEqual(linesOf(t));
    }
    // A stub line OCR got wrong is named in a warning.
    for (const t of truths) {
      const r = readings.get(t.file)!;
      const wrongLines = r.advice.lines.filter((l, i) => !isDeepStrictEqual(l, linesOf(t)[i]));
      for (const l of wrongLines) expect(r.advice.warnings.join('\n'), t.file).toContain(l.reference);
    }
  });

  it('marks the check whose amounts disagree unreliable, with both readings', () => {
    const t = truths.find((x) => !x.amountsReliable)!;
    const r = readings.get(t.file)!;
    expect(r.advice.amountsReliable).toBe(false);
    expect(r.advice.totalMinor).toBeUndefined();
    expect(r.advice.warnings.join('\n')).toMatch(/courtesy amount reads 1,250\.00 USD.*legal amount reads 1,205\.00 USD/);
  });

  it('reads the clean checks with no warnings and takes the method and currency', () => {
    for (const t of truths.filter((x) => /clean|discount|handwritten/.test(x.file))) {
      const r = readings.get(t.file)!;
      expect(r.advice.warnings, t.file).toEqual([]);
      expect(r.advice.amountsReliable, t.file).toBe(true);
      expect(r.advice).toMatchObject({ method: 'check', currency: 'USD' });
      expect(r.ocrConfidence).toBeGreaterThan(0.7);
    }
  });

  it('reads the MICR account with at most the on-us symbol misread as digits after it', () => {
    for (const t of truths) expect(readings.get(t.file)!.micr?.account, t.file).toMatch(new RegExp(`^${t.micr.account}\\d{0,3}$`));
  });

  it('says why a file cannot be read as a check', async () => {
    await expect(readCheckImage(Buffer.alloc(0), 'empty.png', engine)).rejects.toThrow(UnreadableScanError);
    await expect(readCheckImage(Buffer.from('<html><body>sign in</body></html>'), 'check.png', engine)).rejects.toMatchObject({ code: 'unsupported_format' });
    const tiny = encodePng({ width: 300, height: 120, data: new Uint8Array(300 * 120).fill(255) });
    await expect(readCheckImage(tiny, 'tiny.png', engine)).rejects.toMatchObject({ code: 'too_small' });
    const blank = encodePng({ width: 1700, height: 700, data: new Uint8Array(1700 * 700).fill(255) });
    await expect(readCheckImage(blank, 'blank.png', engine)).rejects.toMatchObject({ code: 'blank' });
  });

  it('takes the resolution a PNG states', () => {
    const png = encodePng({ width: 2, height: 2, data: new Uint8Array(4) });
    expect(statedDpi(png)).toBeUndefined();
    // A pHYs chunk of 11811 pixels per metre (300 dpi) before the image data.
    const phys = Buffer.alloc(21);
    phys.writeUInt32BE(9, 0); phys.write('pHYs', 4, 'latin1'); phys.writeUInt32BE(11811, 8); phys.writeUInt32BE(11811, 12); phys[16] = 1;
    expect(statedDpi(Buffer.concat([png.subarray(0, 33), phys, png.subarray(33)]))).toBe(300);
  });
});
