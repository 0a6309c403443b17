// The envelopes of an ASC X12 interchange, read from the X12.5/X12.6 control standards: the delimiters
// come from the fixed-width ISA segment, and every count and control number (IEA, GE, SE) is checked.
// What a transaction set means is its reader's business (parsers/bank/x12-820.ts); this module only
// hands over well-formed sets, or an X12EnvelopeError naming the segment, its line and the reason.

export class X12EnvelopeError extends Error {
  constructor(
    /** 1-based position of the segment in the file (0 when the file does not even start an interchange). */
    readonly segmentIndex: number,
    /** 1-based line of the text the segment starts on (1 for a file written on one line). */
    readonly line: number,
    readonly segmentId: string | undefined,
    readonly reason: string,
  ) {
    super(segmentIndex > 0 ? `segment ${segmentIndex}${segmentId ? ` (${segmentId})` : ''}: ${reason}` : reason);
    this.name = 'X12EnvelopeError';
  }
}

export interface X12Segment {
  /** 1-based position in the file. */
  index: number;
  /** 1-based line the segment starts on. */
  line: number;
  id: string;
  /** elements[1] is XX01; elements[0] is the segment ID. */
  elements: string[];
  raw: string;
}

export interface X12Delimiters { element: string; component: string; segment: string; repetition?: string }

export interface X12TransactionSet {
  isa: X12Segment;
  gs: X12Segment;
  st: X12Segment;
  /** The segments between ST and SE. */
  body: X12Segment[];
  se: X12Segment;
}

/** The XXnn element of a segment, '' when absent. */
export const element = (s: X12Segment, n: number): string => s.elements[n] ?? '';

const ISA_LENGTH = 106;
// Each ISA element has a fixed width, so the separators fall at known places.
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** The delimiters an ISA starting at `at` declares. */
export function isaDelimiters(text: string, at: number, segmentIndex = 1, line = 1): X12Delimiters {
  const fail = (reason: string): never => { throw new X12EnvelopeError(segmentIndex, line, 'ISA', reason); };
  const isa = text.slice(at, at + ISA_LENGTH);
  const separator = isa[3];
  if (!separator || /[A-Za-z0-9\s]/.test(separator)) return fail('the character after "ISA" must be the element separator (a punctuation mark)');
  if (isa.length < ISA_LENGTH) return fail(`ISA must be ${ISA_LENGTH} characters (its elements have fixed widths), but the text ends after ${isa.length}`);
  let position = 3;
  for (let n = 0; n < ISA_WIDTHS.length; n++) {
    if (isa[position] !== separator) {
      return fail(`ISA must be ${ISA_LENGTH} characters with fixed-width elements, but character ${position + 1} (before ISA${String(n + 1).padStart(2, '0')}) is "${isa[position]}", not the element separator "${separator}"`);
    }
    position += 1 + ISA_WIDTHS[n]!;
  }
  const component = isa[104]!;
  const segment = isa[105]!;
  // ISA11 became the repetition separator in version 00402; before that it is the standards identifier "U".
  const repetition = isa.slice(84, 89) >= '00402' ? isa[82] : undefined;
  const all = [separator, component, segment, ...(repetition ? [repetition] : [])];
  if (new Set(all).size !== all.length) return fail(`the delimiters must all differ, but element "${separator}", component "${component}"${repetition ? `, repetition "${repetition}"` : ''} and segment terminator "${segment}" repeat one`);
  if (/[A-Za-z0-9 ]/.test(component) || /[A-Za-z0-9 ]/.test(segment)) return fail(`the component separator ("${component}") and the segment terminator ("${segment}") must be punctuation, not letters, digits or spaces`);
  return { element: separator, component, segment, repetition };
}

/**
 * Splits text into segments from `at` on. Stops after an IEA when `untilIea`, returning where the next
 * interchange may start. Line breaks around a terminator are for people reading the file, not data.
 */
export function splitSegments(
  text: string,
  delimiters: Pick<X12Delimiters, 'element' | 'segment'>,
  options: { at?: number; firstIndex?: number; firstLine?: number; untilIea?: boolean } = {},
): { segments: X12Segment[]; next: number } {
  const segments: X12Segment[] = [];
  let cursor = options.at ?? 0;
  const firstIndex = options.firstIndex ?? 1;
  let line = options.firstLine ?? 1;
  let counted = options.at ?? 0; // text before `counted` has had its line breaks counted into `line`
  const lineAt = (offset: number): number => {
    for (; counted < offset; counted++) if (text[counted] === '\n') line++;
    return line;
  };
  while (cursor < text.length) {
    let end = text.indexOf(delimiters.segment, cursor);
    if (end < 0) end = text.length; // the last segment's terminator is missing: tolerated
    const slice = text.slice(cursor, end);
    const lead = slice.length - slice.replace(/^\s+/, '').length;
    const raw = slice.trim();
    const start = cursor + lead;
    cursor = end + delimiters.segment.length;
    if (raw === '') continue;
    const index = firstIndex + segments.length;
    const elements = raw.split(delimiters.element);
    const id = elements[0]!.trim();
    if (!SEGMENT_ID.test(id)) throw new X12EnvelopeError(index, lineAt(start), undefined, `"${raw.slice(0, 20)}" does not start with a segment ID (two or three capital letters or digits)`);
    segments.push({ index, line: lineAt(start), id, elements: elements.map((e, i) => (i === 0 ? id : e.trim())), raw });
    if (options.untilIea && id === 'IEA') return { segments, next: cursor };
  }
  return { segments, next: text.length };
}

function sameNumber(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) === BigInt(b) : a === b;
}

