// BAI2 (BAI Cash Management Balance Reporting Specifications, version 2) → BankFile. A file is
// 01 { 02 { 03 [16…] 49 } 98 } 99; every trailer states the sum of the amounts it closes and how many
// records it holds, and a file whose figures do not add up is rejected whole. Amounts carry no decimal
// point: their implied decimals are the currency's, so a BAI2 amount already is a count of minor units.
import {
  BankFileError, type BankAccountReport, type BankEntry, type BankFile,
} from '../../domain/payment-documents.js';
import { compactDateToIso, CURRENCY_CODE } from '../structured-values.js';
import { labelledRemittance } from './bai2-remittance.js';
import { BAI2_RECORD_NAMES, scanBai2, type Bai2Record } from './bai2-scanner.js';
import { bai2CodeClass, bai2Direction, bai2EntryKind } from './bai2-type-codes.js';

const OPENING_LEDGER = '010';
const CLOSING_LEDGER = '015';

function fail(line: number, reason: string): never {
  throw new BankFileError('bai2', line, reason);
}

const describe = (r: Bai2Record): string => `${BAI2_RECORD_NAMES[r.code]} (${r.code})`;
const aDescribed = (r: Bai2Record): string => `${/^[aeiou]/.test(describe(r)) ? 'an' : 'a'} ${describe(r)}`;
const field = (r: Bai2Record, at: number): string => r.fields[at] ?? '';

function date(r: Bai2Record, value: string, what: string): string {
  const iso = /^\d{6}$/.test(value) ? compactDateToIso(value) : undefined;
  return iso ?? fail(r.line, `${what} "${value}" is not a date (YYMMDD)`);
}

/** A signed amount as written ("+000123", "-5"); undefined when the field is defaulted (empty). */
function amount(r: Bai2Record, value: string, what: string, signed = true): bigint | undefined {
  if (value === '') return undefined;
  if (!(signed ? /^[+-]?\d{1,30}$/ : /^\+?\d{1,30}$/).test(value)) {
    const why = !signed && value.startsWith('-') ? 'is negative (a detail amount is unsigned: its type code gives the direction)' : 'is not a number';
    fail(r.line, `${what} "${value}" ${why}`);
  }
  return BigInt(value);
}

function minor(r: Bai2Record, value: bigint, what: string): number {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : fail(r.line, `${what} ${value} is too large`);
}

function count(r: Bai2Record, value: string, what: string): number {
  return /^\d{1,9}$/.test(value) ? Number(value) : fail(r.line, `${what} "${value}" is not a whole number`);
}

/**
 * The funds type at `at` and the fields it brings (Z/0/1/2: none; S: three availability amounts;
 * V: value date and time; D: a count of (days, amount) pairs). Returns where the next field is and,
 * for V, the value date.
 */
function fundsType(r: Bai2Record, at: number, whose: string): { next: number; valueDate?: string } {
  const type = field(r, at).toUpperCase();
  switch (type) {
    case '': case 'Z': case '0': case '1': case '2':
      return { next: at + 1 };
    case 'S':
      ['immediate', 'one-day', 'two-or-more-day'].forEach((d, i) => amount(r, field(r, at + 1 + i), `${whose} ${d} availability`));
      return { next: at + 4 };
    case 'V': {
      const valueDate = date(r, field(r, at + 1), `${whose} value date`);
      const time = field(r, at + 2);
      if (time !== '' && !/^\d{4}$/.test(time)) fail(r.line, `${whose} value time "${time}" is not a time (HHMM)`);
      return { next: at + 3, valueDate };
    }
    case 'D': {
      const written = field(r, at + 1);
      if (!/^\d{1,4}$/.test(written)) fail(r.line, `${whose} number of distributions "${written}" is not a whole number`);
      const pairs = Number(written);
      for (let i = 0; i < pairs; i++) {
        count(r, field(r, at + 2 + 2 * i), `${whose} distribution ${i + 1} days`);
        if (amount(r, field(r, at + 3 + 2 * i), `${whose} distribution ${i + 1} amount`) === undefined) {
          fail(r.line, `${whose} distribution ${i + 1} has no amount`);
        }
      }
      return { next: at + 2 + 2 * pairs };
    }
    default:
      return fail(r.line, `${whose} funds type "${type}" is not one of Z, 0, 1, 2, S, V, D`);
  }
}

interface Group { asOf: string; currency: string }

class Bai2Reader {
  private at = 0;
  private readonly accounts: BankAccountReport[] = [];

  constructor(private readonly records: Bai2Record[]) {}

  private endLine(): number {
    return this.records[this.records.length - 1]?.line ?? 0;
  }

