// The legal amount of a check: the amount written in words ("Four thousand five hundred twelve and
// 50/100 DOLLARS"), which is what the bank pays when it disagrees with the figures. Read word by word
// with a small number grammar, so a damaged reading fails instead of becoming another amount: a word
// OCR mangled is matched to the nearest number word only when exactly one is near, and anything left
// over that is neither a number word nor known filler makes the whole reading undefined.
import { minorDigits } from './money.js';

type NumberWord =
  | { kind: 'unit'; value: number } // zero … nine
  | { kind: 'teen'; value: number } // ten … nineteen
  | { kind: 'tens'; value: number } // twenty … ninety
  | { kind: 'hundred' }
  | { kind: 'scale'; value: number }; // thousand, million, billion

type Word =
  | NumberWord
  | { kind: 'and' }
  | { kind: 'major' } // dollars, euros …
  | { kind: 'minor' } // cents, pence …
  | { kind: 'no' }
  | { kind: 'filler' };

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [string, number][] = [['billion', 1e9], ['million', 1e6], ['thousand', 1e3]];

const VOCABULARY = new Map<string, Word>();
UNITS.forEach((w, value) => VOCABULARY.set(w, { kind: 'unit', value }));
TEENS.forEach((w, i) => VOCABULARY.set(w, { kind: 'teen', value: 10 + i }));
TENS.forEach((w, i) => { if (w) VOCABULARY.set(w, { kind: 'tens', value: i * 10 }); });
VOCABULARY.set('fourty', { kind: 'tens', value: 40 }); // the usual misspelling
VOCABULARY.set('hundred', { kind: 'hundred' });
for (const [w, value] of SCALES) VOCABULARY.set(w, { kind: 'scale', value });
VOCABULARY.set('and', { kind: 'and' });
VOCABULARY.set('no', { kind: 'no' });
for (const w of ['dollars', 'dollar', 'euros', 'euro', 'pounds', 'pound', 'sterling', 'francs', 'franc', 'pesos', 'peso', 'rand', 'yen']) VOCABULARY.set(w, { kind: 'major' });
for (const w of ['cents', 'cent', 'pence', 'penny', 'centimes', 'centavos']) VOCABULARY.set(w, { kind: 'minor' });
// Words printed or written around the amount: "PAY", "THE SUM OF", "EXACTLY", "ONLY", "U.S.".
for (const w of ['pay', 'the', 'sum', 'of', 'exactly', 'only', 'amount', 'us', 'usd', 'cad', 'eur', 'gbp', 'xx', 'ths', 'hundredths']) VOCABULARY.set(w, { kind: 'filler' });

/** Optimal string alignment distance (a swap of neighbours counts one), abandoned past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) { row.push(j); continue; }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

function sameWord(a: Word, b: Word): boolean {
  return a.kind === b.kind && ('value' in a ? a.value : -1) === ('value' in b ? b.value : -1);
}

/**
 * A word as read, matched to the vocabulary: exactly, or within one edit (two for words of seven
 * letters or more) when every nearest word means the same; three letters or fewer must match exactly.
 */
function lookUp(token: string): Word | undefined {
  const exact = VOCABULARY.get(token);
  if (exact) return exact;
  if (token.length < 4) return undefined;
  if (nearest.has(token)) return nearest.get(token);
  const found = nearestWord(token);
  if (nearest.size >= 10_000) nearest.clear();
  nearest.set(token, found);
  return found;
}

/** Fuzzy look-ups already made: a page's words are tried again for every span of cells around them. */
const nearest = new Map<string, Word | undefined>();

function nearestWord(token: string): Word | undefined {
  const limit = token.length >= 7 ? 2 : 1;
  let best = limit + 1;
  let found: Word | undefined;
  let ambiguous = false;
  for (const [word, meaning] of VOCABULARY) {
    if (word.length < 4) continue;
    const d = editDistance(token, word, limit);
    if (d < best) { best = d; found = meaning; ambiguous = false; }
    else if (d === best && found && !sameWord(found, meaning)) ambiguous = true;
  }
  return best <= limit && !ambiguous ? found : undefined;
}

