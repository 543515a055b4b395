// Throwaway Dovecot IMAP servers for integration tests: each instance runs as root from its own
// temp folder (config, sockets, state, log, maildirs) on a free loopback port, and is removed on stop().
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const execFileAsync = promisify(execFile);

const greetingDeadlineMs = 15_000;
const stopDeadlineMs = 10_000;
const portAttempts = 3;

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users?: DovecotUser[];
}

export interface DovecotInstance {
  host: '127.0.0.1';
  port: number;
  users: DovecotUser[];
  baseDir: string;
  /** Kills the server and removes its temp folder (mail included). */
  stop(): Promise<void>;
  /** Stops and starts the server on the same port with the same mail; drops every live connection. */
  restart(): Promise<void>;
  /**
   * Disconnects the user's live IMAP sessions (doveadm kick) without stopping the server, and
   * resolves once they have ended: doveadm only signals them, so right after it a session may
   * still answer one more command.
   */
  kick(user: string, timeoutMs?: number): Promise<void>;
  /** Gives the mailbox a different UIDVALIDITY, as after a server-side rebuild; returns the new value. */
  changeUidValidity(user: string, mailbox?: string): Promise<string>;
  /** Resolves once one of the user's sessions is in IDLE on the server, so a test can act on a waiting client. */
  waitForIdle(user: string, timeoutMs?: number): Promise<void>;
  /** Last lines of the server log, for failure messages. */
  logTail(lines?: number): Promise<string>;
}

export class DovecotStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DovecotStartError';
  }
}

export class DovecotCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DovecotCommandError';
  }
}

const defaultUsers: DovecotUser[] = [{ user: 'helpdesk', password: 'helpdesk-secret' }];

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotInstance> {
  const users = options.users ?? defaultUsers;
  assertUsersFitPasswdFile(users);
  await assertDovecotInstalled();

  const baseDir = await mkdtemp(path.join(tmpdir(), 'itdesk-dovecot-'));
  const paths = instancePaths(baseDir);
  let master: ChildProcess | undefined;
  let port = 0;
  try {
    // mkdtemp gives 0700; the imap processes run as the mail user and must reach the homes below.
    await chmod(baseDir, 0o755);
    const mailOwner = await unprivilegedMailOwner();
    await prepareHomes(paths.homes, users, mailOwner);
    await writeFile(paths.passwd, users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''));

    // The free port is only reserved until we close it, so another process may take it before
    // Dovecot binds; a bind failure then gets a fresh port instead of failing the test run.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      await writeFile(paths.config, renderConfig(paths, port, mailOwner));
      try {
        master = await launch(paths, port);
        break;
      } catch (error) {
        const log = await readLogTail(paths.log);
        if (attempt < portAttempts && /Address already in use/.test(log)) continue;
        throw error;
      }
    }
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    users,
    baseDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (master) await terminate(master);
      await rm(baseDir, { recursive: true, force: true });
    },
    async restart() {
      if (master) await terminate(master);
      master = await launch(paths, port);
    },
    async kick(user, timeoutMs = 30_000) {
      if (!master?.pid) throw new DovecotCommandError('Dovecot is not running');
      const sessions = await sessionPids(master.pid, user);
      await doveadm(paths, ['kick', user]);
      await waitUntilEnded(master.pid, sessions, timeoutMs);
    },
    async changeUidValidity(user, mailbox = 'INBOX') {
      const current = await readUidValidity(paths, user, mailbox);
      // UIDVALIDITY is a non-zero 32-bit value; wrap rather than overflow.
      const next = String(Number(current) >= 0xffffffff ? 1 : Number(current) + 1);
      await doveadm(paths, ['mailbox', 'update', '-u', user, '--uid-validity', next, mailbox]);
      const changed = await readUidValidity(paths, user, mailbox);
      if (changed !== next) {
        throw new DovecotCommandError(`UIDVALIDITY of ${user}/${mailbox} is ${changed}, expected ${next}`);
      }
      return changed;
    },
    // A deadline, not a delay: generous because a loaded 2-core machine can take seconds to log in.
    async waitForIdle(user, timeoutMs = 30_000) {
      if (!master?.pid) throw new DovecotCommandError('Dovecot is not running');
      await waitForUserCommand(master.pid, user, 'IDLE', timeoutMs);
    },
    logTail(lines) {
      return readLogTail(paths.log, lines);
    },
  };
}

