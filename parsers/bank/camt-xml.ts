// The XML of an ISO 20022 camt message as plain elements that remember their line and path. Values
// stay text (no number parsing) and namespace prefixes are dropped, so camt.053.001.02 … .13 and
// camt.054 of any version read the same; the reader of each message decides what the names mean.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { STRING_XML_OPTIONS } from '../xml-strings.js';
import { BankFileError } from '../../domain/payment-documents.js';

export type CamtFormat = 'camt.053' | 'camt.054';

export interface XmlElement {
  readonly name: string;
  /** Path from the root, 1-based index where a name repeats: "BkToCstmrStmt/Stmt[2]/Ntry[3]/Amt". */
  readonly path: string;
  /** Line of the start tag, 1-based. */
  readonly line: number;
  /** Trimmed text content ('' for none). */
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
}

const parser = new XMLParser({
  ...STRING_XML_OPTIONS,
  // Each element's offset in the metadata, to name the line of a fault.
  captureMetaData: true,
  trimValues: true,
  // Callbacks get a matcher instead of a path string built for every tag: measurably faster.
  jPath: false,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type RawNode = Record<string | symbol, unknown>;

/** Reads a camt message's XML; anything that is not one well-formed XML document is rejected. */
export function readXml(text: string, format: CamtFormat): XmlElement {
  const lines = lineStarts(text);
  const doctype = text.search(/<!DOCTYPE/i);
  // ISO 20022 messages are schema-defined: a DTD can only bring entity tricks, never data.
  if (doctype >= 0) throw new BankFileError(format, lineAt(lines, doctype), 'not a camt message: it declares a DOCTYPE');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw new BankFileError(format, validation.err.line ?? 0, `not well-formed XML: ${validation.err.msg}`);
  }
  let parsed: RawNode;
  try {
    parsed = parser.parse(text) as RawNode;
  } catch (error) {
    throw new BankFileError(format, 0, `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = elementNames(parsed).flatMap((name) => nodesOf(parsed, name).map((node) => ({ name, node })));
  const root = roots[0];
  if (!root) throw new BankFileError(format, 0, 'not XML: no root element');
  if (roots.length > 1) throw new BankFileError(format, 0, `not one XML document: it has ${roots.length} root elements`);
  return toElement(root.name, root.node, root.name, lines);
}

function elementNames(node: RawNode): string[] {
  return Object.keys(node).filter((key) => key !== '#text' && !key.startsWith('@_'));
}

function nodesOf(node: RawNode, name: string): RawNode[] {
  const value = node[name];
  return Array.isArray(value) ? value.filter((v): v is RawNode => typeof v === 'object' && v !== null) : [];
}

function toElement(name: string, node: RawNode, path: string, lines: number[]): XmlElement {
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (key.startsWith('@_') && typeof value === 'string') attributes[key.slice(2)] = value.trim();
  }
  const children: XmlElement[] = [];
  for (const childName of elementNames(node)) {
    const nodes = nodesOf(node, childName);
    nodes.forEach((child, i) => {
      const step = nodes.length > 1 ? `${childName}[${i + 1}]` : childName;
      children.push(toElement(childName, child, `${path}/${step}`, lines));
    });
  }
  const meta = node[META] as { startIndex?: number } | undefined;
  const text = node['#text'];
  return {
    name,
    path,
    line: meta?.startIndex === undefined ? 0 : lineAt(lines, meta.startIndex),
    text: typeof text === 'string' ? text.trim() : '',
    attributes,
    children,
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** Children named `name` (all of them, in document order within that name). */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The first element along a path of names ("Id/IBAN"). */
export function child(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = element;
  for (const name of path.split('/')) current = childrenNamed(current, name)[0];
  return current;
}

/** Text of the element at `path`, undefined when it is missing or empty. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  const found = child(element, path);
  return found && found.text !== '' ? found.text : undefined;
}

/** The first path that leads to an element, for choices that moved between versions (Nm vs Pty/Nm). */
export function firstOf(element: XmlElement | undefined, ...paths: string[]): XmlElement | undefined {
  for (const path of paths) {
    const found = child(element, path);
    if (found) return found;
  }
  return undefined;
}

/** Text at the first path that has some. */
export function firstText(element: XmlElement | undefined, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const found = textAt(element, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A mandatory element, or the file is rejected naming where it should have been. */
export function requireChild(element: XmlElement, path: string, format: CamtFormat): XmlElement {
  const found = child(element, path);
  if (!found) throw new BankFileError(format, element.line, `${element.path}/${path} is missing`);
  return found;
}

/** A mandatory element that must carry text. */
export function requireText(element: XmlElement, path: string, format: CamtFormat): string {
  const found = requireChild(element, path, format);
  if (found.text === '') throw new BankFileError(format, found.line, `${found.path} is empty`);
  return found.text;
}
