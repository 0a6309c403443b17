// Writes one purchase order in the structured forms customers' systems send: an X12 850 interchange
// (valid envelopes and counts), an Order-X (Cross Industry Order) XML, a UBL 2.1 Order, a CSV as
// spreadsheets export it, and a PDF/A-3-style hybrid PDF with order-x.xml embedded. For the demo
// mailbox and the tests: what the customer's system would send, not what is easiest to read.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { minorDigits } from '../domain/money.js';
import { amountToMinor } from '../parsers/structured-values.js';
import { CSR_ADDRESS, ORDERS_ADDRESS } from './master-data.js';
import { renderPoPdf, type PoDocument } from './po-pdf.js';

export interface StructuredPoLine {
  /** Our SKU (X12 VP, Order-X SellerAssignedID, UBL SellersItemIdentification). */
  sellerPart?: string;
  /** The customer's own part number (X12 BP, BuyerAssignedID, BuyersItemIdentification). */
  buyerPart?: string;
  description: string;
  /** Decimal with a point: "250", "2.5". */
  quantity: string;
  /** Our catalogue's unit code: EA, BX, RL, CS. */
  uom: string;
  /** Decimal with a point, per `priceBasis` units. */
  unitPrice: string;
  /** The quantity the price is for ("100": price per hundred); one when absent. */
  priceBasis?: string;
  /** The line's net amount, as the customer's system prints it. */
  amount: string;
}

export interface StructuredPo {
  poNumber: string;
  /** ISO dates. */
  orderDate: string;
  requestedShipDate?: string;
  currency: string;
  buyer: { name: string; customerNumber?: string; street: string; city: string; region: string; postcode: string };
  shipTo: { name: string; street: string[]; city: string; region: string; postcode: string; country: string };
  lines: StructuredPoLine[];
  /** Sum of the lines' amounts, decimal with a point. */
  total: string;
  buyerContact: string;
}

/**
 * Acme's order with one line by our SKU (priced per hundred), one by Acme's own part number only
 * (AC-77812, which our customer-item cross-reference maps to BRK-220) and one in boxes.
 */
export function acmeStructuredPo(poNumber: string): StructuredPo {
  return {
    poNumber, orderDate: '2026-11-20', requestedShipDate: '2026-12-05', currency: 'USD',
    buyer: { name: 'Acme Fabrication Inc.', customerNumber: 'C-1001', street: '100 Main St', city: 'Springfield', region: 'IL', postcode: '62701' },
    shipTo: { name: 'Acme Fabrication Dock 3', street: ['200 Industrial Way'], city: 'Springfield', region: 'IL', postcode: '62702', country: 'US' },
    lines: [
      { sellerPart: 'WID-100', buyerPart: 'AC-10450', description: 'Steel widget, zinc plated', quantity: '250', uom: 'EA', unitPrice: '425.00', priceBasis: '100', amount: '1062.50' },
      { buyerPart: 'AC-77812', description: 'Mounting bracket 2in', quantity: '1000', uom: 'EA', unitPrice: '0.85', amount: '850.00' },
      { sellerPart: 'FST-M8', description: 'M8 hex bolt, box of 100', quantity: '12', uom: 'BX', unitPrice: '18.75', amount: '225.00' },
    ],
    total: '2137.50', buyerContact: 'Jane Buyer',
  };
}

const compact = (iso: string) => iso.replace(/-/g, '');

// ─── X12 850 ───

export interface X12Options {
  /** ISA13, the interchange control number. */
  controlNumber?: number;
  /** ISA12: 00401 (ISA11 is "U") or 00501 (ISA11 is the repetition separator "^"). */
  version?: '00401' | '00501';
  element?: string;
  component?: string;
  terminator?: string;
  /** A line break after each terminator, as many translators write. */
  lineBreaks?: '' | '\n' | '\r\n';
}

const X12_PRICE_BASIS: Record<string, string> = { '100': 'HP', '1000': 'TP' };