interface InstancePaths {
  root: string;
  config: string;
  passwd: string;
  log: string;
  run: string;
  state: string;
  homes: string;
}

function instancePaths(root: string): InstancePaths {
  return {
    root,
    config: path.join(root, 'dovecot.conf'),
    passwd: path.join(root, 'users.passwd'),
    log: path.join(root, 'dovecot.log'),
    run: path.join(root, 'run'),
    state: path.join(root, 'state'),
    homes: path.join(root, 'home'),
  };
}

interface MailOwner {
  uid: number;
  gid: number;
}

// Settings are for Dovecot 2.3 (Debian 12 ships 2.3.19); 2.4 renamed several of them
// (e.g. disable_plaintext_auth became auth_allow_cleartext, mail_location became mail_driver/mail_path).
function renderConfig(paths: InstancePaths, port: number, owner: MailOwner): string {
  return `# Generated by test/support/dovecot.ts for one throwaway test instance.
base_dir = ${paths.run}
state_dir = ${paths.state}
instance_name = itdesk-test-${port}
log_path = ${paths.log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Shows each imap session's current command (e.g. IDLE) in its process title; waitForIdle reads it.
verbose_proctitle = yes
# Tests try wrong passwords on purpose; the default 2 s penalty would only slow them down.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
mail_uid = ${owner.uid}
mail_gid = ${owner.gid}
first_valid_uid = 1

passdb {
  driver = passwd-file
  args = scheme=PLAIN ${paths.passwd}
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${paths.homes}/%u
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}

# All test clients share 127.0.0.1, so one wrong-password test would otherwise delay every later
# login by several seconds (anvil's per-IP auth penalty).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

# The imap processes run as the unprivileged mail user and report to the stats service; without
# this they log a permission warning on every login.
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

// Process groups of running instances, killed when the test process exits without stop().
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const group of liveGroups) signalGroup(group, 'SIGKILL');
});

async function launch(paths: InstancePaths, port: number): Promise<ChildProcess> {
  // Own process group, so stop() can end the imap processes together with the master: left to
  // the master, an imap process in IDLE only says BYE about ten seconds after shutdown.
  const master = spawn('dovecot', ['-F', '-c', paths.config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (master.pid !== undefined) liveGroups.add(master.pid);
  let output = '';
  master.stdout?.on('data', (chunk) => (output += chunk));
  master.stderr?.on('data', (chunk) => (output += chunk));
  try {
    await waitForGreeting(master, port);
    return master;
  } catch (error) {
    await terminate(master);
    const log = await readLogTail(paths.log);
    throw new DovecotStartError(
      `Dovecot on 127.0.0.1:${port} did not greet: ${(error as Error).message}\n` +
        `--- dovecot output ---\n${output.trim()}\n--- ${paths.log} (tail) ---\n${log}`,
      { cause: error },
    );
  }
}

async function waitForGreeting(master: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + greetingDeadlineMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (master.exitCode !== null || master.signalCode !== null) {
      throw new Error(`dovecot exited with ${master.exitCode ?? master.signalCode}`);
    }
    try {
      const greeting = await readFirstLine(port, deadline - Date.now());
      if (greeting.startsWith('* OK')) return;
      lastError = new Error(`unexpected greeting ${JSON.stringify(greeting)}`);
    } catch (error) {
      lastError = error;
    }
    // Connection refused until the master has bound the port; back off briefly before the retry.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no IMAP greeting within ${greetingDeadlineMs} ms (last: ${(lastError as Error)?.message})`);
}

function readFirstLine(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setTimeout(Math.max(timeoutMs, 1));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(received.slice(0, end));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      reject(new Error('timed out waiting for the greeting'));
    });
    socket.on('error', (error) => reject(error));
    socket.on('close', () => reject(new Error('closed before the greeting')));
  });
}

