-- The original's live migrations after 001 on a fresh database (015/016 are no-ops there, 002-014 and
-- 017 are empty stubs), restated from the original bot's schema.
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS user_id TEXT;
ALTER TABLE audit_logs ADD COLUMN IF NOT EXISTS target_tag VARCHAR(255) NOT NULL DEFAULT '';
