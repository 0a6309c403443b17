// Writes a BankFile as one X12 820 interchange (version 004010), for tests, the demo and benchmarks:
// one transaction set per entry (BPR, TRN, CUR, NTE, N1*PR, then ENT with the RMR/ADX remittance),
// with the envelope counts and control numbers parseX12_820 checks.
import { minorDigits } from '../../domain/money.js';
import type { BankEntry, BankFile, RemittanceLine } from '../../domain/payment-documents.js';

const METHODS: Partial<Record<BankEntry['kind'], string>> = { ach: 'ACH', check: 'CHK', wire: 'FWT' };
const MONEY_METHODS = new Set(['ACH', 'CHK', 'FWT', 'FEW', 'SWT', 'CWT', 'BKW']);

function decimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

function text(value: string, what: string): string {
  if (/[*~>\n\r]/.test(value)) throw new RangeError(`${what} "${value}" contains an X12 delimiter (* ~ >) or a line break`);
  return value;
}

function segment(...elements: string[]): string {
  const trimmed = [...elements];
  while (trimmed.length > 1 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return `${trimmed.join('*')}~`;
}

function remittance(line: RemittanceLine, currency: string): string[] {
  const amount = (minor: number | undefined): string => (minor === undefined ? '' : decimal(minor, currency));
  const segments = [segment('RMR', 'IV', text(line.reference, 'reference'), 'PI', amount(line.paidMinor), amount(line.invoiceAmountMinor), amount(line.discountMinor))];
  // X12 signs an adjustment by its effect on the payment: what the payer held back is negative.
  if (line.adjustmentMinor !== undefined) segments.push(segment('ADX', decimal(-line.adjustmentMinor, currency), text(line.adjustmentReason ?? '', 'adjustment reason')));
  return segments;
}

function transactionSet(entry: BankEntry, account: string, control: string): string[] {
  // typeCode is BPR04/BPR05 when it came from an 820 ("ACH/CTX"); otherwise the kind picks the method.
  const stated = /^([A-Z]{3})(?:\/([A-Z0-9]{1,3}))?$/.exec(entry.typeCode);
  const method = stated?.[1] ?? METHODS[entry.kind] ?? 'BOP';
  const format = stated?.[2] ?? '';
  // 'other' with a method that moves money can only mean the money travels separately.
  const handling = entry.kind === 'other' && MONEY_METHODS.has(method) ? 'I' : 'C';
  const payer = entry.payer;
  const date = entry.bookedOn.replace(/-/g, '');
  const body = [
    segment('BPR', handling, decimal(entry.amountMinor, entry.currency), entry.direction === 'credit' ? 'C' : 'D', text(method, 'method'), text(format, 'format'),
      payer.bankId ? '01' : '', text(payer.bankId ?? '', 'bank'), payer.accountRef ? 'DA' : '', text(payer.accountRef ?? '', 'account'), '', '', '', '', account ? 'DA' : '', text(account, 'account'), date),
  ];
  if (entry.memo) body.push(segment('NTE', 'ZZZ', text(entry.memo, 'memo')));
  if (entry.bankRef) body.push(segment('TRN', '1', text(entry.bankRef, 'reference')));
  if (entry.currency !== 'USD') body.push(segment('CUR', 'PR', entry.currency));
  if (payer.name || payer.customerNumber) body.push(segment('N1', 'PR', text(payer.name ?? '', 'name'), payer.customerNumber ? '91' : '', text(payer.customerNumber ?? '', 'customer number')));
  if (entry.remittance.length > 0) {
    body.push(segment('ENT', '1'));
    for (const line of entry.remittance) body.push(...remittance(line, entry.currency));
  }
  return [segment('ST', '820', control), ...body, segment('SE', String(body.length + 2), control)];
}

/** The 820 interchange for a BankFile's entries, one segment a line. */
export function writeX12_820(file: BankFile): string {
  const control = /^\d{9}$/.test(file.fileId) ? file.fileId : '000000001';
  const m = /^(\d\d)(\d\d)-(\d\d)-(\d\d)$/.exec(file.createdOn);
  if (!m) throw new RangeError(`file date ${file.createdOn} is not YYYY-MM-DD`);
  const sender = 'ARFLOWBANK'.padEnd(15, ' ');
  const receiver = 'ARFLOW'.padEnd(15, ' ');
  const segments = [
    `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${sender}*ZZ*${receiver}*${m[2]}${m[3]}${m[4]}*1200*U*00401*${control}*0*P*>~`,
    segment('GS', 'RA', 'ARFLOWBANK', 'ARFLOW', `${m[1]}${m[2]}${m[3]}${m[4]}`, '1200', '1', 'X', '004010'),
  ];
  let sets = 0;
  for (const account of file.accounts) {
    for (const entry of account.entries) {
      sets++;
      segments.push(...transactionSet(entry, account.accountNumber, String(sets).padStart(4, '0')));
    }
  }
  segments.push(segment('GE', String(sets), '1'), segment('IEA', '1', control));
  return segments.map((s) => `${s}\n`).join('');
}
