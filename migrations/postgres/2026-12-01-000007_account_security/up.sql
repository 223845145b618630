-- Limits on how often codes are sent, per user and kind of code and per client
-- address: a fixed window that starts with its first send. One atomic upsert per send.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    count INTEGER NOT NULL
);

-- A federated sign-in waits for the browser that started it: the hash of that
-- browser's secret cookie.
ALTER TABLE federation_requests ADD COLUMN browser_hash TEXT;

-- An email address or phone number is a sign-in alias only once verified (unless the
-- pool signs in with it as the username): unverified ones give up the alias columns.
UPDATE users u SET email_key = NULL
WHERE email_key IS NOT NULL
  AND COALESCE(u.attributes::jsonb ->> 'email_verified', '') <> 'true'
  AND NOT EXISTS (SELECT 1 FROM pools p WHERE p.id = u.pool_id AND (p.settings::jsonb -> 'username_attributes') ? 'email');
UPDATE users u SET phone_key = NULL
WHERE phone_key IS NOT NULL
  AND COALESCE(u.attributes::jsonb ->> 'phone_number_verified', '') <> 'true'
  AND NOT EXISTS (SELECT 1 FROM pools p WHERE p.id = u.pool_id AND (p.settings::jsonb -> 'username_attributes') ? 'phone_number');
