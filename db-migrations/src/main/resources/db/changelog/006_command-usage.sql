--liquibase formatted sql

--changeset volvox:006_command-usage
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto') AND to_regclass('command_usage') IS NOT NULL AND to_regclass('idx_command_usage_guild_time') IS NOT NULL AND to_regclass('idx_command_usage_command') IS NOT NULL AND to_regclass('idx_command_usage_user') IS NOT NULL AND to_regclass('idx_command_usage_guild_channel_used_at') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Slash command usage analytics with UUID keys (pgcrypto, as the product installs it)
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE IF NOT EXISTS command_usage (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  guild_id text NOT NULL,
  user_id text NOT NULL,
  command_name text NOT NULL,
  channel_id text,
  used_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT command_usage_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_command_usage_guild_time ON command_usage (guild_id, used_at DESC);
CREATE INDEX IF NOT EXISTS idx_command_usage_command ON command_usage (command_name);
CREATE INDEX IF NOT EXISTS idx_command_usage_user ON command_usage (user_id, used_at DESC);
CREATE INDEX IF NOT EXISTS idx_command_usage_guild_channel_used_at ON command_usage (guild_id, channel_id, used_at DESC);
--rollback DROP TABLE command_usage;
--rollback DROP EXTENSION pgcrypto;