function x12Transaction(po: StructuredPo, controlNumber: string): string[][] {
  const segments: string[][] = [
    ['ST', '850', controlNumber],
    ['BEG', '00', 'SA', po.poNumber, '', compact(po.orderDate)],
    ['CUR', 'BY', po.currency],
    ['PER', 'BD', po.buyerContact],
    ...(po.requestedShipDate ? [['DTM', '010', compact(po.requestedShipDate)]] : []),
    ['N1', 'BY', po.buyer.name, ...(po.buyer.customerNumber ? ['91', po.buyer.customerNumber] : [])],
    ['N3', po.buyer.street],
    ['N4', po.buyer.city, po.buyer.region, po.buyer.postcode],
    ['N1', 'ST', po.shipTo.name, '92', 'DOCK3'],
    ['N3', ...po.shipTo.street],
    ['N4', po.shipTo.city, po.shipTo.region, po.shipTo.postcode, po.shipTo.country],
  ];
  po.lines.forEach((line, i) => {
    const basis = line.priceBasis ? X12_PRICE_BASIS[line.priceBasis] : 'PE';
    if (!basis) throw new Error(`X12 has no price basis code for a price per ${line.priceBasis}`);
    const ids = [...(line.sellerPart ? ['VP', line.sellerPart] : []), ...(line.buyerPart ? ['BP', line.buyerPart] : [])];
    segments.push(['PO1', String(i + 1), line.quantity, line.uom, line.unitPrice, basis, ...ids]);
    segments.push(['PID', 'F', '', '', '', line.description]);
  });
  segments.push(['CTT', String(po.lines.length)], ['AMT', 'TT', po.total]);
  segments.push(['SE', String(segments.length + 1), controlNumber]);
  return segments;
}

/** An X12 interchange (ISA/GS … GE/IEA) carrying one 850 per given PO, counts and control numbers right. */
export function x12Interchange(orders: StructuredPo[], options: X12Options = {}): string {
  const element = options.element ?? '*';
  const component = options.component ?? '>';
  const terminator = options.terminator ?? '~';
  const version = options.version ?? '00401';
  const control = String(options.controlNumber ?? 905).padStart(9, '0');
  const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n);
  const isa = ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad('ACMEFAB', 15), 'ZZ', pad('ARFLOWDEMO', 15),
    '261120', '1004', version === '00401' ? 'U' : '^', version, control, '0', 'P', component].join(element);
  const segments: string[][] = [['GS', 'PO', 'ACMEFAB', 'ARFLOWDEMO', '20261120', '1004', '1', 'X', version === '00401' ? '004010' : '005010']];
  orders.forEach((po, i) => segments.push(...x12Transaction(po, String(i + 1).padStart(4, '0'))));
  segments.push(['GE', String(orders.length), '1'], ['IEA', '1', control]);
  const after = terminator + (options.lineBreaks ?? '\n');
  return isa + after + segments.map((s) => s.join(element)).join(after) + after;
}

// ─── XML ───

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// UN/ECE Recommendation 20/21 codes for our catalogue's units.
const REC20: Record<string, string> = { EA: 'C62', BX: 'XBX', RL: 'XRO', CS: 'XCS', FT: 'FOT', KG: 'KGM', LB: 'LBR' };
const rec20 = (uom: string) => REC20[uom] ?? uom;

