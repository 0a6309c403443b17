// The ERP's JSON webhook: POST the order document with an Idempotency-Key, so a retry after a lost
// answer is recognised by the ERP as the same order. A 2xx hands the order over (its body may carry the
// ERP's order number); a refusal the ERP will repeat (4xx) stops with a message a person can act on;
// anything else (5xx, 408, 429, a timeout, a dropped connection) is retried by Temporal.
import { ApplicationFailure } from '@temporalio/common';
import type { ErpExportTarget, ErpHandOff } from './erp-target.js';
import type { ErpOrderDocument } from './order-document.js';

export interface WebhookTargetOptions { timeoutMs?: number }

/** The URL as it may be shown in logs: no user name or password. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || '(empty body)';
}

function erpOrderNumberOf(body: string): string | null {
  if (!body.trim()) return null;
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return null; }
  const value = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).erpOrderNumber : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function webhookErpTarget(url: string, options: WebhookTargetOptions = {}): ErpExportTarget {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const shown = redactedUrl(url);
  return {
    description: `ERP webhook ${shown}`,
    async send(document: ErpOrderDocument, idempotencyKey: string): Promise<ErpHandOff> {
      const order = `order ${document.header.orderReference} (PO ${document.header.poNumber})`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey, 'user-agent': 'arflow' },
          body: JSON.stringify(document),
          // A redirect would turn the POST into a GET: the setting should name the final URL instead.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        const why = e.name === 'TimeoutError' ? `did not answer within ${timeoutMs / 1000} s` : `could not be reached (${e.cause?.code ?? e.cause?.message ?? e.message})`;
        throw ApplicationFailure.retryable(`the ERP webhook ${shown} ${why} while sending ${order}`, 'ErpUnavailable');
      }
      const body = await response.text().catch(() => '');
      const status = response.status;
      if (status >= 200 && status < 300) return { erpOrderNumber: erpOrderNumberOf(body), delivery: `webhook ${status}` };
      if (status >= 300 && status < 400) {
        throw ApplicationFailure.nonRetryable(
          `the ERP webhook ${shown} answered ${order} with a redirect (${status}) to ${response.headers.get('location') ?? 'nowhere'}: set ARFLOW_ERP_WEBHOOK_URL to the final address`, 'ErpMisconfigured');
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        throw ApplicationFailure.nonRetryable(
          `the ERP refused ${order} with ${status}: ${excerpt(body)}. Fix what it names (customer, item or terms set up in the ERP, or the webhook's access) and export the order again`,
          'ErpRejected', { status, body: excerpt(body) });
      }
      throw ApplicationFailure.retryable(`the ERP webhook ${shown} answered ${order} with ${status}: ${excerpt(body)}`, 'ErpUnavailable', { status, body: excerpt(body) });
    },
  };
}
