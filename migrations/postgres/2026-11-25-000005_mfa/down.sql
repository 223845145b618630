ALTER TABLE auth_challenges DROP COLUMN data_enc;
DROP TABLE password_history;
DROP TABLE remembered_devices;
DROP TABLE recovery_codes;
DROP TABLE user_mfa;
