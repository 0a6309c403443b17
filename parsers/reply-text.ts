// The words a customer typed in a reply to our billing mail: HTML turned into text, then the quoted
// history (our own reminder, which says "overdue", "remit", "dispute") and the signature cut off, so
// only what the customer wrote can decide what the reply is.

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", euro: '€', pound: '£', yen: '¥', cent: '¢', copy: '©',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—', hellip: '…', deg: '°', ordm: 'º', ordf: 'ª',
  eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', acirc: 'â', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú',
  ntilde: 'ñ', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä', Uuml: 'Ü', Ouml: 'Ö', Auml: 'Ä', szlig: 'ß', icirc: 'î',
  ocirc: 'ô', ucirc: 'û', iexcl: '¡', iquest: '¿', Eacute: 'É', laquo: '«', raquo: '»', shy: '', zwnj: '', zwj: '',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const BLOCK = /^(?:p|div|br|tr|li|ul|ol|table|h[1-6]|blockquote|pre|hr|section|article|header|footer)$/;

/**
 * HTML to plain text. Lines inside <blockquote> get a "> " per level, as a text client would quote them,
 * so that quoted history is cut by the same rules as in text mail.
 */
export function htmlToText(html: string): string {
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '');
  let depth = 0;
  let out = '';
  let line = '';
  const flush = () => { out += (line.trim() ? '> '.repeat(depth) + line.trim() : '') + '\n'; line = ''; };
  for (const token of cleaned.split(/(<[^>]*>)/)) {
    const tag = /^<\s*(\/?)\s*([a-z0-9]+)/i.exec(token);
    if (!tag) { line += decodeEntities(token.replace(/\s+/g, ' ')); continue; }
    const name = tag[2]!.toLowerCase();
    if (!BLOCK.test(name)) { if (name === 'td' || name === 'th') line += ' '; continue; }
    flush();
    if (name === 'blockquote') depth = Math.max(0, depth + (tag[1] ? -1 : 1));
  }
  flush();
  return out.replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
}

// A line that starts the quoted history. "On … wrote:" may be wrapped over two lines by the client,
// so it is also tried against a line joined with the next.
const QUOTE_HEADER: RegExp[] = [
  /^(?:On|Am|Le|El|Il)\s.{4,250}(?:wrote|schrieb|a écrit|escribió|ha scritto)\s*:?\s*$/i,
  /^Am\s.{4,100}\sschrieb\s.{1,200}:\s*$/i, // German: "Am 01.12.2026 um 09:14 schrieb Name <address>:"
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Forwarded message|Weitergeleitete Nachricht)\s*-{2,}/i,
  /^(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réenvoyé)\s*:/i,
  /^_{8,}\s*$/, // Outlook (HTML converted): a rule above "From:"
];
// Outlook's header block of the message replied to: "From:" with "Sent:"/"Date:"/"To:" right below.
const HEADER_FROM = /^\*?(?:From|Von|De|Da)\s*:\*?\s*\S/i;
const HEADER_NEXT = /^\*?(?:Sent|Date|To|Subject|Gesendet|Datum|An|Betreff|Envoyé|À|Objet|Enviado|Fecha|Para|Asunto)\s*:/i;

