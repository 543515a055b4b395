// Content-addressed store of mail attachments on disk: `<dir>/<first 2 hex>/<sha256>`.
// A directory rather than sqlite because the fetch activity runs in the ticket worker, which
// may run on several hosts, while sqlite belongs to the single store worker; and rather than
// workflow histories because content would blow their payload limits. With workers (or the API)
// on several hosts the directory must therefore be shared storage that all of them see.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** An attachment's id: the SHA-256 of its decoded content, 64 lower-case hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class InvalidAttachmentIdError extends Error {
  constructor(id: string) {
    super(`'${id.slice(0, 80)}' is not a SHA-256 (64 lower-case hex digits)`);
    this.name = 'InvalidAttachmentIdError';
  }
}

/** The bytes do not hash to the id they were offered under: a bug, never a disk problem. */
export class AttachmentHashMismatchError extends Error {
  constructor(expected: string, actual: string) {
    super(`attachment content hashes to ${actual}, not ${expected}`);
    this.name = 'AttachmentHashMismatchError';
  }
}

export interface AttachmentStore {
  readonly dir: string;
  /** Stores the bytes under their SHA-256; a second put of the same content writes nothing. */
  put(sha256: string, bytes: Uint8Array): Promise<{ created: boolean }>;
  /** The stored bytes, or null when nothing is stored under that SHA-256. */
  read(sha256: string): Promise<Buffer | null>;
}

/**
 * The store the config names. The fetch activity and the API both call this per use, so they
 * agree on the directory and a reloaded config applies to the next mail and download.
 */
export function attachmentStoreOf(config: { mail: { attachmentsDir: string } }): AttachmentStore {
  return createAttachmentStore(config.mail.attachmentsDir);
}

// Attachments may be private (payslips, screenshots): not readable by other users of the host.
const FILE_MODE = 0o640;
const DIR_MODE = 0o750;

export function createAttachmentStore(dir: string): AttachmentStore {
  const root = resolve(dir);
  // Checked before any path is built: an id from a URL can never climb out of the directory.
  const pathOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new InvalidAttachmentIdError(sha256);
    return join(root, sha256.slice(0, 2), sha256);
  };

  return {
    dir: root,

    async put(sha256, bytes) {
      const target = pathOf(sha256);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw new AttachmentHashMismatchError(sha256, actual);
      // Present with the right size: an earlier fetch (or another mail) stored it. Files only
      // ever appear by rename, so a present file is complete.
      const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (existing?.size === bytes.byteLength) return { created: false };

      const shard = dirname(target);
      await mkdir(shard, { recursive: true, mode: DIR_MODE });
      // Written under a temporary name in the same directory (so the rename is atomic) and
      // synced before the rename: a reader or a crash never sees a partial file under the id.
      // The dot keeps temporaries of a crashed write out of anyone's way.
      const temp = join(shard, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const file = await open(temp, 'wx', FILE_MODE);
        try {
          await file.writeFile(bytes);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw err;
      }
      await syncDir(shard);
      return { created: true };
    },

    async read(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/** Makes the rename itself durable: the mail leaves the inbox once the ticket lists the file. */
async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Some filesystems (and platforms) refuse fsync on a directory; the file itself is synced.
  } finally {
    await handle?.close();
  }
}
