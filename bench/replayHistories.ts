// Replays history files (CLI / UI JSON) on the current workflow code and prints each outcome.
// Usage: npx tsx bench/replayHistories.ts <file.json>...
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../temporal/workers';

const files = process.argv.slice(2);
const workflowBundle = await bundleWorkflows();
let failed = 0;
for (const file of files) {
  const history = JSON.parse(readFileSync(file, 'utf8'));
  const started = performance.now();
  try {
    await Worker.runReplayHistory({ workflowBundle }, history, file);
    console.log(`ok     ${file} (${(performance.now() - started).toFixed(0)} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAILED ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
