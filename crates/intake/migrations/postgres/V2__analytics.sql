-- Guichet intake, postgres schema version 2: anonymous search analytics (see
-- guichet_core::analytics). Raw events are kept until their day is rolled up into daily
-- counts (at most about 48 hours after the day ends); the daily counts hold no session id.
CREATE TABLE analytics_batches (
    session TEXT NOT NULL,
    seq BIGINT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (session, seq)
);
CREATE TABLE analytics_events (
    id BIGSERIAL PRIMARY KEY,
    day TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    session TEXT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL DEFAULT '',
    results BIGINT,
    position BIGINT,
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
    events BIGINT NOT NULL,
    sessions BIGINT NOT NULL,
    PRIMARY KEY (day, metric, locale, item)
);
