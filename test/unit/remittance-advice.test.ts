// Remittance advice as AP departments send it (SAP and Oracle payment advices, bill.com and Coupa
// notices, bank remittance reports, HTML tables, two-line emails, spreadsheets) read into the payer,
// payment reference, date, total and invoice lines; amounts that are guessed from running text, or
// lines that do not add up to the stated total, are marked unreliable with a warning. Never a throw.
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RemittanceAdvice } from '../../domain/payment-documents.js';
import { readRemittanceSheet, readRemittanceSpreadsheet, readRemittanceText } from '../../parsers/remittance-advice.js';

const advice = (a: Partial<RemittanceAdvice>): RemittanceAdvice => ({ payer: {}, currency: 'USD', lines: [], amountsReliable: true, warnings: [], ...a });

// Each written for these tests in the layout the named system or sender uses; the expected advice beside it.
const ADVICES: [string, string, RemittanceAdvice][] = [
  ['an SAP payment advice: fields side by side, gross, discount and net columns, a credit memo, a total', `
PAYMENT ADVICE
Payer: Northwind Traders Inc.            Payment Document: 1500004321
Customer No: C-1001                      Payment Date: 03/15/2027
Payment Method: ACH                      Currency: USD

Invoice Number   Invoice Date   Gross Amount   Discount   Net Amount
INV-001001       02/01/2027         1,250.00      25.00     1,225.00
INV-001002       02/08/2027         3,400.00      68.00     3,332.00
CM-2001          02/10/2027          -150.00       0.00      -150.00
                                              Total:       4,407.00
`, advice({
    payer: { name: 'Northwind Traders Inc.', customerNumber: 'C-1001' }, method: 'ach', paymentRef: '1500004321', paidOn: '2027-03-15', totalMinor: 440_700,
    lines: [
      { reference: 'INV-001001', invoiceAmountMinor: 125_000, discountMinor: 2_500, paidMinor: 122_500 },
      { reference: 'INV-001002', invoiceAmountMinor: 340_000, discountMinor: 6_800, paidMinor: 333_200 },
      { reference: 'CM-2001', invoiceAmountMinor: -15_000, paidMinor: -15_000 },
    ],
  })],

  ['an SAP check advice: its own document number beside our invoice as "Reference", a trailing-minus deduction with a reason code', `
Vendor: ARFLOW INC                Check No: 004512      Check Date: 04/05/2027

Document    Reference     Doc Date      Gross Amt    Deductions   Reason Code   Net Amt
5100023     INV-8801      03/01/2027    2,500.00       150.00-    SHORT         2,350.00
5100024     INV-8802      03/02/2027    1,000.00                                1,000.00
                                                                  Check Total   3,350.00
`, advice({
    method: 'check', paymentRef: '004512', paidOn: '2027-04-05', totalMinor: 335_000,
    lines: [
      { reference: 'INV-8801', invoiceAmountMinor: 250_000, adjustmentMinor: 15_000, adjustmentReason: 'SHORT', paidMinor: 235_000 },
      { reference: 'INV-8802', invoiceAmountMinor: 100_000, paidMinor: 100_000 },
    ],
  })],

  ['a payment advice whose column headings are printed over two lines', `
Invoice      Invoice     Gross       Discount    Net
Number       Date        Amount                  Amount
90012345     01/05/2027  1,000.00    20.00       980.00
90012346     01/09/2027  2,000.00                2,000.00
Total                                            2,980.00
`, advice({
    totalMinor: 298_000,
    lines: [
      { reference: '90012345', invoiceAmountMinor: 100_000, discountMinor: 2_000, paidMinor: 98_000 },
      { reference: '90012346', invoiceAmountMinor: 200_000, paidMinor: 200_000 },
    ],
  })],

  ['an Oracle remittance advice with DD-MON-YYYY dates and a discount column after the amount paid', `
REMITTANCE ADVICE
Supplier: Arflow Supplies LLC            Supplier Number: 40021
Payment Number: 77120                    Payment Date: 15-MAR-2027
Payment Currency: USD                    Payment Amount: 5,150.00

Invoice Num    Invoice Date   Invoice Amount   Amount Paid   Discount Taken
A-10023        10-FEB-2027        3,000.00        2,940.00          60.00
A-10024        12-FEB-2027        2,210.00        2,210.00           0.00
`, advice({
    paymentRef: '77120', paidOn: '2027-03-15', totalMinor: 515_000,
    lines: [
      { reference: 'A-10023', invoiceAmountMinor: 300_000, discountMinor: 6_000, paidMinor: 294_000 },
      { reference: 'A-10024', invoiceAmountMinor: 221_000, paidMinor: 221_000 },
    ],
  })],

  ['a bill.com style payment notice', `
You've received a payment from Contoso Ltd.

Payment amount: $2,980.00
Payment date: Jan 15, 2027
Payment method: ePayment (ACH)
Payment ID: P27011500034

Invoice #        Amount
INV-1010         $1,980.00
INV-1011         $1,000.00
`, advice({
    method: 'ach', paymentRef: 'P27011500034', paidOn: '2027-01-15', totalMinor: 298_000,
    lines: [{ reference: 'INV-1010', paidMinor: 198_000 }, { reference: 'INV-1011', paidMinor: 100_000 }],
  })],

  ['a Coupa payment remittance with the currency code in each cell and a PO column', `
Coupa Pay - Payment Remittance
Payment ID: CP-2027-000981
Payer: Initech Inc.
Payment Date: 2027-04-02
Payment Total: USD 3,210.00

Invoice Number    PO Number     Invoice Date    Amount Paid
IN-88120          PO-55102      2027-02-28      USD 1,210.00
IN-88121          PO-55103      2027-03-01      USD 2,000.00
`, advice({
    payer: { name: 'Initech Inc.' }, paymentRef: 'CP-2027-000981', paidOn: '2027-04-02', totalMinor: 321_000,
    lines: [{ reference: 'IN-88120', paidMinor: 121_000 }, { reference: 'IN-88121', paidMinor: 200_000 }],
  })],

  ['an HTML email with a deduction, its reason and a total row', `<html><body><p>Dear AR team,</p><p>Wire sent today. Details:</p>
<table><tr><th>Invoice</th><th>Invoice Amount</th><th>Deduction</th><th>Reason</th><th>Paid</th></tr>
<tr><td>INV-2001</td><td>1,500.00</td><td>120.00</td><td>Damaged goods</td><td>1,380.00</td></tr>
<tr><td>INV-2002</td><td>800.00</td><td></td><td></td><td>800.00</td></tr>
<tr><td>Total</td><td></td><td></td><td></td><td>2,180.00</td></tr></table>
<p>Wire reference: FT27074ABC12</p><p>Regards, Globex Corp</p></body></html>`, advice({
    method: 'wire', paymentRef: 'FT27074ABC12', totalMinor: 218_000,
    lines: [
      { reference: 'INV-2001', invoiceAmountMinor: 150_000, adjustmentMinor: 12_000, adjustmentReason: 'Damaged goods', paidMinor: 138_000 },
      { reference: 'INV-2002', invoiceAmountMinor: 80_000, paidMinor: 80_000 },
    ],
  })],

  ['a two-line email naming the check, its amount and the invoices', `Hi,

Please apply check 10234 for $4,500.00 to invoices INV-1001 and INV-1002.

Thanks,
Mary`, advice({ method: 'check', paymentRef: '10234', totalMinor: 450_000, lines: [{ reference: 'INV-1001' }, { reference: 'INV-1002' }] })],

  ['a forwarded email: "check #20488 ($7,250.00) to inv 3301, 3302 & 3303"', `From: ap@initech.example
Sent: Tuesday, April 6, 2027 9:12 AM
To: ar@arflow.example
Subject: Remittance

Please apply check #20488 ($7,250.00) to inv 3301, 3302 & 3303.`, advice({
    method: 'check', paymentRef: '20488', totalMinor: 725_000, lines: [{ reference: '3301' }, { reference: '3302' }, { reference: '3303' }],
  })],

  ['a forwarded Gmail message: its "Date:" header is when the mail went, not the payment', `---------- Forwarded message ---------
From: AP Team <ap@initech.example>
Date: Tue, Apr 6, 2027 at 9:12 AM
Subject: Remittance for INV-3301
To: <ar@arflow.example>

Check No: 20488
Check Amount: $7,250.00`, advice({ method: 'check', paymentRef: '20488', totalMinor: 725_000, lines: [{ reference: 'INV-3301' }] })],

  ['a payment sentence with its date and a check number', 'Payment of $1,250.00 for invoice #4471 was sent on March 3, 2027. Check number 88812.',
    advice({ method: 'check', paymentRef: '88812', paidOn: '2027-03-03', totalMinor: 125_000, lines: [{ reference: '4471' }] })],

  ['a bank\'s ACH remittance report listing invoice references only', `
Remittance for ACH trace number 091000019876543
Originator: ACME CORP
Effective Entry Date: 03/18/2027
Amount: $1,234.56
Ref: INV-6001 INV-6002
`, advice({ payer: { name: 'ACME CORP' }, method: 'ach', paymentRef: '091000019876543', paidOn: '2027-03-18', totalMinor: 123_456, lines: [{ reference: 'INV-6001' }, { reference: 'INV-6002' }] })],

  ['a European wire advice: decimal commas, EUR codes, lines without headings confirmed by the total', `
Zahlungsavis / Payment advice
Remitter: Globex GmbH
Value date: 2027-03-12
Wire reference: FT27071XYZ

Invoice 2027-0042   EUR 12.500,00
Invoice 2027-0043   EUR 2.250,50
Total               EUR 14.750,50
`, advice({
    payer: { name: 'Globex GmbH' }, currency: 'EUR', method: 'wire', paymentRef: 'FT27071XYZ', paidOn: '2027-03-12', totalMinor: 1_475_050,
    lines: [{ reference: '2027-0042', paidMinor: 1_250_000 }, { reference: '2027-0043', paidMinor: 225_050 }],
  })],

  ['an email listing invoices under a sentence that states the total', `Hello,
We have sent payment via ACH on 04/10/2027 in the amount of $3,480.00.
Invoice INV-2210 $1,480.00
Invoice INV-2211 $2,000.00
Best regards,
Dana Whitfield
Accounts Payable | Stark Industries`, advice({
    method: 'ach', paidOn: '2027-04-10', totalMinor: 348_000,
    lines: [{ reference: 'INV-2210', paidMinor: 148_000 }, { reference: 'INV-2211', paidMinor: 200_000 }],
  })],

  ['a table broken over two pages, its header repeated', `
Page 1
Invoice No     Amount Paid
INV-9001       100.00
INV-9002       200.00
Page 2
Invoice No     Amount Paid
INV-9003       300.00
Total          600.00
`, advice({ totalMinor: 60_000, lines: [{ reference: 'INV-9001', paidMinor: 10_000 }, { reference: 'INV-9002', paidMinor: 20_000 }, { reference: 'INV-9003', paidMinor: 30_000 }] })],

  ['a pipe table as a plain-text client renders one', `| Invoice | Paid |
|---|---|
| INV-4001 | 250.00 |
| INV-4002 | 750.00 |`, advice({ lines: [{ reference: 'INV-4001', paidMinor: 25_000 }, { reference: 'INV-4002', paidMinor: 75_000 }] })],

  ['a yen advice: no minor digits', `Invoice     Amount
INV-1401    ¥120,000
INV-1402    ¥30,500
Total       ¥150,500`, advice({ currency: 'JPY', totalMinor: 150_500, lines: [{ reference: 'INV-1401', paidMinor: 120_000 }, { reference: 'INV-1402', paidMinor: 30_500 }] })],

  ['a check stub listing the invoices and the check amount', `Invoices: INV-7001, INV-7002, INV-7003
Check No: 55021
Check Amount: $3,000.00`, advice({ method: 'check', paymentRef: '55021', totalMinor: 300_000, lines: [{ reference: 'INV-7001' }, { reference: 'INV-7002' }, { reference: 'INV-7003' }] })],
];

