// A real SMTP server on a free loopback port that keeps every mail it accepts, for tests of
// outbound mail; setDown(true) makes it answer 421 as a relay in an outage would, and
// rejectRecipient() refuses one address as a relay would a mailbox that does not exist.
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  envelope: {
    /** '' for the empty return path (MAIL FROM:<>), as bounces and auto-replies use. */
    mailFrom: string;
    rcptTo: string[];
  };
  /** The DATA bytes exactly as received (dot-unstuffed). */
  raw: Buffer;
  /** Header names are lower case, as mailparser gives them. */
  headers: Map<string, HeaderValue>;
  subject: string | undefined;
  messageId: string | undefined;
  parsed: ParsedMail;
  receivedAt: Date;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** Every accepted mail, in the order parsing finished. */
  messages: ReceivedMail[];
  /** The first mail (already received or still to come) that matches, or SmtpSinkTimeoutError. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs: number): Promise<ReceivedMail>;
  /** While down, new connections get a 421 greeting and open ones a 421 to MAIL FROM. */
  setDown(down: boolean): void;
  /**
   * Keeps the mail of matching transactions but withholds the 250 reply until `release()`: the
   * sender cannot tell the mail arrived, as when it dies right after sending.
   */
  holdReplies(predicate: ((mail: ReceivedMail) => boolean) | null): void;
  release(): void;
  /** RCPT TO this address is answered with `code` (e.g. 550 mailbox unavailable, 450 try later). */
  rejectRecipient(address: string, code: number): void;
  stop(): Promise<void>;
}

/**
 * Matches mails whose subject names the ticket, except those to `exceptTo`: tests of staff
 * notices leave out the requester's own acknowledgement and progress mails this way. Watchers'
 * copies of the ticket's updates (header `X-Itdesk-Notice: watcher`) are no staff notices either.
 */
export function aboutTicket(number: string, exceptTo: readonly string[] = []): (mail: ReceivedMail) => boolean {
  return (mail) =>
    Boolean(mail.subject?.includes(number)) && !mail.envelope.rcptTo.some((to) => exceptTo.includes(to)) && mail.headers.get('x-itdesk-notice') !== 'watcher';
}

export class SmtpSinkTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtpSinkTimeoutError';
  }
}

class RecipientRejected extends Error {
  constructor(readonly responseCode: number) {
    super(responseCode >= 500 ? 'Requested action not taken: mailbox unavailable (simulated)' : 'Requested action not taken: mailbox busy (simulated)');
  }
}

class ServiceUnavailable extends Error {
  readonly responseCode = 421;
  constructor() {
    super('Service not available, closing transmission channel (simulated outage)');
  }
}

interface Waiter {
  predicate: (mail: ReceivedMail) => boolean;
  resolve: (mail: ReceivedMail) => void;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  let down = false;
  let hold: ((mail: ReceivedMail) => boolean) | null = null;
  const held: Array<() => void> = [];
  const rejected = new Map<string, number>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    // stop() should not wait the default 30 s for a pooled client connection to go away.
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      callback(down ? new ServiceUnavailable() : null);
    },
    onMailFrom(_address, _session, callback) {
      callback(down ? new ServiceUnavailable() : null);
    },
    onRcptTo(address, _session, callback) {
      const code = rejected.get(address.address.toLowerCase());
      callback(code ? new RecipientRejected(code) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', async () => {
        try {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          const mail: ReceivedMail = {
            envelope: {
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((recipient: SMTPServerAddress) => recipient.address),
            },
            raw,
            headers: parsed.headers,
            subject: parsed.subject,
            messageId: parsed.messageId,
            parsed,
            receivedAt: new Date(),
          };
          messages.push(mail);
          for (const waiter of waiters) {
            if (waiter.predicate(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          if (hold?.(mail)) held.push(() => callback());
          else callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors on single client connections (resets while down) are expected and must not crash the run.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    waitFor(predicate, timeoutMs) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((mail) => JSON.stringify(mail.subject)).join(', ') || 'none';
          reject(new SmtpSinkTimeoutError(`no matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    setDown(value) {
      down = value;
    },
    holdReplies(predicate) {
      hold = predicate;
    },
    release() {
      hold = null;
      for (const reply of held.splice(0)) reply();
    },
    rejectRecipient(address, code) {
      rejected.set(address.toLowerCase(), code);
    },
    stop() {
      for (const reply of held.splice(0)) reply();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
