--liquibase formatted sql

--changeset volvox:004_composite-and-trigram-indexes
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm') AND to_regclass('idx_ai_feedback_guild_created') IS NOT NULL AND to_regclass('idx_conversations_content_trgm') IS NOT NULL AND to_regclass('idx_conversations_guild_created') IS NOT NULL AND to_regclass('idx_flagged_messages_guild_message') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Composite indexes for feedback, conversation and flag queries; trigram index for ILIKE search
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS idx_ai_feedback_guild_created ON ai_feedback (guild_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_conversations_content_trgm ON conversations USING gin (content gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_conversations_guild_created ON conversations (guild_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_flagged_messages_guild_message ON flagged_messages (guild_id, message_id);
--rollback DROP INDEX idx_flagged_messages_guild_message;
--rollback DROP INDEX idx_conversations_guild_created;
--rollback DROP INDEX idx_conversations_content_trgm;
--rollback DROP INDEX idx_ai_feedback_guild_created;
--rollback DROP EXTENSION pg_trgm;
