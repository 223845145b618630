-- Failed sign-ins per user (or per typed username, for names that do not exist) and
-- per client IP, with the time a lock ends.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
