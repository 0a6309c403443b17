// Inputs that once gave wrong answers quietly; each now reads right or is refused with a reason.
import { mkdtempSync, writeFileSync, utimesSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../domain/inbound-classification.js';
import { parseAmountMinor, rescaleMinor } from '../../domain/money.js';
import { decideIntake } from '../../domain/order-intake.js';
import { dropFolderMailbox } from '../../mail/mailbox.js';
import { parseEmail } from '../../parsers/email.js';
import { readPurchaseOrder } from '../../parsers/po-reader.js';

const typed = (text: string) => readPurchaseOrder(text.split('\n'), 'email_body', 'the email body');

describe('automatic mail that is still a PO', () => {
  it('reads POs that purchasing systems send as auto-generated, and subjects that merely mention an office', () => {
    const base = { from: 'erp@acme.example', contentType: 'multipart/mixed', reportType: undefined };
    expect(classifyInbound({ ...base, subject: 'Purchase Order 4500012345', autoSubmitted: 'auto-generated' })).toEqual({ kind: 'to_read' });
    expect(classifyInbound({ ...base, subject: 'PO 123 - out of office chairs', autoSubmitted: undefined })).toEqual({ kind: 'to_read' });
  });
});

describe('typed order lines', () => {
  it('keeps decimals in quantities after a list number, and reads decimal commas', () => {
    expect(typed('PO 1234\n1.5 x WID-100').lines[0]?.quantityMilli).toBe(1500);
    expect(typed('PO 1234\n10.5 ft of CBL-050').lines[0]).toMatchObject({ quantityMilli: 10_500, unitOfMeasure: 'FT' });
    expect(typed('PO 1234\n1,5 kg of GSK-310').lines[0]?.quantityMilli).toBe(1500);
  });

  it('takes the price after "@", not from "at" inside a word', () => {
    expect(typed('PO 1234\n10 x BRK-200 Bracket, flat 3 hole @ 4.25').lines[0]).toMatchObject({ unitPriceMinor: 425, description: 'Bracket, flat 3 hole' });
  });
});

describe('a table row that cannot be read whole', () => {
  it('is reported, and the order is not entered without it', () => {
    const lines = [
      'PO Number: 4500012345', '',
      'Item        Description          Qty          Unit Price',
      'WID-100     Steel widget          10 pieces         4.25',
      'WID-200     Stainless widget      ten               11.50',
    ];
    const po = readPurchaseOrder(lines, 'pdf_text', 'po.pdf');
    expect(po.lines.map((l) => [l.itemCode, l.quantityMilli, l.unitOfMeasure])).toEqual([['WID-100', 10_000, 'EA']]);
    expect(po.unreadableLines).toEqual(['WID-200     Stainless widget      ten               11.50']);
    const decision = decideIntake(po, {}, { customers: [], products: [], prices: [], customerItems: [] });
    expect(decision).toMatchObject({ kind: 'quarantine', code: 'unknown_customer' }); // who it is from is asked first
    const known = decideIntake({ ...po, customerNumber: { value: 'C-1', confidence: 1, source: 't' } }, {}, {
      customers: [{ id: 'c', number: 'C-1', name: 'C', emailDomains: [], contactEmails: [], currency: 'USD', termsCode: 'NET30', salesRepId: null, priceListId: null }],
      products: [], prices: [], customerItems: [],
    });
    // The row becomes a question for the CSR; the order is not entered until it is answered.
    expect(known.kind === 'order' && known.questions.filter((q) => q.code === 'unreadable_line').map((q) => q.text)).toEqual([
      'This row of po.pdf looks like an order line, but its item or quantity cannot be read: "WID-200     Stainless widget      ten               11.50". What is the item and quantity? (Answer "add <qty> x <item>", or "ignore the unreadable rows".)',
    ]);
  });
});

describe('amounts in other notations and currencies', () => {
  it('never reads 0,125 as thousands, and follows the document\'s decimal mark', () => {
    expect(parseAmountMinor('0,125', 'EUR')).toBeUndefined();
    expect(parseAmountMinor('1.500', 'EUR', ',')).toBe(150_000);
    expect(parseAmountMinor('1,500', 'USD', '.')).toBe(150_000);
    expect(parseAmountMinor('1,5,0', 'EUR', ',')).toBeUndefined();
  });

  it('moves a PO price to the customer currency\'s precision exactly, or not at all', () => {
    expect(rescaleMinor(120_000, 2, 0)).toBe(1200);
    expect(rescaleMinor(120_050, 2, 0)).toBeUndefined();
    expect(rescaleMinor(1200, 0, 2)).toBe(120_000);
    const yen = decideIntake({ documentKind: 'email_body', documentName: 'b', poNumber: { value: 'P1', confidence: 1, source: 't' }, customerNumber: { value: 'J-1', confidence: 1, source: 't' },
      lines: [{ lineNumber: 1, itemCode: 'WID-100', description: '', quantityMilli: 2000, unitPriceMinor: 120_000, confidence: 1, sourceText: '' }], unreadableLines: [] }, {}, {
      customers: [{ id: 'j', number: 'J-1', name: 'Nippon', emailDomains: [], contactEmails: [], currency: 'JPY', termsCode: 'NET30', salesRepId: null, priceListId: null }],
      products: [{ id: 'p', sku: 'WID-100', description: 'w', unitOfMeasure: 'EA', active: true }], prices: [], customerItems: [],
    });
    expect(yen).toMatchObject({ kind: 'order', lines: [{ unitPriceMinor: 1200, amountMinor: 2400 }], totalMinor: 2400 });
  });
});

describe('the drop folder', () => {
  it('leaves a file that is still being written, and never overwrites a filed message of the same name', async () => {
    const root = mkdtempSync(join(tmpdir(), 'arflow-drop-'));
    const mailbox = dropFolderMailbox('orders', root);
    try {
      const incoming = join(root, 'incoming', 'po.eml');
      writeFileSync(incoming, 'first');
      expect(await mailbox.listWaiting()).toEqual([]); // just written: not settled yet
      const past = new Date(Date.now() - 5000);
      utimesSync(incoming, past, past);
      expect(await mailbox.listWaiting()).toEqual(['po.eml']);
      await mailbox.file('po.eml', undefined, 'Processed');
      writeFileSync(incoming, 'second');
      utimesSync(incoming, past, past);
      await mailbox.file('po.eml', undefined, 'Processed');
      expect(readdirSync(join(root, 'Processed')).sort()).toEqual(['po.2.eml', 'po.eml']);
    } finally {
      await mailbox.close();
    }
  });
});

describe('inline forwards', () => {
  it("finds the customer in Outlook's [mailto:] form", async () => {
    const raw = Buffer.from('From: Carla <carla.csr@arflow.test>\r\nTo: orders@arflow.test\r\nSubject: FW: PO\r\nMessage-ID: <o@x>\r\n\r\n-----Original Message-----\r\nFrom: John Buyer [mailto:john@acme.example]\r\nSent: Friday\r\nSubject: PO 77\r\n\r\n10 x WID-100\r\n');
    expect((await parseEmail(raw)).forwarded?.from).toBe('john@acme.example');
  });
});