describe('remittance advice text, as AP departments send it', () => {
  for (const [what, text, expected] of ADVICES) {
    it(what, () => expect(readRemittanceText(text)).toEqual(expected));
  }

  it('takes the caller\'s currency over what the text suggests', () => {
    expect(readRemittanceText('Invoice  Amount\nINV-1  $10.00\n', 'cad')).toMatchObject({ currency: 'CAD', lines: [{ reference: 'INV-1', paidMinor: 1_000 }] });
  });
});

describe('amounts that cannot be trusted are marked so, with the reason', () => {
  it('lines that do not add up to the stated total', () => {
    const read = readRemittanceText('Invoice\tAmount Paid\nINV-3001\t1,000.00\nINV-3002\t500.00\nTotal\t1,600.00\n');
    expect(read).toMatchObject({ amountsReliable: false, totalMinor: 160_000, lines: [{ reference: 'INV-3001', paidMinor: 100_000 }, { reference: 'INV-3002', paidMinor: 50_000 }] });
    expect(read.warnings).toEqual(['the lines add up to 1500.00 USD, but the advice states a total of 1600.00 USD']);
  });

  it('a labelled total that contradicts the table\'s total row', () => {
    const read = readRemittanceText('Payment Amount: $1,000.00\nInvoice        Paid\nINV-1401       600.00\nINV-1402       400.00\nTotal          1,100.00');
    expect(read.amountsReliable).toBe(false);
    expect(read.warnings).toContain('the advice states different totals: 1000.00 USD and 1100.00 USD');
  });

  it('amounts tied to invoices from running text', () => {
    const read = readRemittanceText('Paid INV-1001 for $2,000.00 and INV-1002 for $2,500.00, total $4,500.00 by ACH.');
    expect(read).toMatchObject({ amountsReliable: false, method: 'ach', totalMinor: 450_000, lines: [{ reference: 'INV-1001', paidMinor: 200_000 }, { reference: 'INV-1002', paidMinor: 250_000 }] });
    expect(read.warnings).toEqual(['the amounts for each invoice were read from running text']);
  });

  it('lines listed without headings and no total to confirm them', () => {
    const read = readRemittanceText('INV-5001  $1,000.00\nINV-5002  $2,000.00');
    expect(read).toMatchObject({ amountsReliable: false, lines: [{ reference: 'INV-5001', paidMinor: 100_000 }, { reference: 'INV-5002', paidMinor: 200_000 }] });
    expect(read.warnings).toEqual(['invoice amounts are listed without column headings and no stated total confirms them']);
  });

  it('an amount in the table without an invoice beside it', () => {
    const read = readRemittanceText('Invoice        Paid\nINV-1301       400.00\n               250.00\nINV-1302       400.00');
    expect(read.amountsReliable).toBe(false);
    expect(read.warnings).toEqual(['line 3: amounts without an invoice reference ("250.00")']);
  });

  it('an amount in the table that cannot be read', () => {
    const read = readRemittanceText('Invoice        Paid\nINV-1501       4OO.00\nINV-1502       400.00');
    expect(read.amountsReliable).toBe(false);
    expect(read.lines).toEqual([{ reference: 'INV-1501' }, { reference: 'INV-1502', paidMinor: 40_000 }]);
    expect(read.warnings[0]).toBe('line 2: INV-1501: cannot read the amount "4OO.00"');
  });

  it('an invoice with an amount outside the table, and one only mentioned in the text', () => {
    const read = readRemittanceText('Invoice     Paid\nINV-1       100.00\nINV-2       200.00\n\nAlso INV-3 $50.00 is included.\nINV-4  $25.00');
    expect(read.lines).toEqual([{ reference: 'INV-1', paidMinor: 10_000 }, { reference: 'INV-2', paidMinor: 20_000 }]);
    expect(read.amountsReliable).toBe(false);
    expect(read.warnings).toEqual(['INV-4 is listed with an amount outside the invoice table', 'the text also mentions INV-3, which the invoice table does not list']);
  });

  it('amounts written in another currency than the advice\'s', () => {
    const read = readRemittanceText('Payment of EUR 1,000.00 for invoice INV-77.', 'USD');
    expect(read).toMatchObject({ currency: 'USD', amountsReliable: false, warnings: ['amounts are also written in EUR, not only USD'] });
  });

  it('several amounts in a sentence that cannot be tied to the invoices', () => {
    const read = readRemittanceText('We paid $500.00 and $300.00 last week and $200.00 today for INV-1, INV-2 and INV-3.');
    expect(read.amountsReliable).toBe(false);
    expect(read.totalMinor).toBeUndefined();
  });
});

