--liquibase formatted sql

--changeset volvox:003_ai-feedback
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('ai_feedback') IS NOT NULL AND to_regclass('idx_ai_feedback_guild_id') IS NOT NULL AND to_regclass('idx_ai_feedback_message_id') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Thumbs-up / thumbs-down feedback on AI messages, one per user per message
CREATE TABLE IF NOT EXISTS ai_feedback (
  id serial NOT NULL,
  message_id text NOT NULL,
  channel_id text NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  feedback_type text NOT NULL,
  created_at timestamp without time zone NOT NULL DEFAULT now(),
  CONSTRAINT ai_feedback_pkey PRIMARY KEY (id),
  CONSTRAINT ai_feedback_message_id_user_id_key UNIQUE (message_id, user_id),
  CONSTRAINT ai_feedback_feedback_type_check CHECK (feedback_type IN ('positive', 'negative'))
);
CREATE INDEX IF NOT EXISTS idx_ai_feedback_guild_id ON ai_feedback (guild_id);
CREATE INDEX IF NOT EXISTS idx_ai_feedback_message_id ON ai_feedback (message_id);
--rollback DROP TABLE ai_feedback;
