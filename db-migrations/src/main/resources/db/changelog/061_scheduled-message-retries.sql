--liquibase formatted sql

--changeset volvox:061_scheduled-message-retries
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'scheduled_messages' AND column_name = 'failed_attempts') AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'scheduled_messages' AND column_name = 'last_failed_occurrence') THEN 'present' ELSE 'missing' END
--comment: Bounded retries of announcements Discord failed to take for a transient reason: consecutive failures, and the occurrence last counted so a redelivered result counts once
ALTER TABLE scheduled_messages ADD COLUMN IF NOT EXISTS failed_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE scheduled_messages ADD COLUMN IF NOT EXISTS last_failed_occurrence timestamptz;
--rollback ALTER TABLE scheduled_messages DROP COLUMN IF EXISTS last_failed_occurrence;
--rollback ALTER TABLE scheduled_messages DROP COLUMN IF EXISTS failed_attempts;
