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
  // 3: the knowledge base — articles, their history, full-text search and usage events.
  // kb_search holds pre-segmented text (search/segment.ts): CJK as bigrams + single characters,
  // so two-character Chinese words are found; rowid = article id.
  `
  CREATE TABLE kb_articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    symptom TEXT NOT NULL,
    cause TEXT NOT NULL,
    solution TEXT NOT NULL,
    category TEXT NOT NULL,
    tags_json TEXT NOT NULL,
    language TEXT NOT NULL,
    source_tickets_json TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    published_at TEXT,
    published_by TEXT,
    retired_at TEXT,
    views INTEGER NOT NULL DEFAULT 0,
    suggestions_shown INTEGER NOT NULL DEFAULT 0,
    solved INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX kb_articles_by_status ON kb_articles(status, updated_at);
  CREATE TABLE kb_article_history (
    article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    fields_json TEXT,
    PRIMARY KEY (article_id, seq)
  );
  CREATE VIRTUAL TABLE kb_search USING fts5(title_words, body_words, chars, tokenize = 'porter unicode61 remove_diacritics 2');
  CREATE TABLE kb_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('view', 'suggested', 'solved')),
    ticket_number TEXT,
    actor TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX kb_events_by_time ON kb_events(at, kind);
  `,
  // 4: archive search — full text over archived tickets (number, title, description, error,
  // resolution; segmented like kb_search, rowid = tickets.rowid) and the indexes a period needs.
  `
  CREATE VIRTUAL TABLE ticket_search USING fts5(title_words, body_words, chars, tokenize = 'porter unicode61 remove_diacritics 2');
  CREATE INDEX tickets_by_created ON tickets(created_at);
  CREATE INDEX tickets_by_status ON tickets(status, created_at);
  CREATE INDEX ticket_numbers_by_created ON ticket_numbers(created_at);
  `,
  // 5: report facts — what the service report needs of each archived ticket (report/facts.ts),
  // small and pre-computed so a report over 100 000 tickets does not parse their whole timelines.
  `
  -- Clustered by last event (WITHOUT ROWID): a period's facts are one sequential range read.
  CREATE TABLE ticket_facts (
    last_event_at INTEGER NOT NULL,
    number TEXT NOT NULL REFERENCES tickets(number) ON DELETE CASCADE,
    facts_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    assignment_group TEXT NOT NULL,
    facts_json TEXT NOT NULL,
    PRIMARY KEY (last_event_at, number)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX ticket_facts_by_number ON ticket_facts(number);
  `,
  // 6: a suggestion counts once per ticket and article, wherever it was shown (intake answer,
  // acknowledgement mail, ticket page) and however often a retried activity records it.
  `
  CREATE INDEX kb_events_by_ticket ON kb_events(ticket_number, article_id, kind);
  `,
  // 7: one workflow per ticket (issue #10) — the number is reserved together with what opens the
  // ticket (its workflow's start input), so a ticket whose start was lost with a crashed API is
  // started by the store process's sweep: numbers stay gap-free without an intake workflow.
  // Rows written by the intake workflow (before this) have no opening and are never swept.
  `
  ALTER TABLE ticket_numbers ADD COLUMN opening_json TEXT;
  ALTER TABLE ticket_numbers ADD COLUMN started_at TEXT;
  CREATE INDEX ticket_numbers_unstarted ON ticket_numbers(created_at) WHERE opening_json IS NOT NULL AND started_at IS NULL;
  `,
];
