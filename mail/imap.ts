// IMAP adapter for the mailbox poller: one authenticated session with the service inbox selected,
// reading new mail by UID, moving handled mail out, and waiting for arrivals with IDLE.
import { ImapFlow, type ImapFlowError } from 'imapflow';
import { ImapAuthenticationError, ImapCommandError, ImapConnectionError, ImapFolderError } from './imapErrors';

export interface ImapMailboxConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (993); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder the desk reads new mail from, usually INBOX. */
  inbox: string;
}

export interface ImapConnectOptions {
  /** Deadline for TCP connect, greeting and login together. */
  connectTimeoutMs?: number;
}

export interface MailboxStatus {
  /** UIDVALIDITY as a decimal string: it is a 32-bit unsigned value that imapflow hands out as BigInt. */
  uidValidity: string;
  uidNext: number;
}

export interface FetchedMail {
  uid: number;
  /** The message exactly as the server stores it (RFC 5322 bytes, CRLF line ends). */
  raw: Buffer;
  internalDate: Date;
}

export interface MoveOutcome {
  /** false when the UID was no longer in the inbox, e.g. a retried move that already happened. */
  moved: boolean;
  destinationUid?: number;
}

export interface AppendOutcome {
  uid?: number;
  uidValidity?: string;
}

export interface OpenMailbox {
  status(): Promise<MailboxStatus>;
  /** Up to `max` messages with UID > lastUid, oldest first. */
  fetchSince(lastUid: number, max: number): Promise<FetchedMail[]>;
  moveTo(uid: number, folder: string): Promise<MoveOutcome>;
  appendTo(folder: string, raw: Buffer | string, flags?: string[]): Promise<AppendOutcome>;
  /** UIDs in the selected folder whose header `name` contains `value` (IMAP SEARCH HEADER, substring match). */
  findByHeader(name: string, value: string): Promise<number[]>;
  /** Removes one message from the inbox (flag \\Deleted + expunge); false when it was already gone. */
  deleteFromInbox(uid: number): Promise<{ deleted: boolean }>;
  /**
   * Resolves true once new mail may have arrived since the last fetchSince began (immediately if
   * it already has), false when timeoutMs passes without any. Keep timeoutMs under the server's
   * IDLE limit (RFC 9051: re-issue IDLE at least every 29 minutes).
   */
  waitForNew(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

// Error codes imapflow and Node use when the session, not the command, failed.
const connectionErrorCodes = new Set([
  'NoConnection',
  'EConnectionClosed',
  'StateLogout',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const defaultConnectTimeoutMs = 30_000;

export async function openMailbox(conf: ImapMailboxConfig, options: ImapConnectOptions = {}): Promise<OpenMailbox> {
  const where = `${conf.user}@${conf.host}:${conf.port}`;
  const connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  const client = new ImapFlow({
    host: conf.host,
    port: conf.port,
    secure: conf.secure,
    auth: { user: conf.user, pass: conf.password },
    logger: false,
    // IDLE only while waitForNew runs, so the poller decides when the session waits.
    disableAutoIdle: true,
    connectionTimeout: connectTimeoutMs,
    greetingTimeout: connectTimeoutMs,
  });

  // Without a listener an 'error' event would crash the worker; the failure still reaches callers
  // because the next command on a dead session is turned into ImapConnectionError.
  let sessionError: Error | undefined;
  client.on('error', (error: Error) => {
    sessionError = error;
  });

  // Set by any EXISTS that grows the inbox, cleared when fetchSince starts reading: this is how
  // waitForNew learns of mail that arrived while the poller was busy and not idling.
  let arrivalSinceLastFetch = false;
  let inboxPath = conf.inbox; // replaced by the server's spelling once selected ("inbox" -> "INBOX")
  client.on('exists', (event) => {
    if (event.path === inboxPath && event.count > event.prevCount) arrivalSinceLastFetch = true;
  });

  try {
    await client.connect();
  } catch (error) {
    client.close();
    if ((error as { authenticationFailed?: boolean }).authenticationFailed) {
      throw new ImapAuthenticationError(`IMAP login refused for ${where}`, { cause: error });
    }
    throw new ImapConnectionError(`cannot connect to IMAP ${where}: ${(error as Error).message}`, { cause: error });
  }

  try {
    inboxPath = (await client.mailboxOpen(conf.inbox)).path;
  } catch (error) {
    // Classify before closing: close() makes every session look dropped.
    const dropped = isConnectionFailure(client, error);
    client.close();
    if (dropped) throw new ImapConnectionError(`IMAP ${where} dropped while opening ${conf.inbox}`, { cause: error });
    throw new ImapFolderError(conf.inbox, `cannot open inbox folder ${conf.inbox} on ${where}: ${describeServerError(error)}`, {
      cause: error,
    });
  }

  const existingFolders = new Set<string>([conf.inbox, inboxPath]);

  function assertUsable(action: string): void {
    if (sessionGone(client)) {
      throw new ImapConnectionError(`IMAP session ${where} is closed (${action})`, { cause: sessionError });
    }
  }

  // Wraps one adapter call so every failure leaves as one of the named errors.
  async function run<T>(action: string, body: () => Promise<T>, folder?: string): Promise<T> {
    assertUsable(action);
    try {
      return await body();
    } catch (error) {
      if (error instanceof ImapFolderError || error instanceof ImapCommandError) throw error;
      if (error instanceof ImapConnectionError) throw error;
      if (isConnectionFailure(client, error)) {
        throw new ImapConnectionError(`IMAP session ${where} failed during ${action}`, { cause: error });
      }
      const detail = describeServerError(error);
      if (folder !== undefined) throw new ImapFolderError(folder, `${action} on ${where} failed: ${detail}`, { cause: error });
      throw new ImapCommandError(`${action} on ${where} failed: ${detail}`, { cause: error });
    }
  }

  async function ensureFolder(folder: string): Promise<void> {
    if (existingFolders.has(folder)) return;
    await client.mailboxCreate(folder); // ALREADYEXISTS counts as success
    existingFolders.add(folder);
  }

  return {
    status: () =>
      run('status', async () => {
        // NOOP first: it makes the server re-sync this session's view, and Dovecot ends the session
        // when the mailbox was rebuilt under it, instead of reporting the stale UIDVALIDITY.
        await client.noop();
        assertUsable('status');
        const status = await client.status(conf.inbox, { uidValidity: true, uidNext: true });
        assertUsable('status');
        if (!status || status.uidValidity === undefined || status.uidNext === undefined) {
          throw new ImapCommandError(`STATUS ${conf.inbox} on ${where} gave no UIDVALIDITY/UIDNEXT`);
        }
        return { uidValidity: status.uidValidity.toString(), uidNext: status.uidNext };
      }),

    async fetchSince(lastUid, max) {
      // Caller bugs, not IMAP failures: thrown as they are, outside run().
      if (!Number.isInteger(lastUid) || lastUid < 0) throw new RangeError(`lastUid must be a UID >= 0, got ${lastUid}`);
      if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
      return run('fetchSince', async () => {
        arrivalSinceLastFetch = false;
        // "n:*" always matches the newest message even when its UID is <= n, so filter again.
        const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
        if (found === false || found === undefined) {
          assertUsable('fetchSince');
          throw new ImapCommandError(`UID SEARCH in ${conf.inbox} on ${where} was refused`);
        }
        const wanted = found.filter((uid) => uid > lastUid).sort((a, b) => a - b).slice(0, max);
        if (wanted.length === 0) return [];
        const messages = await client.fetchAll(wanted.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
        assertUsable('fetchSince');
        return messages
          .filter((message) => message.uid > lastUid && message.source !== undefined)
          .sort((a, b) => a.uid - b.uid)
          .map((message) => ({
            uid: message.uid,
            raw: message.source as Buffer,
            internalDate: new Date(message.internalDate ?? 0),
          }));
      });
    },

    moveTo: (uid, folder) =>
      run(
        `move UID ${uid} to ${folder}`,
        async () => {
          // Look first: a UID MOVE of a missing UID is a silent OK, and servers without UIDPLUS
          // do not say what moved, yet a retried activity must learn the mail already left.
          const present = await client.search({ uid: String(uid) }, { uid: true });
          assertUsable(`move UID ${uid}`);
          if (!present || !present.includes(uid)) return { moved: false };
          await ensureFolder(folder);
          // imapflow falls back to COPY + \Deleted + EXPUNGE when the server lacks MOVE.
          const result = await client.messageMove(String(uid), folder, { uid: true });
          if (!result) {
            assertUsable(`move UID ${uid}`);
            throw new ImapFolderError(folder, `moving UID ${uid} from ${conf.inbox} to ${folder} on ${where} was refused`);
          }
          const destinationUid = result.uidMap?.get(uid);
          return destinationUid === undefined ? { moved: true } : { moved: true, destinationUid };
        },
        folder,
      ),

    appendTo: (folder, raw, flags = []) =>
      run(
        `append to ${folder}`,
        async () => {
          await ensureFolder(folder);
          const result = await client.append(folder, raw, flags);
          if (result === false) {
            assertUsable(`append to ${folder}`);
            throw new ImapFolderError(folder, `APPEND to ${folder} on ${where} was refused`);
          }
          return {
            ...(result.uid !== undefined ? { uid: result.uid } : {}),
            ...(result.uidValidity !== undefined ? { uidValidity: result.uidValidity.toString() } : {}),
          };
        },
        folder,
      ),

    findByHeader: (name, value) =>
      run(`search ${name} in ${conf.inbox}`, async () => {
        const found = await client.search({ header: { [name]: value } }, { uid: true });
        if (found === false || found === undefined) {
          assertUsable(`search ${name}`);
          throw new ImapCommandError(`SEARCH HEADER ${name} in ${conf.inbox} on ${where} was refused`);
        }
        return found;
      }),

    deleteFromInbox: (uid) =>
      run(`delete UID ${uid}`, async () => {
        const present = await client.search({ uid: String(uid) }, { uid: true });
        assertUsable(`delete UID ${uid}`);
        if (!present || !present.includes(uid)) return { deleted: false };
        const done = await client.messageDelete(String(uid), { uid: true });
        if (!done) {
          assertUsable(`delete UID ${uid}`);
          throw new ImapCommandError(`deleting UID ${uid} from ${conf.inbox} on ${where} was refused`);
        }
        return { deleted: true };
      }),

    waitForNew: (timeoutMs) =>
      run('waitForNew', () => idleUntilArrival(timeoutMs)),

    async close() {
      if (sessionGone(client)) {
        client.close();
        return;
      }
      try {
        await client.logout();
      } catch {
        // LOGOUT is a courtesy; the socket is closed either way.
        client.close();
      }
    },
  };

  function idleUntilArrival(timeoutMs: number): Promise<boolean> {
    if (arrivalSinceLastFetch) return Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => {
      let settled = false;
      const onExists = () => {
        if (arrivalSinceLastFetch) void settle(true);
      };
      const onClose = () => void settle(new ImapConnectionError(`IMAP session ${where} closed while waiting for mail`, { cause: sessionError }));
      const timer = setTimeout(() => void settle(false), timeoutMs);
      client.on('exists', onExists);
      client.on('close', onClose);

      const idleEnded = client.idle().then(
        // IDLE also ends when another call on this session needs the connection; that caller
        // will see whatever arrived, so report what is known rather than keep waiting blind.
        () => void settle(arrivalSinceLastFetch),
        (error: unknown) => void settle(error),
      );

      async function settle(outcome: boolean | unknown): Promise<void> {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.off('exists', onExists);
        client.off('close', onClose);
        // Leave the session out of IDLE so the next call starts from a normal state; any command
        // ends IDLE, NOOP is the one with no effect. Not after a failure: the session is going
        // away and a NOOP would only wait for its own timeout.
        if (typeof outcome === 'boolean' && client.idling && !sessionGone(client)) {
          try {
            await client.noop();
            await idleEnded;
          } catch {
            // the next call reports a broken session itself
          }
        }
        if (typeof outcome === 'boolean') resolve(outcome);
        else if (isConnectionFailure(client, outcome)) reject(new ImapConnectionError(`IMAP session ${where} failed while idling`, { cause: outcome }));
        else reject(new ImapCommandError(`IDLE on ${where} failed: ${describeServerError(outcome)}`, { cause: outcome }));
      }
    });
  }
}

// After a BYE imapflow is in LOGOUT state but still "usable" until the socket closes; commands
// issued in between return false as if refused, so both signs count as a lost session.
function sessionGone(client: ImapFlow): boolean {
  return !client.usable || client.state === client.states.LOGOUT || client.byeReason !== undefined;
}

function isConnectionFailure(client: ImapFlow, error: unknown): boolean {
  const code = (error as ImapFlowError | undefined)?.code;
  return sessionGone(client) || (code !== undefined && connectionErrorCodes.has(code));
}

function describeServerError(error: unknown): string {
  const imapError = error as ImapFlowError | undefined;
  return imapError?.responseText ?? imapError?.message ?? String(error);
}
