import { describe, expect, it } from 'vitest';
import { classifyInbound, type InboundFacts } from '../../domain/inbound-classification.js';

const facts = (f: Partial<InboundFacts>): InboundFacts => ({ from: 'carla.csr@arflow.test', subject: 'Fwd: PO 4500012345', autoSubmitted: undefined, contentType: 'multipart/mixed', reportType: undefined, ...f });

describe('what kind of message reached the mailbox', () => {
  it('reads ordinary mail', () => {
    expect(classifyInbound(facts({}))).toEqual({ kind: 'to_read' });
    expect(classifyInbound(facts({ autoSubmitted: 'no' }))).toEqual({ kind: 'to_read' });
  });

  it.each([
    [{ autoSubmitted: 'auto-replied', subject: 'Re: Order acknowledgement' }],
    [{ subject: 'Automatic reply: Order acknowledgement: your PO 4500012345' }],
    [{ subject: 'Out of Office: back Monday' }],
    [{ subject: 'Abwesenheitsnotiz: Bestellung' }],
  ])('recognises an automatic reply: %o', (f) => {
    expect(classifyInbound(facts(f)).kind).toBe('auto_reply');
  });

  it.each([
    [{ contentType: 'multipart/report', reportType: 'delivery-status', from: 'postmaster@acme.example', subject: 'Delivery Status Notification (Failure)' }],
    [{ from: 'MAILER-DAEMON@mx.example.com', subject: 'Returned mail: see transcript for details' }],
    [{ subject: 'Undeliverable: Order acknowledgement: your PO 88231' }],
  ])('recognises a bounce, which a person must see: %o', (f) => {
    const kind = classifyInbound(facts(f));
    expect(kind.kind).toBe('bounce');
    expect(kind.kind === 'bounce' && kind.reason).toMatch(/a message we sent did not arrive/);
  });
});