const SIGNATURE = [
  /^--\s?$/, /^_{2,}\s*$/,
  /^(?:Sent from my|Sent from Outlook|Get Outlook for|Sent from Mail for|Envoyé de mon|Von meinem .{1,30} gesendet|Enviado desde mi)\b/i,
];
// Sign-offs, alone on their line or followed by a name ("Thanks, Dana"): what follows is the signature.
// Sign-offs, alone on their line or followed by a name ("Thanks, Dana"): what follows is the signature.
// "Thanks, we will pay Friday" is not one: the words after it are not a capitalised name.
// Longer alternatives first, so "Best regards" is not read as "Best" followed by a name.
const SIGN_OFF = /^(?:thank\s+you(?:\s+very\s+much)?|thanks?(?:\s+(?:you|again|so\s+much))?|many\s+thanks|thx|tia|best\s+regards|kind\s+regards|warm\s+regards|with\s+regards|regards|best|br|rgds|cheers|sincerely|respectfully|yours\s+(?:truly|sincerely)|have\s+a\s+(?:good|great|nice)\s+(?:day|weekend)|mit\s+freundlichen\s+grüßen|mit\s+freundlichen\s+gruessen|freundliche\s+grüße|viele\s+grüße|beste\s+grüße|mfg|gruß|danke(?:\s+und\s+grüße)?|vielen\s+dank|bien\s+cordialement|cordialement|bien\s+à\s+vous|merci(?:\s+d'avance|\s+beaucoup)?|sincères\s+salutations|salutations|saludos(?:\s+cordiales)?|un\s+saludo|atentamente|muchas\s+gracias|gracias)(?![\p{L}])[\s,.!]*/iu;
const NAME_ONLY = /^(?:\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,2})?\s*$/u;
const GREETING = /^(?:hi|hello|hey|dear|good\s+(?:morning|afternoon)|hallo|guten\s+(?:tag|morgen)|sehr\s+geehrte|liebe|bonjour|madame|monsieur|hola|buenos\s+d[ií]as|buenas\s+tardes|estimad[oa]s?)\b.{0,50}$/i;

function isSignOff(line: string): boolean {
  const m = SIGN_OFF.exec(line);
  return m !== null && NAME_ONLY.test(line.slice(m[0].length));
}

const DISCLAIMER = /^(?:\*+\s*)?(?:confidentiality\s+notice|confidential(?:ity)?\s*:|disclaimer|this\s+(?:e-?mail|message|communication)(?:\s+and\s+any\s+(?:files|attachments))?(?:\s+\([^)]*\))?\s+(?:is|are|may|contains?|and|transmitted|including)|the\s+information\s+(?:contained\s+)?in\s+this\s+(?:e-?mail|message)|if\s+you\s+(?:are\s+not|have\s+received\s+this)|diese\s+e-?mail\s+(?:enthält|kann|ist)|ce\s+(?:message|courriel)\s+(?:et|est|peut|contient)|este\s+(?:mensaje|correo)\s+(?:y|es|puede|contiene)|please\s+consider\s+the\s+environment)/i;

/** The text the customer typed: everything above the quoted history and the signature. */
export function ownWords(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const started = () => out.some((l) => l.trim() !== '');
  // Content, not just "Hi Anna,": a "Thanks!" right below a greeting opens the message, it does not close it.
  const saidSomething = () => out.some((l) => l.trim() !== '' && !GREETING.test(l.trim()));
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    const joined = `${t} ${(lines[i + 1] ?? '').trim()}`.trim();
    if (QUOTE_HEADER.some((re) => re.test(t) || re.test(joined))) break;
    if (HEADER_FROM.test(t) && lines.slice(i + 1, i + 5).some((l) => HEADER_NEXT.test(l.trim()))) break;
    if (t.startsWith('>')) continue;
    if (SIGNATURE.some((re) => re.test(lines[i]!))) { if (started()) break; continue; }
    if (saidSomething() && (isSignOff(t) || DISCLAIMER.test(t))) break;
    out.push(lines[i]!);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** The body as text: the plain part, or the HTML part made text when the mail has no plain part. */
export function bodyText(text: string | null, html: string | null): string {
  if (text !== null && text.trim() !== '') return text;
  return html ? htmlToText(html) : '';
}

/** A subject without its "Re:"/"AW:"/"Fwd:" prefixes, and whether it had one (then it is our own subject). */
export function subjectOf(subject: string): { text: string; isReply: boolean } {
  let s = subject.trim();
  let isReply = false;
  for (;;) {
    const m = /^(?:re|aw|wg|fw|fwd|tr|rv|res|sv|antw|réf|ref)\s*(?:\[\d+\])?\s*:\s*/i.exec(s);
    if (!m) break;
    isReply = true;
    s = s.slice(m[0].length);
  }
  return { text: s, isReply };
}

/**
 * Lower case without accents ("Überweisung" → "uberweisung", "ß" → "ss"), so rules are written once,
 * plus, for each folded character, the index of the original character it came from (to quote evidence).
 */
export function fold(s: string): { text: string; origin: number[] } {
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of s) {
    let f = ch === 'ß' ? 'ss' : ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (/[‘’ʼ´`]/.test(f)) f = "'";
    else if (/[“”«»„]/.test(f)) f = '"';
    else if (/[\u00a0\u2000-\u200b]/.test(f)) f = ' ';
    for (let k = 0; k < f.length; k++) origin.push(i);
    text += f;
    i += ch.length;
  }
  origin.push(i);
  return { text, origin };
}