/** Number words run together ("fourthousand", "twentyfive"), split into exact vocabulary words. */
function splitRunTogether(token: string): Word[] | undefined {
  const best: (Word[] | undefined)[] = [[]];
  for (let end = 1; end <= token.length; end++) {
    for (let start = Math.max(0, end - 9); start < end; start++) {
      const before = best[start];
      const word = before && VOCABULARY.get(token.slice(start, end));
      if (word && word.kind !== 'filler' && (!best[end] || best[end]!.length > before.length + 1)) best[end] = [...before, word];
    }
  }
  const words = best[token.length];
  return words && words.length > 1 ? words : undefined;
}

/** OCR reads letters as digits inside words ("F0UR", "N1NE", "5IX"). */
function lettersForDigits(token: string): string {
  return token.replace(/0/g, 'o').replace(/[1|]/g, 'l').replace(/5/g, 's').replace(/8/g, 'b');
}

type Piece = { word: Word } | { fraction: number } | { figures: number } | { unknown: string } | { junk: true };

/** "50/100", "5O/1OO", "xx/100", "no/100", "--/100" → the numerator over 10^digits; OCR-tolerant. */
const FRACTION = /(?<![a-z0-9])(no|[0-9oOsSlIi]{1,3}|[xX*\-–—_]{1,3})\s*[/|\\]\s*([1lIi|][0oO]{1,3})(?:ths)?(?![a-z0-9])/gi;

