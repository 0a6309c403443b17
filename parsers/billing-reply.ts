// What a customer's reply to our billing mail (an invoice, a dunning reminder) says: a promise to pay,
// a dispute, a remittance advice, a request (W-9, payment instructions, invoice copy), an auto-reply, or
// something a person must read ('other'). Pure and deterministic: rules over the customer's own words.
//
// Only the customer's words count: the quoted history (our reminder says "overdue", "remit", "dispute",
// "W-9") and the signature are cut first (reply-text.ts). Several signals: the most urgent wins,
//   auto_reply > dispute > remittance_advice > promise_to_pay > w9_request > payment_instructions_request > invoice_copy_request > other.
// Ambiguous cases, decided once:
// - Money was sent and a deduction is explained ("short paid $40 for the damaged units"): remittance_advice,
//   cash application books the deduction. A dispute about an invoice the payment does not cover still wins.
// - "We will pay once you send the W-9 / bank details / a copy": the request, since nothing moves until we answer.
// - "not paying until the damaged units are credited": a dispute; "we won't be able to pay until the 15th":
//   a promise for the 15th; "we will not pay this invoice": a dispute; "we can't pay this month": other.
// - Several requests ("send the W-9 and a copy of INV-000123"): W-9 first (a missing W-9 blocks vendor setup and
//   so every payment), then payment instructions, then the copy.
// - When unsure, 'other': a wrong confident label costs more than a person reading the reply.
import { findAmounts, statedAmount } from './reply-amounts.js';
import { findDates } from './reply-dates.js';
import { findInvoiceNumbers } from './reply-invoices.js';
import { bodyText, fold, ownWords, subjectOf } from './reply-text.js';

export type BillingReplyKind = 'promise_to_pay' | 'dispute' | 'remittance_advice' | 'w9_request' | 'payment_instructions_request' | 'invoice_copy_request' | 'auto_reply' | 'other';

export interface BillingReplyInput {
  subject: string;
  text: string | null;
  html: string | null;
  headers?: Record<string, string>;
  receivedAt: string;
}

export interface BillingReplyClassification {
  kind: BillingReplyKind;
  confidence: number;
  invoiceNumbers: string[];
  promisedDate?: string;
  amountMinor?: number;
  reasons: string[];
}

type Signal = 'auto' | 'dispute' | 'refusal' | 'remit' | 'promise' | 'w9' | 'payinfo' | 'copy';
interface Rule {
  signal: Signal;
  re: RegExp;
  /** A "not"/"nicht"/"pas" just before (or inside) the match turns it off: "we do not dispute". */
  negatable?: boolean;
  /** The sentence must also say this (a payment word for "sent", a request word for "W-9"). */
  requires?: RegExp;
  unless?: RegExp;
}

