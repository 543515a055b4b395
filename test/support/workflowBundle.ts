// One workflow bundle for the whole test run. Bundling (webpack) takes 5-10 s of CPU; built in
// every test file's process and in the crash test's worker process it cost about a minute and a
// half per run on 2 cores. The global setups build it once into a temp file and hand its path to
// the test files; a file run without them (a bench, a script) bundles on its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../temporal/workers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file with the bundled workflow code, written by the global setup. */
    workflowBundlePath: string;
  }
}

interface SharedFile {
  path: Promise<string>;
  users: number;
}

// Both projects' global setups run in vitest's main process: the first builds, the second reuses.
const shared = globalThis as { itdeskWorkflowBundleFile?: SharedFile };

/** For a global setup: the path of the run's bundle file, and a teardown that removes it after its last user. */
export function acquireBundleFile(): { path: Promise<string>; release(): void } {
  if (!shared.itdeskWorkflowBundleFile) {
    const path = bundleWorkflows().then(({ code }) => {
      const file = join(mkdtempSync(join(tmpdir(), 'itdesk-bundle-')), 'workflows.js');
      writeFileSync(file, code);
      return file;
    });
    path.catch(() => undefined); // reported to whoever awaits it, not as an unhandled rejection
    shared.itdeskWorkflowBundleFile = { users: 0, path };
  }
  const file = shared.itdeskWorkflowBundleFile;
  file.users++;
  return {
    path: file.path,
    release() {
      if (--file.users > 0) return;
      shared.itdeskWorkflowBundleFile = undefined;
      void file.path.then((path) => rmSync(join(path, '..'), { recursive: true, force: true }));
    },
  };
}

/** The run's bundle when a global setup made one, else a fresh one. */
export async function loadWorkflowBundle(path: string | undefined): Promise<WorkflowBundle> {
  return path ? { code: readFileSync(path, 'utf8') } : bundleWorkflows();
}
