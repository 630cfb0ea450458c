--liquibase formatted sql

--changeset volvox:002_conversations-discord-message-id
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'conversations' AND column_name = 'discord_message_id') AND to_regclass('idx_conversations_discord_message_id') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Native Discord message id on conversations, for dashboard jump URLs
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS discord_message_id text;
CREATE INDEX IF NOT EXISTS idx_conversations_discord_message_id ON conversations (discord_message_id) WHERE discord_message_id IS NOT NULL;
--rollback DROP INDEX idx_conversations_discord_message_id;
--rollback ALTER TABLE conversations DROP COLUMN discord_message_id;
