// The order as the ERP receives it: the JSON document over a real local webhook (what is sent, how the
// ERP's answers are taken), and the export folder's files byte for byte, money exact to the minor unit.
import { ApplicationFailure } from '@temporalio/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderErpTarget } from '../../erp/folder-target.js';
import { buildErpOrderDocument, erpIdempotencyKey, minorToDecimal, type ErpOrderRecord } from '../../erp/order-document.js';
import { webhookErpTarget } from '../../erp/webhook-target.js';

const ORDER_ID = '1a2b3c4d-0000-4000-8000-000000000001';

function record(overrides: Partial<ErpOrderRecord> = {}): ErpOrderRecord {
  return {
    id: ORDER_ID, reference: 'SO-1A2B3C4D', poNumber: '4500012345', revision: 1, currency: 'USD', totalMinor: 191813n,
    orderDate: new Date('2026-11-20T00:00:00Z'), requestedShipDate: new Date('2026-12-01T00:00:00Z'),
    shipTo: 'Acme Fabrication Inc.\nDock 4, 1200 Industrial Way\nSpringfield, IL 62701',
    createdAt: new Date('2026-11-20T14:03:11.250Z'), scheduledAt: new Date('2026-11-21T08:00:00Z'),
    customer: { number: 'C-1001', name: 'Acme Fabrication Inc.' },
    terms: { code: '2/10NET30', description: '2% 10 days, net 30', netDays: 30, discountBasisPoints: 200, discountDays: 10 },
    salesRep: { code: 'SR-01', name: 'Sam Reyes', email: 'sam.reyes@arflow.test' },
    lines: [
      { lineNumber: 1, sku: 'WID-100', customerSku: null, description: 'Steel widget, zinc plated', quantity: '250.000', unitOfMeasure: 'EA', unitPriceMinor: 425n, amountMinor: 106250n },
      { lineNumber: 2, sku: 'CBL-050', customerSku: 'AC-77812', description: 'Cable 50 ft "braided"', quantity: '2.500', unitOfMeasure: 'RL', unitPriceMinor: 3999n, amountMinor: 9998n },
      { lineNumber: 3, sku: 'BRK-220', customerSku: null, description: 'Mounting bracket, 2 in', quantity: { toString: () => '889' }, unitOfMeasure: 'EA', unitPriceMinor: 85n, amountMinor: 75565n },
      { lineNumber: 4, sku: 'FST-M8', customerSku: null, description: 'M8 bolt', quantity: '0.010', unitOfMeasure: 'BX', unitPriceMinor: 7n, amountMinor: 0n },
    ],
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('the order document', () => {
  it('carries header, customer, ship-to, dates, terms, rep and lines; quantities as decimals, money as minor units', () => {
    const doc = buildErpOrderDocument(record());
    expect(doc).toEqual({
      format: 'arflow.order-export', version: 1,
      header: {
        orderReference: 'SO-1A2B3C4D', arflowOrderId: ORDER_ID, revision: 1, poNumber: '4500012345',
        orderDate: '2026-11-20', requestedShipDate: '2026-12-01', enteredAt: '2026-11-20T14:03:11.250Z', scheduledAt: '2026-11-21T08:00:00.000Z',
        total: { amountMinor: 191813, currency: 'USD' },
      },
      customer: { number: 'C-1001', name: 'Acme Fabrication Inc.' },
      shipTo: 'Acme Fabrication Inc.\nDock 4, 1200 Industrial Way\nSpringfield, IL 62701',
      terms: { code: '2/10NET30', description: '2% 10 days, net 30', netDays: 30, discountBasisPoints: 200, discountDays: 10 },
      salesRep: { code: 'SR-01', name: 'Sam Reyes', email: 'sam.reyes@arflow.test' },
      lines: [
        { lineNumber: 1, sku: 'WID-100', customerSku: null, description: 'Steel widget, zinc plated', quantity: '250', unitOfMeasure: 'EA', unitPrice: { amountMinor: 425, currency: 'USD' }, amount: { amountMinor: 106250, currency: 'USD' } },
        { lineNumber: 2, sku: 'CBL-050', customerSku: 'AC-77812', description: 'Cable 50 ft "braided"', quantity: '2.5', unitOfMeasure: 'RL', unitPrice: { amountMinor: 3999, currency: 'USD' }, amount: { amountMinor: 9998, currency: 'USD' } },
        { lineNumber: 3, sku: 'BRK-220', customerSku: null, description: 'Mounting bracket, 2 in', quantity: '889', unitOfMeasure: 'EA', unitPrice: { amountMinor: 85, currency: 'USD' }, amount: { amountMinor: 75565, currency: 'USD' } },
        { lineNumber: 4, sku: 'FST-M8', customerSku: null, description: 'M8 bolt', quantity: '0.01', unitOfMeasure: 'BX', unitPrice: { amountMinor: 7, currency: 'USD' }, amount: { amountMinor: 0, currency: 'USD' } },
      ],
    });
  });

  it('refuses what it cannot say exactly', () => {
    expect(() => buildErpOrderDocument(record({ lines: [] }))).toThrow('order SO-1A2B3C4D (PO 4500012345) has no lines to export');
    expect(() => buildErpOrderDocument(record({ totalMinor: 2n ** 60n }))).toThrow('too large to export exactly');
    const [first] = record().lines;
    expect(() => buildErpOrderDocument(record({ lines: [{ ...first!, quantity: '1e+21' }] }))).toThrow('the quantity of line 1 of SO-1A2B3C4D "1e+21" is not a plain non-negative decimal');
  });

  it('writes minor units as major-unit decimals without floating point', () => {
    expect(minorToDecimal(191257n, 'USD')).toBe('1912.57');
    expect(minorToDecimal(7, 'USD')).toBe('0.07');
    expect(minorToDecimal(0n, 'USD')).toBe('0.00');
    expect(minorToDecimal(-1050n, 'EUR')).toBe('-10.50');
    expect(minorToDecimal(1500n, 'JPY')).toBe('1500');
    expect(minorToDecimal(1234n, 'KWD')).toBe('1.234');
    expect(minorToDecimal(9007199254740993n, 'USD')).toBe('90071992547409.93');
  });

  it('names each order revision once for the webhook', () => {
    expect(erpIdempotencyKey(ORDER_ID, 3)).toBe(`order-${ORDER_ID}-r3`);
  });
});

describe('the ERP webhook', () => {
  let server: Server;
  let url: string;
  let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  let answer: { status: number; body: string; delayMs?: number };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        setTimeout(() => { res.writeHead(answer.status, { 'content-type': 'application/json' }); res.end(answer.body); }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp/orders`;
  });
  afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });
  beforeEach(() => { received = []; answer = { status: 201, body: '' }; });

  it('POSTs the order document as JSON with the idempotency key, and takes the ERP order number it answers', async () => {
    answer = { status: 201, body: JSON.stringify({ erpOrderNumber: ' SO-778812 ', accepted: true }) };
    const doc = buildErpOrderDocument(record());
    const handOff = await webhookErpTarget(url).send(doc, erpIdempotencyKey(ORDER_ID, 1));
    expect(handOff).toEqual({ erpOrderNumber: 'SO-778812', delivery: 'webhook 201' });
    expect(received).toHaveLength(1);
    expect(received[0]!.method).toBe('POST');
    expect(received[0]!.url).toBe('/erp/orders');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers['idempotency-key']).toBe(`order-${ORDER_ID}-r1`);
    expect(JSON.parse(received[0]!.body)).toEqual(doc);
  });

  it('hands the order over on a 2xx without a number, which may come later', async () => {
    answer = { status: 202, body: '' };
    expect(await webhookErpTarget(url).send(buildErpOrderDocument(record()), 'k')).toEqual({ erpOrderNumber: null, delivery: 'webhook 202' });
    answer = { status: 200, body: 'OK' };
    expect((await webhookErpTarget(url).send(buildErpOrderDocument(record()), 'k')).erpOrderNumber).toBeNull();
  });

  it('retries a server error, naming the status and what the ERP said', async () => {
    answer = { status: 500, body: '{"error":"database   is\n  locked"}' };
    const failure = await failureOf(webhookErpTarget(url).send(buildErpOrderDocument(record()), 'k'));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('ErpUnavailable');
    expect(failure.message).toContain('answered order SO-1A2B3C4D (PO 4500012345) with 500: {"error":"database is locked"}');
  });

  it('retries 408 and 429: the ERP asks to be tried again', async () => {
    for (const status of [408, 429]) {
      answer = { status, body: 'slow down' };
      expect((await failureOf(webhookErpTarget(url).send(buildErpOrderDocument(record()), 'k'))).nonRetryable).toBe(false);
    }
  });

  it('stops on a refusal the ERP would repeat, with a message a person can act on', async () => {
    answer = { status: 400, body: '{"error":"unknown customer C-1001"}' };
    const failure = await failureOf(webhookErpTarget(url).send(buildErpOrderDocument(record()), 'k'));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('ErpRejected');
    expect(failure.message).toBe('the ERP refused order SO-1A2B3C4D (PO 4500012345) with 400: {"error":"unknown customer C-1001"}. '
      + 'Fix what it names (customer, item or terms set up in the ERP, or the webhook\'s access) and export the order again');
  });

  it('gives up on an ERP that does not answer in time, to be retried', async () => {
    answer = { status: 201, body: '', delayMs: 2_000 };
    const failure = await failureOf(webhookErpTarget(url, { timeoutMs: 200 }).send(buildErpOrderDocument(record()), 'k'));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('did not answer within 0.2 s while sending order SO-1A2B3C4D');
  });

  it('never shows the password of a webhook URL', () => {
    expect(webhookErpTarget('https://arflow:s3cret@erp.example.com/hook').description).toBe('ERP webhook https://erp.example.com/hook');
  });
});

describe('the ERP export folder', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'arflow-erp-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  const HEADER = 'order_reference,revision,po_number,customer_number,customer_name,order_date,requested_ship_date,ship_to,terms_code,sales_rep_code,line_number,sku,customer_sku,description,quantity,unit_of_measure,unit_price,amount,currency,order_total\r\n';
  const SHIP_TO = '"Acme Fabrication Inc.\nDock 4, 1200 Industrial Way\nSpringfield, IL 62701"';
  const FIRST_ORDER_ROWS = [
    `SO-1A2B3C4D,1,4500012345,C-1001,Acme Fabrication Inc.,2026-11-20,2026-12-01,${SHIP_TO},2/10NET30,SR-01,1,WID-100,,"Steel widget, zinc plated",250,EA,4.25,1062.50,USD,1918.13\r\n`,
    `SO-1A2B3C4D,1,4500012345,C-1001,Acme Fabrication Inc.,2026-11-20,2026-12-01,${SHIP_TO},2/10NET30,SR-01,2,CBL-050,AC-77812,"Cable 50 ft ""braided""",2.5,RL,39.99,99.98,USD,1918.13\r\n`,
    `SO-1A2B3C4D,1,4500012345,C-1001,Acme Fabrication Inc.,2026-11-20,2026-12-01,${SHIP_TO},2/10NET30,SR-01,3,BRK-220,,"Mounting bracket, 2 in",889,EA,0.85,755.65,USD,1918.13\r\n`,
    `SO-1A2B3C4D,1,4500012345,C-1001,Acme Fabrication Inc.,2026-11-20,2026-12-01,${SHIP_TO},2/10NET30,SR-01,4,FST-M8,,M8 bolt,0.01,BX,0.07,0.00,USD,1918.13\r\n`,
  ].join('');

  it('writes <orderRef>.json and a CSV with a header row, one row per line, RFC 4180 quoting and exact money', async () => {
    const target = folderErpTarget(dir);
    const doc = buildErpOrderDocument(record());
    expect(await target.send(doc, 'k')).toEqual({ erpOrderNumber: null, delivery: 'folder SO-1A2B3C4D.json + orders.csv' });
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(HEADER + FIRST_ORDER_ROWS);
    expect(JSON.parse(readFileSync(join(dir, 'SO-1A2B3C4D.json'), 'utf8'))).toEqual(doc);
    // Written whole under another name, then renamed: no temporary or lock file stays behind.
    expect(readdirSync(dir).sort()).toEqual(['SO-1A2B3C4D.json', 'orders.csv']);
  });

  it('appends the next order under the same header, and never the same order twice', async () => {
    const target = folderErpTarget(dir);
    await target.send(buildErpOrderDocument(record()), 'k');
    const yen = record({
      id: 'ffff0000-0000-4000-8000-000000000002', reference: 'SO-FFFF0000', poNumber: 'PO-7', currency: 'JPY', totalMinor: 1500n,
      orderDate: null, requestedShipDate: null, shipTo: null, salesRep: null, customer: { number: 'C-2001', name: 'Kobe Trading, K.K.' },
      lines: [{ lineNumber: 1, sku: 'WID-200', customerSku: null, description: 'Stainless widget', quantity: '3', unitOfMeasure: 'EA', unitPriceMinor: 500n, amountMinor: 1500n }],
    });
    await target.send(buildErpOrderDocument(yen), 'k');
    expect(await target.send(buildErpOrderDocument(record()), 'k')).toEqual({ erpOrderNumber: null, delivery: 'folder SO-1A2B3C4D.json (already in orders.csv)' });
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(HEADER + FIRST_ORDER_ROWS
      + 'SO-FFFF0000,1,PO-7,C-2001,"Kobe Trading, K.K.",,,,2/10NET30,,1,WID-200,,Stainless widget,3,EA,500,1500,JPY,1500\r\n');
  });

  it('starts a new CSV after the ERP took the last one away', async () => {
    const target = folderErpTarget(dir);
    await target.send(buildErpOrderDocument(record()), 'k');
    rmSync(join(dir, 'orders.csv'));
    await target.send(buildErpOrderDocument(record({ reference: 'SO-2', revision: 2 })), 'k');
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(HEADER + FIRST_ORDER_ROWS.replaceAll('SO-1A2B3C4D,1,', 'SO-2,2,'));
  });

  it('will not append to a CSV that is not ours', async () => {
    writeFileSync(join(dir, 'orders.csv'), 'OrderNo;Item;Qty\r\n');
    const failure = await failureOf(folderErpTarget(dir).send(buildErpOrderDocument(record()), 'k'));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(`${join(dir, 'orders.csv')} does not start with arflow's header row`);
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe('OrderNo;Item;Qty\r\n');
  });
});
