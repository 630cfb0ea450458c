--liquibase formatted sql

--changeset volvox:018_moderation
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('mod_case_counters') IS NOT NULL AND to_regclass('mod_operations') IS NOT NULL AND to_regclass('mod_escalations') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'flagged_messages' AND column_name = 'discord_message_id') THEN 'present' ELSE 'missing' END
--comment: Moderation service: per-guild case counters (numbers are never reused after a delete), moderation operations (one per interaction/auto-mod rule/escalation: dedupe and step state), escalation firings, and auto-mod flags for Discord messages that are not AI conversation rows
CREATE TABLE IF NOT EXISTS mod_case_counters (
  guild_id text NOT NULL,
  last_case_number integer NOT NULL,
  CONSTRAINT mod_case_counters_pkey PRIMARY KEY (guild_id)
);
INSERT INTO mod_case_counters (guild_id, last_case_number)
  SELECT guild_id, MAX(case_number) FROM mod_cases GROUP BY guild_id
  ON CONFLICT (guild_id) DO NOTHING;
CREATE TABLE IF NOT EXISTS mod_operations (
  id text NOT NULL,
  guild_id text NOT NULL,
  parent_id text,
  status text NOT NULL DEFAULT 'running',
  step integer NOT NULL DEFAULT 0,
  plan jsonb NOT NULL,
  case_id integer,
  outcome text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mod_operations_pkey PRIMARY KEY (id),
  CONSTRAINT mod_operations_status_check CHECK (status IN ('running', 'done', 'failed')),
  CONSTRAINT mod_operations_case_id_fkey FOREIGN KEY (case_id) REFERENCES mod_cases (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_mod_operations_parent ON mod_operations (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_mod_operations_created ON mod_operations (created_at);
CREATE TABLE IF NOT EXISTS mod_escalations (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  threshold_key text NOT NULL,
  action text NOT NULL,
  warning_id integer,
  fired_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mod_escalations_pkey PRIMARY KEY (id),
  CONSTRAINT mod_escalations_warning_id_fkey FOREIGN KEY (warning_id) REFERENCES warnings (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_mod_escalations_user ON mod_escalations (guild_id, user_id, threshold_key, fired_at DESC);
ALTER TABLE flagged_messages ALTER COLUMN conversation_first_id DROP NOT NULL;
ALTER TABLE flagged_messages ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE flagged_messages ADD COLUMN IF NOT EXISTS discord_message_id text;
ALTER TABLE flagged_messages ADD COLUMN IF NOT EXISTS channel_id text;
ALTER TABLE flagged_messages ADD COLUMN IF NOT EXISTS author_id text;
ALTER TABLE flagged_messages ADD COLUMN IF NOT EXISTS content text;
ALTER TABLE flagged_messages ADD CONSTRAINT flagged_messages_subject_check CHECK (message_id IS NOT NULL OR discord_message_id IS NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS idx_flagged_messages_discord_message ON flagged_messages (guild_id, discord_message_id, reason) WHERE discord_message_id IS NOT NULL;
--rollback DROP INDEX IF EXISTS idx_flagged_messages_discord_message;
--rollback DELETE FROM flagged_messages WHERE message_id IS NULL OR conversation_first_id IS NULL;
--rollback ALTER TABLE flagged_messages DROP CONSTRAINT IF EXISTS flagged_messages_subject_check;
--rollback ALTER TABLE flagged_messages DROP COLUMN IF EXISTS content;
--rollback ALTER TABLE flagged_messages DROP COLUMN IF EXISTS author_id;
--rollback ALTER TABLE flagged_messages DROP COLUMN IF EXISTS channel_id;
--rollback ALTER TABLE flagged_messages DROP COLUMN IF EXISTS discord_message_id;
--rollback ALTER TABLE flagged_messages ALTER COLUMN message_id SET NOT NULL;
--rollback ALTER TABLE flagged_messages ALTER COLUMN conversation_first_id SET NOT NULL;
--rollback DROP TABLE IF EXISTS mod_escalations;
--rollback DROP TABLE IF EXISTS mod_operations;
--rollback DROP TABLE IF EXISTS mod_case_counters;
