--liquibase formatted sql

--changeset volvox:008_reaction-roles
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('reaction_role_menus') IS NOT NULL AND to_regclass('idx_reaction_role_menus_guild') IS NOT NULL AND to_regclass('idx_reaction_role_menus_message') IS NOT NULL AND to_regclass('reaction_role_entries') IS NOT NULL AND to_regclass('idx_reaction_role_entries_menu') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Reaction role menus and their emoji-to-role entries
CREATE TABLE IF NOT EXISTS reaction_role_menus (
  id serial NOT NULL,
  guild_id text NOT NULL,
  channel_id text NOT NULL,
  message_id text NOT NULL,
  title text NOT NULL DEFAULT 'React to get a role',
  description text,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT reaction_role_menus_pkey PRIMARY KEY (id),
  CONSTRAINT reaction_role_menus_guild_id_message_id_key UNIQUE (guild_id, message_id)
);
CREATE INDEX IF NOT EXISTS idx_reaction_role_menus_guild ON reaction_role_menus (guild_id);
CREATE UNIQUE INDEX IF NOT EXISTS idx_reaction_role_menus_message ON reaction_role_menus (message_id);

CREATE TABLE IF NOT EXISTS reaction_role_entries (
  id serial NOT NULL,
  menu_id integer NOT NULL,
  emoji text NOT NULL,
  role_id text NOT NULL,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT reaction_role_entries_pkey PRIMARY KEY (id),
  CONSTRAINT reaction_role_entries_menu_id_fkey FOREIGN KEY (menu_id) REFERENCES reaction_role_menus (id) ON DELETE CASCADE,
  CONSTRAINT reaction_role_entries_menu_id_emoji_key UNIQUE (menu_id, emoji)
);
CREATE INDEX IF NOT EXISTS idx_reaction_role_entries_menu ON reaction_role_entries (menu_id);
--rollback DROP TABLE reaction_role_entries;
--rollback DROP TABLE reaction_role_menus;
