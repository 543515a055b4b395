// Outbound mail through nodemailer: SMTP when a host is configured, otherwise .eml files in
// the outbox folder so a laptop install never loses a notice silently.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config/schema/mail';

export interface OutboundMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** An HTML alternative to the text (the weekly report). */
  html?: string;
  /** The desk's own Message-ID, deterministic per event so a retried send reuses it. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutboundMail): Promise<void>;
  describe(): string;
  close(): void;
}

export function createMailer(config: MailConfig, env: NodeJS.ProcessEnv = process.env): Mailer {
  const host = (config.smtp.hostEnv && env[config.smtp.hostEnv]) || config.smtp.host;
  if (!host) return outboxMailer(config.outboxDir);
  const user = config.smtp.userEnv ? env[config.smtp.userEnv] : undefined;
  const pass = config.smtp.passwordEnv ? env[config.smtp.passwordEnv] : undefined;
  const transport = nodemailer.createTransport({
    host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    auth: user ? { user, pass } : undefined,
    ignoreTLS: !config.smtp.secure,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail(toNodemailer(mail));
    },
    describe: () => `smtp://${host}:${config.smtp.port}`,
    close: () => transport.close(),
  };
}

function outboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      await mkdir(dir, { recursive: true });
      const name = mail.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
      await writeFile(join(dir, `${name}.eml`), info.message as Buffer);
    },
    describe: () => `outbox folder ${dir}`,
    close: () => undefined,
  };
}

function toNodemailer(mail: OutboundMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
  };
}