/** An Order-X (Cross Industry Order, BASIC-like) document for the PO. */
export function orderXXml(po: StructuredPo): string {
  const e = escapeXml;
  const lines = po.lines.map((l, i) => `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct>${l.sellerPart ? `
        <ram:SellerAssignedID>${e(l.sellerPart)}</ram:SellerAssignedID>` : ''}${l.buyerPart ? `
        <ram:BuyerAssignedID>${e(l.buyerPart)}</ram:BuyerAssignedID>` : ''}
        <ram:Name>${e(l.description)}</ram:Name>
      </ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice>
          <ram:ChargeAmount>${l.unitPrice}</ram:ChargeAmount>${l.priceBasis ? `
          <ram:BasisQuantity unitCode="${rec20(l.uom)}">${l.priceBasis}</ram:BasisQuantity>` : ''}
        </ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery>
        <ram:RequestedQuantity unitCode="${rec20(l.uom)}">${l.quantity}</ram:RequestedQuantity>
      </ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${l.amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm="urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:128" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:128" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:128">
  <rsm:ExchangedDocumentContext>
    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>A1</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:order-x.eu:1p0:basic</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${e(po.poNumber)}</ram:ID>
    <ram:TypeCode>220</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${compact(po.orderDate)}</udt:DateTimeString></ram:IssueDateTime>
    <ram:PurposeCode>9</ram:PurposeCode>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>arflow Demo Supply</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty>${po.buyer.customerNumber ? `
        <ram:ID>${e(po.buyer.customerNumber)}</ram:ID>` : ''}
        <ram:Name>${e(po.buyer.name)}</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>${e(po.buyer.postcode)}</ram:PostcodeCode><ram:LineOne>${e(po.buyer.street)}</ram:LineOne><ram:CityName>${e(po.buyer.city)}</ram:CityName><ram:CountryID>US</ram:CountryID><ram:CountrySubDivisionName>${e(po.buyer.region)}</ram:CountrySubDivisionName></ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery>
      <ram:ShipToTradeParty>
        <ram:Name>${e(po.shipTo.name)}</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>${e(po.shipTo.postcode)}</ram:PostcodeCode>${po.shipTo.street.map((s, i) => `<ram:Line${['One', 'Two', 'Three'][i]}>${e(s)}</ram:Line${['One', 'Two', 'Three'][i]}>`).join('')}<ram:CityName>${e(po.shipTo.city)}</ram:CityName><ram:CountryID>${e(po.shipTo.country)}</ram:CountryID><ram:CountrySubDivisionName>${e(po.shipTo.region)}</ram:CountrySubDivisionName></ram:PostalTradeAddress>
      </ram:ShipToTradeParty>${po.requestedShipDate ? `
      <ram:RequestedDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${compact(po.requestedShipDate)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:RequestedDeliverySupplyChainEvent>` : ''}
    </ram:ApplicableHeaderTradeDelivery>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:OrderCurrencyCode>${po.currency}</ram:OrderCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>${po.total}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>${po.total}</ram:TaxBasisTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:SCRDMCCBDACIOMessageStructure>
`;
}

/** A UBL 2.1 Order (Peppol BIS Order-like) for the PO. */
export function ublOrderXml(po: StructuredPo): string {
  const e = escapeXml;
  const c = po.currency;
  const lines = po.lines.map((l, i) => `
  <cac:OrderLine>
    <cac:LineItem>
      <cbc:ID>${i + 1}</cbc:ID>
      <cbc:Quantity unitCode="${rec20(l.uom)}">${l.quantity}</cbc:Quantity>
      <cbc:LineExtensionAmount currencyID="${c}">${l.amount}</cbc:LineExtensionAmount>
      <cac:Price>
        <cbc:PriceAmount currencyID="${c}">${l.unitPrice}</cbc:PriceAmount>${l.priceBasis ? `
        <cbc:BaseQuantity unitCode="${rec20(l.uom)}">${l.priceBasis}</cbc:BaseQuantity>` : ''}
      </cac:Price>
      <cac:Item>
        <cbc:Name>${e(l.description)}</cbc:Name>${l.buyerPart ? `
        <cac:BuyersItemIdentification><cbc:ID>${e(l.buyerPart)}</cbc:ID></cac:BuyersItemIdentification>` : ''}${l.sellerPart ? `
        <cac:SellersItemIdentification><cbc:ID>${e(l.sellerPart)}</cbc:ID></cac:SellersItemIdentification>` : ''}
      </cac:Item>
    </cac:LineItem>
  </cac:OrderLine>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>
  <cbc:ID>${e(po.poNumber)}</cbc:ID>
  <cbc:IssueDate>${po.orderDate}</cbc:IssueDate>
  <cbc:OrderTypeCode>220</cbc:OrderTypeCode>
  <cbc:DocumentCurrencyCode>${c}</cbc:DocumentCurrencyCode>
  <cac:BuyerCustomerParty>${po.buyer.customerNumber ? `
    <cbc:SupplierAssignedAccountID>${e(po.buyer.customerNumber)}</cbc:SupplierAssignedAccountID>` : ''}
    <cac:Party>
      <cac:PartyName><cbc:Name>${e(po.buyer.name)}</cbc:Name></cac:PartyName>
      <cac:PostalAddress><cbc:StreetName>${e(po.buyer.street)}</cbc:StreetName><cbc:CityName>${e(po.buyer.city)}</cbc:CityName><cbc:PostalZone>${e(po.buyer.postcode)}</cbc:PostalZone><cbc:CountrySubentity>${e(po.buyer.region)}</cbc:CountrySubentity><cac:Country><cbc:IdentificationCode>US</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    </cac:Party>
  </cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cac:PartyName><cbc:Name>arflow Demo Supply</cbc:Name></cac:PartyName></cac:Party></cac:SellerSupplierParty>
  <cac:Delivery>
    <cac:DeliveryLocation>
      <cac:Address><cbc:StreetName>${e(po.shipTo.street[0] ?? '')}</cbc:StreetName>${po.shipTo.street.slice(1).map((s) => `<cbc:AdditionalStreetName>${e(s)}</cbc:AdditionalStreetName>`).join('')}<cbc:CityName>${e(po.shipTo.city)}</cbc:CityName><cbc:PostalZone>${e(po.shipTo.postcode)}</cbc:PostalZone><cbc:CountrySubentity>${e(po.shipTo.region)}</cbc:CountrySubentity><cac:Country><cbc:IdentificationCode>${e(po.shipTo.country)}</cbc:IdentificationCode></cac:Country></cac:Address>
    </cac:DeliveryLocation>${po.requestedShipDate ? `
    <cac:RequestedDeliveryPeriod><cbc:StartDate>${po.requestedShipDate}</cbc:StartDate><cbc:EndDate>${po.requestedShipDate}</cbc:EndDate></cac:RequestedDeliveryPeriod>` : ''}
    <cac:DeliveryParty><cac:PartyName><cbc:Name>${e(po.shipTo.name)}</cbc:Name></cac:PartyName></cac:DeliveryParty>
  </cac:Delivery>
  <cac:AnticipatedMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${c}">${po.total}</cbc:LineExtensionAmount>
    <cbc:PayableAmount currencyID="${c}">${po.total}</cbc:PayableAmount>
  </cac:AnticipatedMonetaryTotal>${lines}
</Order>
`;
}

// ─── CSV ───

export interface CsvOptions {
  delimiter?: ',' | ';' | '\t';
  /** Excel on Windows writes its ANSI code page; elsewhere UTF-8, often with a BOM. */
  encoding?: 'utf8' | 'utf8-bom' | 'windows-1252';
  /** PO number on every row, or label/value rows above the table. */
  layout?: 'po-per-row' | 'header-block';
}

// The Windows-1252 bytes 0x80–0x9F stand for these characters (Latin-1 elsewhere).
const CP1252_HIGH: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '™': 0x99 };

export function encodeWindows1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (CP1252_HIGH[ch] !== undefined) return CP1252_HIGH[ch]!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    throw new Error(`"${ch}" has no Windows-1252 byte`);
  }));
}

