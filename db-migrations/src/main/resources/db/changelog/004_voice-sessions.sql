--liquibase formatted sql

--changeset volvox:004_voice-sessions
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('voice_sessions') IS NOT NULL AND to_regclass('idx_voice_sessions_guild_user') IS NOT NULL AND to_regclass('idx_voice_sessions_guild_joined') IS NOT NULL AND to_regclass('idx_voice_sessions_open_unique') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Voice channel sessions; at most one open session per user per guild
CREATE TABLE IF NOT EXISTS voice_sessions (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  channel_id text NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  duration_seconds integer,
  CONSTRAINT voice_sessions_pkey PRIMARY KEY (id),
  CONSTRAINT chk_duration_nonneg CHECK (duration_seconds IS NULL OR duration_seconds >= 0)
);
CREATE INDEX IF NOT EXISTS idx_voice_sessions_guild_user ON voice_sessions (guild_id, user_id);
CREATE INDEX IF NOT EXISTS idx_voice_sessions_guild_joined ON voice_sessions (guild_id, joined_at);
CREATE UNIQUE INDEX IF NOT EXISTS idx_voice_sessions_open_unique ON voice_sessions (guild_id, user_id) WHERE left_at IS NULL;
--rollback DROP TABLE voice_sessions;
