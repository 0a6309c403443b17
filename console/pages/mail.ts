// What arflow sent and what it could not understand (searchable), each kept message and document for
// download as it arrived, and the append-only audit log with its CSV.
import { mayDo } from '../../domain/console-access.js';
import type { Route } from '../console-app.js';
import { documentsOf } from '../email-documents.js';
import { stamp, words } from '../format.js';
import { auditFilterOf, auditQueryString } from '../audit-filter.js';
import { sendDownload, streamCsv } from '../http.js';

const UUID = '([0-9a-f-]{36})';

const AUDIT_PAGE_ROWS = 200;
const AUDIT_CSV_BATCH = 2_000;
const AUDIT_COUNT_BOUND = 10_000;

export const mailRoutes: Route[] = [
  {
    method: 'GET', path: /^\/mail$/, needs: 'view_mail',
    async handle(app, { res, who, url }) {
      const q = (url.searchParams.get('q') ?? '').trim();
      const text = q ? { contains: q, mode: 'insensitive' as const } : undefined;
      const [sent, quarantined] = await Promise.all([
        app.db.outboundMessage.findMany({ where: text ? { OR: [{ subject: text }, { toAddresses: { has: q.toLowerCase() } }, { kind: text }] } : {}, orderBy: { createdAt: 'desc' }, take: 100 }),
        app.db.inboundMessage.findMany({ where: { status: { in: ['quarantined', 'billing_reply_review'] }, ...(text ? { OR: [{ subject: text }, { fromAddress: text }, { quarantineReason: text }] } : {}) }, orderBy: { receivedAt: 'desc' }, take: 100 }),
      ]);
      app.render(res, 200, 'mail', who, {
        title: 'Outbox and quarantine', q, mayDownload: mayDo(who.user.role, 'download_mail'),
        sent: sent.map((m) => ({ at: stamp(m.createdAt), kind: words(m.kind), to: m.toAddresses.join(', '), subject: m.subject, status: m.status })),
        quarantined: quarantined.map((m) => ({ at: stamp(m.receivedAt), from: m.fromAddress ?? '', subject: m.subject ?? '', mailbox: m.mailbox, reason: m.quarantineReason ?? m.quarantineCode ?? '', href: `/messages/${m.id}.eml` })),
      });
    },
  },
  {
    // The email exactly as it arrived (the raw bytes are always kept), to open in a mail client.
    method: 'GET', path: new RegExp(`^/messages/${UUID}\\.eml$`), needs: 'download_mail',
    async handle(app, { res, who, params }) {
      const message = await app.db.inboundMessage.findUnique({ where: { id: params[0]! } });
      if (!message) return app.notFound(res, who, 'No such message.');
      sendDownload(res, `${(message.subject ?? 'message').slice(0, 60)}.eml`, 'message/rfc822', message.raw);
    },
  },
  {
    method: 'GET', path: new RegExp(`^/messages/${UUID}/documents/(\\d{1,3})$`), needs: 'download_mail',
    async handle(app, { res, who, params }) {
      const message = await app.db.inboundMessage.findUnique({ where: { id: params[0]! }, select: { raw: true } });
      const document = message ? (await documentsOf(message.raw))[Number(params[1])] : undefined;
      if (!document) return app.notFound(res, who, 'No such document.');
      sendDownload(res, document.filename ?? `document-${Number(params[1]) + 1}`, document.contentType, document.content);
    },
  },
  {
    method: 'GET', path: /^\/audit(\.csv)?$/, needs: 'view_audit',
    async handle(app, { res, who, url, params }) {
      const asked = auditFilterOf(url.searchParams);
      const csv = params[0] !== undefined;
      const view = { title: 'Audit log', q: asked.filter.q, from: asked.filter.from ?? '', to: asked.filter.to ?? '' };
      if (!asked.ok) return app.render(res, 422, 'audit', who, { ...view, error: `Not searched: ${asked.problem}.`, csvHref: '/audit.csv', counted: '', rows: [] });
      const where = asked.where;
      const rowOf = (e: { id: bigint; at: Date; actor: string; action: string; subjectType: string; subjectId: string; data: unknown }) =>
        ({ id: String(e.id), at: e.at.toISOString(), actor: e.actor, action: e.action, subject: `${e.subjectType} ${e.subjectId}`, data: e.data === null ? '' : JSON.stringify(e.data) });
      if (csv) {
        // Everything the filter matches, newest first, read in batches by id.
        async function* batches() {
          let before: bigint | undefined;
          for (;;) {
            const events = await app.db.auditEvent.findMany({ where: { ...where, ...(before !== undefined ? { id: { lt: before } } : {}) }, orderBy: { id: 'desc' }, take: AUDIT_CSV_BATCH });
            if (events.length === 0) return;
            yield events.map(rowOf).map((r) => [r.id, r.at, r.actor, r.action, r.subject, r.data]);
            before = events[events.length - 1]!.id;
          }
        }
        const range = asked.filter.from || asked.filter.to ? `-${asked.filter.from ?? 'start'}-to-${asked.filter.to ?? 'now'}` : '';
        return streamCsv(res, `arflow-audit${range}.csv`, ['id', 'at', 'actor', 'action', 'subject', 'data'], batches());
      }
      const [events, total] = await Promise.all([
        app.db.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: AUDIT_PAGE_ROWS }),
        // Counted up to a bound, so the page stays as quick on a ten-year log as on a new one.
        app.db.auditEvent.count({ where, take: AUDIT_COUNT_BOUND + 1 }),
      ]);
      app.render(res, 200, 'audit', who, {
        ...view, error: undefined, csvHref: `/audit.csv${auditQueryString(asked.filter)}`,
        counted: total > AUDIT_COUNT_BOUND ? `The latest ${events.length} of more than ${AUDIT_COUNT_BOUND.toLocaleString('en-US')} events; the CSV has them all (narrow it by days).`
          : total > events.length ? `The latest ${events.length} of ${total.toLocaleString('en-US')} events; the CSV has them all.` : `${total.toLocaleString('en-US')} event${total === 1 ? '' : 's'}.`,
        rows: events.map(rowOf).map((r) => ({ ...r, at: r.at.slice(0, 19).replace('T', ' '), data: r.data.length > 300 ? `${r.data.slice(0, 300)}…` : r.data })),
      });
    },
  },
];
