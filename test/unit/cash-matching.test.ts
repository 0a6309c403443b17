import { describe, expect, it } from 'vitest';
import { matchPayment, OpenItems, referencesInMemo, type CashDecision, type MatchProposal, type OpenInvoice, type PaymentToMatch } from '../../domain/cash-matching.js';
import { DEFAULT_CASH_POLICY, scaledTo } from '../../domain/cash-policy.js';
import { identifyPayer, type PayerDirectory } from '../../domain/payer-identity.js';

const inv = (n: number, amount: number, extra: Partial<OpenInvoice> = {}): OpenInvoice => ({
  id: `i${n}`, number: `INV-${String(n).padStart(6, '0')}`, customerId: 'acme', currency: 'USD',
  openMinor: amount, totalMinor: amount, dueDate: '2026-05-01', discountMinor: 0, ...extra,
});
const pay = (amountMinor: number, extra: Partial<PaymentToMatch> = {}): PaymentToMatch => ({
  amountMinor, currency: 'USD', receivedOn: '2026-04-10', customerId: 'acme', remittance: [], memo: '', amountReliable: true, feesPossible: false, ...extra,
});
const refs = (...references: string[]) => references.map((reference) => ({ reference }));

function applied(decision: CashDecision): MatchProposal {
  if (decision.kind !== 'auto_apply') throw new Error(`expected auto_apply, got ${decision.kind}: ${'reason' in decision ? decision.reason : ''}`);
  return decision.proposal;
}
/** What the proposal does to each invoice, compactly: "INV-000123 cash/discount/deduction[w]". */
const effect = (p: MatchProposal) => p.applications.map((a) => `${a.invoiceNumber} ${a.amountMinor}/${a.discountMinor}/${a.deductionMinor}${a.deductionMinor ? (a.writeOff ? 'w' : 'd') : ''}`);

