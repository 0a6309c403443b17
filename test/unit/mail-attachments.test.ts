// A message with its acknowledgement PDF, as the outbox folder writes it: the same MIME nodemailer
// hands an SMTP server, read back by a mail client's parser.
import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxFolderTransport, type OutgoingEmail } from '../../mail/transport.js';

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% not a real document, but bytes that must arrive unchanged \x00\xff\n%%EOF\n', 'latin1'));

const email = (attachments?: OutgoingEmail['attachments']): OutgoingEmail => ({
  messageId: '<ack-1@arflow.test>', from: 'Northwind Components <orders@arflow.test>', to: ['jane.buyer@acme.example'], cc: ['sam.reyes@arflow.test'],
  subject: 'Order acknowledgement: your PO 4500012345', text: 'The acknowledgement is attached as a PDF.', html: '<p>The acknowledgement is attached as a PDF.</p>',
  references: [], idempotencyKey: 'order-ack:abc:1', attachments,
});

describe('outgoing mail with attachments', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'arflow-outbox-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('carries the PDF byte for byte, named and typed, beside the text and HTML', async () => {
    const transport = outboxFolderTransport(dir);
    await transport.send(email([{ filename: 'Acknowledgement-4500012345-r1.pdf', contentType: 'application/pdf', content: PDF }]));
    transport.close();
    const parsed = await simpleParser(readFileSync(join(dir, 'order-ack_abc_1.eml')));
    expect(parsed.text?.trim()).toBe('The acknowledgement is attached as a PDF.');
    expect(parsed.html).toContain('<p>The acknowledgement is attached as a PDF.</p>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe('Acknowledgement-4500012345-r1.pdf');
    expect(parsed.attachments[0]!.contentType).toBe('application/pdf');
    expect(Buffer.compare(parsed.attachments[0]!.content, Buffer.from(PDF))).toBe(0);
  });

  it('sends a message without attachments as before', async () => {
    const transport = outboxFolderTransport(dir);
    await transport.send(email());
    transport.close();
    expect(readdirSync(dir)).toEqual(['order-ack_abc_1.eml']);
    const parsed = await simpleParser(readFileSync(join(dir, 'order-ack_abc_1.eml')));
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });
});
