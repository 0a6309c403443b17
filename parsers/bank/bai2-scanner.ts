// BAI2 text → logical records. A record is "NN,field,field,…/": fields end at ",", the record at "/",
// and 88 continuation records carry on the field list of the record before them. The one exception is
// the text field that ends a transaction detail (16): it may hold commas and slashes, so it runs to the
// end of the physical record, or to a "/" that is followed by the next record, and its 88s are more text.
// Banks also put several records on one line, pad records to a fixed length, or wrap a text onto a line
// of its own: all are read here, so the structure above sees one list of records.
import { BankFileError } from '../../domain/payment-documents.js';

export const BAI2_RECORD_NAMES: Record<string, string> = {
  '01': 'file header', '02': 'group header', '03': 'account identifier', '16': 'transaction detail',
  '49': 'account trailer', '88': 'continuation', '98': 'group trailer', '99': 'file trailer',
};

export interface Bai2Record {
  code: string;
  /** Line of the file where the record starts. */
  line: number;
  /** The record's fields, then its continuations' (a 16's text excluded), trimmed. */
  fields: string[];
  /** A 16's text: the pieces of the record and its 88s, joined by a space, as written. */
  text: string;
  /** Physical records: this one and its 88s, as trailers count them. */
  count: number;
  /** Where in `fields` each physical record's own fields end: a summary left empty at a record's end is read as none. */
  pieceEnds: number[];
}

// What the next record looks like from inside a text or at a line break: a known code and its comma.
const RECORD_START = /^(0[123]|16|49|88|9[89]),/;
const GAP = /[ \t\n\f\v\u001a]/;
// A record code followed by another delimiter ("88:EREF"): damage, not a text that wrapped onto its own line.
const MISDELIMITED_RECORD = /^(?:0[123]|16|49|88|9[89])[:;.]/;

/** Fixed fields of a 16 before its text: type, amount, funds type and what that type adds, two references. */
function detailFieldsNeeded(fields: readonly string[]): number {
  if (fields.length < 3) return 3;
  const funds = fields[2]!.trim().toUpperCase();
  if (funds === 'S') return 3 + 3 + 2;
  if (funds === 'V') return 3 + 2 + 2;
  if (funds === 'D') {
    if (fields.length < 4) return 4;
    const pairs = /^\d{1,4}$/.test(fields[3]!.trim()) ? Number(fields[3]!.trim()) : 0;
    return 3 + 1 + 2 * pairs + 2;
  }
  return 3 + 2;
}

/** Whether the next field of a 16 is one of its two references (the last two fixed fields). */
function isReferenceNext(fields: readonly string[]): boolean {
  if (fields.length < 3 || (fields[2]!.trim().toUpperCase() === 'D' && fields.length < 4)) return false;
  return fields.length >= detailFieldsNeeded(fields) - 2;
}

class Scanner {
  private pos = 0;
  /** Whether the piece being read has ended (its "/" read, or its line ended before a new record). */
  private ended = false;
  private code = '';
  private readonly lineStarts: number[] = [0];

  constructor(private readonly s: string) {
    for (let i = 0; i < s.length; i++) if (s[i] === '\n') this.lineStarts.push(i + 1);
  }

  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private fail(pos: number, reason: string): never {
    throw new BankFileError('bai2', this.lineAt(pos), reason);
  }

  private recordStartsAt(pos: number): boolean {
    return RECORD_START.test(this.s.slice(pos, pos + 3));
  }

  /** Past spaces and line breaks to where the next record should start. */
  private gapEnd(from: number): number {
    let p = from;
    while (p < this.s.length && GAP.test(this.s[p]!)) p++;
    return p;
  }

  /** Reads "NN," or "NN/" at the cursor; the piece has ended when the record has no fields at all. */
  private readCode(): string {
    const found = this.s.slice(this.pos, this.pos + 3);
    if (!/^\d\d[,/]/.test(found)) {
      const shown = this.s.slice(this.pos, this.pos + 12).split('\n')[0];
      this.fail(this.pos, `expected a record code ("01," … "99,") at the start of a record, found "${shown}"`);
    }
    const code = found.slice(0, 2);
    if (!BAI2_RECORD_NAMES[code]) this.fail(this.pos, `unknown record code "${code}"`);
    this.ended = found[2] === '/';
    this.pos += 3;
    return code;
  }

  /** When the next record is an 88, steps into it and says so. */
  private enterContinuation(): boolean {
    const next = this.gapEnd(this.pos);
    if (this.s.startsWith('88', next) && (this.s[next + 2] === ',' || this.s[next + 2] === '/')) {
      this.pos = next;
      this.readCode();
      return true;
    }
    return false;
  }

  /** Whether a "/" at `pos` ends its record: the line ends there (blanks aside) or the next record starts. */
  private slashEndsRecord(pos: number): boolean {
    let after = pos + 1;
    while (this.s[after] === ' ' || this.s[after] === '\t') after++;
    return after >= this.s.length || this.s[after] === '\n' || this.recordStartsAt(after);
  }

