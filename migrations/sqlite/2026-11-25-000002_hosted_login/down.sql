DROP TABLE outbox;
DROP TABLE user_codes;
DROP TABLE refresh_tokens;
DROP TABLE auth_codes;
DROP TABLE token_families;
DROP TABLE sessions;