describe('a sheet, a CSV and a workbook', () => {
  const SHEET = [
    ['Remittance Advice'],
    ['Payer', 'Umbrella Corp'],
    ['Payment Reference', 'EFT-000771'],
    ['Payment Date', '2027-05-03'],
    [],
    ['Invoice Number', 'Invoice Date', 'Invoice Amount', 'Discount', 'Deduction', 'Reason', 'Net Paid'],
    ['INV-000501', '2027-04-01', '1,000.00', '20.00', '', '', '980.00'],
    ['INV-000502', '2027-04-03', '500.00', '', '45.50', 'Freight not ordered', '454.50'],
    ['Total', '', '', '', '', '', '1,434.50'],
    ['Questions? Call 555-0100'],
  ];
  const EXPECTED = advice({
    payer: { name: 'Umbrella Corp' }, method: 'ach', paymentRef: 'EFT-000771', paidOn: '2027-05-03', totalMinor: 143_450,
    lines: [
      { reference: 'INV-000501', invoiceAmountMinor: 100_000, discountMinor: 2_000, paidMinor: 98_000 },
      { reference: 'INV-000502', invoiceAmountMinor: 50_000, adjustmentMinor: 4_550, adjustmentReason: 'Freight not ordered', paidMinor: 45_450 },
    ],
  });

  it('reads label/value cells above the header, the lines, and stops at the total row', () => {
    expect(readRemittanceSheet(SHEET)).toEqual(EXPECTED);
  });

  it('checks the total row against the lines', () => {
    const rows = SHEET.map((r) => (r[0] === 'Total' ? ['Total', '', '', '', '', '', '1,500.00'] : r));
    const read = readRemittanceSheet(rows);
    expect(read.amountsReliable).toBe(false);
    expect(read.warnings).toEqual(['the lines add up to 1434.50 USD, but the advice states a total of 1500.00 USD']);
  });

  it('reads the same advice from a CSV file, quoted amounts and all', () => {
    const csv = SHEET.map((r) => r.map((c) => (/[,"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
    expect(readRemittanceSpreadsheet(Buffer.from(`\uFEFF${csv}`), 'remittance.csv')).toEqual(EXPECTED);
  });

  it('reads a semicolon CSV with decimal commas', () => {
    const csv = 'Rechnung Nr;Betrag EUR;Invoice;Amount Paid\n;;INV-1;1.250,00\n;;INV-2;750,50\n';
    expect(readRemittanceSpreadsheet(Buffer.from(csv), 'avis.csv', 'EUR')).toMatchObject({ currency: 'EUR', lines: [{ reference: 'INV-1', paidMinor: 125_000 }, { reference: 'INV-2', paidMinor: 75_050 }] });
  });

  function workbook(rows: unknown[][], bookType: 'xlsx' | 'biff8'): Buffer {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Notes'], ['nothing here']]), 'Cover');
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Remittance');
    return XLSX.write(book, { type: 'buffer', bookType }) as Buffer;
  }

  it('reads a workbook\'s invoice sheet: numbers as the sheet shows them, a 12-digit invoice number whole, no float artefacts', () => {
    const rows = [
      ['Payer:', 'Umbrella Corp'], ['Check Number', 10455], [],
      ['Invoice', 'Amount Paid'], ['INV-000601', 1234.56], [123456789012, 0.1 + 0.2], ['Total', 1234.86],
    ];
    const expected = advice({
      payer: { name: 'Umbrella Corp' }, method: 'check', paymentRef: '10455', totalMinor: 123_486,
      lines: [{ reference: 'INV-000601', paidMinor: 123_456 }, { reference: '123456789012', paidMinor: 30 }],
    });
    expect(readRemittanceSpreadsheet(workbook(rows, 'xlsx'), 'remittance.xlsx')).toEqual(expected);
    expect(readRemittanceSpreadsheet(workbook(rows, 'biff8'), 'remittance.xls')).toEqual(expected);
  });

  it('says why a file cannot be read instead of throwing', () => {
    expect(readRemittanceSpreadsheet(Buffer.from('PK\u0003\u0004broken'), 'advice.xlsx')).toMatchObject({ lines: [], amountsReliable: false, warnings: [expect.stringMatching(/^advice\.xlsx cannot be opened as a workbook/)] });
    expect(readRemittanceSpreadsheet(Buffer.from('%PDF-1.7'), 'advice.pdf').warnings).toEqual(['advice.pdf is a PDF, not a spreadsheet: its text is read as an email or PDF advice']);
    expect(readRemittanceSpreadsheet(Buffer.alloc(0), 'empty.csv').warnings).toEqual(['empty.csv is empty']);
  });
});

describe('property: the readers never throw and never report a defect of their own', () => {
  const sane = (a: RemittanceAdvice) => {
    expect(a.currency).toMatch(/^[A-Z]{3}$/);
    expect(typeof a.amountsReliable).toBe('boolean');
    for (const w of a.warnings) expect(w).not.toMatch(/unexpectedly/);
    for (const l of a.lines) {
      expect(l.reference.trim()).not.toBe('');
      for (const v of [l.paidMinor, l.invoiceAmountMinor, l.discountMinor, l.adjustmentMinor]) if (v !== undefined) expect(Number.isSafeInteger(v)).toBe(true);
    }
    if (a.totalMinor !== undefined) expect(Number.isSafeInteger(a.totalMinor)).toBe(true);
    // Reliable, with every line's amount and a total: then they add up.
    if (a.amountsReliable && a.totalMinor !== undefined && a.lines.length > 0 && a.lines.every((l) => l.paidMinor !== undefined)) {
      expect(a.lines.reduce((s, l) => s + l.paidMinor!, 0)).toBe(a.totalMinor);
    }
  };
  const texts = ADVICES.map(([, text]) => text);
  const mutated = fc.tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6 })), { maxLength: 6 }))
    .map(([text, edits]) => edits.reduce((t, [at, cut, insert]) => { const i = at % (t.length + 1); return t.slice(0, i) + insert + t.slice(i + cut); }, text));

  it('text: realistic advices with random edits, and arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(mutated, fc.string({ maxLength: 400 }), fc.fullUnicodeString({ maxLength: 200 })), fc.option(fc.constantFrom('USD', 'EUR', 'JPY', 'xx')), (text, currency) => {
      sane(readRemittanceText(text, currency ?? undefined));
    }), { numRuns: 500 });
  });

  it('sheets: arbitrary rows of cells', () => {
    const cell = fc.oneof(fc.constantFrom('Invoice', 'Amount Paid', 'Discount', 'Total', 'INV-1', '1,000.00', '-5.00', ''), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 }), (rows) => { sane(readRemittanceSheet(rows)); }), { numRuns: 500 });
  });

  it('files: arbitrary bytes under spreadsheet and CSV names', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('a.csv', 'a.xlsx', 'a.xls', 'a.txt', ''), (bytes, name) => {
      sane(readRemittanceSpreadsheet(Buffer.from(bytes), name));
    }), { numRuns: 300 });
  });
});
