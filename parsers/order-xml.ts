// Reads XML purchase orders: UN/CEFACT Order-X (the Cross Industry Order, root
// SCRDMCCBDACIOMessageStructure, sibling of Factur-X/ZUGFeRD) and OASIS UBL 2.x Order, standalone or
// embedded in a PDF/A-3. Values stay strings (parseTagValue off) and become exact numbers through the
// shared decimal helpers; every field read is exact (confidence 1.0). An XML that is not one of these
// orders is refused with the reason (an invoice, an order response, a DOCTYPE…).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { STRING_XML_OPTIONS } from './xml-strings.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extendLine } from '../domain/money.js';
import type { ParsedLine, ParsedPurchaseOrder } from '../domain/purchase-order.js';
import { addressText, amountToMinor, compactDateToIso, CURRENCY_CODE, decodeWindows1252, exact, normalizeUnitCode, quantityToMilli, xmlDateToIso } from './structured-values.js';

export class OrderXmlError extends Error {
  constructor(readonly code: 'not_xml' | 'not_an_order' | 'invalid_order', message: string) {
    super(message);
    this.name = 'OrderXmlError';
  }
}

const NS = {
  orderX: 'urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100',
  ublOrder: 'urn:oasis:names:specification:ubl:schema:xsd:Order-2',
};

// Roots people send that are not orders, named so the CSR can tell the customer what arrived.
const OTHER_DOCUMENTS: Record<string, string> = {
  CrossIndustryInvoice: 'a Factur-X / ZUGFeRD (CII) invoice',
  CrossIndustryDocument: 'a ZUGFeRD 1 (CII) invoice',
  Invoice: 'a UBL invoice',
  CreditNote: 'a UBL credit note',
  OrderResponse: 'a UBL order response',
  OrderResponseSimple: 'a UBL order response',
  OrderChange: 'a UBL order change',
  OrderCancellation: 'a UBL order cancellation',
  DespatchAdvice: 'a UBL despatch advice',
  Catalogue: 'a UBL catalogue',
  cXML: 'a cXML document (arflow reads Order-X and UBL orders)',
};

type XNode = Record<string, unknown>;

const parser = new XMLParser({ ...STRING_XML_OPTIONS, trimValues: true });

function all(node: XNode | undefined, name: string): XNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

/** The first node along a path of element names. */
function at(node: XNode | undefined, ...path: string[]): XNode | undefined {
  let current = node;
  for (const name of path) current = all(current, name)[0];
  return current;
}

function text(node: XNode | undefined, ...path: string[]): string {
  const n = at(node, ...path);
  const v = n?.['#text'];
  return typeof v === 'string' ? v.trim() : '';
}

function attr(node: XNode | undefined, name: string): string {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v.trim() : '';
}