  read(): BankFile {
    const header = this.records[0] ?? fail(0, 'the file is empty');
    if (header.code !== '01') fail(header.line, `the file must start with a file header (01), not with ${aDescribed(header)}`);
    const version = field(header, 7);
    if (version !== '2') fail(header.line, `file header version "${version}" is not 2: only BAI2 is read`);
    const createdOn = date(header, field(header, 2), 'file creation date');
    let total = 0n;
    let records = header.count;
    let groups = 0;
    for (this.at = 1; ; this.at++) {
      const r = this.records[this.at] ?? fail(this.endLine(), 'the file ends without a file trailer (99)');
      if (r.code === '02') {
        const group = this.readGroup();
        total += group.total;
        records += group.count;
        groups++;
      } else if (r.code === '99') {
        const stated = amount(r, field(r, 0), 'file control total') ?? fail(r.line, 'file trailer (99) has no control total');
        if (stated !== total) fail(r.line, `file trailer (99) states control total ${stated}, but the file's groups add up to ${total}`);
        const statedGroups = count(r, field(r, 1), 'file trailer number of groups');
        if (statedGroups !== groups) fail(r.line, `file trailer (99) states ${statedGroups} groups, but the file has ${groups}`);
        records += r.count;
        const statedRecords = count(r, field(r, 2), 'file trailer number of records');
        if (statedRecords !== records) fail(r.line, `file trailer (99) states ${statedRecords} records, but the file has ${records}`);
        const after = this.records[this.at + 1];
        if (after) fail(after.line, `${aDescribed(after)} follows the file trailer (99): nothing may`);
        return { format: 'bai2', fileId: field(header, 4), createdOn, accounts: this.accounts };
      } else {
        fail(r.line, `expected a group header (02) or the file trailer (99) here, not ${aDescribed(r)}`);
      }
    }
  }

  private readGroup(): { total: bigint; count: number } {
    const header = this.records[this.at]!;
    const status = field(header, 2);
    if (status === '2') fail(header.line, 'group status 2 (deletion) withdraws data sent earlier: the file is not read as new entries');
    if (status === '4') fail(header.line, 'group status 4 (test only): the file is not read as real entries');
    if (!['', '1', '3'].includes(status)) fail(header.line, `group status "${status}" is not 1, 2, 3 or 4`);
    // ISO 4217 codes are upper case; a bank that writes "usd" means the same.
    const currency = field(header, 5).toUpperCase() || 'USD';
    if (!CURRENCY_CODE.test(currency)) fail(header.line, `group currency "${currency}" is not an ISO currency code`);
    const group: Group = { asOf: date(header, field(header, 3), 'group as-of date'), currency };
    let total = 0n;
    let records = header.count;
    let accounts = 0;
    const opened = `group at line ${header.line}`;
    for (this.at++; ; this.at++) {
      const r = this.records[this.at] ?? fail(this.endLine(), `the file ends inside the ${opened}: no group trailer (98)`);
      if (r.code === '03') {
        const account = this.readAccount(group);
        total += account.total;
        records += account.count;
        accounts++;
      } else if (r.code === '98') {
        const stated = amount(r, field(r, 0), 'group control total') ?? fail(r.line, 'group trailer (98) has no control total');
        if (stated !== total) fail(r.line, `group trailer (98) states control total ${stated}, but the group's accounts add up to ${total}`);
        records += r.count;
        const statedAccounts = count(r, field(r, 1), 'group trailer number of accounts');
        if (statedAccounts !== accounts) {
          const why = field(r, 2) === '' && statedAccounts === records ? ` (${statedAccounts} is its number of records: the trailer leaves out the number of accounts)` : '';
          fail(r.line, `group trailer (98) states ${statedAccounts} accounts, but the group has ${accounts}${why}`);
        }
        const statedRecords = count(r, field(r, 2), 'group trailer number of records');
        if (statedRecords !== records) fail(r.line, `group trailer (98) states ${statedRecords} records, but the group has ${records}`);
        return { total, count: records };
      } else if (r.code === '16') {
        fail(r.line, 'transaction detail (16) outside an account: it must follow an account identifier (03)');
      } else if (r.code === '49') {
        fail(r.line, 'account trailer (49) without an account identifier (03) before it');
      } else {
        fail(r.line, `the ${opened} has no group trailer (98) before this ${describe(r)}`);
      }
    }
  }

