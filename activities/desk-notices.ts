// The desk's own mail to people inside the company: questions to the CSR who forwarded a PO, reminders,
// escalations to AR leads, credit holds and their decisions. Each is stored under an idempotency key
// before any send, like every outgoing message (see outbox.ts).
import type { Db } from '../db/client.js';
import { storeOutbound } from './outbound-store.js';
import type { ReviewQuestion } from '../domain/order-review.js';
import { renderEmail } from '../mail/templates.js';
import { parseEmail } from '../parsers/email.js';
import { ownWords } from '../parsers/review-answer.js';
import { orderReference } from './outbox.js';
import type { DeskSettings } from './settings.js';

/** Kinds of outgoing mail a reply to which is an answer to the order's questions. */
export const QUESTION_KINDS = ['order_questions', 'order_questions_reminder', 'order_review_escalation'] as const;

export interface QuestionsEmail {
  round: number;
  questions: ReviewQuestion[];
  askTo: string[];
  /** The message this round answers: the CSR's forward for round 1, their reply after that. */
  inReplyToInboundId: string;
  applied: string[];
  refused: string[];
  notUnderstood: string[];
}

export interface FollowUp {
  round: number;
  kind: 'reminder' | 'escalation';
  number: number;
  to: string[];
  askedOf: string[];
  askedAt: string;
  questions: ReviewQuestion[];
}

export interface DeskNotice {
  idempotencyKey: string;
  kind: string;
  to: string[];
  cc?: string[];
  subject: string;
  paragraphs: string[];
  items?: string[];
  action?: string;
  orderId?: string;
  /** Who signs it: the order desk unless said (collections sign as accounts receivable). */
  team?: string;
}

export function createDeskNoticeActivities({ db, settings }: { db: Db; settings: DeskSettings }) {
  async function store(input: { idempotencyKey: string; kind: string; to: string[]; cc?: string[]; rendered: { subject: string; text: string; html: string }; inReplyTo?: string | null; references?: string[]; orderId?: string; customerId?: string }): Promise<{ outboundId: string }> {
    const { rendered, ...rest } = input;
    return storeOutbound(db, settings.messageIdDomain, { ...rest, subject: rendered.subject, text: rendered.text, html: rendered.html });
  }

  async function orderHeader(orderId: string) {
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { customer: true } });
    return { order, view: { poNumber: order.poNumber, reference: orderReference(order.id), customerName: order.customer.name, customerNumber: order.customer.number } };
  }

  const numbered = (questions: ReviewQuestion[]) => questions.map((q, i) => ({ n: i + 1, text: q.text }));
  const company = { name: settings.companyName, team: 'order desk' };

  return {
    /** One round of questions to the CSR, threaded on the message it answers. */
    async composeReviewQuestions(orderId: string, q: QuestionsEmail): Promise<{ outboundId: string }> {
      const { order, view } = await orderHeader(orderId);
      const prompt = await db.inboundMessage.findUniqueOrThrow({ where: { id: q.inReplyToInboundId } });
      const email = await parseEmail(Buffer.from(prompt.raw)).catch(() => undefined);
      const rendered = renderEmail('order-questions', {
        company, order: view, questions: numbered(q.questions), plural: q.questions.length > 1, reminder: 0, escalation: false,
        applied: q.applied, refused: q.refused, notUnderstood: q.notUnderstood, askedAt: '', askedOf: '',
      });
      return store({
        idempotencyKey: `order-questions:${orderId}:${q.round}`, kind: 'order_questions', to: q.askTo, rendered,
        inReplyTo: email?.messageId ?? null, references: email?.messageId ? [...email.references, email.messageId] : [],
        orderId, customerId: order.customerId,
      });
    },

    /** A reminder to the CSR, or an escalation to AR leads, in the thread of the round's questions. */
    async composeReviewFollowUp(orderId: string, f: FollowUp): Promise<{ outboundId: string }> {
      const { order, view } = await orderHeader(orderId);
      const asked = await db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `order-questions:${orderId}:${f.round}` } });
      const rendered = renderEmail('order-questions', {
        company, order: view, questions: numbered(f.questions), plural: f.questions.length > 1,
        reminder: f.kind === 'reminder' ? f.number : 0, escalation: f.kind === 'escalation',
        applied: [], refused: [], notUnderstood: [], askedAt: f.askedAt.replace('T', ' ').slice(0, 16) + ' UTC', askedOf: f.askedOf.join(', '),
      });
      return store({
        idempotencyKey: `order-questions-${f.kind}:${orderId}:${f.round}:${f.number}`,
        kind: f.kind === 'reminder' ? 'order_questions_reminder' : 'order_review_escalation',
        to: f.to, cc: f.kind === 'escalation' ? f.askedOf : [], rendered,
        inReplyTo: asked.messageIdHeader, references: [...asked.references, asked.messageIdHeader], orderId, customerId: order.customerId,
      });
    },

    /** A customer's reply on their acknowledgement, passed to the people who look after the order. */
    async composeCustomerReplyNotice(inboundId: string, orderId: string): Promise<{ outboundId: string }> {
      const { order, view } = await orderHeader(orderId);
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
      const email = await parseEmail(Buffer.from(message.raw));
      const rep = order.salesRepId ? await db.salesRep.findUnique({ where: { id: order.salesRepId } }) : null;
      const csrs = (await db.user.findMany({ where: { role: 'csr', active: true }, orderBy: { email: 'asc' } })).map((u) => u.email);
      const words = ownWords(email.text).split('\n').filter((l) => l.trim());
      const rendered = renderEmail('desk-notice', {
        company, subject: `Customer reply on PO ${view.poNumber} (${view.customerNumber}): ${email.subject}`,
        paragraphs: [`${email.from} replied to the acknowledgement of PO ${view.poNumber} from ${view.customerName} (our order ${view.reference}). It changed nothing on the order. Their words:`],
        items: words.length ? words.slice(0, 40) : ['(no text of their own; see the attached thread in the orders mailbox, Processed folder)'],
        action: 'Answer them directly. To change the order, reply to its acknowledgement from your own address with the change, one a line (for example "line 2 qty 300").',
      });
      return store({
        idempotencyKey: `customer-reply:${inboundId}`, kind: 'customer_reply_notice', to: [...(rep ? [rep.email] : []), ...csrs], rendered,
        inReplyTo: email.messageId ?? null, references: email.messageId ? [...email.references, email.messageId] : [], orderId, customerId: order.customerId,
      });
    },

    /** Any other notice the desk sends its own people (credit holds, decisions, escalations). */
    async composeDeskNotice(n: DeskNotice): Promise<{ outboundId: string }> {
      const rendered = renderEmail('desk-notice', { company: { ...company, team: n.team ?? company.team }, subject: n.subject, paragraphs: n.paragraphs, items: n.items ?? [], action: n.action ?? '' });
      return store({ idempotencyKey: n.idempotencyKey, kind: n.kind, to: n.to, cc: n.cc, rendered, orderId: n.orderId });
    },
  };
}
