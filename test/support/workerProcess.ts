// The desk's workers (ticket + store) in a process of their own, so a test can crash them for
// real with SIGKILL: no shutdown, no cancelled activities, no closed IMAP session, sqlite left
// mid-write. Built the way the desk builds them (cli/runDesk.ts, TestDesk.startWorkers).
// Run by TestDesk.startWorkerProcess(): node --import tsx test/support/workerProcess.ts '<json>'
import { Runtime } from '@temporalio/worker';
import { DeskRuntimeLogger } from '../../temporal/runtimeLogger';
import { createMailer } from '../../activities/mailer';
import { createConfigSource } from '../../config/source';
import { openDatabase } from '../../store/db';
import { connectClient } from '../../temporal/connection';
import { createDeskWorkers } from '../../temporal/workers';
import { loadWorkflowBundle } from './workflowBundle';
import type { WorkerProcessArgs } from './testDesk';

const args = JSON.parse(process.argv[2] ?? '') as WorkerProcessArgs;
// The parent holds our stdin: when it goes away (a test run aborted), so do we.
process.stdin.on('end', () => process.exit(1)).resume();
Runtime.install({ logger: new DeskRuntimeLogger('WARN') });

const config = await createConfigSource(args.configDir);
// The same sqlite file as the test's desk.db (WAL and a busy timeout make the sharing safe).
const db = await openDatabase(args.storeFile);
const client = await connectClient(args.settings, args.address);
const workers = await createDeskWorkers({
  settings: args.settings,
  address: args.address,
  config,
  mailer: createMailer(config.current().mail),
  db,
  workflowBundle: await loadWorkflowBundle(args.workflowBundlePath),
  client,
  identity: args.identity,
});
const running = workers.run();
process.stdout.write('ready\n'); // the workers poll from here on
running.then(
  () => process.exit(0),
  (err) => {
    console.error(`worker process: ${err}`);
    process.exit(1);
  },
);
