// The web's own small sqlite file (sessions, spent sign-in links, sign-in mail counts, portal
// attachments, its link secret), owned by the API process. Not the store's file: that one
// belongs to the single store worker, while sessions are written by whichever process serves
// the API (docs/decisions.md "Web").
import { randomBytes } from 'node:crypto';
import { openDatabase, type Db } from '../store/db';

// Never edit a released entry; append a new one.
export const WEB_MIGRATIONS: string[] = [
  `
  CREATE TABLE web_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_expiry ON sessions(expires_at);
  CREATE TABLE used_signin_links (nonce TEXT PRIMARY KEY, used_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE signin_mails (key TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX signin_mails_by_key ON signin_mails(key, at);
  CREATE TABLE portal_attachments (
    ticket_number TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (ticket_number, sha256)
  );
  `,
];

export interface WebStore {
  db: Db;
  /** HMAC key of sign-in links: made once, kept in the file, so links survive a restart. */
  linkSecret: string;
  close(): Promise<void>;
}

export async function openWebStore(file: string): Promise<WebStore> {
  const db = await openDatabase(file, WEB_MIGRATIONS);
  await db.run(`INSERT OR IGNORE INTO web_settings (key, value) VALUES ('signin_link_secret', ?)`, [randomBytes(32).toString('base64url')]);
  const row = await db.get<{ value: string }>(`SELECT value FROM web_settings WHERE key = 'signin_link_secret'`);
  return { db, linkSecret: row!.value, close: () => db.close() };
}