describe('references', () => {
  const items = new OpenItems([inv(123, 150_000), inv(124, 80_000), inv(5_000, 40_000, { customerId: 'other' })]);

  it('applies an exact reference in full, without a person', () => {
    const p = applied(matchPayment(pay(150_000, { remittance: refs('INV-000123') }), items));
    expect(effect(p)).toEqual(['INV-000123 150000/0/0']);
    expect(p.unappliedMinor).toBe(0);
  });

  it('reads "123" and the OCR misreading "lNV-0OO123" as INV-000123', () => {
    for (const reference of ['123', 'lNV-0OO123', 'inv-000123', 'INV000123', '#000123']) {
      expect(effect(applied(matchPayment(pay(150_000, { remittance: refs(reference) }), items)))).toEqual(['INV-000123 150000/0/0']);
    }
  });

  it('finds invoice numbers in the bank memo, glued to INV or in a list with one too short to read', () => {
    expect(referencesInMemo('CCD ACME MFG PMT INV000123').map((l) => l.reference)).toEqual(['000123']);
    expect(referencesInMemo('INVOICE 4453, 64, 1836').map((l) => l.reference)).toEqual(['4453', '64', '1836']);
    // "64" cannot be read, so the payment goes to a person instead of leaving 64's money on account.
    const list = new OpenItems([inv(4453, 1_000), inv(64, 2_000), inv(1836, 3_000)]);
    expect(matchPayment(pay(6_000, { memo: 'REF INVOICE 4453, 64, 1836' }), list).kind).toBe('exception');
  });

  it('a one-digit typo or swapped digits is applied only when the amount confirms the invoice', () => {
    const typos = new OpenItems([inv(1234, 99_000), inv(7000, 12_345)]);
    const typo = applied(matchPayment(pay(99_000, { remittance: refs('INV-001243') }), typos));
    expect(effect(typo)).toEqual(['INV-001234 99000/0/0']);
    expect(typo.explanation.join(' ')).toMatch(/one keystroke from INV-001234/);
    expect(effect(applied(matchPayment(pay(99_000, { remittance: [{ reference: 'INV-001294', paidMinor: 99_000 }] }), typos)))).toEqual(['INV-001234 99000/0/0']);
    expect(matchPayment(pay(50_000, { remittance: refs('INV-001243') }), typos).kind).toBe('exception');
  });

  it('a typo that lands on another customer\'s open invoice still means the payer\'s own when the money says so', () => {
    const dense = new OpenItems([inv(1234, 99_000), inv(1243, 5_000, { customerId: 'other' })]);
    expect(effect(applied(matchPayment(pay(99_000, { remittance: refs('INV-001243') }), dense)))).toEqual(['INV-001234 99000/0/0']);
    // Paying exactly the other customer's invoice: that is a payment for them, and a person looks.
    expect(matchPayment(pay(5_000, { remittance: refs('INV-001243') }), dense).kind).toBe('exception');
  });

  it('references to another customer\'s invoices than the payer\'s go to a person, even when the amount fits one of the payer\'s', () => {
    const both = new OpenItems([inv(5_000, 40_000, { customerId: 'other' }), inv(6_000, 40_000)]);
    const d = matchPayment(pay(40_000, { remittance: refs('INV-005000') }), both);
    expect(d.kind).toBe('exception');
    if (d.kind === 'exception') {
      expect(d.reason).toMatch(/INV-005000, another customer's invoice/);
      expect(d.candidates.some((c) => c.customerId === 'other' && c.explanation.join(' ').includes('another customer than the payer'))).toBe(true);
    }
  });

  it('a PO number finds its invoice, and a PO is never read as an invoice number', () => {
    const pos = new OpenItems([inv(4512, 7_000), inv(88, 31_000, { poNumber: '4500012345' }), inv(89, 9_000, { poNumber: 'PO-77812' })]);
    expect(effect(applied(matchPayment(pay(31_000, { remittance: refs('P.O. #4500012345') }), pos)))).toEqual(['INV-000088 31000/0/0']);
    expect(effect(applied(matchPayment(pay(9_000, { remittance: refs('77812') }), pos)))).toEqual(['INV-000089 9000/0/0']);
    expect(matchPayment(pay(7_000, { remittance: refs('PO4512') }), pos).kind).not.toBe('auto_apply');
  });

  it('over-payment: the invoice is paid and the rest stays on the account', () => {
    const p = applied(matchPayment(pay(150_500, { remittance: [{ reference: 'INV-000123', paidMinor: 150_500 }] }), items));
    expect(effect(p)).toEqual(['INV-000123 150000/0/0']);
    expect(p.unappliedMinor).toBe(500);
  });

  it('an invoice the payer names that is already paid: on account with the note, or a person when the amount fits another', () => {
    const invoices = [inv(123, 0), inv(124, 80_000)];
    const paid = new OpenItems(invoices, new Map([['INV000123', 'paid on 2026-04-02']]));
    const d = matchPayment(pay(150_000, { remittance: refs('INV-000123') }), paid);
    expect(d).toMatchObject({ kind: 'on_account', customerId: 'acme' });
    if (d.kind === 'on_account') expect(d.reason).toMatch(/INV-000123 \(paid on 2026-04-02\)/);
    const again = matchPayment(pay(80_000, { remittance: refs('INV-000123') }), paid);
    expect(again.kind).toBe('exception');
    if (again.kind === 'exception') expect(again.reason).toMatch(/paid on 2026-04-02/);
  });

  it('books as it goes: an invoice whose open amount the caller lowers to zero drops out, and a second payment for it is not applied', () => {
    const invoices = [inv(321, 10_000)];
    const closed = new Map<string, string>();
    const live = new OpenItems(invoices, closed);
    applied(matchPayment(pay(10_000, { remittance: refs('INV-000321') }), live));
    invoices[0]!.openMinor = 0;
    closed.set('INV000321', 'paid on 2026-04-10');
    const d = matchPayment(pay(10_000, { remittance: refs('321') }), live);
    expect(d.kind).toBe('on_account');
    if (d.kind === 'on_account') expect(d.reason).toMatch(/paid on 2026-04-10/);
  });
});

describe('amounts without references', () => {
  it('two invoices for the same amount go to a person with both ranked', () => {
    const twins = new OpenItems([inv(1, 50_000), inv(2, 50_000), inv(3, 70_000)]);
    const d = matchPayment(pay(50_000), twins);
    expect(d.kind).toBe('exception');
    if (d.kind === 'exception') expect(d.candidates.map((c) => c.applications[0]!.invoiceNumber).sort()).toEqual(['INV-000001', 'INV-000002']);
  });

  it('applies the one combination of open invoices that adds up; two combinations go to a person', () => {
    const one = new OpenItems([inv(1, 10_001), inv(2, 20_003), inv(3, 40_017), inv(4, 80_051)]);
    const p = applied(matchPayment(pay(60_020), one));
    expect(p.basis).toBe('combination');
    expect(effect(p)).toEqual(['INV-000002 20003/0/0', 'INV-000003 40017/0/0']);
    const two = new OpenItems([inv(1, 10_000), inv(2, 20_000), inv(3, 30_000), inv(4, 45_000)]);
    const d = matchPayment(pay(30_000), two);
    expect(d.kind).toBe('exception');
  });

  it('one invoice for the amount is not applied when a set of the others makes it too', () => {
    const items = new OpenItems([inv(1, 30_000), inv(2, 10_000), inv(3, 20_000)]);
    const d = matchPayment(pay(30_000), items);
    expect(d.kind).toBe('exception');
    if (d.kind === 'exception') expect(d.reason).toMatch(/others together make it too/);
  });

  it('a bank fee on a wire is written off; the same shortfall on a check is not a fee', () => {
    const items = new OpenItems([inv(1, 100_000), inv(2, 333_333)]);
    expect(effect(applied(matchPayment(pay(98_500, { feesPossible: true }), items)))).toEqual(['INV-000001 98500/0/1500w']);
    expect(matchPayment(pay(98_500, { feesPossible: false }), items).kind).toBe('on_account');
    // With the invoice named: the wire's shortfall is the fee, the check's is the customer's deduction, disputed.
    expect(effect(applied(matchPayment(pay(98_500, { feesPossible: true, remittance: refs('INV-000001') }), items)))).toEqual(['INV-000001 98500/0/1500w']);
    const check = applied(matchPayment(pay(98_500, { remittance: refs('INV-000001') }), items));
    expect(effect(check)).toEqual(['INV-000001 98500/0/1500d']);
    expect(check.applications[0]!.deductionReason).toBe('short paid, no reason given');
  });

  it('a fee-short combination never applies more cash than an invoice owes', () => {
    const items = new OpenItems([inv(1, 40_000), inv(2, 60_000)]);
    const p = applied(matchPayment(pay(99_000, { feesPossible: true }), items));
    expect(effect(p)).toEqual(['INV-000001 40000/0/0', 'INV-000002 59000/0/1000w']);
    // Over the invoices by a little is not a "negative fee": nothing matches it.
    expect(matchPayment(pay(101_000, { feesPossible: true }), items).kind).toBe('on_account');
  });

  it('the payer nobody knows, with nothing named, goes to suspense', () => {
    const items = new OpenItems([inv(1, 25_000)]);
    expect(matchPayment(pay(25_000, { customerId: undefined }), items)).toMatchObject({ kind: 'suspense' });
  });
});

describe('remittance amounts, discounts and deductions', () => {
  // 2/10 net 30 on 1,000.00, issued 2026-04-01: discount 20.00 until 2026-04-11, plus 5 days' grace.
  const terms = (n: number, total = 100_000) => inv(n, total, { discountMinor: total / 50, discountDate: '2026-04-11' });

  it('a discount taken in time is allowed; taken late it is a deduction, written off when small', () => {
    const items = new OpenItems([terms(10), terms(11, 200_000)]);
    const inTime = applied(matchPayment(pay(98_000, { receivedOn: '2026-04-14', remittance: [{ reference: 'INV-000010', paidMinor: 98_000, discountMinor: 2_000 }] }), items));
    expect(effect(inTime)).toEqual(['INV-000010 98000/2000/0']);
    const late = applied(matchPayment(pay(98_000, { receivedOn: '2026-04-30', remittance: [{ reference: 'INV-000010', paidMinor: 98_000, discountMinor: 2_000 }] }), items));
    expect(effect(late)).toEqual(['INV-000010 98000/0/2000d']); // 20.00 is over the 10.00 write-off
    expect(late.applications[0]!.deductionReason).toMatch(/discount taken after 2026-04-11/);
    const small = new OpenItems([terms(12, 40_000)]); // discount 8.00
    expect(effect(applied(matchPayment(pay(39_200, { receivedOn: '2026-04-30', remittance: refs('INV-000012') }), small)))).toEqual(['INV-000012 39200/0/800w']);
  });

  it('without amounts, a payment of the discounted total takes the discount and one of the full total does not', () => {
    const items = new OpenItems([terms(10)]);
    expect(effect(applied(matchPayment(pay(98_000, { remittance: refs('INV-000010') }), items)))).toEqual(['INV-000010 98000/2000/0']);
    expect(effect(applied(matchPayment(pay(100_000, { remittance: refs('INV-000010') }), items)))).toEqual(['INV-000010 100000/0/0']);
  });

  it('a short pay with the payer\'s reason: written off when small, disputed when large', () => {
    const items = new OpenItems([inv(20, 50_000), inv(21, 30_000)]);
    const small = applied(matchPayment(pay(49_400, { remittance: [{ reference: 'INV-000020', paidMinor: 49_400, adjustmentMinor: 600, adjustmentReason: 'FREIGHT' }] }), items));
    expect(effect(small)).toEqual(['INV-000020 49400/0/600w']);
    const large = applied(matchPayment(pay(65_000, { remittance: [{ reference: 'INV-000021', paidMinor: 30_000 }, { reference: 'INV-000020', paidMinor: 35_000, adjustmentMinor: 15_000, adjustmentReason: 'DAMAGED' }] }), items));
    expect(effect(large)).toEqual(['INV-000021 30000/0/0', 'INV-000020 35000/0/15000d']);
    expect(large.applications[1]!.deductionReason).toBe('DAMAGED');
  });

  it('a wire fee under a remittance that states full amounts is counted once', () => {
    const items = new OpenItems([inv(30, 100_000)]);
    const p = applied(matchPayment(pay(99_000, { feesPossible: true, remittance: [{ reference: 'INV-000030', paidMinor: 100_000 }] }), items));
    expect(effect(p)).toEqual(['INV-000030 99000/0/1000w']);
  });

  it('an amount OCR could not read reliably is never applied automatically', () => {
    const items = new OpenItems([inv(40, 12_500)]);
    expect(matchPayment(pay(12_500, { amountReliable: false, remittance: refs('INV-000040') }), items).kind).toBe('exception');
    expect(matchPayment(pay(12_500, { amountReliable: false }), items).kind).toBe('exception');
  });

  it('a payment in another currency than the invoice never matches it', () => {
    const items = new OpenItems([inv(50, 12_500)]);
    const d = matchPayment(pay(12_500, { currency: 'EUR', remittance: refs('INV-000050') }), items);
    expect(d.kind).toBe('on_account');
    if (d.kind === 'on_account') expect(d.reason).toMatch(/INV-000050 is in USD, the payment in EUR/);
    expect(matchPayment(pay(12_500, { currency: 'EUR' }), items).kind).toBe('on_account');
  });

  it('yen tolerances are scaled: the 50.00 fee allowance is ¥50 and the 10.00 write-off ¥10', () => {
    expect(scaledTo(DEFAULT_CASH_POLICY.bankFeeToleranceMinor, 'JPY')).toBe(50);
    expect(scaledTo(DEFAULT_CASH_POLICY.deductionWriteOffMinor, 'KWD')).toBe(10_000);
    const items = new OpenItems([inv(60, 1_500_000, { currency: 'JPY' })]);
    const yen = (amountMinor: number) => pay(amountMinor, { currency: 'JPY', feesPossible: true, remittance: refs('INV-000060') });
    expect(effect(applied(matchPayment(yen(1_499_960), items)))).toEqual(['INV-000060 1499960/0/40w']);
    // ¥2,500 short is no fee in yen terms: it is the customer's deduction, disputed.
    expect(effect(applied(matchPayment(yen(1_497_500), items)))).toEqual(['INV-000060 1497500/0/2500d']);
  });
});

describe('who paid', () => {
  const directory: PayerDirectory = {
    accounts: new Map([['000123456789', 'acme']]),
    numbers: new Map([['C-1001', 'acme']]),
    customers: [
      { id: 'acme', name: 'Acme Manufacturing Inc' }, { id: 'acme-west', name: 'Acme Manufacturing West LLC' },
      { id: 'nw', name: 'Northwind Traders Ltd' }, { id: 'nw-ca', name: 'Northwind Traders Canada Ltd' },
      { id: 'pp', name: 'Pinnacle Packaging LLC' }, { id: 'sc', name: 'Summit Construction Company' },
    ],
  };
  const who = (name: string) => identifyPayer({ name }, '', directory).customerId;

  it('knows a payer by account, by our account number, and by the names banks print', () => {
    expect(identifyPayer({ accountRef: '0001-2345-6789' }, '', directory)).toEqual({ customerId: 'acme', by: 'bank_account' });
    expect(identifyPayer({ name: 'SOMEONE' }, 'PMT CUST C-1001', directory)).toEqual({ customerId: 'acme', by: 'account_number' });
    expect(who('ACME MFG CO')).toBe('acme');
    expect(who('ACME MANUFACTURING INC AP DEPT')).toBe('acme');
    expect(who('ACME MANUFACTURING WEST')).toBe('acme-west');
    expect(who('SUMMIT CONSTRUCTION COMPANY A/P')).toBe('sc');
  });

  it('a name the bank cut short before the words that tell two customers apart names neither', () => {
    expect(who('NORTHWIND TRADER')).toBeUndefined(); // 16 characters: Northwind Traders, or Northwind Traders Canada
    expect(who('ACME MANUFACTURI')).toBeUndefined();
    expect(who('NORTHWIND TRADERS CAN')).toBe('nw-ca');
    expect(identifyPayer({ name: 'NORTHWIND TRADER' }, '', directory)).toMatchObject({ by: 'unknown', reason: expect.stringMatching(/fits 2 customers/) });
  });
});
