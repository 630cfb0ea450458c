--liquibase formatted sql

--changeset volvox:021_row-versions
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'mod_cases' AND column_name = 'version') AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'warnings' AND column_name = 'version') THEN 'present' ELSE 'missing' END
--comment: Row versions for optimistic locking of the rows two moderators can edit at once (a case's reason, a warning) through the REST API or a command: every writer increments it, and an edit made against an older version is refused instead of silently overwriting the other one
ALTER TABLE mod_cases ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0;
ALTER TABLE warnings ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0;
--rollback ALTER TABLE warnings DROP COLUMN IF EXISTS version;
--rollback ALTER TABLE mod_cases DROP COLUMN IF EXISTS version;
