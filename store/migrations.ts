// Store schema, one entry per version; never edit a released entry, append a new one.
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE ticket_numbers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE tickets (
    number TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    requester TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    category TEXT NOT NULL,
    assignment_group TEXT NOT NULL,
    assignee TEXT,
    created_at TEXT NOT NULL,
    closed_at TEXT,
    breached INTEGER NOT NULL,
    satisfaction TEXT,
    config_version TEXT NOT NULL,
    ticket_json TEXT NOT NULL,
    archived_at TEXT NOT NULL
  );
  CREATE TABLE ticket_events (
    number TEXT NOT NULL REFERENCES tickets(number) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    event_json TEXT NOT NULL,
    PRIMARY KEY (number, seq)
  );
  CREATE INDEX tickets_by_priority ON tickets(priority, created_at);
  `,
  // 2: the mail channel — every Message-ID the desk received or sent, and the ticket it belongs to.
  `
  CREATE TABLE mail_messages (
    message_id TEXT PRIMARY KEY,
    ticket_number TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    mailbox TEXT,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX mail_messages_by_ticket ON mail_messages(ticket_number);
  `,
];
