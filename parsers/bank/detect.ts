// Which bank file a file is, by what it holds (a file name is only used to name it): BAI2 starts with
// its 01 file header, NACHA with its 94-character 101 file header record, an X12 interchange with ISA
// and carries an 820, camt is XML whose Document holds BkToCstmrStmt (053) or BkToCstmrDbtCdtNtfctn
// (054), and a card processor's export is a CSV whose header names a transaction id, date and amount.
// parseBankFile reads it with its parser, or says what the file is and what would have been accepted.
import { BankFileError, type BankFile, type BankFileFormat } from '../../domain/payment-documents.js';
import { decodeText } from '../structured-values.js';
import { parseBai2 } from './bai2.js';
import { parseCamt } from './camt.js';
import { type CardCsvOptions, looksLikeCardCsv, parseCardCsv } from './card-csv.js';
import { parseNacha } from './nacha.js';
import { parseX12_820 } from './x12-820.js';

const ACCEPTED = 'arflow reads BAI2, camt.053 and camt.054 (ISO 20022 XML), NACHA ACH, X12 820 and card processor CSV exports (Stripe, Square, PayPal, Authorize.net)';

type Reading = { format: BankFileFormat; text: string } | { problem: string };

function describeBinary(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('PK\u0003\u0004')) return 'a ZIP archive (an .xlsx workbook or zipped files): export or unzip the bank file itself';
  if (head.startsWith('\u00d0\u00cf\u0011\u00e0')) return 'an Office document (an .xls workbook or .doc)';
  if (/^\u0089PNG|^\u00ff\u00d8\u00ff|^GIF8|^II\*\u0000|^MM\u0000\*/.test(head)) return 'an image';
  if (head.startsWith('\u001f\u008b')) return 'a gzip archive: unzip the bank file first';
  return undefined;
}

/** The file as text, or why it is not text: UTF-8 (UTF-16 and Windows-1252 are decoded too), byte-order mark removed. */
function textOf(bytes: Buffer): { text: string } | { problem: string } {
  if (bytes.length === 0) return { problem: 'the file is empty' };
  const binary = describeBinary(bytes);
  if (binary) return { problem: `the file is ${binary}, not a bank file` };
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  // X12 may use control characters as separators; any other text has none but tab, line ends and form feed.
  if (!/^\s*ISA/.test(text) && /[\u0000-\u0008\u000e-\u001b\u007f]/.test(text.slice(0, 65_536))) return { problem: 'the file is binary data, not a text bank file' };
  return { text };
}

function classify(bytes: Buffer): Reading {
  const decoded = textOf(bytes);
  if ('problem' in decoded) return decoded;
  const text = decoded.text;
  const start = text.replace(/^\s+/, '');
  if (!start) return { problem: 'the file holds only blank space' };
  if (/^01,/.test(start)) return { format: 'bai2', text };

  const firstLine = start.split(/\r?\n/, 1)[0]!.replace(/\r$/, '');
  if (/^101/.test(firstLine)) {
    // Exactly 94, or shorter because a system stripped its trailing blanks (the reader pads them back), or
    // records run together without line breaks.
    const header = firstLine.replace(/\r$/, '');
    const shortByBlanks = header.length < 94 && header.length >= 40 && /^101.{20}\d{6}/.test(header);
    if (header.length === 94 || shortByBlanks || (!/\n/.test(start.trimEnd()) && start.trimEnd().length % 94 === 0)) return { format: 'nacha', text };
    return { problem: `the first line starts like a NACHA file header (101) but is ${firstLine.length} characters long, not 94` };
  }

  if (/^ISA/.test(start)) {
    const separator = start[3];
    if (!separator || /[\w\s]/.test(separator)) return { problem: 'the file starts with ISA but has no X12 element separator after it' };
    const sets = [...start.matchAll(new RegExp(`(?:^|[^\\w])ST${escapeRegExp(separator)}(\\w{3})`, 'g'))].map((m) => m[1]!);
    if (sets.includes('820')) return { format: 'x12-820', text };
    const found = [...new Set(sets)];
    return { problem: `the file is an X12 interchange carrying ${found.length ? `transaction set ${found.join(', ')}` : 'no transaction set'}, not an 820 payment order/remittance advice` };
  }

  if (/^</.test(start)) {
    const head = start.slice(0, 16_384);
    const root = /<(?!\?|!)(?:[\w.-]+:)?([\w.-]+)/.exec(head.replace(/<!--[\s\S]*?-->/g, ''))?.[1];
    // SWIFT delivers the Document inside an envelope, after its business application header (AppHdr).
    const enveloped = root !== 'Document' && /<(?:[\w.-]+:)?AppHdr\b/.test(head) && /<(?:[\w.-]+:)?Document\b/.test(head);
    if (root === 'Document' || enveloped) {
      if (/<(?:[\w.-]+:)?BkToCstmrStmt\b/.test(head)) return { format: 'camt.053', text };
      if (/<(?:[\w.-]+:)?BkToCstmrDbtCdtNtfctn\b/.test(head)) return { format: 'camt.054', text };
      const message = /<(?:[\w.-]+:)?Document\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(head)?.[1];
      if (message === 'BkToCstmrAcctRpt') return { problem: 'the file is a camt.052 account report (intraday balances), not a camt.053 statement or camt.054 notification' };
      return { problem: `the file is ISO 20022 XML holding ${message ? `<${message}>` : 'nothing arflow knows'}, not a camt.053 statement (BkToCstmrStmt) or camt.054 notification (BkToCstmrDbtCdtNtfctn)` };
    }
    return { problem: `the file is XML whose root element is <${root ?? '?'}>, not an ISO 20022 <Document>` };
  }

  if (looksLikeCardCsv(text)) return { format: 'card-csv', text };
  const shown = `"${firstLine.slice(0, 60).replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?')}${firstLine.length > 60 ? '…' : ''}"`;
  if (/^\d{2},/.test(firstLine)) return { problem: `the file starts like BAI2 records (${shown}) but not with the 01 file header record` };
  const secondLine = start.split(/\r?\n/, 2)[1] ?? '';
  const table = [',', ';', '\t'].some((d) => firstLine.split(d).length >= 2 && secondLine.split(d).length === firstLine.split(d).length);
  return { problem: table
    ? `the file is a table whose header (${shown}) does not name a transaction id, a date, an amount and a fee, net or card column as card processor exports do`
    : `the file is text starting ${shown}, which is none of these formats` };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The bank file format the bytes hold, or undefined when they are none arflow reads. */
export function detectBankFileFormat(bytes: Buffer, _filename?: string): BankFileFormat | undefined {
  try {
    const reading = classify(bytes);
    return 'format' in reading ? reading.format : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a bank file of any format arflow knows; anything else is a BankFileError saying what the file is. */
export function parseBankFile(bytes: Buffer, filename?: string, options: { cardCsv?: CardCsvOptions } = {}): BankFile {
  const reading = classify(bytes);
  if ('problem' in reading) {
    throw new BankFileError('unknown', 0, `${filename ? `${filename}: ` : ''}${reading.problem}. ${ACCEPTED}.`);
  }
  switch (reading.format) {
    case 'bai2': return parseBai2(reading.text);
    case 'camt.053':
    case 'camt.054': return parseCamt(bytes); // the XML declaration may name its own encoding
    case 'nacha': return parseNacha(reading.text);
    case 'x12-820': return parseX12_820(reading.text);
    case 'card-csv': return parseCardCsv(reading.text, options.cardCsv);
  }
}
