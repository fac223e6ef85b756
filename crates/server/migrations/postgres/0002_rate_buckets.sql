-- The submission limit's token buckets (crate::ratelimit), shared by every instance on
-- this database. `at` is the database's own clock in seconds since 1970, so instances
-- whose clocks differ still count alike.
CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets (at);
