// Every folder with TypeScript in it is type-checked by `tsc -p tsconfig.json` (issue #10: four
// folders were only checked when something happened to import them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const notSource = new Set(['node_modules', 'artifacts', 'data', 'docs']);

function holdsTypeScript(dir: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) return true;
    if (entry.isDirectory() && entry.name !== 'node_modules' && holdsTypeScript(join(dir, entry.name))) return true;
  }
  return false;
}

describe('tsconfig.json', () => {
  it('includes every top-level folder that holds TypeScript', () => {
    const include: string[] = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).include;
    const folders = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !notSource.has(e.name))
      .map((e) => e.name)
      .filter((name) => holdsTypeScript(join(root, name)));
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((f) => !include.includes(f))).toEqual([]);
  });
});
