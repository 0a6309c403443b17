// Where outgoing mail goes: a real SMTP server, or (embedded default) .eml files in an outbox folder.
// Both are built by nodemailer from the same message, so what lands in the outbox is what SMTP would send.
import nodemailer from 'nodemailer';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string;
  references: string[];
  /** Stable across retries; the outbox uses it as the file name. */
  idempotencyKey: string;
  /** Documents sent with the message, in order (acknowledgement PDF, ...). */
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment { filename: string; contentType: string; content: Uint8Array }

export interface MailTransport {
  readonly description: string;
  send(email: OutgoingEmail): Promise<string>;
  close(): void;
}

function nodemailerMessage(email: OutgoingEmail) {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.to,
    cc: email.cc.length ? email.cc : undefined,
    subject: email.subject,
    text: email.text,
    html: email.html,
    inReplyTo: email.inReplyTo,
    references: email.references.length ? email.references : undefined,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Arflow-Key': email.idempotencyKey },
    attachments: email.attachments?.length
      ? email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) }))
      : undefined,
  };
}

export interface SmtpSettings { host: string; port: number; secure: boolean; user?: string; password?: string }

export function smtpTransport(settings: SmtpSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    description: `SMTP ${settings.host}:${settings.port}`,
    async send(email) {
      const info = await transporter.sendMail(nodemailerMessage(email));
      return `smtp ${info.response}`;
    },
    close() { transporter.close(); },
  };
}

export function outboxFolderTransport(dir: string): MailTransport {
  mkdirSync(dir, { recursive: true });
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `outbox folder ${dir}`,
    async send(email) {
      const info = await builder.sendMail(nodemailerMessage(email));
      const name = `${email.idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '_')}.eml`;
      // Write then rename, so a reader never sees half a message and a retry overwrites the same file.
      const tmp = join(dir, `.${name}.tmp`);
      writeFileSync(tmp, info.message as Buffer);
      renameSync(tmp, join(dir, name));
      return `outbox ${name}`;
    },
    close() { builder.close(); },
  };
}
