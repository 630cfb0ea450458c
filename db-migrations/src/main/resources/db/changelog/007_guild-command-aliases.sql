--liquibase formatted sql

--changeset volvox:007_guild-command-aliases
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('guild_command_aliases') IS NOT NULL AND to_regclass('idx_guild_command_aliases_guild_id') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Per-guild short names for bot commands
CREATE TABLE IF NOT EXISTS guild_command_aliases (
  id serial NOT NULL,
  guild_id text NOT NULL,
  alias text NOT NULL,
  target_command text NOT NULL,
  discord_command_id text,
  created_by text NOT NULL,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT guild_command_aliases_pkey PRIMARY KEY (id),
  CONSTRAINT guild_command_aliases_guild_id_alias_key UNIQUE (guild_id, alias)
);
CREATE INDEX IF NOT EXISTS idx_guild_command_aliases_guild_id ON guild_command_aliases (guild_id);
--rollback DROP TABLE guild_command_aliases;
