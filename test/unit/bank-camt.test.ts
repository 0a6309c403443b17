// ISO 20022 camt.053 statements and camt.054 notifications: the Genkgo corpus read against what that
// project expects (its JSON), batch bookings split and checked (a batch's own count and total only
// warned about), control totals and balances in the account's currency enforced,
// currencies' decimals respected, and round trips through the camt.053.001.08 writer.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankFileError, type BankAccountReport, type BankEntry, type BankFile, type EntryKind } from '../../domain/payment-documents.js';
import { parseCamt } from '../../parsers/bank/camt.js';
import { writeCamt053 } from '../../parsers/bank/camt-write.js';

const CORPUS = fileURLToPath(new URL('../fixtures/bank/camt/', import.meta.url));
const corpusXml = (name: string) => readFileSync(`${CORPUS}${name}`, 'utf8');

function rejection(run: () => unknown): BankFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof BankFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

// ---------------------------------------------------------------------------------------------
// The corpus, against the Genkgo camt library's expectations (its JSON dumps of its own objects).

type Json = Record<string, any>;
const RECURSION = '__RECURSIVITY__';

/** A Genkgo list whose first element points back at the singular getter ("getTransactionDetails[0]" → "getTransactionDetail"). */
function list(node: Json | null | undefined, plural: string, singular: string): Json[] {
  const values: unknown[] = node?.[plural] ?? [];
  return values.map((v, i) => (v === RECURSION && i === 0 ? node?.[singular] : v)).filter((v): v is Json => typeof v === 'object' && v !== null);
}

const minor = (money: Json) => Number(money.getAmount);
const date = (value: Json | null) => (value ? String(value['0']).slice(0, 10) : undefined);

/** The value every transaction states alike (undefined when none states one, or they differ). */
function agreed(values: (string | null | undefined)[]): string | undefined {
  const stated = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return stated.length > 0 && stated.every((v) => v === stated[0]) ? stated[0] : undefined;
}

interface JsonRecord { record: Json; entries: Json[] }

function jsonRecords(json: Json): JsonRecord[] {
  const records: Json[] = [];
  for (const entry of list(json, 'getEntries', 'getEntries')) {
    const record = entry.getRecord;
    if (typeof record === 'object' && !records.some((r) => r.getId === record.getId)) records.push(record);
  }
  return records.map((record) => ({
    record,
    entries: list(json, 'getEntries', 'getEntries').filter((e) => e.getRecord?.getId === record.getId),
  }));
}

function jsonBalance(record: Json, type: 'opening' | 'closing'): Json | undefined {
  return list(record, 'getBalances', 'getBalances').find((b) => b.getType === type);
}

const JSON_BALANCE_CODE = { opening: 'OPBD', closing: 'CLBD' } as const;

/** Opening and closing balances in another currency than the account's entries: they cannot be checked against them. */
function foreignBalances(json: Json): { code: string; currency: string }[] {
  return jsonRecords(json).flatMap(({ record, entries }) => {
    const currency = entries[0]?.getAmount.getCurrency.getCode;
    return (['opening', 'closing'] as const).flatMap((type) => {
      const balance = jsonBalance(record, type);
      const balanceCurrency = balance?.getAmount.getCurrency.getCode;
      return balance && balanceCurrency !== currency ? [{ code: JSON_BALANCE_CODE[type], currency: balanceCurrency }] : [];
    });
  });
}

function expectEntryMatches(entry: BankEntry, json: Json): void {
  const amount = json.getAmount;
  expect(entry.amountMinor).toBe(Math.abs(minor(amount)));
  expect(entry.direction).toBe(json.getCreditDebitIndicator === 'CRDT' ? 'credit' : 'debit');
  expect(entry.currency).toBe(amount.getCurrency.getCode);
  expect(entry.bookedOn).toBe(date(json.getBookingDate) ?? date(json.getValueDate));
  expect(entry.bankRef).toBe(json.getAccountServicerReference ?? '');
  if (json.getReversalIndicator) expect(entry.kind).toBe('return');

  const code = json.getBankTransactionCode;
  const domain = code?.getDomain;
  expect(entry.typeCode).toBe(domain
    ? [domain.getCode, domain.getFamily?.getCode, domain.getFamily?.getSubFamilyCode].filter(Boolean).join('/')
    : code?.getProprietary?.getCode ?? '');

  const details = list(json, 'getTransactionDetails', 'getTransactionDetail');
  const refs = details.map((d) => d.getReference ?? {});
  const customerRef = agreed(refs.map((r) => r.getEndToEndId)) ?? agreed(refs.map((r) => r.getChequeNumber))
    ?? agreed(refs.map((r) => r.getInstructionId)) ?? agreed(refs.map((r) => r.getPaymentInformationId)) ?? json.getBatchPaymentId ?? '';
  expect(entry.customerRef).toBe(customerRef);

  const debtors = details.map((d) => list(d, 'getRelatedParties', 'getRelatedParty').find((p) => p.getRelatedPartyType?.__CLASS__.endsWith('\\Debtor')));
  expect(entry.payer.name).toBe(agreed(debtors.map((p) => p?.getRelatedPartyType.getName)));
  expect(entry.payer.accountRef).toBe(agreed(debtors.map((p) => p?.getAccount?.getIdentification)));
  const debtorAgents = details.map((d) => list(d, 'getRelatedAgents', 'getRelatedAgent').find((a) => a.getRelatedAgentType?.__CLASS__.endsWith('\\DebtorAgent')));
  expect(entry.payer.bankId).toBe(agreed(debtorAgents.map((a) => a?.getRelatedAgentType.getBIC)));

  const remittances = details.map((d) => d.getRemittanceInformation).filter(Boolean);
  const structured = remittances.flatMap((r) => list(r, 'getStructuredBlocks', 'getStructuredBlock'));
  // A block's creditor reference written as a reference back is the one its remittance already showed.
  const creditorRefs = remittances.flatMap((r) => list(r, 'getStructuredBlocks', 'getStructuredBlock').map((block) => (
    block.getCreditorReferenceInformation === RECURSION ? r.getCreditorReferenceInformation : block.getCreditorReferenceInformation)?.getRef));
  expect(entry.remittance.map((line) => line.reference)).toEqual(creditorRefs.filter(Boolean));
  const freeText = [
    ...remittances.flatMap((r) => list(r, 'getUnstructuredBlocks', 'getUnstructuredBlock').map((u) => u.getMessage)),
    ...structured.map((s) => s.getAdditionalRemittanceInformation),
    ...details.map((d) => d.getAdditionalTransactionInformation),
    json.getAdditionalInfo,
  ].filter(Boolean);
  for (const text of freeText) expect(entry.memo).toContain(text);
}

