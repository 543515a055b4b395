// A small promise wrapper over sqlite3 with WAL and ordered migrations. One process owns
// the file (the store worker); everything else reaches it through store activities.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import { MIGRATIONS } from './migrations';

export interface Db {
  run(sql: string, params?: unknown[]): Promise<{ lastID: number; changes: number }>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Runs fn inside BEGIN IMMEDIATE … COMMIT, rolling back on error. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `migrations`: the store's by default; the web's session file brings its own (web/webStore.ts). */
export async function openDatabase(file: string, migrations: readonly string[] = MIGRATIONS): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = wrap(await connect(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE));
  await db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  await migrate(db, migrations);
  return db;
}

/**
 * For tools that only read (`itdesk kb search`, `itdesk report`): no migrations, no writes, so
 * they never compete with the store worker for the file. Fails if the store does not exist yet.
 */
export async function openReadOnlyDatabase(file: string): Promise<Db> {
  const db = wrap(await connect(file, sqlite3.OPEN_READONLY));
  await db.exec('PRAGMA busy_timeout = 5000;');
  return db;
}

function connect(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function wrap(raw: sqlite3.Database): Db {
  const db: Db = {
    run: (sql, params = []) =>
      new Promise((resolve, reject) =>
        raw.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ lastID: this.lastID, changes: this.changes });
        }),
      ),
    get: (sql, params = []) => new Promise((resolve, reject) => raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as never)))),
    all: (sql, params = []) => new Promise((resolve, reject) => raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as never)))),
    exec: (sql) => new Promise((resolve, reject) => raw.exec(sql, (err) => (err ? reject(err) : resolve()))),
    async transaction(fn) {
      // sqlite3 runs statements of one connection in order; a chain keeps transactions apart.
      const run = txQueue.then(async () => {
        await db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn();
          await db.exec('COMMIT');
          return result;
        } catch (err) {
          await db.exec('ROLLBACK');
          throw err;
        }
      });
      txQueue = run.catch(() => undefined);
      return run;
    },
    close: () => new Promise((resolve, reject) => raw.close((err) => (err ? reject(err) : resolve()))),
  };
  let txQueue: Promise<unknown> = Promise.resolve();
  return db;
}

async function migrate(db: Db, migrations: readonly string[]): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = await db.get<{ version: number }>('SELECT MAX(version) AS version FROM schema_version');
  const current = row?.version ?? 0;
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (version <= current) continue;
    await db.transaction(async () => {
      await db.exec(sql);
      await db.run('INSERT INTO schema_version (version) VALUES (?)', [version]);
    });
  }
}
