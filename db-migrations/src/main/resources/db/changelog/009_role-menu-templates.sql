--liquibase formatted sql

--changeset volvox:009_role-menu-templates
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('role_menu_templates') IS NOT NULL AND to_regclass('idx_rmt_name_guild') IS NOT NULL AND to_regclass('idx_rmt_guild') IS NOT NULL AND to_regclass('idx_rmt_shared') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Reusable reaction role menu templates (built-in, guild and shared)
CREATE TABLE IF NOT EXISTS role_menu_templates (
  id serial NOT NULL,
  name text NOT NULL,
  description text,
  category text NOT NULL DEFAULT 'custom',
  created_by_guild_id text,
  is_builtin boolean NOT NULL DEFAULT false,
  is_shared boolean NOT NULL DEFAULT false,
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT role_menu_templates_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_rmt_name_guild ON role_menu_templates (lower(name), COALESCE(created_by_guild_id, '__builtin__'));
CREATE INDEX IF NOT EXISTS idx_rmt_guild ON role_menu_templates (created_by_guild_id);
CREATE INDEX IF NOT EXISTS idx_rmt_shared ON role_menu_templates (is_shared) WHERE is_shared = true;
--rollback DROP TABLE role_menu_templates;
