// How the console writes money and times: amounts with their currency (a dash for none), CSV amounts as
// plain numbers, times to the minute in UTC.
import { formatMoney, money } from '../domain/money.js';

export const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
export const shown = (minor: number, currency: string) => (minor ? formatMoney(money(minor, currency)) : '—');
export const plainAmount = (minor: number, currency: string) => formatMoney(money(minor, currency)).replace(/[^\d.,-]/g, '').replace(/,/g, '');
export const amountOrBlank = (minor: bigint | null, currency: string | null) => (minor !== null && currency ? formatMoney(money(Number(minor), currency)) : '');
export const words = (code: string) => code.replace(/_/g, ' ');
