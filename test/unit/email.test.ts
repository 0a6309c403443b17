// Real messages nobody on the team wrote (the `mail` gem's fixtures, MIT; see fixtures/email/LICENSE).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../parsers/email.js';
import { findPurchaseOrder } from '../../parsers/po-from-email.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url));

describe('real-world email structure', () => {
  it('opens a forwarded message/rfc822 and keeps the original sender and Message-ID', async () => {
    const email = await parseEmail(fixture('attachment_message_rfc822.eml'));
    expect(email.forwarded).toMatchObject({ from: 'xxxx@xxxx.com', messageId: '<xxxx@xxxx.com>', subject: 'Another PDF' });
  });

  it('decodes non-ASCII and encoded attachment names', async () => {
    expect((await parseEmail(fixture('attachment_nonascii_filename.eml'))).attachments[0]?.filename).toBe('ciële.txt');
    expect((await parseEmail(fixture('attachment_with_base64_encoded_name.eml'))).attachments[0]?.filename).toBe('This is a test.pdf');
  });

  it('finds the customer in an inline forward', async () => {
    const email = await parseEmail(fixture('attachment_with_base64_encoded_name.eml'));
    expect(email.forwarded?.from).toBe('xxxxxxxx@xxx.com');
  });

  it.each([
    ['attachment_pdf.eml', 'unreadable_document', 'broken.pdf cannot be read: the PDF cannot be opened (Invalid PDF structure.).'],
    ['attachment_message_rfc822.eml', 'unreadable_document', 'broken.pdf cannot be read: the PDF cannot be opened (Invalid PDF structure.).'],
    ['attachment_with_base64_encoded_name.eml', 'unreadable_document', 'This is a test.pdf is not a PDF, although it is named or labelled as one.'],
    ['attachment_only_email.eml', 'no_purchase_order', 'None of the 1 attachment(s) is a purchase order we can read (we read PDF POs), and the email body has no PO number or order lines.'],
  ])('%s: no PO, and the reason says exactly why', async (name, code, problem) => {
    const result = await findPurchaseOrder(await parseEmail(fixture(name)));
    expect(result).toEqual({ found: false, code, problems: [problem] });
  });
});