  /**
   * One comma- or slash-ended field of the open piece. A 16's references are read with `slashInside`:
   * some banks write references such as "AB/GS/0001" although the specification keeps "/" for the end
   * of a record, and a "/" with more of the field after it on the same line can only be part of it.
   */
  private readField(slashInside = false): string {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos]!;
      if (c === '/' && slashInside && !this.slashEndsRecord(this.pos)) {
        this.pos++;
        continue;
      }
      if (c === ',' || c === '/') {
        this.ended = c === '/';
        return this.s.slice(start, this.pos++).trim();
      }
      if (c === '\n') {
        // A record whose "/" is missing still ends where the next record begins; anything else is damage.
        if (this.gapEnd(this.pos) >= this.s.length || this.recordStartsAt(this.gapEnd(this.pos))) {
          this.ended = true;
          return this.s.slice(start, this.pos).trim();
        }
        this.fail(this.pos, `record ${this.code} does not end with "/" before its line ends`);
      }
      this.pos++;
    }
    return this.fail(this.pos, `record ${this.code} does not end with "/": the file ends inside it`);
  }

  /**
   * Text from the cursor: to a "/" followed by the end of the line or by the next record, or to a line
   * break followed by the next record (the specification's unterminated text). A line break followed
   * by anything else is part of the text, as is any other "/": also one that starts an 88 continuing
   * a text with more on its line ("88,/MEXICO" continuing an address), since a text is ended by its line.
   */
  private readTextPiece(): string {
    let text = '';
    while (this.pos < this.s.length) {
      const c = this.s[this.pos]!;
      if (c === '/') {
        if (this.slashEndsRecord(this.pos)) {
          this.pos++;
          this.ended = true;
          return text;
        }
      } else if (c === '\n') {
        const next = this.gapEnd(this.pos);
        if (next >= this.s.length || this.recordStartsAt(next)) {
          this.ended = true;
          return text;
        }
        const damaged = MISDELIMITED_RECORD.exec(this.s.slice(next, next + 3));
        if (damaged) this.fail(next, `"${damaged[0]}" starts a record whose code is not followed by a comma: the record cannot be read`);
        text += ' ';
        this.pos = next;
        continue;
      }
      text += c;
      this.pos++;
    }
    this.ended = true;
    return text;
  }

  /** Fields of the record and of its 88s. */
  private readPlainFields(): { fields: string[]; count: number; pieceEnds: number[] } {
    const fields: string[] = [];
    const pieceEnds: number[] = [];
    let count = 1;
    for (;;) {
      while (!this.ended) fields.push(this.readField());
      pieceEnds.push(fields.length);
      if (!this.enterContinuation()) return { fields, count, pieceEnds };
      count++;
    }
  }

  /** A 16: fixed fields while its funds type asks for more (from 88s too), then the text and the 88s that continue it. */
  private readDetail(): { fields: string[]; text: string; count: number; pieceEnds: number[] } {
    const fields: string[] = [];
    const pieceEnds: number[] = [];
    let count = 1;
    while (fields.length < detailFieldsNeeded(fields)) {
      if (!this.ended) fields.push(this.readField(isReferenceNext(fields)));
      else if (this.enterContinuation()) {
        pieceEnds.push(fields.length);
        count++;
      } else return { fields, text: '', count, pieceEnds: [...pieceEnds, fields.length] };
    }
    pieceEnds.push(fields.length);
    const pieces: string[] = [];
    if (!this.ended) pieces.push(this.readTextPiece());
    while (this.enterContinuation()) {
      count++;
      pieces.push(this.ended ? '' : this.readTextPiece());
    }
    return { fields, text: pieces.join(' '), count, pieceEnds };
  }

  records(): Bai2Record[] {
    const records: Bai2Record[] = [];
    for (;;) {
      this.pos = this.gapEnd(this.pos);
      if (this.pos >= this.s.length) return records;
      const line = this.lineAt(this.pos);
      this.code = this.readCode();
      if (this.code === '88') this.fail(this.pos - 3, 'continuation (88) with no record before it to continue');
      if (this.code === '16') records.push({ code: this.code, line, ...this.readDetail() });
      else records.push({ code: this.code, line, text: '', ...this.readPlainFields() });
    }
  }
}

/**
 * A file of fixed-length physical records may come with no line breaks at all: the header's physical
 * record length then says where each record ends, so line breaks are put back before reading.
 */
function withPhysicalLines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  const body = text.slice(0, end);
  if (body.includes('\n')) return text;
  const header = /^[ \t]*01,([^/]*)\//.exec(body);
  const length = header?.[1]?.split(',')[5]?.trim() ?? '';
  if (!/^\d{2,5}$/.test(length)) return text;
  const n = Number(length);
  if (body.length <= n || body.length % n !== 0) return text;
  const lines: string[] = [];
  for (let at = 0; at < body.length; at += n) lines.push(body.slice(at, at + n));
  return lines.join('\n');
}

export function scanBai2(text: string): Bai2Record[] {
  return new Scanner(withPhysicalLines(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))).records();
}