  private readAccount(group: Group): { total: bigint; count: number } {
    const header = this.records[this.at]!;
    const accountNumber = field(header, 0) || fail(header.line, 'account identifier (03) has no account number');
    const currency = field(header, 1).toUpperCase() || group.currency;
    if (!CURRENCY_CODE.test(currency)) fail(header.line, `account ${accountNumber} currency "${currency}" is not an ISO currency code`);
    const account: BankAccountReport = { accountNumber, currency, entries: [] };
    let total = this.readSummaries(header, account);
    let records = header.count;
    // What some banks state instead of the specification's sum, to say so when a trailer does not add up.
    let detailsOnly = 0n;
    let net = 0n;
    for (this.at++; ; this.at++) {
      const r = this.records[this.at] ?? fail(this.endLine(), `the file ends inside account ${accountNumber}: no account trailer (49)`);
      if (r.code === '16') {
        const entry = this.readDetail(r, account, group);
        total += BigInt(entry.amountMinor);
        detailsOnly += BigInt(entry.amountMinor);
        net += entry.direction === 'credit' ? BigInt(entry.amountMinor) : -BigInt(entry.amountMinor);
        records += r.count;
        account.entries.push(entry);
      } else if (r.code === '49') {
        const name = `account ${accountNumber} trailer (49)`;
        const stated = amount(r, field(r, 0), 'account control total') ?? fail(r.line, `${name} has no control total`);
        if (stated !== total) {
          const other = stated === net && net !== detailsOnly ? ': it is the detail credits less the debits, not the sum of every amount the account reports'
            : stated === detailsOnly ? ': it is the sum of the detail amounts alone, without the account\'s summary amounts' : '';
          fail(r.line, `${name} states control total ${stated}, but the account's amounts add up to ${total}${other}`);
        }
        records += r.count;
        const statedRecords = count(r, field(r, 1), 'account trailer number of records');
        if (statedRecords !== records) fail(r.line, `${name} states ${statedRecords} records, but the account has ${records}`);
        this.accounts.push(account);
        return { total, count: records };
      } else {
        fail(r.line, `account ${accountNumber} (line ${header.line}) has no account trailer (49) before this ${describe(r)}`);
      }
    }
  }

  /** The 03's status and summary amounts: opening and closing ledger kept, every amount counted in the total. */
  private readSummaries(r: Bai2Record, account: BankAccountReport): bigint {
    let total = 0n;
    for (let at = 2; at < r.fields.length; ) {
      const code = field(r, at);
      if (code === '' && r.fields.slice(at).every((f) => f === '')) break; // defaulted trailing fields
      if (code === '') {
        // A summary left out, as a "/" defaults the fields after it: a type code left empty at the end of
        // its physical record (",,,/" with the next summary on an 88), or type, amount and count all empty.
        if (r.pieceEnds.includes(at + 1)) { at++; continue; }
        if (field(r, at + 1) === '' && field(r, at + 2) === '') { at = fundsType(r, at + 3, `account ${account.accountNumber} defaulted summary`).next; continue; }
        fail(r.line, `account ${account.accountNumber} has an empty field where a summary type code belongs, before "${field(r, at + 1)}"`);
      }
      if (!/^\d{3}$/.test(code)) fail(r.line, `account ${account.accountNumber} summary type code "${code}" is not three digits`);
      const value = amount(r, field(r, at + 1), `account ${account.accountNumber} ${code} amount`);
      const items = field(r, at + 2);
      if (items !== '') count(r, items, `account ${account.accountNumber} ${code} item count`);
      at = fundsType(r, at + 3, `account ${account.accountNumber} ${code}`).next;
      if (value === undefined) continue;
      total += value;
      if (code === OPENING_LEDGER && account.openingMinor === undefined) account.openingMinor = minor(r, value, 'opening ledger');
      if (code === CLOSING_LEDGER && account.closingMinor === undefined) account.closingMinor = minor(r, value, 'closing ledger');
    }
    return total;
  }

  private readDetail(r: Bai2Record, account: BankAccountReport, group: Group): BankEntry {
    const typeCode = field(r, 0);
    const direction = bai2Direction(typeCode);
    if (!direction) {
      const why = bai2CodeClass(typeCode) === 'status' ? 'is an account status code, not a transaction' : 'is not a BAI2 credit or debit code';
      fail(r.line, `transaction detail type code "${typeCode}" ${why}`);
    }
    const value = amount(r, field(r, 1), `transaction ${typeCode} amount`, false) ?? fail(r.line, `transaction ${typeCode} has no amount`);
    const funds = fundsType(r, 2, `transaction ${typeCode}`);
    const memo = r.text.replace(/\s+/g, ' ').trim();
    const { payer, remittance } = labelledRemittance(r.text, account.currency);
    return {
      direction,
      amountMinor: minor(r, value, `transaction ${typeCode} amount`),
      currency: account.currency,
      bookedOn: funds.valueDate ?? group.asOf,
      kind: bai2EntryKind(typeCode),
      typeCode,
      bankRef: field(r, funds.next),
      customerRef: field(r, funds.next + 1),
      payer,
      remittance,
      memo,
      location: `line ${r.line}`,
    };
  }
}

export function parseBai2(text: string): BankFile {
  return new Bai2Reader(scanBai2(text)).read();
}
