// A small SMTP server that delivers into Dovecot over LMTP, so nodemailer → SMTP → mailbox → IMAP IDLE
// is a real loop on one machine. Recipients without a mailbox of their own land in `catchall`, the way
// a test domain's catch-all would; the message keeps its original headers.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface SmtpRelay { port: number; stop(): Promise<void>; delivered: number }

export async function startSmtpRelay(options: { port: number; lmtpPort: number; localUsers: string[]; catchall?: string }): Promise<SmtpRelay> {
  const lmtp = nodemailer.createTransport({ host: '127.0.0.1', port: options.lmtpPort, lmtp: true, ignoreTLS: true });
  const catchall = options.catchall ?? 'catchall';
  const relay: SmtpRelay = { port: options.port, delivered: 0, stop: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => {
          const local = r.address.split('@')[0]!.toLowerCase();
          return options.localUsers.includes(local) ? r.address : `${catchall}@localhost`;
        });
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        lmtp.sendMail({ envelope: { from, to: [...new Set(to)] }, raw })
          .then(() => { relay.delivered++; callback(); })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  relay.stop = () => new Promise<void>((resolve) => { server.close(() => { lmtp.close(); resolve(); }); });
  return relay;
}