function numeratorValue(text: string): number | undefined {
  if (/^(no|[xX*\-–—_]+)$/i.test(text)) return 0;
  const digits = text.replace(/[oO]/g, '0').replace(/[sS]/g, '5').replace(/[lIi]/g, '1');
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

function tokenise(text: string, currency: string): Piece[] | undefined {
  const pieces: { at: number; piece: Piece }[] = [];
  const digits = minorDigits(currency);
  let rest = text.normalize('NFKC');
  for (const m of rest.matchAll(FRACTION)) {
    const numerator = numeratorValue(m[1]!);
    const denominatorDigits = m[2]!.length - 1;
    // A fraction in another currency's minor units, or a numerator that is not one, is not this amount.
    if (numerator === undefined) return undefined;
    if (numerator !== 0 && (denominatorDigits !== digits || numerator >= 10 ** digits)) return undefined;
    pieces.push({ at: m.index, piece: { fraction: numerator } });
  }
  rest = rest.replace(FRACTION, (m) => ' '.repeat(m.length));
  for (const m of rest.matchAll(/[\p{L}\p{N}&]+/gu)) {
    const raw = m[0];
    const at = m.index;
    if (raw === '&') { pieces.push({ at, piece: { word: { kind: 'and' } } }); continue; }
    if (/^\d[\d.,]*$/.test(raw)) { pieces.push({ at, piece: { figures: Number(raw.replace(/\D/g, '')) } }); continue; }
    const token = lettersForDigits(raw.toLowerCase().replace(/&/g, ''));
    if (!/^[a-z]+$/.test(token)) { pieces.push({ at, piece: { unknown: raw } }); continue; }
    if (isFill(token)) { pieces.push({ at, piece: { junk: true } }); continue; }
    const word = lookUp(token);
    if (word) { pieces.push({ at, piece: { word } }); continue; }
    const words = splitRunTogether(token);
    if (words) { words.forEach((w) => pieces.push({ at, piece: { word: w } })); continue; }
    pieces.push({ at, piece: { unknown: raw } });
  }
  return pieces.sort((a, b) => a.at - b.at).map((p) => p.piece);
}

/**
 * A lone letter is a stroke of the fill line or a stray mark; asterisk fill comes out of OCR as runs
 * of k and x ("kkkk", "kxkkick"), which no number word has more than one of.
 */
function isFill(token: string): boolean {
  if (token.length === 1) return true;
  if (VOCABULARY.has(token)) return false;
  if (/^(.)\1+$/.test(token)) return true;
  // A number word with one letter misread has at most two of them: never mistake it for fill.
  const kx = token.replace(/[^kx]/g, '').length;
  return token.length >= 5 && kx >= 3 && kx >= token.length / 2;
}

type State = 'start' | 'unit' | 'teen' | 'tens' | 'tensUnit' | 'hundred' | 'scale';

/**
 * The value of number words in order, or undefined when they do not make a number ("five four",
 * "thousand hundred", "twenty thirty"). Hundreds may multiply 11–99 ("twelve hundred fifty").
 */
function valueOf(words: NumberWord[]): number | undefined {
  if (words.length === 1 && words[0]!.kind === 'unit' && words[0]!.value === 0) return 0;
  let total = 0, group = 0, lastScale = Infinity, hundredInGroup = false;
  let state: State = 'start';
  for (const w of words) {
    switch (w.kind) {
      case 'unit':
        if (w.value === 0 || !['start', 'tens', 'hundred', 'scale'].includes(state)) return undefined;
        group += w.value;
        state = state === 'tens' ? 'tensUnit' : 'unit';
        break;
      case 'teen':
      case 'tens':
        if (!['start', 'hundred', 'scale'].includes(state)) return undefined;
        group += w.value;
        state = w.kind;
        break;
      case 'hundred':
        if (!['unit', 'teen', 'tensUnit'].includes(state) || hundredInGroup || group > 99) return undefined;
        group *= 100;
        hundredInGroup = true;
        state = 'hundred';
        break;
      case 'scale':
        if (state === 'start' || state === 'scale' || w.value >= lastScale || group === 0 || group > 999) return undefined;
        total += group * w.value;
        group = 0;
        hundredInGroup = false;
        lastScale = w.value;
        state = 'scale';
        break;
    }
  }
  if (state === 'start') return undefined;
  if (lastScale !== Infinity && group > 999) return undefined; // "two thousand twelve hundred"
  return total + group;
}

const isNumberWord = (p: Piece): p is { word: NumberWord } => 'word' in p && ['unit', 'teen', 'tens', 'hundred', 'scale'].includes(p.word.kind);

export interface AmountInWords {
  minor: number;
  /** How many number words were read: a line with one is weak evidence it is the legal amount. */
  numberWords: number;
  /** Whether the minor units were stated ("50/100", "xx/100", "thirty cents"). */
  minorStated: boolean;
  /** Whether a currency word ("DOLLARS") was there. */
  currencyWord: boolean;
}

/** amountFromWords with what it rests on, for a reader choosing among lines. */
export function readAmountInWords(text: string, currency = 'USD'): AmountInWords | undefined {
  const digits = minorDigits(currency);
  const pieces = tokenise(text, currency);
  if (!pieces) return undefined;
  let minor: number | undefined;
  const setMinor = (value: number): boolean => {
    if (value >= 10 ** digits && value !== 0) return false;
    if (minor !== undefined && minor !== value) return false;
    minor = value;
    return true;
  };
  // The minor part in words or figures right before "cents": "thirty-four cents", "34 cents", "no cents".
  const used = new Set<number>();
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if ('fraction' in p) { if (!setMinor(p.fraction)) return undefined; used.add(i); continue; }
    if (!('word' in p) || p.word.kind !== 'minor') continue;
    used.add(i);
    let j = i - 1;
    while (j >= 0 && 'junk' in pieces[j]!) j--;
    const before = pieces[j];
    if (before && 'figures' in before) { if (!setMinor(before.figures)) return undefined; used.add(j); continue; }
    if (before && 'fraction' in before) continue; // "50/100 cents"
    if (before && 'word' in before && before.word.kind === 'no') { if (!setMinor(0)) return undefined; used.add(j); continue; }
    const words: NumberWord[] = [];
    while (j >= 0 && isNumberWord(pieces[j]!) && (pieces[j] as { word: NumberWord }).word.kind !== 'hundred' && (pieces[j] as { word: NumberWord }).word.kind !== 'scale') {
      words.unshift((pieces[j] as { word: NumberWord }).word);
      used.add(j);
      j--;
    }
    const value = words.length ? valueOf(words) : undefined;
    if (value === undefined || !setMinor(value)) return undefined;
  }
  // What is left: one run of number words (with "and" inside it after hundred or a scale), and filler.
  const whole: NumberWord[] = [];
  let runEnded = false;
  let currencyWord = false;
  for (let i = 0; i < pieces.length; i++) {
    if (used.has(i)) continue;
    const p = pieces[i]!;
    if ('junk' in p) continue;
    if ('unknown' in p || 'figures' in p) return undefined; // "4,512.50", or a word we cannot read
    if (isNumberWord(p)) {
      if (runEnded) return undefined;
      whole.push(p.word);
      continue;
    }
    const word = (p as { word: Word }).word;
    if (word.kind === 'major') currencyWord = true;
    if (word.kind === 'and' && whole.length) {
      // "one hundred and five", "two thousand and ten": "and" joins only after hundred or a scale.
      const next = pieces.slice(i + 1).find((q, k) => !used.has(i + 1 + k) && !('junk' in q));
      if (next && isNumberWord(next)) {
        const last = whole[whole.length - 1]!;
        if (last.kind !== 'hundred' && last.kind !== 'scale') return undefined;
        continue;
      }
    }
    if (whole.length) runEnded = true;
  }
  const major = whole.length ? valueOf(whole) : 0;
  if (major === undefined) return undefined;
  const numberWords = whole.length + [...used].filter((i) => isNumberWord(pieces[i]!)).length;
  if (numberWords === 0) return undefined;
  const value = major * 10 ** digits + (minor ?? 0);
  if (!Number.isSafeInteger(value)) return undefined;
  return { minor: value, numberWords, minorStated: minor !== undefined, currencyWord };
}

