// A worker that stops halfway through an order: the next worker finishes it, and nothing is done twice.
// Its own file: it runs its own desk, and two desks' ingesters would share one mailbox.
import { describe, expect, it } from 'vitest';
import { acmePo, forwardedPdfOrder } from '../../demo/emails.js';
import type { MailTransport } from '../../mail/transport.js';
import { orderProgressQuery } from '../../workflows/order.js';
import { eventually, startTestDesk, uniqueSuffix } from '../support/desk.js';

describe('a worker that stops in the middle', () => {
  it('leaves the acknowledgement to the next worker, which sends it once', async () => {
    // The first worker's SMTP connection hangs on the acknowledgement and drops when the worker stops,
    // as a process going down mid-conversation would.
    const connectionLost = new AbortController();
    let attempts = 0;
    const hanging: MailTransport = {
      description: 'hanging SMTP',
      send: () => {
        attempts++;
        if (connectionLost.signal.aborted) return Promise.reject(new Error('SMTP connection lost'));
        return new Promise((_, reject) => connectionLost.signal.addEventListener('abort', () => reject(new Error('SMTP connection lost'))));
      },
      close() {},
    };
    const restartDesk = await startTestDesk('restart', { worker: false });
    await restartDesk.emptyMailboxes();
    try {
      const first = await restartDesk.startWorker(hanging);
      const po = `48${uniqueSuffix()}`;
      const email = await forwardedPdfOrder(acmePo(po), { messageId: `<restart-${po}@arflow.test>` });
      await restartDesk.send(email.raw);
      await eventually(async () => attempts > 0, 'the first worker to reach the acknowledgement');
      const order = await restartDesk.db.order.findFirstOrThrow({ where: { poNumber: po } });
      expect(order.status).toBe('scheduled'); // reviewed, within credit, handed on; not yet acknowledged

      connectionLost.abort();
      first.worker.shutdown();
      await first.stopped;
      await restartDesk.startWorker();

      const acks = await eventually(async () => { const a = (await restartDesk.messages('catchall')).filter((m) => m.subject?.includes(po)); return a.length ? a : undefined; }, 'the acknowledgement from the second worker');
      const handle = restartDesk.temporal.workflow.getHandle(order.workflowId);
      const progress = await eventually(async () => { const p = await handle.query(orderProgressQuery); return p.step === 'acknowledged' ? p : undefined; }, 'the order workflow to record the acknowledgement');
      await new Promise((r) => setTimeout(r, 1500)); // room for a wrongly repeated send to arrive
      expect((await restartDesk.messages('catchall')).filter((m) => m.subject?.includes(po))).toHaveLength(1);
      expect(acks[0]!.messageId).toBe(progress.acknowledgementMessageId);
      expect(await restartDesk.db.order.count({ where: { poNumber: po } })).toBe(1);
      expect(await restartDesk.db.outboundMessage.count({ where: { orderId: order.id } })).toBe(1);
    } finally {
      connectionLost.abort(); // a failed assertion must not leave the first worker hanging
      await restartDesk.stop();
    }
  });
});
