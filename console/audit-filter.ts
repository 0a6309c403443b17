// The audit log's filter as typed on its page: words to look for in who, what and about, and a date range
// (whole UTC days, both ends included), checked before any query is made from it.
export interface AuditFilter { q: string; from?: string; to?: string }
export type AuditFilterResult = { ok: true; filter: AuditFilter; where: AuditWhere } | { ok: false; problem: string; filter: AuditFilter };
export interface AuditWhere {
  OR?: { actor?: Contains; action?: Contains; subjectId?: Contains }[];
  at?: { gte?: Date; lt?: Date };
}
type Contains = { contains: string; mode: 'insensitive' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayStart = (text: string) => {
  const at = new Date(`${text}T00:00:00Z`);
  return DAY.test(text) && !Number.isNaN(at.getTime()) && at.toISOString().startsWith(text) ? at : undefined;
};

export function auditFilterOf(params: URLSearchParams): AuditFilterResult {
  const filter: AuditFilter = { q: (params.get('q') ?? '').trim().slice(0, 200) };
  const from = (params.get('from') ?? '').trim();
  const to = (params.get('to') ?? '').trim();
  if (from) filter.from = from;
  if (to) filter.to = to;
  const where: AuditWhere = {};
  if (filter.q) {
    const text: Contains = { contains: filter.q, mode: 'insensitive' };
    where.OR = [{ actor: text }, { action: text }, { subjectId: text }];
  }
  const start = from ? dayStart(from) : undefined;
  if (from && !start) return { ok: false, problem: `"${from}" is not a date (YYYY-MM-DD)`, filter };
  const end = to ? dayStart(to) : undefined;
  if (to && !end) return { ok: false, problem: `"${to}" is not a date (YYYY-MM-DD)`, filter };
  if (start && end && end < start) return { ok: false, problem: `the range ends (${to}) before it starts (${from})`, filter };
  if (start || end) where.at = { ...(start ? { gte: start } : {}), ...(end ? { lt: new Date(end.getTime() + 86_400_000) } : {}) };
  return { ok: true, filter, where };
}

/** The same filter as a query string, for the CSV link and paging. */
export function auditQueryString(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const text = params.toString();
  return text ? `?${text}` : '';
}
