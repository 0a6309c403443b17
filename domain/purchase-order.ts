// What a PO reader found in a document, before anything is matched to our master data.
// Every field carries where it came from and how sure the reader is (0..1): typed and structured
// inputs are exact (1.0); positional text is less so; later review asks a person below a threshold.
import { z } from 'zod';

export const extractedField = <T extends z.ZodType>(value: T) =>
  z.object({
    value, confidence: z.number().min(0).max(1), source: z.string(),
    /** Who confirmed or corrected it in answer to a question (a CSR, an AR lead): no longer doubtful. */
    confirmedBy: z.string().optional(),
  });

export const parsedLineSchema = z.object({
  lineNumber: z.number().int().positive(),
  itemCode: z.string().min(1),
  description: z.string(),
  quantityMilli: z.number().int().positive(),
  unitOfMeasure: z.string().optional(),
  unitPriceMinor: z.number().int().nonnegative().optional(),
  amountMinor: z.number().int().optional(),
  confidence: z.number().min(0).max(1),
  sourceText: z.string(),
  /** A person said this line is right as read (item, quantity). */
  confirmedBy: z.string().optional(),
  /** A person said the PO's own unit price applies, not our price list. */
  priceConfirmedBy: z.string().optional(),
});
export type ParsedLine = z.infer<typeof parsedLineSchema>;

export const parsedPurchaseOrderSchema = z.object({
  documentKind: z.enum(['pdf_text', 'email_body', 'x12_850', 'order_xml', 'csv', 'ocr']),
  documentName: z.string(),
  poNumber: extractedField(z.string().min(1)).optional(),
  orderDate: extractedField(z.string()).optional(), // ISO date
  requestedShipDate: extractedField(z.string()).optional(),
  customerNumber: extractedField(z.string()).optional(),
  companyName: extractedField(z.string()).optional(),
  shipTo: extractedField(z.string()).optional(),
  currency: extractedField(z.string().length(3)).optional(),
  /** Payment terms as the PO states them ("Net 45"): compared with the account's, never taken from the PO. */
  paymentTerms: extractedField(z.string()).optional(),
  totalMinor: extractedField(z.number().int()).optional(),
  lines: z.array(parsedLineSchema),
  /** Rows that look like order lines but could not be read whole; an order is never entered without them. */
  unreadableLines: z.array(z.string()),
});
export type ParsedPurchaseOrder = z.infer<typeof parsedPurchaseOrderSchema>;
