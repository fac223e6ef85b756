-- Citizens' initiatives and the idempotency keys of their submissions.
CREATE TABLE IF NOT EXISTS initiatives (
    id TEXT PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    plan_year INTEGER NOT NULL,
    public_json TEXT NOT NULL,
    contact_json TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ,
    decided_by TEXT,
    decision_reason TEXT
);
CREATE INDEX IF NOT EXISTS initiatives_status ON initiatives (status, created_at);
