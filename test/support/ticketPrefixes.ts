// Every integration test file opens tickets on one shared Temporal dev server, each file with
// its own store. Two files with the same ticket prefix both hand out WF-000001 and their
// workflow ids collide: one file then reads the other's tickets, whose worker has gone, and its
// queries time out (seen: watchers and worker-failure tests both used WF). So a file claims its
// prefix for the run, and a second file that asks for it fails at once, saying why.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';

export function claimTicketPrefix(prefix: string): void {
  const dir = inject('ticketPrefixDir');
  if (!dir) return; // a project without the integration setup (its own server, its own run)
  const file = expect.getState().testPath ?? `process ${process.pid}`;
  const claim = join(dir, prefix);
  try {
    writeFileSync(claim, file, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = readFileSync(claim, 'utf8');
    if (owner !== file)
      throw new Error(`ticket prefix ${prefix} is already used by ${owner} in this run: give ${file} a prefix of its own (the stores would hand out the same ticket numbers, and workflow ids are ticket numbers)`);
  }
}
