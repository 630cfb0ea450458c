-- The original's 020 up, restated from the original bot's schema: drop logs, back up and scrub logging.database.
DROP TABLE IF EXISTS logs;
INSERT INTO config (guild_id, key, value, updated_at)
SELECT guild_id, '__migration_020_logging_database', value -> 'database', NOW()
FROM config
WHERE key = 'logging' AND jsonb_typeof(value) = 'object' AND value ? 'database'
ON CONFLICT (guild_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at;
UPDATE config SET value = value - 'database', updated_at = NOW()
WHERE key = 'logging' AND jsonb_typeof(value) = 'object' AND value ? 'database';
