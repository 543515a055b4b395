// Finds the Temporal CLI: on PATH, or built once with `go install` into .tools/bin
// (git-ignored). The first build takes minutes; we say so rather than look hung.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class TemporalCliUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `cannot find or build the Temporal CLI: ${detail}\n` +
        'Install it (https://docs.temporal.io/cli) so `temporal` is on PATH, or install Go 1.22+ so the desk can build it, ' +
        'or set TEMPORAL_ADDRESS to use an existing Temporal cluster.',
    );
    this.name = 'TemporalCliUnavailableError';
  }
}

export const toolsBinDir = (root = process.cwd()) => resolve(root, '.tools', 'bin');

export function findTemporalCli(root = process.cwd()): string | null {
  if (process.env.TEMPORAL_CLI_PATH && existsSync(process.env.TEMPORAL_CLI_PATH)) return process.env.TEMPORAL_CLI_PATH;
  const local = join(toolsBinDir(root), 'temporal');
  if (existsSync(local)) return local;
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : null;
}

export async function ensureTemporalCli(version: string, log: (line: string) => void = console.log, root = process.cwd()): Promise<string> {
  const found = findTemporalCli(root);
  if (found) return found;
  const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  if (go.status !== 0) throw new TemporalCliUnavailableError('`temporal` is not on PATH and Go is not installed');
  const bin = toolsBinDir(root);
  const module = `github.com/temporalio/cli/cmd/temporal@${version}`;
  log(`building the Temporal CLI: GOBIN=${bin} go install ${module} (several minutes the first time)…`);
  const started = Date.now();
  await new Promise<void>((ok, fail) => {
    const child = spawn('go', ['install', module], { env: { ...process.env, GOBIN: bin }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) => fail(new TemporalCliUnavailableError(err.message)));
    child.on('exit', (code) => (code === 0 ? ok() : fail(new TemporalCliUnavailableError(`go install exited with ${code}`))));
  });
  log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
  return join(bin, 'temporal');
}