function decode(xml: string | Buffer): string {
  if (typeof xml === 'string') return xml.replace(/^\uFEFF/, '');
  if (xml[0] === 0xff && xml[1] === 0xfe) return xml.subarray(2).toString('utf16le');
  if (xml[0] === 0xfe && xml[1] === 0xff) return Buffer.from(xml.subarray(2)).swap16().toString('utf16le');
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(xml.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
  if (declared && /^(iso-8859-1|latin-?1|windows-1252|cp1252)$/.test(declared)) return decodeWindows1252(xml);
  return xml.toString('utf8').replace(/^\uFEFF/, '');
}

/** The root element's local name and namespace, read from its start tag (the parser drops xmlns). */
function rootOf(source: string): { name: string; namespace: string } | undefined {
  const body = source.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const m = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(body);
  if (!m) return undefined;
  const prefix = m[1] ? m[1].slice(0, -1) : '';
  const ns = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(m[3]!)?.[1] ?? '';
  return { name: m[2]!, namespace: ns };
}

function parseXml(source: string): XNode {
  if (/<!DOCTYPE/i.test(source)) throw new OrderXmlError('not_an_order', 'the XML declares a DOCTYPE; order XML never needs one, and entity declarations are refused for safety');
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new OrderXmlError('not_xml', `the XML is not well-formed (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`);
  try {
    return parser.parse(source) as XNode;
  } catch (err) {
    throw new OrderXmlError('not_xml', `the XML cannot be read (${(err as Error).message})`);
  }
}

type Line = { line: ParsedLine } | { unreadable: string };

/** Quantity, price (per its basis quantity) and amount of one line, exactly, or the reason it cannot be read. */
function readAmounts(parts: {
  label: string; itemCode: string; description: string; lineId: string; position: number; currency: string;
  quantity: string; unit: string; price?: string; priceCurrency?: string; basis?: string; basisUnit?: string; amount?: string;
}): Line {
  const sourceText = `${parts.label}: item ${parts.itemCode || '(none)'}, quantity ${parts.quantity || '(none)'} ${parts.unit}${parts.price ? `, price ${parts.price}${parts.basis ? ` per ${parts.basis} ${parts.basisUnit ?? ''}`.trimEnd() : ''}` : ''}${parts.amount ? `, amount ${parts.amount}` : ''}`;
  const fail = (reason: string): Line => ({ unreadable: `${sourceText} — ${reason}` });
  if (!parts.itemCode) return fail('the line has no item identifier (seller\'s, buyer\'s or standard ID)');
  const quantity = quantityToMilli(parts.quantity);
  if (!quantity.ok) return fail(parts.quantity ? quantity.reason : 'the line has no quantity');
  let unitPriceMinor: number | undefined;
  if (parts.price) {
    if (parts.priceCurrency && parts.priceCurrency !== parts.currency) return fail(`the price is in ${parts.priceCurrency} but the order is in ${parts.currency}`);
    if (parts.basisUnit && parts.unit && normalizeUnitCode(parts.basisUnit) !== normalizeUnitCode(parts.unit)) {
      return fail(`the price is per ${parts.basis ?? '1'} ${parts.basisUnit} but the quantity is in ${parts.unit}`);
    }
    const price = amountToMinor(parts.price, parts.currency, 'unit price', parts.basis || '1');
    if (!price.ok) return fail(price.reason);
    if (price.value < 0) return fail(`unit price ${parts.price} is negative`);
    unitPriceMinor = price.value;
  }
  let amountMinor: number | undefined;
  if (parts.amount) {
    const amount = amountToMinor(parts.amount, parts.currency, 'line amount');
    if (!amount.ok) return fail(amount.reason);
    amountMinor = amount.value;
  }
  const numbered = /^\d{1,6}$/.test(parts.lineId) && Number(parts.lineId) > 0;
  return {
    line: {
      lineNumber: numbered ? Number(parts.lineId) : parts.position,
      itemCode: parts.itemCode,
      description: parts.description,
      quantityMilli: quantity.value,
      unitOfMeasure: parts.unit ? normalizeUnitCode(parts.unit) : undefined,
      unitPriceMinor,
      amountMinor,
      confidence: 1,
      sourceText,
    },
  };
}

function finish(po: ParsedPurchaseOrder, lines: Line[], what: string): ParsedPurchaseOrder {
  for (const l of lines) {
    if ('line' in l) po.lines.push(l.line);
    else po.unreadableLines.push(l.unreadable);
  }
  if (new Set(po.lines.map((l) => l.lineNumber)).size !== po.lines.length) po.lines.forEach((l, n) => { l.lineNumber = n + 1; });
  if (!po.totalMinor && po.lines.length > 0 && po.unreadableLines.length === 0 && po.lines.every((l) => l.unitPriceMinor !== undefined)) {
    po.totalMinor = exact(po.lines.reduce((sum, l) => sum + extendLine(l.quantityMilli, l.unitPriceMinor!), 0), `sum of the lines (quantity × unit price); the ${what} states no line total`);
  }
  return po;
}

function currencyOf(code: string, where: string): string | undefined {
  if (!code) return undefined;
  if (!CURRENCY_CODE.test(code)) throw new OrderXmlError('invalid_order', `${where} "${code}" is not an ISO 4217 currency code`);
  return code;
}

// ─── Order-X (UN/CEFACT Cross Industry Order) ───

function ciiDate(event: XNode | undefined): string | undefined {
  const s = text(event, 'OccurrenceDateTime', 'DateTimeString') || text(event, 'OccurrenceSpecifiedPeriod', 'StartDateTime', 'DateTimeString');
  return s ? compactDateToIso(s) : undefined;
}

function ciiAddress(party: XNode | undefined): string {
  const a = at(party, 'PostalTradeAddress');
  return addressText({
    name: [text(party, 'Name')], lines: [text(a, 'LineOne'), text(a, 'LineTwo'), text(a, 'LineThree')],
    city: text(a, 'CityName'), region: text(a, 'CountrySubDivisionName'), postcode: text(a, 'PostcodeCode'), country: text(a, 'CountryID'),
  });
}

function readOrderX(root: XNode, documentName: string): ParsedPurchaseOrder {
  const doc = at(root, 'ExchangedDocument');
  const typeCode = text(doc, 'TypeCode');
  if (typeCode !== '220') {
    const names: Record<string, string> = { '230': 'an order change', '231': 'an order response', '221': 'an order change', '222': 'an order response', '380': 'an invoice' };
    throw new OrderXmlError('not_an_order', `the Order-X document's TypeCode is ${typeCode || '(missing)'}${names[typeCode] ? ` (${names[typeCode]})` : ''}, not 220 (an order)`);
  }
  const purpose = text(doc, 'PurposeCode');
  if (purpose === '1' || purpose === '4') {
    throw new OrderXmlError('not_an_order', `the Order-X document's PurposeCode is ${purpose} (${purpose === '1' ? 'a cancellation' : 'a change'}), which a person must apply; arflow enters new orders`);
  }
  const poNumber = text(doc, 'ID');
  if (!poNumber) throw new OrderXmlError('invalid_order', 'the Order-X document has no ExchangedDocument/ID (the order number)');
  const profile = text(root, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID');
  const src = (path: string) => `Order-X ${path}${profile ? ` (${profile})` : ''}`;
  const po: ParsedPurchaseOrder = { documentKind: 'order_xml', documentName, poNumber: exact(poNumber, src('ExchangedDocument/ID')), lines: [], unreadableLines: [] };

  const issued = text(doc, 'IssueDateTime', 'DateTimeString');
  if (issued) {
    const iso = compactDateToIso(issued);
    if (!iso) throw new OrderXmlError('invalid_order', `the Order-X IssueDateTime "${issued}" is not a date (CCYYMMDD)`);
    po.orderDate = exact(iso, src('ExchangedDocument/IssueDateTime'));
  }
  const trade = at(root, 'SupplyChainTradeTransaction');
  const agreement = at(trade, 'ApplicableHeaderTradeAgreement');
  const delivery = at(trade, 'ApplicableHeaderTradeDelivery');
  const settlement = at(trade, 'ApplicableHeaderTradeSettlement');
  const currency = currencyOf(text(settlement, 'OrderCurrencyCode'), 'OrderCurrencyCode');
  if (currency) po.currency = exact(currency, src('ApplicableHeaderTradeSettlement/OrderCurrencyCode'));

  const buyer = at(agreement, 'BuyerTradeParty');
  if (text(buyer, 'Name')) po.companyName = exact(text(buyer, 'Name'), src('BuyerTradeParty/Name'));
  // BuyerTradeParty/ID (no scheme) is the buyer's identifier as its supplier knows it: our account number.
  const buyerId = all(buyer, 'ID').find((n) => !attr(n, 'schemeID'));
  if (buyerId && text(buyerId)) po.customerNumber = exact(text(buyerId), src('BuyerTradeParty/ID'));

  const shipTo = ciiAddress(at(delivery, 'ShipToTradeParty'));
  if (shipTo) po.shipTo = exact(shipTo, src('ShipToTradeParty'));
  for (const [event, label] of [['RequestedDespatchSupplyChainEvent', 'requested despatch'], ['RequestedDeliverySupplyChainEvent', 'requested delivery']] as const) {
    if (!at(delivery, event)) continue;
    const iso = ciiDate(at(delivery, event));
    if (!iso) throw new OrderXmlError('invalid_order', `the Order-X ${label} date is not a date (CCYYMMDD)`);
    po.requestedShipDate = exact(iso, src(`ApplicableHeaderTradeDelivery/${event}`));
    break;
  }
  const docCurrency = currency ?? 'USD';
  const total = text(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation', 'LineTotalAmount');
  if (total) {
    // The sum of the lines' net amounts, as arflow totals an order (tax and charges come later).
    const t = amountToMinor(total, docCurrency, 'LineTotalAmount');
    if (!t.ok) throw new OrderXmlError('invalid_order', `the Order-X ${t.reason}`);
    po.totalMinor = exact(t.value, src('SpecifiedTradeSettlementHeaderMonetarySummation/LineTotalAmount'));
  }

  const lines = all(trade, 'IncludedSupplyChainTradeLineItem').map((item, n): Line => {
    const product = at(item, 'SpecifiedTradeProduct');
    const seller = text(product, 'SellerAssignedID');
    const buyerPart = text(product, 'BuyerAssignedID');
    const global = text(product, 'GlobalID') || text(product, 'ID');
    const price = at(item, 'SpecifiedLineTradeAgreement', 'NetPriceProductTradePrice');
    const quantity = at(item, 'SpecifiedLineTradeDelivery', 'RequestedQuantity');
    const basis = at(price, 'BasisQuantity');
    const lineId = text(item, 'AssociatedDocumentLineDocument', 'LineID');
    return readAmounts({
      label: `line ${lineId || n + 1}`,
      itemCode: seller || buyerPart || global,
      description: [text(product, 'Name'), text(product, 'Description')].filter(Boolean).join(' — '),
      lineId, position: n + 1, currency: docCurrency,
      quantity: text(quantity), unit: attr(quantity, 'unitCode'),
      price: text(price, 'ChargeAmount') || undefined, priceCurrency: attr(at(price, 'ChargeAmount'), 'currencyID') || undefined,
      basis: text(basis) || undefined, basisUnit: attr(basis, 'unitCode') || undefined,
      amount: text(item, 'SpecifiedLineTradeSettlement', 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount') || undefined,
    });
  });
  return finish(po, lines, 'Order-X order');
}

// ─── UBL 2.x Order ───

function ublAddress(address: XNode | undefined, names: string[]): string {
  return addressText({
    name: names,
    lines: [text(address, 'StreetName'), text(address, 'AdditionalStreetName'), ...all(address, 'AddressLine').map((l) => text(l, 'Line'))],
    city: text(address, 'CityName'), region: text(address, 'CountrySubentity'), postcode: text(address, 'PostalZone'), country: text(address, 'Country', 'IdentificationCode'),
  });
}

function readUbl(root: XNode, documentName: string): ParsedPurchaseOrder {
  const poNumber = text(root, 'ID');
  if (!poNumber) throw new OrderXmlError('invalid_order', 'the UBL Order has no cbc:ID (the order number)');
  const po: ParsedPurchaseOrder = { documentKind: 'order_xml', documentName, poNumber: exact(poNumber, 'UBL Order cbc:ID'), lines: [], unreadableLines: [] };
  const issued = text(root, 'IssueDate');
  if (issued) {
    const iso = xmlDateToIso(issued);
    if (!iso) throw new OrderXmlError('invalid_order', `the UBL IssueDate "${issued}" is not a date (YYYY-MM-DD)`);
    po.orderDate = exact(iso, 'UBL Order cbc:IssueDate');
  }
  const currency = currencyOf(text(root, 'DocumentCurrencyCode'), 'DocumentCurrencyCode');
  if (currency) po.currency = exact(currency, 'UBL Order cbc:DocumentCurrencyCode');
  const docCurrency = currency ?? 'USD';

  const buyer = at(root, 'BuyerCustomerParty');
  const buyerName = text(buyer, 'Party', 'PartyName', 'Name') || text(buyer, 'Party', 'PartyLegalEntity', 'RegistrationName');
  if (buyerName) po.companyName = exact(buyerName, 'UBL BuyerCustomerParty/Party name');
  // SupplierAssignedAccountID is our account number for them; CustomerAssignedAccountID is their own.
  const account = text(buyer, 'SupplierAssignedAccountID');
  if (account) po.customerNumber = exact(account, 'UBL BuyerCustomerParty/cbc:SupplierAssignedAccountID');

  const delivery = at(root, 'Delivery');
  const location = at(delivery, 'DeliveryLocation');
  const shipTo = ublAddress(at(location, 'Address') ?? at(delivery, 'DeliveryAddress'), [text(delivery, 'DeliveryParty', 'PartyName', 'Name') || text(location, 'Name')]);
  if (shipTo) po.shipTo = exact(shipTo, 'UBL Delivery address');
  const period = at(delivery, 'RequestedDeliveryPeriod');
  const wanted = text(period, 'StartDate') || text(period, 'EndDate') || text(delivery, 'LatestDeliveryDate');
  if (wanted) {
    const iso = xmlDateToIso(wanted);
    if (!iso) throw new OrderXmlError('invalid_order', `the UBL requested delivery date "${wanted}" is not a date (YYYY-MM-DD)`);
    const span = text(period, 'StartDate') && text(period, 'EndDate') && text(period, 'StartDate') !== text(period, 'EndDate') ? ` (period ${text(period, 'StartDate')} to ${text(period, 'EndDate')})` : '';
    po.requestedShipDate = exact(iso, `UBL Delivery requested delivery date${span}`);
  }
  const total = text(root, 'AnticipatedMonetaryTotal', 'LineExtensionAmount');
  if (total) {
    const t = amountToMinor(total, docCurrency, 'LineExtensionAmount');
    if (!t.ok) throw new OrderXmlError('invalid_order', `the UBL ${t.reason}`);
    po.totalMinor = exact(t.value, 'UBL AnticipatedMonetaryTotal/LineExtensionAmount');
  }

  const lines = all(root, 'OrderLine').map((orderLine, n): Line => {
    const item = at(orderLine, 'LineItem');
    const product = at(item, 'Item');
    const quantity = at(item, 'Quantity');
    const price = at(item, 'Price');
    const basis = at(price, 'BaseQuantity');
    const lineId = text(item, 'ID');
    return readAmounts({
      label: `line ${lineId || n + 1}`,
      itemCode: text(product, 'SellersItemIdentification', 'ID') || text(product, 'BuyersItemIdentification', 'ID') || text(product, 'StandardItemIdentification', 'ID'),
      description: [text(product, 'Name'), text(product, 'Description')].filter(Boolean).join(' — '),
      lineId, position: n + 1, currency: docCurrency,
      quantity: text(quantity), unit: attr(quantity, 'unitCode'),
      price: text(price, 'PriceAmount') || undefined, priceCurrency: attr(at(price, 'PriceAmount'), 'currencyID') || undefined,
      basis: text(basis) || undefined, basisUnit: attr(basis, 'unitCode') || undefined,
      amount: text(item, 'LineExtensionAmount') || undefined,
    });
  });
  return finish(po, lines, 'UBL order');
}

/** One Order-X or UBL order as a ParsedPurchaseOrder. Throws OrderXmlError, with the reason, for anything else. */
export function readOrderXml(xml: string | Buffer, documentName: string): ParsedPurchaseOrder {
  const source = decode(xml);
  if (!source.trim()) throw new OrderXmlError('not_xml', 'the file is empty');
  if (!/^\s*</.test(source)) throw new OrderXmlError('not_xml', 'the file is not XML (it does not start with "<")');
  const tree = parseXml(source);
  const root = rootOf(source);
  if (!root) throw new OrderXmlError('not_xml', 'the XML has no root element');
  const rootNode = all(tree, root.name)[0];
  if (root.name === 'SCRDMCCBDACIOMessageStructure') {
    if (root.namespace && root.namespace !== NS.orderX) throw new OrderXmlError('not_an_order', `the Order-X root element is in namespace "${root.namespace}", not ${NS.orderX}`);
    return readOrderX(rootNode ?? {}, documentName);
  }
  if (root.name === 'Order') {
    if (root.namespace !== NS.ublOrder) throw new OrderXmlError('not_an_order', `the root element is <Order> but in namespace "${root.namespace || '(none)'}", not UBL's ${NS.ublOrder}: arflow reads UBL and Order-X orders`);
    return readUbl(rootNode ?? {}, documentName);
  }
  const known = OTHER_DOCUMENTS[root.name];
  throw new OrderXmlError('not_an_order', known
    ? `the XML is ${known}, not a purchase order`
    : `the XML's root element is <${root.name}>; arflow reads Order-X (SCRDMCCBDACIOMessageStructure) and UBL <Order> purchase orders`);
}

/** Whether bytes look like XML at all (after a byte-order mark and white space). */
export function looksLikeXml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 256);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  return /^(?:\uFEFF)?\s*<(?:\?xml|[A-Za-z_])/.test(head.toString('utf8'));
}

/**
 * The order XML a PDF carries as an embedded file (PDF/A-3 hybrid, as Order-X prescribes): order-x.xml
 * by name, whether it reads or not (so its problem can be told), else the first attached .xml that
 * reads as an order. Undefined for a PDF without one, or one pdfjs cannot open (the text reader says why).
 */
export async function pdfEmbeddedOrderXml(pdf: Buffer): Promise<{ filename: string; xml: Buffer } | undefined> {
  let files: { filename: string; content: Uint8Array }[];
  try {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
    try {
      const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content?: Uint8Array | null }> | null;
      files = Object.values(attachments ?? {})
        .filter((a): a is { filename: string; content: Uint8Array } => Boolean(a.content && a.content.length > 0 && /\.xml$/i.test(a.filename)));
    } finally {
      await doc.destroy();
    }
  } catch {
    return undefined; // damaged or encrypted: readPdfLayout reports it with its reason
  }
  const named = files.find((a) => a.filename.toLowerCase() === 'order-x.xml');
  if (named) return { filename: named.filename, xml: Buffer.from(named.content) };
  for (const file of files) {
    const xml = Buffer.from(file.content);
    try {
      readOrderXml(xml, file.filename);
      return { filename: file.filename, xml };
    } catch (err) {
      if (!(err instanceof OrderXmlError)) throw err;
    }
  }
  return undefined;
}