function count(s: X12Segment, n: number, what: string): number {
  const v = element(s, n);
  if (!/^\d{1,9}$/.test(v)) throw new X12EnvelopeError(s.index, s.line, s.id, `${s.id}${String(n).padStart(2, '0')} must be the number of ${what}, but it is "${v}"`);
  return Number(v);
}

/** Walks one interchange's GS and ST envelopes, checking every count and control number. */
function transactionSets(segments: X12Segment[]): X12TransactionSet[] {
  const isa = segments[0]!;
  const isa13 = element(isa, 13);
  if (!/^\d{9}$/.test(isa13)) throw new X12EnvelopeError(isa.index, isa.line, 'ISA', `ISA13 (the interchange control number) must be nine digits, but it is "${isa13}"`);
  const sets: X12TransactionSet[] = [];
  const last = segments[segments.length - 1]!;
  const truncated = (where: string): X12EnvelopeError => new X12EnvelopeError(last.index, last.line, last.id, `the file ends ${where}: it looks truncated`);
  let groups = 0;
  let i = 1;
  for (;;) {
    const s = segments[i];
    if (!s) throw truncated('before the IEA segment that closes the interchange');
    if (s.id === 'IEA') {
      if (count(s, 1, 'functional groups (GS)') !== groups) throw new X12EnvelopeError(s.index, s.line, 'IEA', `IEA01 says ${element(s, 1)} functional group(s), but the interchange has ${groups}`);
      if (!sameNumber(element(s, 2), isa13)) throw new X12EnvelopeError(s.index, s.line, 'IEA', `IEA02 "${element(s, 2)}" must equal ISA13 "${isa13}" (the interchange control number)`);
      return sets;
    }
    if (s.id !== 'GS') throw new X12EnvelopeError(s.index, s.line, s.id, `expected GS (a functional group) or IEA, found ${s.id}`);
    const gs = s;
    groups++;
    let setsInGroup = 0;
    i++;
    for (;;) {
      const t = segments[i];
      if (!t) throw truncated(`inside the functional group that starts at segment ${gs.index} (no GE)`);
      if (t.id === 'GE') {
        if (count(t, 1, 'transaction sets (ST)') !== setsInGroup) throw new X12EnvelopeError(t.index, t.line, 'GE', `GE01 says ${element(t, 1)} transaction set(s), but the group has ${setsInGroup}`);
        if (!sameNumber(element(t, 2), element(gs, 6))) throw new X12EnvelopeError(t.index, t.line, 'GE', `GE02 "${element(t, 2)}" must equal GS06 "${element(gs, 6)}" (the group control number of segment ${gs.index})`);
        i++;
        break;
      }
      if (t.id !== 'ST') throw new X12EnvelopeError(t.index, t.line, t.id, `expected ST (a transaction set) or GE, found ${t.id}`);
      const st = t;
      if (!element(st, 2)) throw new X12EnvelopeError(st.index, st.line, 'ST', 'ST02 (the transaction set control number) is empty');
      setsInGroup++;
      const body: X12Segment[] = [];
      i++;
      for (;;) {
        const u = segments[i];
        if (!u) throw truncated(`inside transaction set ${element(st, 2)} that starts at segment ${st.index} (no SE)`);
        if (u.id === 'SE') {
          const included = body.length + 2;
          if (count(u, 1, 'segments in the transaction set') !== included) throw new X12EnvelopeError(u.index, u.line, 'SE', `SE01 says ${element(u, 1)} segments, but transaction set ${element(st, 2)} has ${included} (ST to SE inclusive)`);
          if (element(u, 2) !== element(st, 2)) throw new X12EnvelopeError(u.index, u.line, 'SE', `SE02 "${element(u, 2)}" must equal ST02 "${element(st, 2)}" (the transaction set control number of segment ${st.index})`);
          sets.push({ isa, gs, st, body, se: u });
          i++;
          break;
        }
        if (['ST', 'GE', 'GS', 'IEA', 'ISA'].includes(u.id)) throw new X12EnvelopeError(u.index, u.line, u.id, `transaction set ${element(st, 2)} (segment ${st.index}) has no SE before this ${u.id}`);
        body.push(u);
        i++;
      }
    }
  }
}

/**
 * Every transaction set of every interchange in the text (interchanges may follow one another), in
 * order, with envelopes checked. Throws X12EnvelopeError for anything that is not a sound interchange.
 */
export function readTransactionSets(text: string): X12TransactionSet[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const start = body.search(/\S/);
  if (start < 0) throw new X12EnvelopeError(0, 0, undefined, 'the file is empty');
  const head = body.slice(start, start + 3);
  if (head === 'UNA' || head === 'UNB') throw new X12EnvelopeError(0, 0, undefined, 'this is a UN/EDIFACT interchange (UNA/UNB), not ANSI X12');
  if (head !== 'ISA') throw new X12EnvelopeError(0, 0, undefined, 'an X12 interchange must start with an ISA segment, and this file does not');
  const sets: X12TransactionSet[] = [];
  let cursor = start;
  let index = 1;
  while (cursor < body.length && body.slice(cursor).trim() !== '') {
    const at = cursor + body.slice(cursor).search(/\S/);
    const firstLine = 1 + (body.slice(0, at).match(/\n/g) ?? []).length;
    if (body.slice(at, at + 3) !== 'ISA') throw new X12EnvelopeError(index, firstLine, undefined, 'only another interchange (ISA) may follow an IEA segment');
    const delimiters = isaDelimiters(body, at, index, firstLine);
    const { segments, next } = splitSegments(body.slice(at), delimiters, { firstIndex: index, firstLine, untilIea: true });
    sets.push(...transactionSets(segments));
    index += segments.length;
    cursor = at + next;
  }
  return sets;
}