function expectFileMatches(file: BankFile, json: Json): void {
  const header = json.getGroupHeader;
  expect(file.fileId).toBe(header.getMessageId);
  expect(file.createdOn).toBe(date(header.getCreatedOn));
  const records = jsonRecords(json);
  expect(records.length).toBeGreaterThan(0);
  for (const { record, entries } of records) {
    expect(file.format).toBe(record.__CLASS__.includes('\\Camt054\\') ? 'camt.054' : 'camt.053');
    // A balance in another currency than the account's is not the account's balance: the reader leaves it out.
    const currency = entries[0]?.getAmount.getCurrency.getCode;
    const expected = (type: 'opening' | 'closing') => {
      const balance = jsonBalance(record, type);
      return balance && balance.getAmount.getCurrency.getCode === currency ? minor(balance.getAmount) : undefined;
    };
    const matches = file.accounts.filter((a: BankAccountReport) => a.accountNumber === record.getAccount.getIdentification
      && a.openingMinor === expected('opening') && a.closingMinor === expected('closing'));
    expect(matches).toHaveLength(1);
    const account = matches[0]!;
    // The record lists each of its entries (as objects or as references back to them).
    expect(account.entries).toHaveLength(record.getEntries.length);
    for (const entry of entries) {
      expect(account.currency).toBe(entry.getAmount.getCurrency.getCode);
      expectEntryMatches(account.entries[entry.getIndex]!, entry);
    }
  }
}

