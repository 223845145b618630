ALTER TABLE federation_requests DROP COLUMN browser_hash;
DROP TABLE rate_limits;