/**
 * The amount a check's legal line states, in the currency's minor units: "Four thousand five hundred
 * twelve and 50/100 DOLLARS" → 451250. Undefined when the text is not an amount in words ("****4,512.50")
 * or cannot be read without guessing. Fill (asterisks, dashes, "xx/100") and OCR slips in long words
 * ("HONDRED", "F0UR") are tolerated.
 */
export function amountFromWords(text: string, currency = 'USD'): number | undefined {
  return readAmountInWords(text, currency)?.minor;
}

function below1000(n: number): string[] {
  const words: string[] = [];
  if (n >= 100) { words.push(UNITS[Math.floor(n / 100)]!, 'hundred'); n %= 100; }
  if (n >= 20) words.push(TENS[Math.floor(n / 10)]! + (n % 10 ? `-${UNITS[n % 10]}` : ''));
  else if (n >= 10) words.push(TEENS[n - 10]!);
  else if (n > 0) words.push(UNITS[n]!);
  return words;
}

function wholeInWords(n: number): string {
  if (n === 0) return 'zero';
  const words: string[] = [];
  for (const [name, value] of SCALES) {
    const count = Math.floor(n / value);
    if (count > 0) { words.push(...below1000(count), name); n %= value; }
  }
  words.push(...below1000(n));
  return words.join(' ');
}

function capitalised(text: string): string {
  return text.replace(/(^|[\s-])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * An amount as a check writer spells it. 'fraction': "Four Thousand Five Hundred Twelve and 50/100";
 * 'cents': "Twelve Thousand Dollars and Thirty-Four Cents". Amounts below a trillion.
 */
export function amountToWords(minor: number, currency = 'USD', style: 'fraction' | 'cents' = 'fraction'): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`amount must be a non-negative whole number of minor units, got ${minor}`);
  const digits = minorDigits(currency);
  const unit = 10 ** digits;
  const major = Math.floor(minor / unit);
  if (major >= 1e12) throw new RangeError(`amount ${minor} is too large to write in words`);
  const cents = minor % unit;
  if (digits === 0) return capitalised(wholeInWords(major));
  if (style === 'fraction') return `${capitalised(wholeInWords(major))} and ${String(cents).padStart(digits, '0')}/${unit}`;
  const majorText = `${capitalised(wholeInWords(major))} ${major === 1 ? 'Dollar' : 'Dollars'}`;
  return cents === 0 ? majorText : `${majorText} and ${capitalised(wholeInWords(cents))} ${cents === 1 ? 'Cent' : 'Cents'}`;
}
