-- Guichet intake, postgres schema version 3: when a ticket's personal data was erased (by the
-- requester's erasure or by retention), and closed tickets found by closing time.
ALTER TABLE tickets ADD COLUMN erased_at TEXT;
CREATE INDEX tickets_closed ON tickets (closed_at);