async function terminate(master: ChildProcess): Promise<void> {
  const group = master.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + stopDeadlineMs;
  while (await groupAlive(group)) {
    if (Date.now() > deadline) {
      signalGroup(group, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (master.exitCode === null && master.signalCode === null) {
    await new Promise<void>((resolve) => master.once('exit', () => resolve()));
  }
  liveGroups.delete(group);
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the whole group is already gone
  }
}

// True while a process of the group still runs. Zombies do not count: once the master is gone
// its children are reparented to PID 1, which may take seconds to reap them.
async function groupAlive(group: number): Promise<boolean> {
  return (await runningGroupMembers(group)).length > 0;
}

interface GroupMember {
  pid: number;
  title: string;
}

// Command lines of the group's running processes, read from /proc (Linux only, as is the sandbox).
async function runningGroupMembers(group: number): Promise<string[]> {
  return (await runningGroupProcesses(group)).map((member) => member.title);
}

async function runningGroupProcesses(group: number): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may contain spaces, so parse after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== group || state === 'Z') continue;
      members.push({ pid: Number(entry), title: (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim() });
    } catch {
      // the process exited while we looked
    }
  }
  return members;
}

async function waitForUserCommand(group: number, user: string, command: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const members = await runningGroupMembers(group);
    if (members.map(imapSessionOf).some((session) => session?.user === user && session.command === command)) return;
    if (Date.now() > deadline) {
      throw new DovecotCommandError(`no imap session of ${user} in ${command} within ${timeoutMs} ms; processes: ${members.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function sessionPids(group: number, user: string): Promise<number[]> {
  return (await runningGroupProcesses(group)).filter((member) => imapSessionOf(member.title)?.user === user).map((member) => member.pid);
}

// Waits for these sessions only: a client that reconnects at once (the desk's poller) opens new ones.
async function waitUntilEnded(group: number, pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const members = await runningGroupProcesses(group);
    const left = members.filter((member) => pids.includes(member.pid));
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      throw new DovecotCommandError(`imap sessions still running ${timeoutMs} ms after the kick: ${left.map((m) => `${m.pid} ${m.title}`).join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// With verbose_proctitle an imap process is titled "dovecot-<instance>/imap [user ip COMMAND]";
// between commands the COMMAND part is missing.
function imapSessionOf(title: string): { user: string; command: string | undefined } | undefined {
  const match = /\/imap \[(\S+) \S+(?: (\S+))?\]$/.exec(title);
  return match ? { user: match[1], command: match[2] } : undefined;
}

async function doveadm(paths: InstancePaths, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('doveadm', ['-c', paths.config, ...args], { timeout: 15_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new DovecotCommandError(`doveadm ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}

async function readUidValidity(paths: InstancePaths, user: string, mailbox: string): Promise<string> {
  const output = await doveadm(paths, ['-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', mailbox]);
  const match = /uidvalidity=(\d+)/.exec(output);
  if (!match) throw new DovecotCommandError(`no uidvalidity in doveadm output ${JSON.stringify(output)}`);
  return match[1];
}

async function readLogTail(logPath: string, lines = 30): Promise<string> {
  try {
    return (await readFile(logPath, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

async function prepareHomes(homesDir: string, users: DovecotUser[], owner: MailOwner): Promise<void> {
  await mkdir(homesDir, { mode: 0o755 });
  for (const { user } of users) {
    const home = path.join(homesDir, user);
    await mkdir(home, { mode: 0o700 });
    await chown(home, owner.uid, owner.gid);
  }
}

// Mail is stored as nobody/nogroup so the imap processes never run as root.
async function unprivilegedMailOwner(): Promise<MailOwner> {
  const uid = Number((await execFileAsync('id', ['-u', 'nobody'])).stdout.trim());
  const gid = Number((await execFileAsync('id', ['-g', 'nobody'])).stdout.trim());
  return { uid, gid };
}

async function assertDovecotInstalled(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new DovecotStartError('the Dovecot test server runs as root (it switches mail processes to nobody)');
  }
  try {
    await execFileAsync('dovecot', ['--version']);
  } catch (error) {
    throw new DovecotStartError('dovecot is not installed; run scripts/install-dovecot.sh', { cause: error });
  }
}

// passwd-file is colon separated, one user per line.
function assertUsersFitPasswdFile(users: DovecotUser[]): void {
  for (const { user, password } of users) {
    if (!/^[A-Za-z0-9._@+-]+$/.test(user) || /[:\r\n]/.test(password)) {
      throw new DovecotStartError(`user ${JSON.stringify(user)} or its password cannot be stored in a passwd-file`);
    }
  }
}
