--liquibase formatted sql

--changeset volvox:010_temp-roles
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('temp_roles') IS NOT NULL AND to_regclass('idx_temp_roles_guild') IS NOT NULL AND to_regclass('idx_temp_roles_pending') IS NOT NULL AND to_regclass('idx_temp_roles_guild_user') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Role assignments with an expiry time
CREATE TABLE IF NOT EXISTS temp_roles (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  user_tag text NOT NULL,
  role_id text NOT NULL,
  role_name text NOT NULL,
  moderator_id text NOT NULL,
  moderator_tag text NOT NULL,
  reason text,
  duration text NOT NULL,
  expires_at timestamptz NOT NULL,
  removed boolean NOT NULL DEFAULT false,
  removed_at timestamptz,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT temp_roles_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_temp_roles_guild ON temp_roles (guild_id);
CREATE INDEX IF NOT EXISTS idx_temp_roles_pending ON temp_roles (removed, expires_at) WHERE removed = false;
CREATE INDEX IF NOT EXISTS idx_temp_roles_guild_user ON temp_roles (guild_id, user_id, removed);
--rollback DROP TABLE temp_roles;