/** Formats "1062.50" the way the file's locale writes it: "1062,50" where commas are decimal. */
function localNumber(value: string, decimalComma: boolean): string {
  return decimalComma ? value.replace('.', ',') : value;
}

export function poCsv(po: StructuredPo, options: CsvOptions = {}): Buffer {
  const d = options.delimiter ?? ',';
  const decimalComma = d === ';';
  const quote = (v: string) => (v.includes(d) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v);
  const row = (cells: string[]) => cells.map(quote).join(d);
  const date = (iso: string) => (decimalComma ? iso.split('-').reverse().join('.') : `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`);
  const rows: string[] = [];
  const perRow = (options.layout ?? 'po-per-row') === 'po-per-row';
  const shipTo = [po.shipTo.name, ...po.shipTo.street, `${po.shipTo.city}, ${po.shipTo.region} ${po.shipTo.postcode}`].join(', ');
  if (!perRow) {
    rows.push(row(['Purchase Order']));
    rows.push(row(['PO Number', po.poNumber]));
    rows.push(row(['Order Date', date(po.orderDate)]));
    if (po.requestedShipDate) rows.push(row(['Requested Date', date(po.requestedShipDate)]));
    if (po.buyer.customerNumber) rows.push(row(['Customer No', po.buyer.customerNumber]));
    rows.push(row(['Customer', po.buyer.name]));
    rows.push(row(['Currency', po.currency]));
    rows.push(row(['Ship To', po.shipTo.name]));
    for (const line of [...po.shipTo.street, `${po.shipTo.city}, ${po.shipTo.region} ${po.shipTo.postcode}`]) rows.push(row(['', line]));
    rows.push('');
  }
  const head = [...(perRow ? ['PO#'] : []), 'Line', 'SKU', 'Customer Part', 'Description', 'Qty', 'UoM', 'Unit Price', 'Per', 'Amount', ...(perRow ? ['Requested Date', 'Ship To'] : [])];
  rows.push(row(head));
  po.lines.forEach((l, i) => rows.push(row([
    ...(perRow ? [po.poNumber] : []), String(i + 1), l.sellerPart ?? '', l.buyerPart ?? '', l.description,
    localNumber(l.quantity, decimalComma), l.uom, localNumber(l.unitPrice, decimalComma), l.priceBasis ?? '', localNumber(l.amount, decimalComma),
    ...(perRow ? [po.requestedShipDate ? date(po.requestedShipDate) : '', shipTo] : []),
  ])));
  rows.push(row([...(perRow ? [''] : []), '', '', '', 'Total', '', '', '', '', localNumber(po.total, decimalComma)]));
  const text = rows.join('\r\n') + '\r\n';
  if (options.encoding === 'windows-1252') return encodeWindows1252(text);
  return Buffer.concat([options.encoding === 'utf8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

// ─── Hybrid PDF ───

/** "425.00" per 100 → "4.25", in exact arithmetic. */
function perUnit(price: string, basis: string, currency: string): string {
  const minor = amountToMinor(price, currency, 'unit price', basis);
  if (!minor.ok) throw new Error(minor.reason);
  const digits = minorDigits(currency);
  const text = String(minor.value).padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/** The PO as the PDF renderer draws it, with the customer's part number where there is no SKU of ours. */
export function asPoDocument(po: StructuredPo): PoDocument {
  const us = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
  return {
    buyerCompany: po.buyer.name, buyerAddress: [po.buyer.street, `${po.buyer.city}, ${po.buyer.region} ${po.buyer.postcode}`],
    customerNumber: po.buyer.customerNumber, poNumber: po.poNumber, orderDate: us(po.orderDate),
    requestedDate: po.requestedShipDate ? us(po.requestedShipDate) : undefined,
    shipTo: [po.shipTo.name, ...po.shipTo.street, `${po.shipTo.city}, ${po.shipTo.region} ${po.shipTo.postcode}`],
    lines: po.lines.map((l) => ({
      itemCode: l.sellerPart ?? l.buyerPart ?? '', description: l.description, quantity: l.quantity, uom: l.uom,
      unitPrice: perUnit(l.unitPrice, l.priceBasis ?? '1', po.currency), amount: l.amount,
    })),
    total: po.total, buyerName: po.buyerContact,
  };
}

/**
 * A PDF whose visible page says one thing and whose embedded order-x.xml (AFRelationship
 * Alternative, as Order-X hybrids carry it) says the PO: the first line's printed quantity is off
 * by ten, so a reader that used the page instead of the XML would be caught.
 */
export async function orderXHybridPdf(po: StructuredPo): Promise<Buffer> {
  const printed = asPoDocument(po);
  printed.lines = printed.lines.map((l, i) => (i === 0 ? { ...l, quantity: String(Number(l.quantity) - 10) } : l));
  const doc = await PDFDocument.load(await renderPoPdf(printed, 'classic'));
  const fixed = new Date('2026-01-01T00:00:00Z'); // fixed dates keep the bytes identical from run to run
  await doc.attach(Buffer.from(orderXXml(po), 'utf8'), 'order-x.xml', {
    mimeType: 'text/xml', description: 'Order-X', afRelationship: AFRelationship.Alternative, creationDate: fixed, modificationDate: fixed,
  });
  doc.setModificationDate(fixed);
  return Buffer.from(await doc.save());
}

// ─── Emails ───

export interface BuiltEmail { messageId: string; raw: Buffer }

/** A CSR forwards the customer's structured PO file(s) to the orders mailbox. */
export async function structuredOrderEmail(opts: {
  messageId: string; attachments: { filename: string; content: Buffer; contentType: string }[]; subject?: string; text?: string;
}): Promise<BuiltEmail> {
  const raw = await new Promise<Buffer>((resolve, reject) => new MailComposer({
    from: `Carla Chen <${CSR_ADDRESS}>`, to: ORDERS_ADDRESS, subject: opts.subject ?? 'Fwd: purchase order', messageId: opts.messageId,
    date: new Date('2026-11-20T15:30:00Z'), text: opts.text ?? 'Please enter the attached order, thanks.\n\nCarla\n',
    attachments: opts.attachments,
  }).compile().build((err, message) => (err ? reject(err) : resolve(message))));
  return { messageId: opts.messageId, raw };
}

/**
 * Structured orders for the demo mailbox (not added to demoInbox: whoever wires the demo decides):
 * an X12 850 as a customer's EDI translator emails it, a hybrid Order-X PDF, and a CSV from Excel.
 */
export async function structuredDemoInbox(): Promise<{ name: string; email: BuiltEmail }[]> {
  const x12 = acmeStructuredPo('4500012400');
  const hybrid = acmeStructuredPo('4500012401');
  const csv = acmeStructuredPo('4500012402');
  return [
    { name: '05-acme-x12-850.eml', email: await structuredOrderEmail({ messageId: '<demo-acme-x12@arflow.test>', subject: 'Fwd: EDI 850 PO 4500012400', attachments: [{ filename: 'PO4500012400.edi', content: Buffer.from(x12Interchange([x12]), 'latin1'), contentType: 'application/edi-x12' }] }) },
    { name: '06-acme-order-x.eml', email: await structuredOrderEmail({ messageId: '<demo-acme-orderx@arflow.test>', subject: 'Fwd: Purchase Order 4500012401', attachments: [{ filename: 'PO_4500012401.pdf', content: await orderXHybridPdf(hybrid), contentType: 'application/pdf' }] }) },
    { name: '07-acme-csv.eml', email: await structuredOrderEmail({ messageId: '<demo-acme-csv@arflow.test>', subject: 'Fwd: PO 4500012402 (spreadsheet)', attachments: [{ filename: 'PO_4500012402.csv', content: poCsv(csv, { layout: 'header-block', encoding: 'utf8-bom' }), contentType: 'text/csv' }] }) },
  ];
}
