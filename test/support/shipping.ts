// Steps several end-to-end suites take on the way to what they test: an Acme order acknowledged, its
// packing slip mailed by the warehouse, and reading what comes back (addresses, PDF text).
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { PDFParse } from 'pdf-parse';
import { acmePo, forwardedPdfOrder } from '../../demo/emails.js';
import { renderPackingSlipPdf, type ShipmentDocument } from '../../demo/shipment-docs.js';
import { orderProgressQuery } from '../../workflows/order.js';
import { eventually, uniqueSuffix, type TestDesk } from './desk.js';

export const buildEmail = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer(options).compile().build((e, m) => (e ? reject(e) : resolve(m))));

export async function acknowledgedAcmeOrder(desk: TestDesk) {
  const po = `45${uniqueSuffix()}`;
  await desk.send((await forwardedPdfOrder(acmePo(po), { messageId: `<sh-${po}@arflow.test>` })).raw);
  const order = await eventually(async () => { const o = await desk.db.order.findFirst({ where: { poNumber: po } }); return o?.status === 'acknowledged' ? o : undefined; }, 'the order acknowledged');
  // The row is written by an activity; the workflow takes the order as acknowledged a task later.
  const handle = desk.temporal.workflow.getHandle(order.workflowId);
  await eventually(async () => (await handle.query(orderProgressQuery)).step === 'acknowledged', 'the order workflow acknowledged');
  return { po, order };
}

export async function mailPackingSlip(desk: TestDesk, slip: ShipmentDocument, messageId: string) {
  await desk.send(await buildEmail({
    from: 'Warehouse <warehouse@arflow.test>', to: 'orders@arflow.test', subject: `Shipped: ${slip.packingSlipNumber}`, messageId,
    text: 'Packing slip attached.', attachments: [{ filename: `${slip.packingSlipNumber}.pdf`, content: await renderPackingSlipPdf(slip), contentType: 'application/pdf' }],
  }));
}

export const addresses = (field: { value: { address?: string }[] } | { value: { address?: string }[] }[] | undefined) => (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value.map((v) => v.address));

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try { return (await parser.getText()).text; } finally { await parser.destroy(); }
}
