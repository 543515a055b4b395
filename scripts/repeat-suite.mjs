#!/usr/bin/env node
// Runs the test suite N times and prints which tests failed how often, with the first line of
// each failure, so a flaky test is found in minutes rather than by a red CI run weeks later.
//
//   node scripts/repeat-suite.mjs N [--hog] [--out DIR] [-- <vitest args, e.g. a project or files>]
//
//   --hog        keeps every core busy (one bounded busy-loop process per core) during each run,
//                to reproduce "under load"; the hogs are killed when the run ends
//   --out DIR    keeps each run's JSON report and log there (default: a new temp folder)
//
// Each run is `npx vitest run --reporter=default --reporter=json --outputFile=<out>/run-<i>.json <vitest args>`;
// the run's console output goes to <out>/run-<i>.log. Exit status: 0 when every run passed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const usage = 'usage: node scripts/repeat-suite.mjs N [--hog] [--out DIR] [-- vitest args]';

function parseArgs(argv) {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const vitestArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
  const options = { runs: NaN, hog: false, out: undefined, vitestArgs };
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    if (arg === '--hog') options.hog = true;
    else if (arg === '--out') options.out = own[++i];
    else if (/^\d+$/.test(arg)) options.runs = Number(arg);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${usage}`);
  }
  if (!(options.runs >= 1)) throw new Error(usage);
  return options;
}

// A hog ends by itself after `seconds` even if this script is killed, so none outlives a run.
function startHogs(seconds) {
  const loop = `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {}`;
  return Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
}

function stopHogs(hogs) {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
}

function runOnce(index, options) {
  const report = join(options.out, `run-${index}.json`);
  const log = join(options.out, `run-${index}.log`);
  const fd = openSync(log, 'w');
  // The default reporter too, so the log has each failure in full (the JSON keeps no timeout message).
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...options.vitestArgs];
  // Bounded by the slowest run we accept (30 min): a hung run still ends, and its hogs with it.
  const hogs = options.hog ? startHogs(30 * 60) : [];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: ['ignore', fd, fd], env: { ...process.env, FORCE_COLOR: '0' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30 * 60 * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      stopHogs(hogs);
      resolve({ index, code, signal, seconds: (Date.now() - started) / 1000, report, log });
    });
  });
}

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const firstLine = (text) =>
  stripAnsi(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0) ?? '(no message)';

/** Failures of one run: `file › test` → first error line; a file that failed outside a test counts as `file › (file)`. */
function failuresOf(run) {
  const failures = new Map();
  if (!existsSync(run.report)) {
    failures.set('(whole run) › no JSON report', `vitest exited with ${run.code ?? run.signal}; see ${run.log}`);
    return { failures, passed: 0, failed: 0, fileSeconds: new Map() };
  }
  const result = JSON.parse(readFileSync(run.report, 'utf8'));
  const fileSeconds = new Map();
  for (const file of result.testResults) {
    const name = relative(process.cwd(), file.name);
    if (file.endTime && file.startTime) fileSeconds.set(name, (file.endTime - file.startTime) / 1000);
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      let message = firstLine(test.failureMessages?.[0]);
      // vitest's timeout error reaches the JSON report as a bare placeholder.
      if (message === 'Error: STACK_TRACE_ERROR') message = 'test timed out (vitest testTimeout; see the log)';
      failures.set(`${name} › ${[...test.ancestorTitles, test.title].join(' › ')}`, `(${(test.duration / 1000).toFixed(1)} s) ${message}`);
    }
    // A failing beforeAll/afterAll or an import error fails the file without failing a test.
    if (file.status === 'failed' && failedTests.length === 0) failures.set(`${name} › (file)`, firstLine(file.message));
  }
  if (result.numFailedTests === 0 && run.code !== 0 && failures.size === 0) {
    failures.set('(whole run) › non-zero exit', `vitest exited with ${run.code ?? run.signal} and no failed test; see ${run.log}`);
  }
  return { failures, passed: result.numPassedTests, failed: result.numFailedTests, fileSeconds };
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  options.out ??= mkdtempSync(join(tmpdir(), 'itdesk-repeat-'));
  mkdirSync(options.out, { recursive: true });
  console.log(`${options.runs} run(s)${options.hog ? `, ${availableParallelism()} CPU hog(s) during each` : ''}; reports in ${options.out}`);

  const runs = [];
  for (let i = 1; i <= options.runs; i++) {
    const run = await runOnce(i, options);
    Object.assign(run, failuresOf(run));
    runs.push(run);
    console.log(`run ${i}/${options.runs}: ${run.seconds.toFixed(0)} s, ${run.passed} passed, ${run.failed} failed${run.failures.size ? `: ${[...run.failures.keys()].join('; ')}` : ''}`);
  }

  const byTest = new Map();
  for (const run of runs) {
    for (const [test, message] of run.failures) {
      const entry = byTest.get(test) ?? { count: 0, first: `run ${run.index}: ${message}` };
      entry.count++;
      byTest.set(test, entry);
    }
  }
  const rows = [...byTest].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([test, e]) => [test, `${e.count}/${runs.length}`, e.first.slice(0, 160)]);
  console.log('\nFailures per test');
  console.log(rows.length ? table(rows, ['test', 'failed', 'first error']) : '(none: every test passed in every run)');

  console.log('\nRuns');
  console.log(table(runs.map((r) => [r.index, `${r.seconds.toFixed(0)} s`, r.passed, r.failed, r.code ?? r.signal]), ['run', 'wall time', 'passed', 'failed', 'exit']));

  // The slowest files (mean over the runs) are where wall time goes.
  const fileTotals = new Map();
  for (const run of runs) for (const [file, s] of run.fileSeconds) fileTotals.set(file, [...(fileTotals.get(file) ?? []), s]);
  const slowest = [...fileTotals]
    .map(([file, times]) => [file, times.reduce((a, b) => a + b, 0) / times.length, Math.max(...times)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([file, mean, max]) => [file, `${mean.toFixed(1)} s`, `${max.toFixed(1)} s`]);
  console.log('\nSlowest files');
  console.log(table(slowest, ['file', 'mean', 'max']));

  writeFileSync(join(options.out, 'summary.json'), JSON.stringify({ runs: runs.map(({ failures, fileSeconds, ...r }) => ({ ...r, failures: Object.fromEntries(failures) })) }, null, 2));
  process.exitCode = runs.every((r) => r.code === 0) ? 0 : 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 2;
});
