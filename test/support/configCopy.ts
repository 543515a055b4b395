// Copies of the shipped config/ in a temp dir, edited by exact text replacement, so a test can
// break one thing at a time and know where: every edit must find its text exactly once.
import { mkdtemp, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import iconv from 'iconv-lite';

export const SHIPPED_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

export type ConfigEdit =
  | { file: string; find: string; replace: string }
  | { file: string; remove: true }
  | { file: string; write: string }
  /** The shipped file as an editor would save it in another encoding (same text, other bytes). */
  | { file: string; reencode: 'gbk' };

export class EditDidNotApplyError extends Error {
  constructor(file: string, find: string, count: number) {
    super(`edit of ${file}: expected to find ${JSON.stringify(find)} exactly once, found it ${count} times`);
    this.name = 'EditDidNotApplyError';
  }
}

/** A temp copy of config/*.yaml with the edits applied; remove it with `rm(dir)`. */
export async function copyShippedConfig(edits: readonly ConfigEdit[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itdesk-config-'));
  for (const name of await readdir(SHIPPED_CONFIG_DIR)) {
    if (name.endsWith('.yaml')) await copyFile(join(SHIPPED_CONFIG_DIR, name), join(dir, name));
  }
  for (const edit of edits) await applyEdit(dir, edit);
  return dir;
}

export async function applyEdit(dir: string, edit: ConfigEdit): Promise<void> {
  const path = join(dir, edit.file);
  if ('remove' in edit) return rm(path);
  if ('write' in edit) return writeFile(path, edit.write);
  if ('reencode' in edit) return writeFile(path, iconv.encode(await readFile(path, 'utf8'), edit.reencode));
  const text = await readFile(path, 'utf8');
  const count = text.split(edit.find).length - 1;
  if (count !== 1) throw new EditDidNotApplyError(edit.file, edit.find, count);
  await writeFile(path, text.replace(edit.find, () => edit.replace));
}

/** `line:col` (1-based) where `needle` starts in a file of the copy: where an error must point. */
export async function positionIn(dir: string, file: string, needle: string): Promise<{ line: number; col: number }> {
  const text = await readFile(join(dir, file), 'utf8');
  const offset = text.indexOf(needle);
  if (offset < 0 || text.indexOf(needle, offset + 1) >= 0) throw new EditDidNotApplyError(file, needle, offset < 0 ? 0 : 2);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** Messages name files relative to the working directory; tests compare them by bare file name. */
export function withoutDir(dir: string, line: string): string {
  return line.split(`${relative(process.cwd(), dir)}/`).join('');
}

export async function removeCopy(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
