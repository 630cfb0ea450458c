--liquibase formatted sql

--changeset volvox:014_conversations-user-id
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'conversations' AND column_name = 'user_id') THEN 'present' ELSE 'missing' END
--comment: Discord user id of the message author on conversations (existing rows get NULL)
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS user_id text;
--rollback ALTER TABLE conversations DROP COLUMN user_id;
