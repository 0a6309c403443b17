// The desk's figures: AR aging by bucket and the dashboard (DSO, unapplied cash, disputes, cash applied and
// orders entered per day, the backlog), each with a CSV of what it shows.
import { AGING_BUCKETS } from '../../domain/aging.js';
import { mayDo } from '../../domain/console-access.js';
import { dashboard, DSO_PERIOD_DAYS } from '../../reports/dashboard.js';
import { receivablesAging } from '../../reports/receivables.js';
import type { Route } from '../console-app.js';
import { plainAmount, shown, words } from '../format.js';
import { sendCsv } from '../http.js';

/** Bars for one currency's buckets, as percentages of the largest (drawn with CSS, no script). */
function agingBars(t: { currency: string; buckets: Record<string, number>; totalMinor: number }) {
  const max = Math.max(1, ...AGING_BUCKETS.map((b) => t.buckets[b]!));
  return { currency: t.currency, total: shown(t.totalMinor, t.currency), bars: AGING_BUCKETS.map((b) => ({ bucket: b, amount: shown(t.buckets[b]!, t.currency), percent: Math.round((t.buckets[b]! / max) * 100) })) };
}

export const reportRoutes: Route[] = [
  {
    method: 'GET', path: /^\/aging(\.csv)?$/, needs: 'view_dashboards',
    async handle(app, { res, who, params }) {
      const aging = await receivablesAging(app.db, app.now().toISOString().slice(0, 10));
      if (params[0]) {
        return sendCsv(res, `ar-aging-${aging.today}.csv`, [['customer', 'name', 'currency', ...AGING_BUCKETS, 'total', 'in dispute'],
          ...aging.rows.map((r) => [r.customerNumber, r.customerName, r.currency, ...AGING_BUCKETS.map((b) => plainAmount(r.buckets[b]!, r.currency)), plainAmount(r.totalMinor, r.currency), plainAmount(r.disputedMinor, r.currency)])]);
      }
      app.render(res, 200, 'aging', who, {
        title: 'AR aging', today: aging.today, linkAccounts: mayDo(who.user.role, 'view_accounts'), buckets: AGING_BUCKETS, totals: aging.totals.map((t) => agingBars(t)),
        rows: aging.rows.map((r) => ({ customer: `${r.customerNumber} ${r.customerName}`, href: `/customers/${encodeURIComponent(r.customerNumber)}`, cells: AGING_BUCKETS.map((b) => shown(r.buckets[b]!, r.currency)), total: shown(r.totalMinor, r.currency), disputed: shown(r.disputedMinor, r.currency) })),
      });
    },
  },
  {
    method: 'GET', path: /^\/dashboard(\.csv)?$/, needs: 'view_dashboards',
    async handle(app, { res, who, params }) {
      const d = await dashboard(app.db, app.now().toISOString().slice(0, 10));
      if (params[0]) {
        return sendCsv(res, `arflow-dashboard-${d.today}.csv`, [['figure', 'currency', 'date', 'value'],
          ...d.receivables.flatMap((r) => [['open_receivables', r.currency, d.today, plainAmount(r.openMinor, r.currency)], ['dso_days', r.currency, d.today, r.dso === undefined ? '' : String(r.dso)], ['unapplied_cash', r.currency, d.today, plainAmount(r.unappliedMinor, r.currency)], ['suspense', r.currency, d.today, plainAmount(r.suspenseMinor, r.currency)], ['open_disputes', r.currency, d.today, String(r.disputes)], ['disputed_amount', r.currency, d.today, plainAmount(r.disputedMinor, r.currency)]]),
          ...d.cashAppliedPerDay.map((c) => ['cash_applied', c.currency, c.date, plainAmount(c.appliedMinor, c.currency)]),
          ...d.orders.enteredPerDay.map((o) => ['orders_entered', '', o.date, String(o.entered)])]);
      }
      const cashMax = Math.max(1, ...d.cashAppliedPerDay.map((c) => c.appliedMinor));
      const orderMax = Math.max(1, ...d.orders.enteredPerDay.map((o) => o.entered));
      app.render(res, 200, 'dashboard', who, {
        title: 'Dashboard', today: d.today, days: d.orders.enteredPerDay.length, dsoDays: DSO_PERIOD_DAYS,
        receivables: d.receivables.map((r) => ({ currency: r.currency, open: shown(r.openMinor, r.currency), dso: r.dso === undefined ? 'no sales in the period' : `${r.dso} days`, unapplied: shown(r.unappliedMinor, r.currency), suspense: shown(r.suspenseMinor, r.currency), disputes: r.disputes, disputed: shown(r.disputedMinor, r.currency) })),
        // The currency beside the day only when the desk takes more than one.
        cash: d.cashAppliedPerDay.map((c) => ({ date: d.receivables.length > 1 ? `${c.date} ${c.currency}` : c.date, amount: shown(c.appliedMinor, c.currency), percent: Math.round((c.appliedMinor / cashMax) * 100) })),
        orders: d.orders.enteredPerDay.map((o) => ({ date: o.date, entered: o.entered, percent: Math.round((o.entered / orderMax) * 100) })),
        backlog: d.orders.backlog.map((b) => ({ status: words(b.status), orders: b.orders, oldest: b.oldestDays ?? '—' })),
      });
    },
  },
];
