// The deposit slip for a day's checks: the list the bank counts against, and the total the bank's credit
// must equal when it reports the deposit (reconciled on the next bank file import).
import { renderDocumentHtml } from '../mail/templates.js';
import type { PdfRenderer } from './pdf-renderer.js';

export interface DepositSlipContext {
  company: { name: string };
  deposit: { number: string; date: string; currency: string; count: number; total: string; account: string };
  checks: { position: number; checkNumber: string; drawer: string; routing: string; payment: string; amount: string }[];
}

export function depositSlipFilename(number: string): string {
  return `Deposit-${number.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
}

export function renderDepositSlipPdf(pdf: PdfRenderer, context: DepositSlipContext): Promise<Uint8Array<ArrayBuffer>> {
  return pdf.render(renderDocumentHtml('deposit-slip', context), { paper: 'Letter' });
}
