import { describe, expect, it } from 'vitest';
import { readServiceTicketFeed, type ServiceTicketRow, type TicketFeedReading } from '../../parsers/service-tickets.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (text: string, filename: string | null = 'tickets.csv') => readServiceTicketFeed({ filename, contentType: 'text/csv', content: utf8(text) });
const json = (value: unknown, filename: string | null = 'tickets.json') => readServiceTicketFeed({ filename, contentType: 'application/json', content: utf8(typeof value === 'string' ? value : JSON.stringify(value)) });

function rowsOf(reading: TicketFeedReading): ServiceTicketRow[] {
  if (reading.kind !== 'tickets') throw new Error(`expected tickets, got ${JSON.stringify(reading)}`);
  return reading.rows;
}
function problemsOf(reading: TicketFeedReading): string[] {
  if (reading.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(reading)}`);
  return reading.problems;
}

const HEADER = 'Ticket #,Customer No,Work Date,Work Performed,Hours,Rate,Amount,Currency,Customer PO,Tech,Billable';

describe('reading a field-service CSV export', () => {
  it('reads a realistic export: BOM, quoted descriptions with commas and line breaks, a non-billable row, EUR rows', () => {
    const file = '\uFEFF' + [
      HEADER,
      'T-10442,C-1001,2026-11-14,"Replaced pump seal, tested under load",1.5,$95.00,$142.50,USD,WO-7781,Dana Ruiz,Y',
      'T-10443,C-1001,11/15/2026,"Quarterly inspection',
      'Checked valves, ""hot"" side OK",2,95.00,190.00,USD,,Dana Ruiz,yes',
      'T-10444,C-1002,16.11.2026,Warranty callback,1,120.00,120.00,USD,,Sam Lee,N',
      'T-10445,C-2001,2026-11-17,Wartung Kompressor,"2,5","80,00","200,00",EUR,PO-DE-9,Jan Vogel,true',
      '',
      '',
    ].join('\r\n');
    const rows = rowsOf(csv(file));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      ticketNumber: 'T-10442', customerNumber: 'C-1001', workDate: '2026-11-14', description: 'Replaced pump seal, tested under load',
      quantityMilli: 1500, unitPriceMinor: 9500, amountMinor: 14250, currency: 'USD', poNumber: 'WO-7781', technician: 'Dana Ruiz', billable: true,
    });
    expect(rows[1]).toMatchObject({ workDate: '2026-11-15', description: 'Quarterly inspection\nChecked valves, "hot" side OK', quantityMilli: 2000, amountMinor: 19000, poNumber: null });
    expect(rows[2]).toMatchObject({ ticketNumber: 'T-10444', workDate: '2026-11-16', billable: false, amountMinor: 12000 });
    expect(rows[3]).toMatchObject({ currency: 'EUR', quantityMilli: 2500, unitPriceMinor: 8000, amountMinor: 20000, poNumber: 'PO-DE-9' });
  });

  it('accepts header variants, semicolons, no currency column (USD), no amount column, and takes the rate from the amount of a one-unit ticket', () => {
    const rows = rowsOf(csv([
      'Work Order;Account Number;Service Date;Notes;Qty;Unit Price;Line Total;Technician',
      'WO-1;C-1001;2026-11-02;Call-out fee;1;;75.00;',
      'WO-2;C-1001;2026-11-03;Filter;3;12.50;37.50;Ana',
    ].join('\n')));
    expect(rows.map((r) => [r.ticketNumber, r.customerNumber, r.quantityMilli, r.unitPriceMinor, r.amountMinor, r.currency, r.technician, r.billable]))
      .toEqual([['WO-1', 'C-1001', 1000, 7500, 7500, 'USD', null, true], ['WO-2', 'C-1001', 3000, 1250, 3750, 'USD', 'Ana', true]]);

    const noAmount = rowsOf(csv('ticket_number,customer,completed,description,units,price\nT-9,C-7,2026-10-31,Site visit,0.75,100.00\n', 'export.txt'));
    expect(noAmount[0]).toMatchObject({ ticketNumber: 'T-9', workDate: '2026-10-31', quantityMilli: 750, amountMinor: 7500, currency: 'USD' });
  });

  it('recognises a ticket CSV by its header even without a .csv name or type', () => {
    const reading = readServiceTicketFeed({ filename: null, contentType: 'application/octet-stream', content: utf8('Ticket,Customer,Date,Hours,Rate\nT-1,C-1,2026-11-01,1,50\n') });
    expect(rowsOf(reading)).toHaveLength(1);
  });

  it('names every problem by row and field, and rejects the file whole', () => {
    const problems = problemsOf(csv([
      'Ticket,Customer,Date,Description,Hours,Rate,Amount',
      'T-1,C-1001,2026-11-31,Bad date,1,95.00,95.00',
      'T-2,C-1001,2026-11-02,Bad hours,"1,5h",95.00,',
      'T-3,C-1001,2026-11-03,Amount off,1.5,95.00,150.00',
      'T-1,C-1001,2026-11-04,Duplicate,1,95.00,95.00',
      'T-5,,2026-11-05,No customer,1,95.00,95.00',
      'T-6,C-1001,2026-11-06,Too precise,1.2345,95.00,',
      'T-7,C-1001,2026-11-07,Negative,-2,95.00,',
      'T-8,C-1001,2026-11-08,Negative amount,1,,(95.00)',
    ].join('\n')));
    expect(problems).toEqual([
      'row 1: Date "2026-11-31" is not a date (write YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)',
      'row 2: Hours "1,5h" is not a number',
      'row 3: Amount "150.00" is not Hours 1.5 × Rate 95.00 = 142.50',
      'row 4: Ticket "T-1" is a duplicate: row 1 has the same ticket',
      'row 5: Customer is missing',
      'row 6: Hours "1.2345" has more than 3 decimals',
      'row 7: Hours "-2" is negative',
      'row 8: Amount "(95.00)" is negative',
    ]);
  });

  it('refuses a rate it cannot derive, a bad currency or billable flag, and a row with more values than columns', () => {
    const problems = problemsOf(csv([
      'Ticket,Customer,Date,Hours,Rate,Amount,Currency,Billable',
      'T-1,C-1,2026-11-01,2,,190.00,USD,Y',
      'T-2,C-1,2026-11-01,1,10.00,,EURO,Y',
      'T-3,C-1,2026-11-01,1,10.00,,USD,maybe',
      'T-4,C-1,2026-11-01,1,10.00,,USD,Y,extra',
      'T-5,C-1,2026-11-01,1,,,USD,Y',
    ].join('\n')));
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^row 1: Rate is missing/);
    expect(problems[1]).toMatch(/^row 2: Currency "EURO" is not an ISO 4217/);
    expect(problems[2]).toMatch(/^row 3: Billable "maybe" is not yes or no/);
    expect(problems[3]).toMatch(/^row 4: has 9 values but the header names 8 columns/);
    expect(problems[4]).toMatch(/^row 5: Rate is missing/);
  });

  it('refuses hours it cannot read unambiguously, and an unclosed quote', () => {
    expect(problemsOf(csv('Ticket,Customer,Date,Hours,Rate\nT-1,C-1,2026-11-01,"1,250",10.00\n'))[0]).toMatch(/^row 1: Hours "1,250" is ambiguous/);
    expect(problemsOf(csv('Ticket,Customer,Date,Description,Hours,Rate\nT-1,C-1,2026-11-01,"never closed,1,10.00\nT-2,C-1,2026-11-01,ok,1,10.00\n'))).toContain('row 1: a quoted value is never closed (a missing " makes the rest of the file one value)');
  });

  it('skips a totals row at the end of an export', () => {
    expect(rowsOf(csv('Ticket,Customer,Date,Hours,Rate,Total\nT-1,C-1,2026-11-01,1,10.00,10.00\nTotal,,,,,10.00\n'))).toHaveLength(1);
  });

  it('is not_tickets for a purchase order CSV, a shipment feed, binary and empty files', () => {
    expect(csv('PO Number,Line,Item,Description,Qty,Unit Price,Amount\n4500012345,1,WID-100,Widget,10,4.25,42.50\n', 'po.csv')).toEqual({ kind: 'not_tickets' });
    expect(csv('packing_slip_no,sales_order,customer_no,ship_date,sku,qty_shipped\nPS-1,SO-1,C-1001,2026-11-28,WID-100,200\n', 'shipments.csv')).toEqual({ kind: 'not_tickets' });
    expect(readServiceTicketFeed({ filename: 'scan.pdf', contentType: 'application/pdf', content: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]) })).toEqual({ kind: 'not_tickets' });
    expect(csv('')).toEqual({ kind: 'not_tickets' });
  });
});

describe('reading a field-service JSON export', () => {
  it('reads { "tickets": [...] } with camelCase keys, JSON numbers read from their text', () => {
    const rows = rowsOf(json({
      tickets: [
        { ticketNumber: 'T-10442', customerNumber: 'C-1001', workDate: '2026-11-14', description: 'Pump seal', hours: 1.5, rate: 95, amount: 142.5, poNumber: 'WO-7781', technician: 'Dana Ruiz', billable: true },
        { ticketNumber: 'T-10446', customerNumber: 'C-2001', workDate: '2026-11-18T09:30:00Z', description: 'Kompressor', quantity: '2', unitPrice: '80,00', currency: 'EUR', billable: false },
      ],
    }));
    expect(rows).toEqual([
      { ticketNumber: 'T-10442', customerNumber: 'C-1001', workDate: '2026-11-14', description: 'Pump seal', quantityMilli: 1500, unitPriceMinor: 9500, amountMinor: 14250, currency: 'USD', poNumber: 'WO-7781', technician: 'Dana Ruiz', billable: true },
      { ticketNumber: 'T-10446', customerNumber: 'C-2001', workDate: '2026-11-18', description: 'Kompressor', quantityMilli: 2000, unitPriceMinor: 8000, amountMinor: 16000, currency: 'EUR', poNumber: null, technician: null, billable: false },
    ]);
  });

  it('reads a bare array with snake_case and CSV-style keys', () => {
    const rows = rowsOf(json([
      { ticket_number: 10500, customer_number: 'C-1003', work_date: '12/01/2026', hours: '0.25', rate: '0.10', customer_po: 'PO-1' },
      { 'Ticket #': 'T-10501', 'Customer No': 'C-1003', 'Work Date': '01.12.2026', Qty: 1, Amount: '49.99', Billable: 'N' },
    ], null));
    expect(rows.map((r) => [r.ticketNumber, r.workDate, r.quantityMilli, r.unitPriceMinor, r.amountMinor, r.poNumber, r.billable]))
      .toEqual([['10500', '2026-12-01', 250, 10, 3, 'PO-1', true], ['T-10501', '2026-12-01', 1000, 4999, 4999, null, false]]);
  });

  it('names problems by JSON index and key', () => {
    const problems = problemsOf(json({
      tickets: [
        { ticketNumber: 'T-1', customerNumber: 'C-1', workDate: 'yesterday', hours: 1, rate: 10 },
        { ticketNumber: 'T-1', workDate: '2026-11-01', hours: 2, rate: 10, amount: 25 },
        'T-3',
      ],
    }));
    expect(problems).toEqual([
      'tickets[0]: workDate "yesterday" is not a date (write YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)',
      'tickets[1]: ticketNumber "T-1" is a duplicate: tickets[0] has the same ticket',
      'tickets[1]: customer is missing',
      'tickets[1]: amount "25" is not hours 2 × rate 10.00 = 20.00',
      'tickets[2]: is not a ticket object',
    ]);
  });

  it('is invalid for malformed JSON in a .json file, and not_tickets for JSON of another shape', () => {
    const malformed = problemsOf(json('{"tickets": [ {"ticketNumber": "T-1", } ]}'));
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatch(/^the file is not valid JSON: /);
    expect(json({ shipments: [{ reference: 'PS-1', lines: [] }] })).toEqual({ kind: 'not_tickets' });
    expect(json([{ sku: 'WID-100', quantity: 2, price: '4.25' }])).toEqual({ kind: 'not_tickets' });
    expect(json([])).toEqual({ kind: 'not_tickets' });
    expect(json({ tickets: [] })).toEqual({ kind: 'tickets', rows: [] });
  });
});
