// Every config the project ships (the default and each example) loads without errors.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../config/load';
import { formatIssue } from '../../config/yamlSource';

const dirs = ['config', ...readdirSync('config/examples').map((d) => join('config/examples', d))];

describe('shipped configs', () => {
  it.each(dirs)('%s loads and passes every cross-file check', async (dir) => {
    const result = await loadConfigDir(dir, new Date('2026-06-01T00:00:00Z'));
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });
});
