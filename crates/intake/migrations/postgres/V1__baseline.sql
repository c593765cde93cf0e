-- Guichet intake, postgres schema version 1: tickets, attachments, the delivery outbox,
-- helpdesk replies, article feedback. `IF NOT EXISTS` throughout, so that a database made
-- before versioned migrations is adopted as it is.
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    request_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    issue_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    plan TEXT NOT NULL,
    title TEXT NOT NULL,
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    region TEXT,
    from_article TEXT,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    user_id TEXT,
    tenant TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    closed_at TEXT,
    link_version BIGINT NOT NULL DEFAULT 0,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_user ON tickets (tenant, user_id);
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    ticket_id TEXT REFERENCES tickets (id),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploader TEXT NOT NULL DEFAULT '',
    bytes BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_unlinked ON attachments (ticket_id, created_at);
CREATE TABLE IF NOT EXISTS deliveries (
    id BIGSERIAL PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    destination TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT 'create',
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    claimed_until TEXT,
    last_error TEXT,
    remote_id TEXT,
    remote_url TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS deliveries_create ON deliveries (ticket_id, destination) WHERE action = 'create';
CREATE INDEX IF NOT EXISTS deliveries_queue ON deliveries (destination, state, id);
CREATE INDEX IF NOT EXISTS deliveries_remote ON deliveries (destination, remote_id);
CREATE TABLE IF NOT EXISTS replies (
    id BIGSERIAL PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    destination TEXT NOT NULL,
    reply_id TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (destination, reply_id)
);
CREATE INDEX IF NOT EXISTS replies_ticket ON replies (ticket_id, id);
CREATE TABLE IF NOT EXISTS feedback (
    id BIGSERIAL PRIMARY KEY,
    created_at TEXT NOT NULL,
    article_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    helpful BOOLEAN NOT NULL
);
