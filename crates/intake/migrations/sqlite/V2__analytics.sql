-- Guichet intake, sqlite schema version 2: anonymous search analytics (see
-- guichet_core::analytics). Raw events are kept until their day is rolled up into daily
-- counts (at most about 48 hours after the day ends); the daily counts hold no session id.
CREATE TABLE analytics_batches (
    session TEXT NOT NULL,
    seq INTEGER NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (session, seq)
);
CREATE TABLE analytics_events (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    session TEXT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL DEFAULT '',
    results INTEGER,
    position INTEGER,
    article_id TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT ''
);
CREATE INDEX analytics_events_day ON analytics_events (day, kind);
CREATE INDEX analytics_events_session ON analytics_events (session, kind);
CREATE TABLE analytics_daily (
    day TEXT NOT NULL,
    metric TEXT NOT NULL,
    locale TEXT NOT NULL,
    item TEXT NOT NULL,
    events INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    PRIMARY KEY (day, metric, locale, item)
);
