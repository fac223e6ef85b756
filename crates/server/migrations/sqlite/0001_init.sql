-- Citizens' initiatives, the idempotency keys of their submissions, and moderators'
-- decisions. Times are RFC 3339 text in UTC, which sorts as time does.
CREATE TABLE initiatives (
    id TEXT PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    plan_year INTEGER NOT NULL,
    public_json TEXT NOT NULL,
    contact_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decision_reason TEXT
);
CREATE INDEX initiatives_status ON initiatives (status, created_at);

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    body_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    token_label TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
