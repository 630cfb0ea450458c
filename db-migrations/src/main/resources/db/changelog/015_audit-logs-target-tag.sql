--liquibase formatted sql

--changeset volvox:015_audit-logs-target-tag
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_logs' AND column_name = 'target_tag') THEN 'present' ELSE 'missing' END
--comment: Target tag on audit log entries (existing rows get the empty string)
ALTER TABLE audit_logs ADD COLUMN IF NOT EXISTS target_tag varchar(255) NOT NULL DEFAULT '';
--rollback ALTER TABLE audit_logs DROP COLUMN target_tag;
