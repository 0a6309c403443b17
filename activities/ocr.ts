// OCR of a scanned PO document the inbound workflow has already stored: loads the InboundDocument and
// reads it with tesseract. Runs on its own task queue (workers/ocr-worker.ts): a page takes seconds of
// CPU, and the desk's quick activities should not wait behind it.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { parsedPurchaseOrderSchema, type ParsedPurchaseOrder } from '../domain/purchase-order.js';
import type { OcrEngine } from '../parsers/ocr-engine.js';
import { readScannedPurchaseOrder, UnreadableScanError } from '../parsers/scanned-po.js';
import { readCheckImage } from '../parsers/check-image.js';
import { CheckScanError } from '../parsers/check-scan.js';
import type { CheckReading } from './payment-intake.js';

export type ScannedPurchaseOrderReading =
  | { found: true; po: ParsedPurchaseOrder }
  | { found: false; code: 'unreadable_document'; problems: string[] };

export function createOcrActivities({ db, ocr }: { db: Pick<Db, 'inboundDocument'>; ocr: OcrEngine }) {
  return {
    /** Reads the scanned PO at `position` among message `inboundId`'s documents; heartbeats `{ page, of }` per page. */
    async readScannedPurchaseOrderDocument(inboundId: string, position: number): Promise<ScannedPurchaseOrderReading> {
      const doc = await db.inboundDocument.findUnique({ where: { messageId_position: { messageId: inboundId, position } } });
      if (!doc) throw ApplicationFailure.nonRetryable(`document ${position} of inbound message ${inboundId} does not exist`, 'NotFound');
      const name = doc.filename ?? `attachment ${position + 1}`;
      let po: ParsedPurchaseOrder;
      try {
        po = await readScannedPurchaseOrder(
          { filename: name, contentType: doc.contentType, content: Buffer.from(doc.content) },
          (page, of) => Context.current().heartbeat({ page, of }),
          ocr,
        );
      } catch (err) {
        if (err instanceof UnreadableScanError) return { found: false, code: 'unreadable_document', problems: [err.message] };
        throw err; // the OCR engine itself failed: let Temporal retry
      }
      if (!po.poNumber && po.lines.length === 0 && po.unreadableLines.length === 0) {
        return { found: false, code: 'unreadable_document', problems: [`OCR read ${name} but found no PO number and no order lines in it. Check that it is a purchase order; if it is, ask the customer for a clearer scan (200–300 dpi) or the original PDF.`] };
      }
      // The reader's output enters the workflow here: check it against its declared shape.
      const checked = parsedPurchaseOrderSchema.safeParse(po);
      if (!checked.success) {
        return { found: false, code: 'unreadable_document', problems: [`The order in ${name} could not be read reliably by OCR (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).`] };
      }
      return { found: true, po: checked.data };
    },

    /** Reads the scanned check (with its stub) at `position`: amounts in figures and words, MICR line, invoice lines. */
    async readCheckDocument(inboundId: string, position: number): Promise<CheckReading> {
      const doc = await db.inboundDocument.findUnique({ where: { messageId_position: { messageId: inboundId, position } } });
      if (!doc) throw ApplicationFailure.nonRetryable(`document ${position} of inbound message ${inboundId} does not exist`, 'NotFound');
      const name = doc.filename ?? `attachment ${position + 1}`;
      Context.current().heartbeat({ reading: name });
      try {
        const reading = await readCheckImage(Buffer.from(doc.content), name, ocr);
        return { readable: true, ...(reading.checkNumber ? { checkNumber: reading.checkNumber } : {}), ...(reading.micr?.routing ? { routing: reading.micr.routing } : {}), ...(reading.micr?.account ? { account: reading.micr.account } : {}), advice: reading.advice };
      } catch (err) {
        if (err instanceof CheckScanError || err instanceof UnreadableScanError) return { readable: false, problem: `${name}: ${err.message}` };
        throw err;
      }
    },
  };
}

export type OcrActivities = ReturnType<typeof createOcrActivities>;
