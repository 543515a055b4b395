// The content-addressed attachment store on a real temp directory: layout, idempotent puts,
// refused ids and contents, and that a file appears under its id only once it is complete.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttachmentHashMismatchError, createAttachmentStore, InvalidAttachmentIdError, type AttachmentStore } from '../../mail/attachmentStore';

// rename is wrapped so a test can hold a write between "temp file written" and "renamed into place".
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n', 'latin1');

let dir: string;
let store: AttachmentStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itdesk-attachments-'));
  store = createAttachmentStore(dir);
});
afterEach(async () => {
  vi.mocked(rename).mockClear();
  await rm(dir, { recursive: true, force: true });
});

/** Every file under the store, relative, dot-files (temporaries) included. */
async function files(): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('attachment store', () => {
  it('keeps the bytes under <first two hex digits>/<sha256> and reads them back', async () => {
    const id = sha(pdf);
    expect(await store.put(id, pdf)).toEqual({ created: true });
    expect(await files()).toEqual([`${id.slice(0, 2)}/${id}`]);
    expect(await readFile(join(dir, id.slice(0, 2), id))).toEqual(pdf);
    expect(await store.read(id)).toEqual(pdf);
  });

  it('reads null for content it does not hold', async () => {
    expect(await store.read('0'.repeat(64))).toBeNull();
  });

  it('stores the same content once however often it is put (a re-fetch after a crash)', async () => {
    const id = sha(pdf);
    const first = await store.put(id, pdf);
    const mtime = (await stat(join(dir, id.slice(0, 2), id))).mtimeMs;
    const again = await Promise.all([store.put(id, pdf), store.put(id, pdf)]);
    expect(first).toEqual({ created: true });
    expect(again).toEqual([{ created: false }, { created: false }]);
    expect(await files()).toEqual([`${id.slice(0, 2)}/${id}`]);
    expect((await stat(join(dir, id.slice(0, 2), id))).mtimeMs).toBe(mtime);
  });

  it('refuses bytes that do not hash to the id and writes nothing', async () => {
    const id = sha(pdf);
    await expect(store.put(id, Buffer.concat([pdf, Buffer.from('x')]))).rejects.toBeInstanceOf(AttachmentHashMismatchError);
    expect(await files()).toEqual([]);
  });

  const badIds = [
    { name: 'upper case', id: sha(pdf).toUpperCase() },
    { name: 'too short', id: 'abc123' },
    { name: 'a path', id: `../${'a'.repeat(61)}` },
    { name: 'a nested path', id: `aa/${'b'.repeat(61)}` },
    { name: 'empty', id: '' },
  ];
  it.each(badIds)('refuses an id that is $name before touching any path', async ({ id }) => {
    await expect(store.put(id, pdf)).rejects.toBeInstanceOf(InvalidAttachmentIdError);
    await expect(store.read(id)).rejects.toBeInstanceOf(InvalidAttachmentIdError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('shows nothing under the id until the complete file is renamed into place', async () => {
    const big = Buffer.alloc(4 << 20, 7);
    const id = sha(big);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atRename = new Promise<void>((r) => (reached = r));
    const actual = (await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')).rename;
    vi.mocked(rename).mockImplementationOnce(async (from, to) => {
      reached();
      await held;
      return actual(from, to);
    });
    const writing = store.put(id, big);
    await atRename;
    // Written and synced, not yet renamed: a reader (the API) finds nothing, not a partial file.
    expect(await store.read(id)).toBeNull();
    const [temp] = await files();
    expect(temp).toMatch(new RegExp(`^${id.slice(0, 2)}/\\.${id}\\.[0-9a-f]{12}\\.tmp$`));
    expect((await stat(join(dir, temp))).size).toBe(big.length);
    release();
    expect(await writing).toEqual({ created: true });
    expect(await files()).toEqual([`${id.slice(0, 2)}/${id}`]);
    expect((await store.read(id))?.equals(big)).toBe(true);
  });

  it('fails a write the disk refuses and leaves neither the file nor a temporary behind', async () => {
    vi.mocked(rename).mockImplementationOnce(async () => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    });
    const id = sha(pdf);
    await expect(store.put(id, pdf)).rejects.toThrow(/EIO/);
    expect(await files()).toEqual([]);
    expect(await store.read(id)).toBeNull();
  });

  it('replaces a file of the wrong size (damaged outside the desk) instead of trusting it', async () => {
    const id = sha(pdf);
    await mkdir(join(dir, id.slice(0, 2)));
    await writeFile(join(dir, id.slice(0, 2), id), pdf.subarray(0, 5));
    expect(await store.put(id, pdf)).toEqual({ created: true });
    expect(await store.read(id)).toEqual(pdf);
  });
});
