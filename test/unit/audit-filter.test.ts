// The audit log's filter: words and whole UTC days, both ends included, refused with a reason when the
// dates are not dates or the range runs backwards.
import { describe, expect, it } from 'vitest';
import { auditFilterOf, auditQueryString } from '../../console/audit-filter.js';

const of = (query: string) => auditFilterOf(new URLSearchParams(query));

describe('the audit filter', () => {
  it('covers whole days: from the first day\'s midnight to the midnight after the last', () => {
    expect(of('from=2026-11-01&to=2026-11-30')).toMatchObject({ ok: true, where: { at: { gte: new Date('2026-11-01T00:00:00Z'), lt: new Date('2026-12-01T00:00:00Z') } } });
    expect(of('to=2026-02-28')).toMatchObject({ ok: true, where: { at: { lt: new Date('2026-03-01T00:00:00Z') } } });
    expect(of('from=2026-11-05&to=2026-11-05')).toMatchObject({ ok: true });
  });

  it('looks for words in who, what and about, ignoring case', () => {
    expect(of('q=+amy.clerk+')).toMatchObject({ ok: true, filter: { q: 'amy.clerk' }, where: { OR: [{ actor: { contains: 'amy.clerk', mode: 'insensitive' } }, { action: {} }, { subjectId: {} }] } });
    expect(of('')).toEqual({ ok: true, filter: { q: '' }, where: {} });
  });

  it('refuses a date that is not one, and a range that ends before it starts', () => {
    expect(of('from=2026-02-30')).toMatchObject({ ok: false, problem: '"2026-02-30" is not a date (YYYY-MM-DD)' });
    expect(of('to=yesterday')).toMatchObject({ ok: false, problem: '"yesterday" is not a date (YYYY-MM-DD)' });
    expect(of('from=2026-11-02&to=2026-11-01')).toMatchObject({ ok: false, problem: 'the range ends (2026-11-01) before it starts (2026-11-02)' });
  });

  it('carries the filter to the CSV link', () => {
    expect(auditQueryString({ q: 'a&b', from: '2026-11-01', to: '2026-11-30' })).toBe('?q=a%26b&from=2026-11-01&to=2026-11-30');
    expect(auditQueryString({ q: '' })).toBe('');
  });
});