const PAYMENT_NOUN = /\b(?:payments?|check|cheque|wire|ach|eft|funds|transfer|money|remittance|balance|amount|invoices?|zahlung|uberweisung|betrag|paiement|virement|cheque|reglement|montant|pago|transferencia|abono|importe)\b/;
const REQUEST = /\?|\b(?:send|resend|provide|need|needed|receive|receiving|receipt|once|as\s+soon\s+as|sobald|require[ds]?|forward|e-?mail|share|submit|complete|updated?|current|missing|on\s+file|please|pls|plz|can\s+you|could\s+you|would\s+you|request(?:ing|ed)?|before|until|get|confirm|verify|what|where|which|how|changed|new|bitte|benotigen|brauchen|senden|schicken|mitteilen|zukommen|merci\s+de|pourriez|pouvez|envoyer|transmettre|communiquer|faire\s+parvenir|besoin|por\s+favor|podrian|puede[ns]?|necesitamos|enviar|indicar|facilitar)\b/;
// "no." and "no 123" number an invoice, they do not negate.
const NEGATION = /\bno\b(?!\.|\s*#?\d)|\b(?:not|never|nothing|unable|cannot|can't|won't|don't|doesn't|didn't|haven't|hasn't|isn't|aren't|wasn't|weren't|nicht|kein\w*|nie|pas|jamais|aucun\w*|nunca|ningun\w*)\b|n't\b/;
const DEDUCTION = /\b(?:deduct\w*|short[- ]?pa(?:id|y|ying|yment)|under[- ]?pa(?:id|yment)|with(?:h)?eld|withholding|less|minus|net\s+of|applied|offset|took\s+off|taken\s+off|abgezogen|einbehalten|gekurzt|abzuglich|verrechnet|deduit\w*|retenu\w*|retenue|descontad\w*|deducid\w*|retenid\w*|menos)\b/;
const CONDITION = /\b(?:once|when|before|prior\s+to|bevor|avant\s+de|antes\s+de|as\s+soon\s+as|after|upon|until|till|unless|pending|sobald|wenn|nachdem|bis|des\s+que|quand|une\s+fois|jusqu'a|tant\s+que|en\s+cuanto|cuando|una\s+vez|hasta\s+que|hasta)\b/;
const UNTIL = /\b(?:until|till|before|not\s+before|bis|erst\s+(?:am|ab)|avant|pas\s+avant|jusqu'a|hasta|antes\s+de)\b/;
const SUBJECT_WHO = String.raw`(?:we|i|our\s+(?:ap|accounts\s+payable|team|finance|treasury|company)(?:\s+(?:team|department|dept))?|ap|it|this|that|they|these|payment|the\s+(?:payment|check|cheque|invoices?|balance|wire|ach|remaining\s+balance|amount|funds))`;

// "won't be able to pay": matched as a promise, then read as negated (a date after "until" makes it one again).
const NOT_ABLE = String.raw`(?:will\s+not|won't|wont|cannot|can't|cant|can\s+not|are\s+not\s+able\s+to|are\s+unable\s+to|unable\s+to|will\s+be\s+unable\s+to|won't\s+be\s+able\s+to|will\s+not\s+be\s+able\s+to|are\s+not\s+going\s+to|do\s+not\s+intend\s+to)`;

const RULES: Rule[] = [
  // Out of office and other automatic answers, in the words the mail systems use.
  { signal: 'auto', re: /(?<!\b(?:was|were|been)\s)\bout\s+of\s+(?:the\s+)?office\b|\booo\b|\bautomatic\s+reply\b|\bauto(?:matic)?[- ]?(?:reply|response)\b|\bautomated\s+(?:reply|response|message)\b|\b(?:i\s+am|i'm|i\s+will\s+be|i'll\s+be|currently)\s+(?:currently\s+)?(?:away|on\s+(?:annual\s+|parental\s+|maternity\s+|paternity\s+|sick\s+)?(?:leave|vacation|holiday)|out\s+(?:of\s+the\s+office|until))\b|\b(?:limited|no)\s+access\s+to\s+(?:my\s+)?e-?mail\b|\b(?:respond|reply|get\s+back\s+to\s+you)\s+(?:to\s+your\s+(?:e-?mail|message)\s+)?(?:upon|on|after|when)\s+my\s+return\b|\bthis\s+mailbox\s+is\s+(?:not|no\s+longer)\s+monitored\b|\bwe\s+have\s+received\s+your\s+(?:e-?mail|message|request)\s+and\s+will\b|\babwesenheitsnotiz\b|\bautomatische\s+antwort\b|\b(?:bin|ist)\s+(?:\w+\s+){0,4}(?:nicht\s+im\s+buro|abwesend|im\s+urlaub)\b|\bausser\s+haus\b|\babsente?\s+du\s+bureau\b|\breponse\s+automatique\b|\bje\s+suis\s+(?:actuellement\s+)?(?:absente?|en\s+conges?)\b|\bfuera\s+de\s+(?:la\s+)?oficina\b|\brespuesta\s+automatica\b|\b(?:estoy|estare)\s+(?:\w+\s+)?(?:de\s+vacaciones|ausente|fuera)\b/ },

  // Disputes: the customer says the invoice or the goods are wrong.
  { signal: 'dispute', negatable: true, re: /\b(?:disput(?:e|es|ed|ing)|contest(?:e|ed|ing|ons|ons)?|bestreiten|beanstand\w*|reklamation|reklamier\w*|widerspruch|widersprechen|reclamation|reclamacion|reclamamos|litige|litigio|impugna\w*|no\s+estamos\s+de\s+acuerdo|nicht\s+einverstanden|pas\s+d'accord)\b/ },
  { signal: 'dispute', negatable: true, re: /\b(?:incorrect(?:ly)?|wrong(?:ly)?|erroneous|inaccurate|mistake|error|falsch\w*|fehlerhaft\w*|erronee?s?|incorrecte?s?|errone[oa]s?|equivocad[oa]s?|incorrect[oa]s?)\b/,
    requires: /\b(?:price[ds]?|pricing|amount|quantit(?:y|ies)|qty|charged?|charges|rate|invoiced?|billed|billing|total|tax|freight|shipping|discount|terms|po|preis\w*|betrag|menge|rechnung|berechnet|prix|montant|quantite|facture|facturee?|precio|importe|cantidad|factura|facturad[oa])\b/,
    unless: /\b(?:person|contact|e-?mail\s+address|address|department|recipient|mailbox|company|customer|account\s+contact)\b/ },
  { signal: 'dispute', re: /\b(?:overcharg\w*|overbill\w*|over-?invoic\w*|double[- ]?(?:billed|charged|billing|invoiced)|(?:billed|charged|invoiced)\s+(?:us\s+)?twice|duplicate\s+(?:invoice|charge|billing)|price\s+(?:discrepanc\w*|difference|mismatch|increase\s+was\s+not)|pricing\s+(?:discrepanc\w*|issue|error)|(?:does\s*n[o']?t|do\s+not|doesnt|dont|did\s+not|didn't)\s+(?:match|agree\s+with|reflect)|not\s+(?:what\s+(?:we|was)\s+(?:ordered|agreed|quoted)|as\s+(?:agreed|quoted))|never\s+(?:ordered|authori[sz]ed)|did(?:\s+not|n't)\s+(?:order|authori[sz]e)|corrected\s+invoice|revised\s+invoice|correct(?:ed)?\s+the\s+invoice|(?:be|been|is|are)\s+credited|credit\s+(?:memo|note)|gutschrift|korrigierte\s+rechnung|zu\s+viel\s+berechnet|doppelt\s+berechnet|facture\s+(?:rectificative|corrigee)|avoir|factur\w*\s+deux\s+fois|nota\s+de\s+credito|factura\s+(?:rectificativa|corregida)|cobrad[oa]s?\s+dos\s+veces)\b/ },
  { signal: 'dispute', re: /\b(?:damaged|defective|broken|faulty|unusable|beschadigt\w*|defekt\w*|mangelhaft\w*|endommagee?s?|abimee?s?|defectueu\w*|danad[oa]s?|defectuos[oa]s?|rot[oa]s)\b/ },
  { signal: 'dispute', re: /\bshort[- ]?(?:shipped|shipment|delivered|delivery)\b|\bmissing\s+(?:items?|units?|parts?|pieces?|pallets?|cartons?|boxes|quantity|goods)\b|\b(?:items?|units?|parts?|pieces?|pallets?|cartons?|boxes|goods|order|shipment|delivery)\s+(?:(?:were|was|are|is)\s+)?(?:missing|never\s+(?:arrived|delivered|received|shipped)|not\s+(?:received|delivered))\b|\b(?:never|not|didn't|did\s+not|haven't|have\s+not|hasn't|has\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:receiv\w*|reciev\w*|deliver\w*|arriv\w*|ship\w*)\s+(?:the\s+|your\s+|this\s+|that\s+|these\s+|those\s+|any\s+|all\s+|our\s+)?(?:\d+\s+)?(?:goods|items?|units?|parts?|products?|material|merchandise|shipment|order|pallets?|cartons?|delivery|services?)\b|\breturned\s+(?:the\s+|all\s+|some\s+|these\s+|those\s+|\d+\s+)?(?:goods|items?|units?|parts?|products?|material|merchandise|shipment|order|pallets?|cartons?)\b|\b(?:rma|return\s+authori[sz]ation)\b|\b(?:ware|lieferung)\s+(?:\w+\s+){0,3}(?:nicht|nie)\s+(?:\w+\s+)?(?:erhalten|geliefert|angekommen)|\bzuruckgeschickt\b|\b(?:marchandise|livraison)\s+(?:\w+\s+){0,3}(?:pas|jamais)\s+(?:ete\s+)?(?:recue?s?|livree?s?)|\bretournee?s?\b|\b(?:mercancia|mercaderia|pedido|entrega)\s+(?:\w+\s+){0,3}no\s+(?:\w+\s+){0,2}(?:recibid[oa]|llegad[oa]|entregad[oa])|\bdevuelt[oa]s?\b|\bdevolvimos\b|\bonly\s+(?:received\s+|got\s+)?\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\b|\b(?:does\s*n[o']?t|do\s*n[o']?t|does\s+not|do\s+not)\s+look\s+(?:right|correct)\b|\bwe\s+were\s+quoted\b|\bquoted\s+(?:us\s+)?(?:a\s+)?(?:lower|different)\b/ },
  // Refusing to pay is a dispute; "we can't pay this month" is not (see promise handling below).
  { signal: 'refusal', re: /\b(?:will\s+not|won't|refuse\s+to|are\s+not\s+going\s+to|not\s+going\s+to|do\s+not\s+intend\s+to)\s+(?:be\s+)?(?:pay(?:ing)?|accept(?:ing)?|settl(?:e|ing))\b|\bnot\s+paying\b|\bcan(?:not|'t)\s+accept\s+(?:this|the|these|that)\b|\bwerden\s+(?:\w+\s+){0,4}nicht\s+(?:bezahlen|zahlen|begleichen)|\brefusons\b|\bne\s+(?:paierons|reglerons)\s+(?:\w+\s+)?pas\b|\bno\s+(?:vamos\s+a\s+pagar|pagaremos|aceptamos)\b/ },

  // Money already sent.
  { signal: 'remit', re: /\bremm?itt?ance\s+advice\b|\b(?:attached|enclosed|below|see|find|here\s+is|here's|following)\b.{0,25}\bremm?itt?ance\b|\bremm?itt?ance\b.{0,20}\b(?:attached|enclosed|below|follows)\b|\b(?:proof|confirmation)\s+of\s+payment\b|\b(?:payment|wire|ach|transfer)\s+confirmation\b|\b(?:check|cheque)\s+is\s+in\s+the\s+(?:mail|post)\b|\balready\s+(?:been\s+)?(?:paid|settled|sent|remitted)\b|\b(?:did|have)\s+you\s+(?:receive|get)\s+(?:our|the|my)\s+(?:payment|check|cheque|wire|remittance|transfer)\b|\bzahlungsavis\b|\bzahlungsbestatigung\b|\b(?:bereits|schon)\s+(?:\w+\s+)?(?:bezahlt|uberwiesen|beglichen)\b|\bavis\s+de\s+(?:paiement|virement|reglement)\b|\b(?:preuve|justificatif)\s+de\s+(?:paiement|virement)\b|\bdeja\s+(?:ete\s+)?(?:payee?s?|reglee?s?|vire)\b|\baviso\s+de\s+(?:pago|remesa|transferencia)\b|\b(?:comprobante|justificante|confirmacion)\s+de\s+(?:pago|transferencia)\b|\bya\s+(?:fue\s+|ha\s+sido\s+)?(?:pagad[oa]|pagamos|se\s+pago|esta\s+pagad[oa])\b/ },
  { signal: 'remit', negatable: true, re: new RegExp(String.raw`\b(?:we|i|our\s+(?:bank|ap\s+team|treasury|accounts\s+payable))\s+(?:have\s+|has\s+|had\s+|just\s+|already\s+|now\s+|today\s+)*(?:(?:short[- ]?|partially\s+|under)?paid|remitted|wired|settled)\b`) },
  { signal: 'remit', negatable: true, requires: PAYMENT_NOUN, unless: /\b(?:e-?mail|message|question|w-?9|copy)\b/,
    re: /\b(?:we|i|our\s+(?:bank|ap\s+team|treasury|accounts\s+payable))\s+(?:have\s+|has\s+|had\s+|just\s+|already\s+|now\s+|today\s+)*(?:sent|released|issued|mailed|initiated|processed|made|transferred|transmitted|posted|cut)\b/ },
  { signal: 'remit', negatable: true, re: /^(?:payment|check|cheque|wire|ach|funds)\s+(?:sent|made|mailed|released|issued|processed|initiated|done)\b|\b(?:payment|check|cheque|wire|ach|eft|funds|transfer)\b.{0,60}?\b(?:posted|cleared|deposited|hit\s+your\s+account)\b/ },
  { signal: 'remit', negatable: true,
    re: /\b(?:payments?|check|cheque|wire|ach|eft|funds|transfer|remittance|money|rest|remainder|difference)\b.{0,60}?\b(?:went\s+out|was|were|has\s+been|have\s+been|went|got|is\s+already|was\s+already|has\s+already\s+been)\s+(?:sent|paid|made|processed|released|issued|mailed|initiated|remitted|wired|transferred|submitted|settled|cleared|posted|out|completed|transmitted|applied|cashed)\b|\b(?:invoices?|balance|amount|it|this|these|they|inv-?\d+|#?\d{3,})\s+(?:was|were|has\s+been|have\s+been|is\s+already|are\s+already|has\s+already\s+been)\s+(?:paid|settled|remitted|wired|cleared)(?!\s+(?:by|on|before)\s+(?:the\s+)?(?:end|next|friday|monday|tuesday|wednesday|thursday))\b/ },
  { signal: 'remit', negatable: true,
    re: /\b(?:haben|hatten|habe)\b.{0,60}\b(?:uberwiesen|bezahlt|beglichen|angewiesen|gezahlt)\b|\b(?:wurde|wurden|ist|sind)\b.{0,40}\b(?:uberwiesen|bezahlt|beglichen|angewiesen|gezahlt)\b|\buberweisung\s+(?:ist|wurde)\s+(?:\w+\s+)?(?:erfolgt|getatigt|ausgefuhrt|veranlasst)\b/,
    unless: /\b(?:wird|werden)\b/ },
  { signal: 'remit', negatable: true, re: /\b(?:nous\s+avons|j'ai|on\s+a)\s+(?:\w+\s+){0,2}(?:paye|regle|vire|verse)e?s?\b|\b(?:a|ont)\s+ete\s+(?:\w+\s+)?(?:payee?s?|reglee?s?|viree?s?|versee?s?)\b/ },
  { signal: 'remit', negatable: true, requires: /\b(?:paiement|virement|cheque|reglement|transfert)\b/,
    re: /\b(?:nous\s+avons|j'ai|on\s+a)\s+(?:\w+\s+){0,2}(?:effectue|procede|envoye|emis|initie)e?s?\b|\b(?:a|ont)\s+ete\s+(?:\w+\s+)?(?:effectuee?s?|envoyee?s?|emise?s?|initiee?s?)\b/ },
  { signal: 'remit', negatable: true, re: /\b(?:hemos|he|ya)\s+(?:\w+\s+){0,2}(?:pagado|abonado|liquidado|transferido)\b|\b(?:fue|ha\s+sido|han\s+sido|fueron)\s+(?:\w+\s+)?(?:pagad|abonad|liquidad|transferid)[oa]s?\b/ },
  { signal: 'remit', negatable: true, requires: /\b(?:pago|transferencia|cheque|abono)\b/,
    re: /\b(?:hemos|he)\s+(?:\w+\s+){0,2}(?:realizado|efectuado|enviado|emitido|hecho)\b|\b(?:fue|ha\s+sido|fueron)\s+(?:\w+\s+)?(?:realizad|efectuad|enviad|emitid)[oa]s?\b|\bse\s+(?:realizo|efectuo|envio|hizo)\s+(?:el\s+pago|la\s+transferencia)\b/ },

  // A payment still to come.
  { signal: 'promise', negatable: true, re: new RegExp(String.raw`(?:^|\b${SUBJECT_WHO})\s*(?:will|'ll|shall|should|are\s+going\s+to|is\s+going\s+to|plan\s+to|intend\s+to|expect\s+to|hope\s+to|aim\s+to|are\s+planning\s+to|can|could|would|be\s+able\s+to|${NOT_ABLE})\s+(?:(?:be\s+able\s+to|now|then|also|definitely|try\s+to|likely|probably|only|make\s+sure\s+to|go\s+ahead\s+and)\s+)*(?:pay|remit|settle|wire|clear)\b`) },
  { signal: 'promise', negatable: true, requires: PAYMENT_NOUN, re: new RegExp(String.raw`(?:^|\b${SUBJECT_WHO})\s*(?:will|'ll|shall|should|are\s+going\s+to|is\s+going\s+to|plan\s+to|intend\s+to|expect\s+to|aim\s+to|can|be\s+able\s+to|${NOT_ABLE})\s+(?:(?:be\s+able\s+to|now|also|definitely|try\s+to|likely|probably|only)\s+)*(?:send|release|issue|process|transfer|mail|make|schedule|submit|initiate|cut|go\s+out|be\s+(?:paid|sent|released|processed|issued|mailed|made|scheduled|settled|wired|remitted|out|included|cleared|transferred))\b`) },
  { signal: 'promise', negatable: true, re: /\b(?:payments?|check|cheque|wire|ach|funds|transfer|remittance|balance)\b.{0,50}?\b(?:will|'ll|should|is\s+going\s+to)\s+(?:be\s+)?(?:go\s+out|sent|released|processed|issued|mailed|made|scheduled|transferred|initiated|wired|arrive|reach\s+you|leave)\b/ },
  { signal: 'promise', negatable: true, re: /\b(?:payments?|check|cheque|wire|ach|funds|transfer|it|invoices?)\s+(?:is|are|has\s+been|have\s+been)\s+(?:now\s+)?(?:scheduled|approved\s+for\s+payment|queued|set\s+up|slated|planned|booked|due\s+to\s+go\s+out)\b|\b(?:next|upcoming|following|our)\s+(?:payment|check|pay|ach|wire)\s+(?:run|cycle|batch)\b|\b(?:monday|tuesday|wednesday|thursday|friday|weekly|monthly)\s+(?:payment\s+|check\s+|pay\s+)?(?:run|batch)\b|\b(?:check|cheque|payment|wire|ach)\b.{0,40}?\b(?:gets|will\s+get|is\s+getting)\s+(?:cut|sent|released|paid|processed|mailed)\b|\b(?:should|will)\s+go\s+out\b|\byou\s*(?:will|'ll|should)\s+(?:receive|have|see|get)\s+(?:the\s+|our\s+|a\s+|your\s+)?(?:payment|funds|check|cheque|wire|money)\b|\bpromise\s+to\s+pay\b|\bexpect\s+to\s+pay\b|\bwill\s+be\s+(?:paid|settled|remitted|wired)\b|\bget\s+(?:this|it|that|these|them|the\s+invoices?|you)\s+paid\b|\b(?:payment|invoice)\s+is\s+being\s+processed\b/ },
  { signal: 'promise', negatable: true, requires: /\b(?:by|on|before|no\s+later\s+than|bis|am|vor|avant|le|antes|el)\s+\S/,
    re: /^(?:(?:full\s+|partial\s+)?payment|paying|will\s+pay|pay|zahlung|paiement|reglement|pago)\b/ },
  { signal: 'promise', negatable: true, re: /\bwir\s+(?:werden|zahlen|uberweisen|begleichen|bezahlen|veranlassen)\b|\bwerden\s+(?:\w+\s+){0,5}(?:zahlen|bezahlen|uberweisen|begleichen|anweisen|veranlassen|freigeben)\b|\b(?:zahlung|uberweisung)\b.{0,40}?\b(?:erfolgt|geplant|vorgesehen|eingeplant)\b|\bwird\s+(?:\w+\s+){0,4}(?:uberwiesen|bezahlt|beglichen|angewiesen|freigegeben|ausgefuhrt)\b|\bzahlungslauf\b/ },
  { signal: 'promise', negatable: true, re: /\bnous\s+(?:allons|pourrons|comptons|prevoyons\s+de|devrions)\s+(?:\w+\s+){0,2}(?:payer|regler|virer|proceder|effectuer|verser)\b|\bnous\s+(?:paierons|payerons|reglerons|virerons|procederons|effectuerons|verserons)\b|\b(?:paiement|reglement|virement|cheque)\b.{0,40}?\b(?:sera|interviendra|partira|est\s+prevu|est\s+programme|est\s+planifie)\b|\b(?:sera|seront)\s+(?:\w+\s+)?(?:payee?s?|reglee?s?|viree?s?|versee?s?)\b/ },
  { signal: 'promise', negatable: true, re: /\bvamos\s+a\s+(?:pagar|abonar|liquidar|transferir)\b|\b(?:pagaremos|abonaremos|liquidaremos|transferiremos)\b|\b(?:el\s+)?(?:pago|transferencia|abono|cheque)\b.{0,40}?\b(?:se\s+realizara|sera|esta\s+programad[oa]|esta\s+previst[oa]|saldra|se\s+hara|se\s+efectuara)\b|\b(?:sera|seran)\s+(?:\w+\s+)?(?:pagad|abonad|liquidad|transferid)[oa]s?\b/ },
  { signal: 'promise', negatable: true, requires: /\b(?:pago|transferencia|abono|cheque)\b/, re: /\b(?:vamos\s+a\s+(?:realizar|efectuar|hacer|enviar)|realizaremos|efectuaremos|haremos|enviaremos|procederemos)\b/ },

  // Requests for a document or for how to pay us.
  { signal: 'w9', requires: REQUEST, re: /\bw-?\s?9s?\b|\bform\s+w-?9\b|\btaxpayer\s+identification\b|\btax\s+id\s+(?:form|number)\b|\btin\s+(?:form|number|certification)\b/ },
  { signal: 'payinfo', requires: REQUEST, re: /\b(?:bank(?:ing)?\s+(?:details|information|info|account(?:\s+(?:details|information|info|number))?|instructions|coordinates)|wire\s+(?:instructions|details|information|info)|ach\s+(?:instructions|details|information|info|form)|remit(?:tance)?[- ]?to\s+(?:address|details|information|info)|remittance\s+(?:address|instructions)|payment\s+(?:instructions|details|information|info|options|methods?|address|portal|link)|routing\s+(?:and\s+account\s+)?(?:number|no)|account\s+number|iban|swift|bic|sort\s+code|bankverbindung|bankdaten|kontodaten|kontoverbindung|zahlungsinformationen|rib|releve\s+d'identite\s+bancaire|coordonnees\s+bancaires|informations\s+bancaires|datos\s+bancarios|cuenta\s+bancaria|numero\s+de\s+cuenta|instrucciones\s+de\s+pago|datos\s+(?:de|para\s+el)\s+pago)\b/ },
  { signal: 'payinfo', re: /\bwhere\s+(?:do|should|can|shall)\s+(?:we|i)\s+(?:send|mail|remit|wire|pay)\b|\bhow\s+(?:do|can|should|shall)\s+(?:we|i)\s+(?:pay|make\s+(?:a|the)\s+payment|remit|send\s+(?:the\s+)?payment)\b|\b(?:can|could|may)\s+(?:we|i)\s+pay\s+(?:by|with|via|using)\s+(?:credit\s+card|card|wire|ach|bank\s+transfer)\b|\bdo\s+you\s+accept\s+(?:credit\s+cards?|ach|wires?|card\s+payments?)\b/ },
  { signal: 'copy', requires: /\b(?:invoices?|inv|bill|pdf|attachment)\b/, re: /\b(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)re-?send\b/ },
  { signal: 'copy', re: /\b(?:copy|copies|duplicate|pdf|scan|reprint)\s+(?:of\s+)?(?:the\s+|this\s+|that\s+|these\s+|those\s+|your\s+|our\s+|all\s+)?(?:invoices?|inv\b|bill)|\b(?:re-?send|send|forward|e-?mail|provide|share|need|want|get|attach)\s+(?:us\s+|me\s+|over\s+)?(?:again\s+)?(?:a\s+|the\s+|this\s+|that\s+|these\s+|those\s+)?(?:copy|copies|pdf|duplicate)\b|\b(?:re-?send|resubmit|re-?issue|forward)\s+(?:us\s+|me\s+)?(?:the\s+|this\s+|that\s+|these\s+|those\s+|all\s+)?(?:invoices?|inv|bill)\b|\b(?:can't|cannot|can\s+not|unable\s+to|couldn't|could\s+not)\s+(?:find|locate|open|see)\s+(?:the\s+|this\s+|that\s+|these\s+|your\s+)?(?:invoices?|inv|attachment|pdf)\b|\bno\s+record\s+of\s+(?:the\s+|this\s+|that\s+|these\s+|your\s+)?(?:invoices?|inv(?:\b|-?\d))|\bmissing\s+(?:the\s+|an?\s+)?invoices?\b|\b(?:invoice|attachment|pdf)\s+(?:is\s+|was\s+)?(?:missing|not\s+attached|not\s+in\s+our\s+system|blank|corrupt\w*)\b|\b(?:never|not|didn't|did\s+not|haven't|have\s+not|hasn't)\s+(?:yet\s+)?(?:been\s+)?(?:receiv\w*|reciev\w*|gotten|got|seen)\s+(?:the\s+|this\s+|that\s+|these\s+|your\s+|an?\s+|any\s+)?(?:invoices?|inv\b|bill)|\brechnungskopie\b|\bkopie\s+(?:der|unserer|ihrer|von)\s+rechnung\w*|\brechnung\s+(?:\w+\s+){0,3}(?:erneut|nochmals|noch\s+einmal)\b|\brechnung\b.{0,40}\b(?:nicht|nie)\s+(?:erhalten|bekommen|vor)\b|\bduplicata\b|\bcopie\s+de\s+(?:la|cette|votre|vos|les)\s+factures?\b|\brenvoyer\s+(?:la|cette|les)\s+factures?\b|\b(?:pas|jamais)\s+recu\s+(?:la|cette|votre|les)\s+factures?\b|\bcopia\s+de\s+(?:la|esta|las)\s+facturas?\b|\breenviar(?:nos|me)?\s+(?:la|esta|las)\s+facturas?\b|\bno\s+(?:hemos\s+)?recibid[oa]\s+(?:la|esta|las)\s+facturas?\b/ },
];

const AUTO_SUBJECT = /^(?:automatic\s+reply|auto(?:matic)?[- ]?reply|autoreply|auto[- ]?response|out\s+of\s+(?:the\s+)?office|ooo|abwesenheitsnotiz|automatische\s+antwort|reponse\s+automatique|absence|absent|respuesta\s+automatica|fuera\s+de\s+la\s+oficina|undeliverable|delivery\s+status\s+notification|mail\s+delivery\s+(?:failed|failure|subsystem)|returned\s+mail)\b/;

interface Hit { signal: Signal; sentence: number; start: number; end: number }

/** Sentences of folded text with where they start; no split after a digit ("15. Dezember") or "no."/"inv.". */
function sentencesOf(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  const push = (end: number) => { if (text.slice(start, end).trim()) out.push({ text: text.slice(start, end), start }); start = end; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') { push(i + 1); continue; }
    if ((c === '.' || c === '!' || c === '?' || c === ';') && /\s/.test(text[i + 1] ?? ' ')) {
      if (c === '.' && (/\d$/.test(text.slice(0, i)) || /\b(?:no|nr|inv|approx|e\.g|i\.e|mr|ms|mrs|dr|st|ca|bzw|z\.b|ref|vs|etc)$/.test(text.slice(Math.max(0, i - 6), i)))) continue;
      push(i + 1);
    }
  }
  push(text.length);
  return out;
}

function isNegated(sentence: string, start: number, end: number): boolean {
  // Only the clause the match is in: "we do not dispute it, we will pay Friday" promises.
  const before = sentence.slice(Math.max(0, start - 30), start).split(/[,;:(]|\b(?:but|however|and|so|aber|und|mais|et|pero|sino|y)\b/).pop()!;
  return NEGATION.test(before) || NEGATION.test(sentence.slice(start, end)) || /^\s*(?:\w+\s+){0,2}(?:nicht|pas)\b/.test(sentence.slice(end, end + 25));
}

function dayFirstLanguage(folded: string): boolean {
  const count = (re: RegExp) => (folded.match(re) ?? []).length;
  const en = count(/\b(?:the|we|will|please|invoice|payment|and|you|is|our)\b/g);
  const other = count(/\b(?:und|wir|die|der|das|ist|bitte|rechnung|zahlung|nous|vous|les|est|facture|merci|paiement|los|las|por|factura|pago|hemos|gracias)\b/g);
  return other > en;
}

const round = (x: number) => Math.round(x * 100) / 100;
const quote = (original: string, origin: number[], start: number, end: number) =>
  original.slice(origin[start]!, origin[Math.min(end, origin.length - 1)]!).replace(/\s+/g, ' ').trim().slice(0, 80);

export function classifyBillingReply(input: BillingReplyInput): BillingReplyClassification {
  const reasons: string[] = [];
  const subject = subjectOf(input.subject);
  const own = ownWords(bodyText(input.text, input.html));
  // The customer's own subject ("Remittance advice", "W-9 request") counts; "Re: <our subject>" only gives invoice numbers.
  const original = subject.isReply ? own : `${subject.text}\n${own}`;
  const { text: folded, origin } = fold(original);
  const foldedSubject = fold(subject.text).text;
  const invoiceNumbers = [...new Set([...findInvoiceNumbers(fold(own).text), ...findInvoiceNumbers(foldedSubject)].map((f) => f.number))];

  const auto = autoReplyHeader(input.headers ?? {}) ?? (AUTO_SUBJECT.test(fold(input.subject).text) ? `subject "${input.subject.trim().slice(0, 60)}"` : undefined);
  if (auto) return { kind: 'auto_reply', confidence: auto.startsWith('header') ? 0.97 : 0.9, invoiceNumbers, reasons: [`automatic reply: ${auto}`] };

  const sentences = sentencesOf(folded);
  const hits: Hit[] = [];
  const negatedPromises: Hit[] = [];
  sentences.forEach((s, index) => {
    for (const rule of RULES) {
      if (rule.requires && !rule.requires.test(s.text)) continue;
      if (rule.unless && rule.unless.test(s.text)) continue;
      const re = new RegExp(rule.re.source, 'g');
      for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        const hit: Hit = { signal: rule.signal, sentence: index, start: s.start + m.index, end: s.start + m.index + m[0].length };
        if (rule.negatable && isNegated(s.text, m.index, m.index + m[0].length)) {
          if (rule.signal === 'promise') negatedPromises.push(hit);
          continue;
        }
        hits.push(hit);
      }
    }
  });
  const of = (...signals: Signal[]) => hits.filter((h) => signals.includes(h.signal));
  const says = (h: Hit) => `says "${quote(original, origin, h.start, h.end)}"`;
  const today = input.receivedAt.slice(0, 10);
  const dayFirst = dayFirstLanguage(folded);
  const futureDates = (from: number, to: number) => findDates(folded.slice(0, to), input.receivedAt, { dayFirst }).filter((d) => d.index >= from && d.date >= today);
  const amountMinor = statedAmount(findAmounts(fold(own).text));
  const withAmount = <T extends object>(r: T) => (amountMinor === undefined ? r : { ...r, amountMinor });
  const requests = of('w9', 'payinfo', 'copy');

  // Auto-replies told by their wording ("I am out of the office until…") outrank everything, as the headers do:
  // an out-of-office often names payments and W-9s ("for bank details contact…") without asking for anything.
  const autos = of('auto');
  if (autos.length > 0) return { kind: 'auto_reply', confidence: 0.8, invoiceNumbers, reasons: autos.slice(0, 2).map(says) };

  // "We won't be able to pay until the 15th": a promise for the 15th. Refusals without a date are disputes.
  for (const n of negatedPromises) {
    const s = sentences[n.sentence]!;
    const rest = folded.slice(n.end, s.start + s.text.length);
    const until = UNTIL.exec(rest);
    const date = until ? futureDates(n.end + until.index, s.start + s.text.length)[0] : undefined;
    if (date) hits.push({ ...n, signal: 'promise' });
    else if (until && !requests.some((r) => r.sentence === n.sentence) && /\b(?:will\s+not|won't|not\s+going\s+to|refuse|not\s+paying)\b/.test(folded.slice(n.start, n.end + 20))) hits.push({ ...n, signal: 'refusal' });
  }

  const disputes = of('dispute', 'refusal');
  const remits = of('remit');
  if (disputes.length > 0 && remits.length > 0) {
    // Money was sent: a dispute that explains a deduction goes with the remittance; one about an invoice
    // the payment does not cover is a dispute of its own.
    const invoicesIn = (i: number) => findInvoiceNumbers(sentences[i]!.text).map((f) => f.number);
    const paid = new Set(remits.flatMap((h) => invoicesIn(h.sentence)));
    const separate = disputes.filter((d) => {
      const s = sentences[d.sentence]!.text;
      if (DEDUCTION.test(s) || remits.some((r) => r.sentence === d.sentence)) return false;
      const named = invoicesIn(d.sentence);
      return named.length > 0 && named.some((n) => !paid.has(n));
    });
    if (separate.length === 0) {
      reasons.push(...remits.slice(0, 2).map(says), `deduction explained: ${says(disputes[0]!)}`);
      return withAmount({ kind: 'remittance_advice' as const, confidence: 0.75, invoiceNumbers, reasons });
    }
    reasons.push(...separate.slice(0, 2).map(says), `also a payment: ${says(remits[0]!)}`);
    return withAmount({ kind: 'dispute' as const, confidence: 0.8, invoiceNumbers, reasons });
  }
  if (disputes.length > 0) {
    reasons.push(...disputes.slice(0, 3).map(says));
    return withAmount({ kind: 'dispute' as const, confidence: Math.min(0.95, round(0.72 + 0.08 * (disputes.length - 1))), invoiceNumbers, reasons });
  }
  if (remits.length > 0) {
    reasons.push(...remits.slice(0, 3).map(says));
    return withAmount({ kind: 'remittance_advice' as const, confidence: Math.min(0.95, round(0.78 + 0.07 * (remits.length - 1))), invoiceNumbers, reasons });
  }

  // A promise that waits on a document we must send is that request.
  const promises = of('promise').filter((p) => !requests.some((r) => r.sentence === p.sentence && CONDITION.test(sentences[p.sentence]!.text)));
  if (promises.length > 0) {
    reasons.push(...promises.slice(0, 2).map(says));
    let date: string | undefined;
    for (const p of promises) {
      const s = sentences[p.sentence]!;
      date = futureDates(s.start, s.start + s.text.length)[0]?.date;
      if (date) break;
    }
    date ??= futureDates(0, folded.length)[0]?.date;
    if (date) reasons.push(`promised date ${date}`);
    else reasons.push('no date given');
    const r = withAmount({ kind: 'promise_to_pay' as const, confidence: date ? 0.85 : 0.6, invoiceNumbers, reasons });
    return date ? { ...r, promisedDate: date } : r;
  }

  for (const kind of ['w9', 'payinfo', 'copy'] as const) {
    const found = of(kind);
    if (found.length === 0) continue;
    reasons.push(...found.slice(0, 2).map(says));
    const others = new Set(requests.map((r) => r.signal)).size > 1;
    if (others) reasons.push('asks for more than one thing: W-9 first, then payment instructions, then a copy');
    const label = kind === 'w9' ? 'w9_request' : kind === 'payinfo' ? 'payment_instructions_request' : 'invoice_copy_request';
    return { kind: label, confidence: others ? 0.7 : 0.82, invoiceNumbers, reasons };
  }

  return { kind: 'other', confidence: own.trim() ? 0.5 : 0.3, invoiceNumbers, reasons: [own.trim() ? 'no billing signal in the customer\'s words' : 'nothing written above the quoted history'] };
}

/** Auto-Submitted other than "no", X-Autoreply/X-Autorespond, Precedence auto_reply/bulk/junk. X-Auto-Response-Suppress alone is not one. */
function autoReplyHeader(headers: Record<string, string>): string | undefined {
  const h = (name: string) => headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const submitted = h('auto-submitted')?.trim().toLowerCase();
  if (submitted && submitted !== 'no') return `header Auto-Submitted: ${submitted}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autogenerated']) {
    const v = h(name)?.trim().toLowerCase();
    if (v !== undefined && v !== 'no' && v !== 'false') return `header ${name}: ${v || '(present)'}`;
  }
  const precedence = h('precedence')?.trim().toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'junk'].includes(precedence)) return `header Precedence: ${precedence}`;
  return undefined;
}