describe('the Genkgo camt corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));

  it('has the files the tests below read', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(readdirSync(CORPUS)).toContain('LICENSE.genkgo-camt');
  });

  for (const name of files) {
    const xmlName = name.replace(/\.json$/, '.xml');
    it(`${xmlName} reads as the JSON expects`, () => {
      const json = JSON.parse(corpusXml(name)) as Json;
      const xml = corpusXml(xmlName);
      const file = parseCamt(xml);
      expectFileMatches(file, json);
      // Bytes read the same as text.
      expect(parseCamt(Buffer.from(xml, 'utf8'))).toEqual(file);
    });
  }

  for (const name of ['camt053.v2.minimal', 'camt053.v4', 'camt053.v8']) {
    it(`reads ${name}.xml, whose closing balance is in SEK on an EUR account, keeping only the EUR opening balance`, () => {
      expect(foreignBalances(JSON.parse(corpusXml(`${name}.json`)) as Json)).toEqual([{ code: 'CLBD', currency: 'SEK' }]);
      const [account, ...others] = parseCamt(corpusXml(`${name}.xml`)).accounts;
      expect(others).toEqual([]);
      expect(account).toMatchObject({ currency: 'EUR', openingMinor: 1815 });
      expect(account).not.toHaveProperty('closingMinor');
    });
  }

  it('reads camt054.v8.xml, whose batch counts 2 transactions and lists 3, as one entry that says so', () => {
    const [account] = parseCamt(corpusXml('camt054.v8.xml')).accounts;
    expect(account!.entries).toHaveLength(1);
    const [entry] = account!.entries;
    // The TxDtls state CHF on a SEK booking: the booking cannot be divided among them, so it stays whole.
    expect(entry).toMatchObject({ amountMinor: 20000000, currency: 'SEK', direction: 'debit', customerRef: 'UXC06170000006PI00001' });
    expect(entry!.memo).toContain('batch says 2 transactions, 3 listed');
    expect(entry!.memo).toContain('batch says a total of -6.30 CHF, the 3 transactions listed net to 9.50 CHF');
  });

  it('refuses camt053.v2.wrong.xml, a statement message without any statement', () => {
    const error = rejection(() => parseCamt(corpusXml('camt053.v2.wrong.xml')));
    expect(error.format).toBe('camt.053');
    expect(error.reason).toBe('Document/BkToCstmrStmt/Stmt is missing: the message reports on no account');
    expect(error.line).toBe(3);
  });

  it('keeps a multi-statement file as one account report per statement, each balanced', () => {
    const file = parseCamt(corpusXml('camt053.v2.multi.statement.xml'));
    expect(file.accounts.map((a) => [a.openingMinor, a.closingMinor, a.entries.map((e) => e.location)])).toEqual([
      [1815, 2700, ['Stmt 1 / Ntry 1']],
      [2700, 2000, ['Stmt 2 / Ntry 1']],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written statements.

const NS53 = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

function statementXml(body: string, options: { currency?: string; header?: string; namespace?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${options.namespace ?? NS53}">
  <BkToCstmrStmt>
    ${options.header ?? '<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-01T08:00:00+01:00</CreDtTm></GrpHdr>'}
    <Stmt>
      <Id>STMT-1</Id>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id>${options.currency === '' ? '' : `<Ccy>${options.currency ?? 'EUR'}</Ccy>`}</Acct>
${body}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

function ntry(amount: string, indicator: 'CRDT' | 'DBIT', inner = '', currency = 'EUR'): string {
  return `      <Ntry>
        <Amt Ccy="${currency}">${amount}</Amt>
        <CdtDbtInd>${indicator}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2024-02-29</Dt></BookgDt>
        ${inner}
      </Ntry>`;
}

function bal(code: string, amount: string, indicator: 'CRDT' | 'DBIT', currency = 'EUR'): string {
  return `      <Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Dt><Dt>2024-02-29</Dt></Dt></Bal>`;
}

const tx = (amount: string | undefined, ref: string, payer: string, extra = '') => `<TxDtls>
          <Refs><EndToEndId>${ref}</EndToEndId></Refs>
          ${amount === undefined ? '' : `<Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>`}
          <RltdPties><Dbtr><Pty><Nm>${payer}</Nm></Pty></Dbtr></RltdPties>
          ${extra}
        </TxDtls>`;

describe('batch bookings', () => {
  const batch = (third: string) => ntry('100.00', 'CRDT', `<AcctSvcrRef>BATCH-7</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>3</NbOfTxs></Btch>
          ${tx('30.00', 'E2E-A', 'Acme GmbH', '<RmtInf><Strd><RfrdDocInf><Nb>INV-1001</Nb></RfrdDocInf></Strd></RmtInf>')}
          ${tx('50.00', 'E2E-B', 'Globex SA', '<RmtInf><Ustrd>INV-1002 and INV-1003</Ustrd></RmtInf>')}
          <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><InstrId>INSTR-C</InstrId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">${third}</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>Initech</Nm></Dbtr></RltdPties></TxDtls>
        </NtryDtls>
        <AddtlNtryInf>SEPA batch</AddtlNtryInf>`);

  it('splits a batch into one entry per transaction, each with its own amount, payer and reference', () => {
    const [account] = parseCamt(statementXml(batch('20.00'))).accounts;
    expect(account!.entries.map((e) => [e.amountMinor, e.direction, e.customerRef, e.payer.name, e.bankRef, e.location, e.kind, e.typeCode])).toEqual([
      [3000, 'credit', 'E2E-A', 'Acme GmbH', 'BATCH-7#1', 'Stmt 1 / Ntry 1 / TxDtls 1', 'ach', 'PMNT/RCDT/ESCT'],
      [5000, 'credit', 'E2E-B', 'Globex SA', 'BATCH-7#2', 'Stmt 1 / Ntry 1 / TxDtls 2', 'ach', 'PMNT/RCDT/ESCT'],
      [2000, 'credit', 'INSTR-C', 'Initech', 'BATCH-7#3', 'Stmt 1 / Ntry 1 / TxDtls 3', 'ach', 'PMNT/RCDT/ESCT'],
    ]);
    expect(account!.entries[0]!.remittance).toEqual([{ reference: 'INV-1001' }]);
    expect(account!.entries[1]!.memo).toBe('INV-1002 and INV-1003 | SEPA batch');
  });

  it('gives each transaction its own reference when the bank repeats one on all of them (a Swiss ISR package id)', () => {
    const shared = (amount: string, ref: string) => `<TxDtls><Refs><AcctSvcrRef>PKG-42</AcctSvcrRef></Refs><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RmtInf><Strd><CdtrRefInf><Ref>${ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>`;
    const xml = statementXml(ntry('50.00', 'CRDT', `<AcctSvcrRef>E-1</AcctSvcrRef><NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>${shared('30.00', 'RF18000001')}${shared('20.00', 'RF18000002')}</NtryDtls>`));
    expect(parseCamt(xml).accounts[0]!.entries.map((e) => [e.bankRef, e.amountMinor, e.remittance[0]?.reference])).toEqual([
      ['PKG-42#1', 3000, 'RF18000001'], ['PKG-42#2', 2000, 'RF18000002'],
    ]);
  });

  it('rejects a batch whose transactions do not add up to the booking', () => {
    const xml = statementXml(batch('25.00'));
    const error = rejection(() => parseCamt(xml));
    expect(error.reason).toBe("Document/BkToCstmrStmt/Stmt/Ntry: its 3 TxDtls amounts net to 105.00 EUR, but the entry's Amt is 100.00 EUR");
    expect(xml.split('\n')[error.line - 1]).toContain('<Ntry>');
  });

  it('warns, does not reject, when a batch\'s NbOfTxs disagrees with the transactions listed', () => {
    const [account] = parseCamt(statementXml(batch('20.00').replace('<NbOfTxs>3', '<NbOfTxs>4'))).accounts;
    expect(account!.entries.map((e) => e.amountMinor)).toEqual([3000, 5000, 2000]);
    for (const entry of account!.entries) expect(entry.memo).toContain('batch says 4 transactions, 3 listed');
    expect(account!.entries[1]!.memo).toBe('INV-1002 and INV-1003 | SEPA batch | batch says 4 transactions, 3 listed');
  });

  it('warns, does not reject, when a batch\'s TtlAmt disagrees with the transactions listed', () => {
    const xml = statementXml(batch('20.00').replace('<NbOfTxs>3</NbOfTxs>', '<NbOfTxs>3</NbOfTxs><TtlAmt Ccy="EUR">90.00</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd>'));
    const [account] = parseCamt(xml).accounts;
    expect(account!.entries.map((e) => e.amountMinor)).toEqual([3000, 5000, 2000]);
    for (const entry of account!.entries) {
      expect(entry.memo).toContain('batch says a total of 90.00 EUR, the 3 transactions listed net to 100.00 EUR');
      expect(entry.memo).not.toContain('transactions, 3 listed');
    }
  });

  it('says nothing when a batch\'s NbOfTxs and TtlAmt agree with the transactions listed', () => {
    const xml = statementXml(batch('20.00').replace('<NbOfTxs>3</NbOfTxs>', '<NbOfTxs>3</NbOfTxs><TtlAmt Ccy="EUR">100.00</TtlAmt>'));
    expect(parseCamt(xml).accounts[0]!.entries.map((e) => e.memo)).toEqual(['SEPA batch', 'INV-1002 and INV-1003 | SEPA batch', 'SEPA batch']);
  });

  it('still rejects a miscounted batch whose transactions do not add up to the booking', () => {
    const error = rejection(() => parseCamt(statementXml(batch('25.00').replace('<NbOfTxs>3', '<NbOfTxs>4'))));
    expect(error.reason).toBe("Document/BkToCstmrStmt/Stmt/Ntry: its 3 TxDtls amounts net to 105.00 EUR, but the entry's Amt is 100.00 EUR");
  });

  it('keeps a miscounted batch whole, with one warning, when its transactions state no amount in the booking\'s currency', () => {
    const usd = (amount: string, ref: string) => tx(amount, ref, 'Acme GmbH').replace('Ccy="EUR"', 'Ccy="USD"');
    const xml = statementXml(ntry('80.00', 'CRDT', `<NtryDtls><Btch><NbOfTxs>1</NbOfTxs></Btch>${usd('40.00', 'E2E-1')}${usd('45.00', 'E2E-2')}</NtryDtls>`));
    const entries = parseCamt(xml).accounts[0]!.entries;
    expect(entries.map((e) => [e.amountMinor, e.location, e.memo])).toEqual([[8000, 'Stmt 1 / Ntry 1', 'batch says 1 transaction, 2 listed']]);
  });

  it('keeps a batch whole when its transactions state no amounts, with what they agree on', () => {
    const xml = statementXml(ntry('80.00', 'CRDT', `<NtryDtls>${tx(undefined, 'E2E-1', 'Acme GmbH')}${tx(undefined, 'E2E-2', 'Acme GmbH')}</NtryDtls>`));
    const [entry, ...rest] = parseCamt(xml).accounts[0]!.entries;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ amountMinor: 8000, customerRef: '', payer: { name: 'Acme GmbH' }, location: 'Stmt 1 / Ntry 1' });
  });

  it('uses the entry amount for a single transaction, whatever the TxDtls says', () => {
    const xml = statementXml(ntry('80.00', 'CRDT', `<NtryDtls>${tx('79.00', 'E2E-1', 'Acme GmbH')}</NtryDtls>`));
    expect(parseCamt(xml).accounts[0]!.entries.map((e) => [e.amountMinor, e.customerRef])).toEqual([[8000, 'E2E-1']]);
  });
});

describe('control totals and balances', () => {
  const twoEntries = `${ntry('100.00', 'CRDT')}\n${ntry('40.00', 'DBIT')}`;
  const summary = (count: string, sum: string, credits = '1', debits = '1') => `      <TxsSummry>
        <TtlNtries><NbOfNtries>${count}</NbOfNtries><Sum>${sum}</Sum><TtlNetNtry><Amt>60.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TtlNetNtry></TtlNtries>
        <TtlCdtNtries><NbOfNtries>${credits}</NbOfNtries><Sum>100.00</Sum></TtlCdtNtries>
        <TtlDbtNtries><NbOfNtries>${debits}</NbOfNtries><Sum>40</Sum></TtlDbtNtries>
      </TxsSummry>`;

  it('accepts a statement whose summary and balances agree with its entries', () => {
    const xml = statementXml(`${bal('OPBD', '10.00', 'DBIT')}\n${bal('CLBD', '50.00', 'CRDT')}\n${summary('2', '140.00')}\n${twoEntries}`);
    const [account] = parseCamt(xml).accounts;
    expect([account!.openingMinor, account!.closingMinor, account!.entries.length]).toEqual([-1000, 5000, 2]);
  });

  it('rejects a TtlNtries count that does not match the entries', () => {
    const error = rejection(() => parseCamt(statementXml(`${summary('3', '140.00')}\n${twoEntries}`)));
    expect(error.reason).toBe('Document/BkToCstmrStmt/Stmt/TxsSummry/TtlNtries/NbOfNtries says 3 entries but Document/BkToCstmrStmt/Stmt has 2');
  });

  it('rejects a TtlNtries sum, a credit count or a net that does not match', () => {
    expect(rejection(() => parseCamt(statementXml(`${summary('2', '150.00')}\n${twoEntries}`))).reason)
      .toBe('Document/BkToCstmrStmt/Stmt/TxsSummry/TtlNtries/Sum says 150.00 but the entries add up to 140.00 EUR');
    expect(rejection(() => parseCamt(statementXml(`${summary('2', '140.00', '2', '0')}\n${twoEntries}`))).reason)
      .toContain('TtlCdtNtries/NbOfNtries says 2 entries');
    expect(rejection(() => parseCamt(statementXml(`${summary('2', '140.00').replace('<Amt>60.00', '<Amt>61.00')}\n${twoEntries}`))).reason)
      .toContain('TtlNetNtry/Amt says a net of 61.00 but the entries net to 60.00 EUR');
  });

  it('rejects a closing balance that the opening balance and the entries do not reach', () => {
    const xml = statementXml(`${bal('OPBD', '10.00', 'CRDT')}\n${bal('CLBD', '50.00', 'CRDT')}\n${twoEntries}`);
    const error = rejection(() => parseCamt(xml));
    expect(error.reason).toBe('Document/BkToCstmrStmt/Stmt: opening balance (OPBD) 10.00 EUR with booked entries netting 60.00 EUR '
      + 'makes 70.00 EUR, but the closing balance (CLBD) is 50.00 EUR');
    expect(xml.split('\n')[error.line - 1]).toContain('CLBD');
  });

  it('leaves a balance in another currency out of the account and out of the check, without rejecting', () => {
    const xml = statementXml(`${bal('OPBD', '10.00', 'CRDT')}\n${bal('CLBD', '999.00', 'DBIT', 'SEK')}\n${twoEntries}`);
    const [account] = parseCamt(xml).accounts;
    expect(account).toMatchObject({ currency: 'EUR', openingMinor: 1000 });
    expect(account).not.toHaveProperty('closingMinor');
    expect(account!.entries.map((e) => e.amountMinor)).toEqual([10000, 4000]);
    const foreignOpening = parseCamt(statementXml(`${bal('OPBD', '1.00', 'CRDT', 'USD')}\n${bal('CLBD', '50.00', 'CRDT')}\n${twoEntries}`)).accounts[0]!;
    expect(foreignOpening).not.toHaveProperty('openingMinor');
    expect(foreignOpening.closingMinor).toBe(5000);
  });

  it('still checks the balances in the account\'s currency when one in another currency stands beside them', () => {
    const xml = (closing: string) => statementXml(`${bal('OPBD', '10.00', 'CRDT')}\n${bal('CLBD', '27.00', 'DBIT', 'SEK')}\n${bal('CLBD', closing, 'CRDT')}\n${twoEntries}`);
    expect(parseCamt(xml('70.00')).accounts[0]).toMatchObject({ openingMinor: 1000, closingMinor: 7000 });
    expect(rejection(() => parseCamt(xml('50.00'))).reason).toContain('makes 70.00 EUR, but the closing balance (CLBD) is 50.00 EUR');
    // An opening balance in another currency gives way to the previous closing in the account's.
    const withPrcd = statementXml(`${bal('OPBD', '5.00', 'CRDT', 'USD')}\n${bal('PRCD', '10.00', 'CRDT')}\n${bal('CLBD', '50.00', 'CRDT')}\n${twoEntries}`);
    expect(rejection(() => parseCamt(withPrcd)).reason).toContain('opening balance (PRCD) 10.00 EUR');
  });

  it('takes the previous closing (PRCD) as the opening balance', () => {
    const xml = statementXml(`${bal('PRCD', '10.00', 'CRDT')}\n${bal('CLBD', '70.00', 'CRDT')}\n${twoEntries}`);
    expect(parseCamt(xml).accounts[0]!.openingMinor).toBe(1000);
  });

  it('leaves pending entries out of the entries and out of the balance, and lists them as skipped', () => {
    const pending = ntry('999.00', 'CRDT').replace('<Cd>BOOK</Cd>', '<Cd>PDNG</Cd>');
    const xml = statementXml(`${bal('OPBD', '0', 'CRDT')}\n${bal('CLBD', '60.00', 'CRDT')}\n${twoEntries}\n${pending}`);
    const file = parseCamt(xml);
    expect(file.accounts[0]!.entries.map((e) => e.amountMinor)).toEqual([10000, 4000]);
    expect(file.skipped).toEqual([
      { location: 'Stmt 1 / Ntry 3', reason: 'status PDNG (pending): not a booking, so neither an entry nor part of the balance' },
    ]);
    expect(parseCamt(statementXml(twoEntries)).skipped).toBeUndefined();
  });

  it('lists a notification\'s information-only entry (Sts INFO, version 8) as skipped, not as money', () => {
    const info = ntry('47.40', 'CRDT').replace('<Cd>BOOK</Cd>', '<Cd>INFO</Cd>');
    const xml = statementXml(info).replace(/BkToCstmrStmt/g, 'BkToCstmrDbtCdtNtfctn').replace(/Stmt>/g, 'Ntfctn>')
      .replace(NS53, 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.08');
    const file = parseCamt(xml);
    expect(file.format).toBe('camt.054');
    expect(file.accounts[0]!.entries).toEqual([]);
    expect(file.skipped).toEqual([{ location: 'Ntfctn 1 / Ntry 1', reason: expect.stringContaining('status INFO (information only)') }]);
  });

  it('takes a multi-day statement\'s earliest opening and latest closing balance, whatever order the days are written in', () => {
    const day = (d: string, code: string, amount: string) => bal(code, amount, 'CRDT').replace('2024-02-29', d);
    const days = [day('2024-02-28', 'OPBD', '10.00'), day('2024-02-28', 'CLBD', '110.00'), day('2024-02-29', 'OPBD', '110.00'), day('2024-02-29', 'CLBD', '70.00')];
    const [account] = parseCamt(statementXml(`${days.join('\n')}\n${twoEntries}`)).accounts;
    expect([account!.openingMinor, account!.closingMinor]).toEqual([1000, 7000]);
    const [reversed] = parseCamt(statementXml(`${[...days].reverse().join('\n')}\n${twoEntries}`)).accounts;
    expect([reversed!.openingMinor, reversed!.closingMinor]).toEqual([1000, 7000]);
    // The period's own figures must still agree.
    expect(rejection(() => parseCamt(statementXml(`${days.join('\n').replace('70.00', '75.00')}\n${twoEntries}`))).reason)
      .toContain('the closing balance (CLBD) is 75.00 EUR');
  });

  it('does not hold one page of a paginated statement to the whole statement\'s figures', () => {
    const page = '<StmtPgntn><PgNb>2</PgNb><LastPgInd>true</LastPgInd></StmtPgntn>';
    const xml = statementXml(`${bal('OPBD', '10.00', 'CRDT')}\n${bal('CLBD', '500.00', 'CRDT')}\n${summary('9', '900.00')}\n${twoEntries}`)
      .replace('<Id>STMT-1</Id>', `<Id>STMT-1</Id>${page}`);
    expect(parseCamt(xml).accounts[0]!.entries).toHaveLength(2);
    expect(() => parseCamt(xml.replace('<PgNb>2</PgNb>', '<PgNb>1</PgNb>'))).toThrow(BankFileError);
  });

  it('does not hold one message of a statement sent in several (GrpHdr/MsgPgntn) to the whole statement\'s figures', () => {
    const header = (page: string, last: string) => `<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-01T08:00:00+01:00</CreDtTm><MsgPgntn><PgNb>${page}</PgNb><LastPgInd>${last}</LastPgInd></MsgPgntn></GrpHdr>`;
    const body = `${bal('OPBD', '10.00', 'CRDT')}\n${bal('CLBD', '500.00', 'CRDT')}\n${summary('9', '900.00')}\n${twoEntries}`;
    expect(parseCamt(statementXml(body, { header: header('2', 'false') })).accounts[0]!.entries).toHaveLength(2);
    expect(() => parseCamt(statementXml(body, { header: header('1', 'true') }))).toThrow(BankFileError);
  });
});

describe('amounts and currencies', () => {
  it('reads JPY amounts without decimals', () => {
    const xml = statementXml(`${bal('OPBD', '1000', 'CRDT', 'JPY')}\n${bal('CLBD', '3700', 'CRDT', 'JPY')}\n${ntry('2700', 'CRDT', '', 'JPY')}`, { currency: 'JPY' });
    const [account] = parseCamt(xml).accounts;
    expect([account!.currency, account!.openingMinor, account!.closingMinor, account!.entries[0]!.amountMinor]).toEqual(['JPY', 1000, 3700, 2700]);
  });

  it('reads trailing zeros past the currency\'s decimals as the same amount, as banks write them (8.850 EUR, 5442.09000 RON)', () => {
    const xml = statementXml(`${bal('OPBD', '18.150', 'CRDT')}\n${bal('CLBD', '27.000', 'CRDT')}\n${ntry('8.850', 'CRDT')}`);
    const [account] = parseCamt(xml).accounts;
    expect([account!.openingMinor, account!.closingMinor, account!.entries[0]!.amountMinor]).toEqual([1815, 2700, 885]);
    const ron = statementXml(`${bal('OPBD', '5442.09000', 'CRDT', 'RON')}`, { currency: 'RON' });
    expect(parseCamt(ron).accounts[0]!.openingMinor).toBe(544209);
    expect(rejection(() => parseCamt(statementXml(ntry('8.851', 'CRDT')))).reason).toContain('8.851 has more decimals than EUR has (2)');
  });

  it('rejects more decimals than the currency has', () => {
    expect(rejection(() => parseCamt(statementXml(ntry('2700.5', 'CRDT', '', 'JPY'), { currency: 'JPY' }))).reason)
      .toBe('Document/BkToCstmrStmt/Stmt/Ntry/Amt 2700.5 has more decimals than JPY has (0)');
    expect(rejection(() => parseCamt(statementXml(ntry('12.345', 'CRDT')))).reason).toContain('12.345 has more decimals than EUR has (2)');
    expect(parseCamt(statementXml(ntry('12.345', 'CRDT', '', 'BHD'), { currency: 'BHD' })).accounts[0]!.entries[0]!.amountMinor).toBe(12345);
  });

  it('rejects an amount without a currency, a negative amount, and an entry in another currency than the account', () => {
    expect(rejection(() => parseCamt(statementXml(ntry('1.00', 'CRDT').replace(' Ccy="EUR"', '')))).reason)
      .toBe('Document/BkToCstmrStmt/Stmt/Ntry/Amt has no currency (Ccy attribute)');
    expect(rejection(() => parseCamt(statementXml(ntry('-1.00', 'CRDT')))).reason).toContain('is negative');
    expect(rejection(() => parseCamt(statementXml(ntry('1.00', 'CRDT', '', 'USD')))).reason)
      .toBe('Document/BkToCstmrStmt/Stmt/Ntry/Amt is in USD but the account is in EUR');
  });

  it('takes the currency from the entries when the account states none', () => {
    expect(parseCamt(statementXml(ntry('5.00', 'DBIT', '', 'CHF'), { currency: '' })).accounts[0]!.currency).toBe('CHF');
  });
});

describe('what an entry says', () => {
  it('marks a reversal as a return, in the direction the bank booked it', () => {
    const xml = statementXml(ntry('25.00', 'DBIT', `<RvslInd>true</RvslInd>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>`));
    expect(parseCamt(xml).accounts[0]!.entries[0]).toMatchObject({ kind: 'return', direction: 'debit', amountMinor: 2500, typeCode: 'PMNT/RCDT/ESCT' });
  });

  it('reads payer, references and structured remittance with its amounts', () => {
    const xml = statementXml(ntry('95.00', 'CRDT', `<AcctSvcrRef>BANK-REF-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><PmtInfId>PMT-9</PmtInfId><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Pty><Nm>Acme Corp</Nm></Pty></Dbtr><DbtrAcct><Id><Othr><Id>000123456</Id></Othr></Id></DbtrAcct></RltdPties>
          <RltdAgts><DbtrAgt><FinInstnId><BICFI>CHASUS33XXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>
          <RmtInf>
            <Ustrd>Payment for March</Ustrd>
            <Strd>
              <RfrdDocInf><Nb>INV-000123</Nb></RfrdDocInf>
              <RfrdDocAmt>
                <DuePyblAmt Ccy="EUR">100.00</DuePyblAmt>
                <DscntApldAmt><Amt Ccy="EUR">2.00</Amt></DscntApldAmt>
                <AdjstmntAmtAndRsn><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Rsn>DAMG</Rsn><AddtlInf>damaged goods</AddtlInf></AdjstmntAmtAndRsn>
                <RmtdAmt Ccy="EUR">95.00</RmtdAmt>
              </RfrdDocAmt>
            </Strd>
            <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>
          </RmtInf>
          <AddtlTxInf>via correspondent</AddtlTxInf>
        </TxDtls></NtryDtls>`));
    expect(parseCamt(xml).accounts[0]!.entries[0]).toEqual({
      direction: 'credit', amountMinor: 9500, currency: 'EUR', bookedOn: '2024-02-29', kind: 'wire', typeCode: 'PMNT/ICDT/XBCT',
      bankRef: 'BANK-REF-1', customerRef: 'PMT-9',
      payer: { name: 'Acme Corp', accountRef: '000123456', bankId: 'CHASUS33XXX' },
      remittance: [
        { reference: 'INV-000123', invoiceAmountMinor: 10000, discountMinor: 200, adjustmentMinor: 300, adjustmentReason: 'DAMG damaged goods', paidMinor: 9500 },
        { reference: 'RF18539007547034' },
      ],
      memo: 'Payment for March | via correspondent',
      location: 'Stmt 1 / Ntry 1',
    });
  });

  it('joins unstructured remittance cut at 140 characters without inventing a space', () => {
    const first = `INV-${'1'.repeat(136)}`;
    const xml = statementXml(ntry('1.00', 'CRDT', `<NtryDtls><TxDtls><RmtInf><Ustrd>${first}</Ustrd><Ustrd>23 paid</Ustrd></RmtInf></TxDtls></NtryDtls>`));
    expect(parseCamt(xml).accounts[0]!.entries[0]!.memo).toBe(`${first}23 paid`);
  });

  const kinds: [string, EntryKind][] = [
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>', 'ach'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn>', 'wire'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>BCHQ</SubFmlyCd></Fmly></Domn>', 'check'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>CNTR</Cd><SubFmlyCd>CDPT</SubFmlyCd></Fmly></Domn>', 'deposit'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>CNTR</Cd><SubFmlyCd>CWDL</SubFmlyCd></Fmly></Domn>', 'other'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>LBOX</Cd><SubFmlyCd>LBDP</SubFmlyCd></Fmly></Domn>', 'lockbox'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>CCRD</Cd><SubFmlyCd>POSD</SubFmlyCd></Fmly></Domn>', 'card'],
    ['<Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn>', 'fee'],
    ['<Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn>', 'return'],
    ['<Prtry><Cd>NCHK</Cd></Prtry>', 'check'],
    ['<Prtry><Cd>544</Cd></Prtry>', 'other'],
  ];
  it.each(kinds)('reads BkTxCd %s as %s', (code, kind) => {
    expect(parseCamt(statementXml(ntry('1.00', 'CRDT', `<BkTxCd>${code}</BkTxCd>`))).accounts[0]!.entries[0]!.kind).toBe(kind);
  });

  it('reads a camt.054 of another version the same way, dating entries by value date or the message', () => {
    const xml = statementXml(`${ntry('7.00', 'CRDT').replace(/<BookgDt>.*<\/BookgDt>/, '<ValDt><DtTm>2024-02-28T23:30:00-05:00</DtTm></ValDt>')}
${ntry('8.00', 'CRDT').replace(/<BookgDt>.*<\/BookgDt>/, '')}`, { namespace: 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.13' })
      .replace(/BkToCstmrStmt/g, 'BkToCstmrDbtCdtNtfctn').replace(/<(\/?)Stmt>/g, '<$1Ntfctn>');
    const file = parseCamt(xml);
    expect(file.format).toBe('camt.054');
    expect(file.accounts[0]!.entries.map((e) => [e.bookedOn, e.location])).toEqual([['2024-02-28', 'Ntfctn 1 / Ntry 1'], ['2024-03-01', 'Ntfctn 1 / Ntry 2']]);
  });

  it('takes "NONREF" (the SWIFT MT word for no reference) for no reference, falling back to the entry reference', () => {
    const xml = statementXml(ntry('5.00', 'CRDT', `<NtryRef>2024022900017</NtryRef><AcctSvcrRef>NONREF</AcctSvcrRef>
        <NtryDtls><TxDtls><Refs><EndToEndId>NONREF</EndToEndId><InstrId>INSTR-9</InstrId></Refs></TxDtls></NtryDtls>`));
    const [entry] = parseCamt(xml).accounts[0]!.entries;
    expect([entry!.bankRef, entry!.customerRef]).toEqual(['2024022900017', 'INSTR-9']);
  });

  it('reads a Document delivered in an envelope beside its business application header (AppHdr) as the Document alone', () => {
    const plain = statementXml(`${bal('OPBD', '1.00', 'CRDT')}\n${bal('CLBD', '3.50', 'CRDT')}\n${ntry('2.50', 'CRDT', '<AcctSvcrRef>R1</AcctSvcrRef>')}`);
    const header = '<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><BizMsgIdr>B-1</BizMsgIdr><MsgDefIdr>camt.053.001.08</MsgDefIdr></AppHdr>';
    const document = plain.replace('<?xml version="1.0" encoding="UTF-8"?>', '');
    const enveloped = `<?xml version="1.0" encoding="UTF-8"?>\n<BizMsgEnvlp>${header}\n${document}\n</BizMsgEnvlp>`;
    const file = parseCamt(enveloped);
    expect(file.accounts).toEqual(parseCamt(plain).accounts);
    expect(file.fileId).toBe('MSG-1');
    const twice = enveloped.replace('</BizMsgEnvlp>', `${document}</BizMsgEnvlp>`);
    expect(rejection(() => parseCamt(twice)).reason).toMatch(/^BizMsgEnvlp carries 2 ISO 20022 Documents/);
  });

  it('reads elements with a namespace prefix as without one', () => {
    const plain = statementXml(`${bal('OPBD', '1.00', 'CRDT')}\n${bal('CLBD', '3.50', 'CRDT')}\n${ntry('2.50', 'CRDT', '<AcctSvcrRef>R1</AcctSvcrRef>')}`);
    const prefixed = plain.replace('xmlns="', 'xmlns:c="').replace(/<(\/?)([A-Za-z]+)(?=[ >])/g, '<$1c:$2');
    expect(prefixed).toContain('<c:Ntry>');
    expect(parseCamt(prefixed)).toEqual(parseCamt(plain));
  });
});

describe('files that are not readable camt', () => {
  const cases: [string, string, RegExp][] = [
    ['not XML', 'MSG,2024-03-01,100.00', /^not well-formed XML/],
    ['broken XML', statementXml(ntry('1.00', 'CRDT')).replace('</Ntry>', ''), /^not well-formed XML/],
    ['another message', statementXml('').replace(/BkToCstmrStmt/g, 'CstmrCdtTrfInitn'), /pain\.001 payment order/],
    ['unrelated XML', '<Invoice><ID>1</ID></Invoice>', /not a camt\.053 or camt\.054 message \(Invoice\)/],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY a "b">]>${statementXml('')}`.replace('<?xml version="1.0" encoding="UTF-8"?>', ''), /DOCTYPE/],
    ['no MsgId', statementXml('', { header: '<GrpHdr><CreDtTm>2024-03-01T08:00:00</CreDtTm></GrpHdr>' }), /^Document\/BkToCstmrStmt\/GrpHdr\/MsgId is missing$/],
    ['no Stmt/Id', statementXml('').replace('<Id>STMT-1</Id>', ''), /^Document\/BkToCstmrStmt\/Stmt\/Id is missing$/],
    ['no Acct', statementXml('').replace(/<Acct>.*<\/Acct>/, ''), /^Document\/BkToCstmrStmt\/Stmt\/Acct is missing$/],
    ['no Ntry/Amt', statementXml(ntry('1.00', 'CRDT').replace(/<Amt.*<\/Amt>/, '')), /^Document\/BkToCstmrStmt\/Stmt\/Ntry\/Amt is missing$/],
    ['no CdtDbtInd', statementXml(ntry('1.00', 'CRDT').replace(/<CdtDbtInd>.*<\/CdtDbtInd>/, '')), /^Document\/BkToCstmrStmt\/Stmt\/Ntry\/CdtDbtInd is missing$/],
    ['a bad CdtDbtInd', statementXml(ntry('1.00', 'CRDT').replace('CRDT', 'CR')), /"CR" is neither CRDT nor DBIT/],
    // Bal/CdtDbtInd is mandatory in every version: without it the balance's sign is unknown.
    ['a balance without CdtDbtInd', statementXml(bal('OPBD', '1.00', 'CRDT').replace('<CdtDbtInd>CRDT</CdtDbtInd>', '')), /^Document\/BkToCstmrStmt\/Stmt\/Bal\/CdtDbtInd is missing$/],
    ['a bad date', statementXml(ntry('1.00', 'CRDT').replace('2024-02-29', '2023-02-29')), /BookgDt\/Dt "2023-02-29" is not a date/],
  ];
  it.each(cases)('rejects %s with the reason', (_what, xml, reason) => {
    const error = rejection(() => parseCamt(xml));
    expect(error.reason).toMatch(reason);
    expect(['camt.053', 'camt.054']).toContain(error.format);
  });

  it('names the line of the element at fault', () => {
    const xml = statementXml(`${ntry('1.00', 'CRDT')}\n${ntry('2.00', 'CRDT').replace(/<CdtDbtInd>.*<\/CdtDbtInd>/, '')}`);
    const error = rejection(() => parseCamt(xml));
    expect(error.reason).toBe('Document/BkToCstmrStmt/Stmt/Ntry[2]/CdtDbtInd is missing');
    expect(xml.split('\n')[error.line - 1]).toContain('<Ntry>');
    expect(error.line).toBeGreaterThan(xml.split('\n').findIndex((l) => l.includes('1.00')) + 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

/** Text from `alphabet`, `min` to `max` characters (cheaper to generate than fc.stringMatching). */
const textOf = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((chars) => chars.join(''));
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
// Characters XML must escape, spaces inside, and non-ASCII: references as payers write them.
const token = textOf(`${UPPER}abcxyz${DIGITS}&<>"' /.-äé€`, 1, 30).filter((s) => s.trim() === s && !/^(?:NOT ?PROVIDED|NONREF)$/i.test(s));
const iban = fc.tuple(textOf(UPPER, 2, 2), textOf(DIGITS, 2, 2), textOf(UPPER + DIGITS, 11, 30)).map((parts) => parts.join(''));
const bic = fc.tuple(textOf(UPPER, 6, 6), textOf(UPPER + DIGITS, 2, 2), fc.oneof(fc.constant(''), textOf(UPPER + DIGITS, 3, 3))).map((parts) => parts.join(''));
const isoDay = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const CODES: [string, EntryKind][] = [
  ['PMNT/RCDT/ESCT', 'ach'], ['PMNT/ICDT/XBCT', 'wire'], ['PMNT/RCHQ/BCHQ', 'check'], ['PMNT/CNTR/CDPT', 'deposit'],
  ['PMNT/LBOX/LBDP', 'lockbox'], ['PMNT/CCRD/POSD', 'card'], ['ACMT/MDOP/CHRG', 'fee'], ['NTRF', 'wire'], ['544', 'other'], ['', 'other'],
];

const remittanceLine = fc.record({
  reference: token,
  paidMinor: fc.integer({ min: 0, max: 1e9 }),
  invoiceAmountMinor: fc.integer({ min: 0, max: 1e9 }),
  discountMinor: fc.integer({ min: 0, max: 1e9 }),
  adjustmentMinor: fc.integer({ min: -1e9, max: 1e9 }),
  adjustmentReason: token,
}, { requiredKeys: ['reference'] }).map((line) => {
  if (line.adjustmentMinor === undefined) delete line.adjustmentReason;
  return line;
});

const entryOf = (currency: string) => fc.record({
  direction: fc.constantFrom('credit' as const, 'debit' as const),
  amountMinor: fc.integer({ min: 0, max: 1e12 }),
  bookedOn: isoDay,
  code: fc.constantFrom(...CODES),
  returned: fc.boolean(),
  bankRef: fc.oneof(fc.constant(''), token),
  customerRef: fc.oneof(fc.constant(''), token),
  payer: fc.record({
    name: token,
    accountRef: fc.oneof(iban, textOf(DIGITS, 4, 17)),
    bankId: fc.oneof(bic, textOf(DIGITS, 9, 9)),
  }, { requiredKeys: [] }),
  remittance: fc.array(remittanceLine, { maxLength: 3 }),
  memo: fc.oneof(fc.constant(''), token),
}).map(({ code, returned, ...e }): BankEntry => ({
  ...e, currency, typeCode: code[0], kind: returned ? 'return' : code[1], location: '',
}));

const accountArb = fc.constantFrom('EUR', 'USD', 'JPY', 'BHD', 'CHF').chain((currency) => fc.record({
  accountNumber: fc.oneof(iban, textOf(DIGITS, 4, 20)),
  entries: fc.array(entryOf(currency), { maxLength: 6 }),
  opening: fc.option(fc.integer({ min: -1e12, max: 1e12 }), { nil: undefined }),
  withClosing: fc.boolean(),
  lone: fc.integer({ min: -1e12, max: 1e12 }),
}).map(({ opening, withClosing, lone, ...account }): BankAccountReport => {
  const net = account.entries.reduce((sum, e) => sum + (e.direction === 'credit' ? e.amountMinor : -e.amountMinor), 0);
  // With both balances the closing must follow from the entries; a closing alone is any figure.
  const closingMinor = !withClosing ? undefined : opening === undefined ? lone : opening + net;
  return {
    ...account,
    currency,
    ...(opening === undefined ? {} : { openingMinor: opening }),
    ...(closingMinor === undefined ? {} : { closingMinor }),
  };
}));

const bankFile = fc.record({
  fileId: textOf(`${UPPER}${DIGITS}-`, 1, 35),
  createdOn: isoDay,
  accounts: fc.array(accountArb, { minLength: 1, maxLength: 3 }),
}).map((file): BankFile => ({
  format: 'camt.053',
  ...file,
  accounts: file.accounts.map((account, a) => ({
    ...account,
    entries: account.entries.map((e, n) => ({ ...e, location: `Stmt ${a + 1} / Ntry ${n + 1}` })),
  })),
}));

describe('properties', () => {
  it('reads back every BankFile written as camt.053.001.08', () => {
    fc.assert(fc.property(bankFile, (file) => {
      expect(parseCamt(writeCamt053(file))).toEqual(file);
    }), { numRuns: 200 });
  });

  it('rejects a written statement once one amount changes under its balances', () => {
    fc.assert(fc.property(bankFile.filter((f) => f.accounts.some((a) => a.openingMinor !== undefined && a.closingMinor !== undefined && a.entries.length > 0)), (file) => {
      const account = file.accounts.find((a) => a.openingMinor !== undefined && a.closingMinor !== undefined && a.entries.length > 0)!;
      const entry = account.entries[0]!;
      const changed = { ...file, accounts: file.accounts.map((a) => (a === account ? { ...a, entries: [{ ...entry, amountMinor: entry.amountMinor + 1 }, ...a.entries.slice(1)] } : a)) };
      // The summary is written from the changed entries, so only the balances can notice.
      expect(() => parseCamt(writeCamt053(changed))).toThrow(BankFileError);
    }), { numRuns: 50 });
  });

  // The corpus, and written statements that carry balances, summaries and remittance amounts.
  const corpus = [
    ...readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).map(corpusXml),
    ...fc.sample(bankFile, { numRuns: 4, seed: 20240301 }).map(writeCamt053),
  ];
  const mutation = fc.record({
    source: fc.constantFrom(...corpus),
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
    insert: fc.oneof(fc.constant(''), textOf(`<>/&;"'=Ab9 .-`, 1, 12), fc.constantFrom('<Ntry>', '</Amt>', '<TxDtls>', 'Ccy="XYZ"', '-', '.999', '<!--', ']]>', '&amp;', '&foo;')),
    duplicate: fc.boolean(),
  });

  it('never throws anything but BankFileError on mutated corpus files, and what it accepts is well-formed', () => {
    fc.assert(fc.property(mutation, ({ source, at, length, insert, duplicate }) => {
      const start = at % (source.length + 1);
      const cut = source.slice(start, start + length);
      const mutated = source.slice(0, start) + insert + (duplicate ? cut + cut : '') + source.slice(start + length);
      let file: BankFile;
      try {
        file = parseCamt(mutated);
      } catch (error) {
        expect(error).toBeInstanceOf(BankFileError);
        return;
      }
      for (const account of file.accounts) {
        for (const e of account.entries) {
          expect(Number.isSafeInteger(e.amountMinor) && e.amountMinor >= 0).toBe(true);
          expect(e.currency).toBe(account.currency);
          expect(e.bookedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }
    }), { numRuns: 1000 });
  });
});
