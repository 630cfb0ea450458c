--liquibase formatted sql

--changeset volvox:013_audit-logs-user-tag
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_logs' AND column_name = 'user_tag') AND to_regclass('idx_audit_logs_guild_user') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Admin user tag on audit log entries, and an index for filtering by admin within a guild
ALTER TABLE audit_logs ADD COLUMN IF NOT EXISTS user_tag varchar(100);
CREATE INDEX IF NOT EXISTS idx_audit_logs_guild_user ON audit_logs (guild_id, user_id);
--rollback DROP INDEX idx_audit_logs_guild_user;
--rollback ALTER TABLE audit_logs DROP COLUMN user_tag;
