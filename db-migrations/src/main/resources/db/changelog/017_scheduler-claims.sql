--liquibase formatted sql

--changeset volvox:017_scheduler-claims splitStatements:false
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'mod_scheduled_actions' AND column_name = 'claimed_until') THEN 'present' ELSE 'missing' END
--comment: Leases for scheduler-service (claimed_by/claimed_until, attempts, last_error) on every kind of due work, idempotent creation keys for the rows created from slash commands, and a NOTIFY on volvox_scheduler whenever due work is created or rescheduled so every replica wakes at once
ALTER TABLE mod_scheduled_actions
  ADD COLUMN IF NOT EXISTS claimed_by text,
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_error text;
ALTER TABLE reminders
  ADD COLUMN IF NOT EXISTS claimed_by text,
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_error text,
  ADD COLUMN IF NOT EXISTS last_failed_occurrence timestamptz,
  ADD COLUMN IF NOT EXISTS source_event_id text;
ALTER TABLE scheduled_messages
  ADD COLUMN IF NOT EXISTS claimed_by text,
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_error text,
  ADD COLUMN IF NOT EXISTS source_event_id text;
ALTER TABLE temp_roles
  ADD COLUMN IF NOT EXISTS claimed_by text,
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_error text,
  ADD COLUMN IF NOT EXISTS source_event_id text;

CREATE INDEX IF NOT EXISTS idx_mod_scheduled_actions_claimed ON mod_scheduled_actions (claimed_until) WHERE claimed_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_reminders_claimed ON reminders (claimed_until) WHERE claimed_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_scheduled_messages_claimed ON scheduled_messages (claimed_until) WHERE claimed_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_temp_roles_claimed ON temp_roles (claimed_until) WHERE claimed_until IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS idx_reminders_source_event ON reminders (source_event_id) WHERE source_event_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS idx_scheduled_messages_source_event ON scheduled_messages (source_event_id) WHERE source_event_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS idx_temp_roles_source_event ON temp_roles (source_event_id) WHERE source_event_id IS NOT NULL;

-- One notification per statement and table (PostgreSQL folds identical payloads of a transaction into one).
CREATE OR REPLACE FUNCTION volvox_scheduler_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('volvox_scheduler', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER trg_mod_scheduled_actions_notify AFTER INSERT OR UPDATE OF execute_at, executed ON mod_scheduled_actions
  FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
CREATE TRIGGER trg_reminders_notify AFTER INSERT OR UPDATE OF remind_at, completed ON reminders
  FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
CREATE TRIGGER trg_scheduled_messages_notify AFTER INSERT OR UPDATE OF next_run, enabled ON scheduled_messages
  FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
CREATE TRIGGER trg_temp_roles_notify AFTER INSERT OR UPDATE OF expires_at, removed ON temp_roles
  FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
CREATE TRIGGER trg_warnings_notify AFTER INSERT OR UPDATE OF expires_at ON warnings
  FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
--rollback DROP TRIGGER IF EXISTS trg_warnings_notify ON warnings;
--rollback DROP TRIGGER IF EXISTS trg_temp_roles_notify ON temp_roles;
--rollback DROP TRIGGER IF EXISTS trg_scheduled_messages_notify ON scheduled_messages;
--rollback DROP TRIGGER IF EXISTS trg_reminders_notify ON reminders;
--rollback DROP TRIGGER IF EXISTS trg_mod_scheduled_actions_notify ON mod_scheduled_actions;
--rollback DROP FUNCTION IF EXISTS volvox_scheduler_notify();
--rollback DROP INDEX IF EXISTS idx_temp_roles_source_event;
--rollback DROP INDEX IF EXISTS idx_scheduled_messages_source_event;
--rollback DROP INDEX IF EXISTS idx_reminders_source_event;
--rollback DROP INDEX IF EXISTS idx_temp_roles_claimed;
--rollback DROP INDEX IF EXISTS idx_scheduled_messages_claimed;
--rollback DROP INDEX IF EXISTS idx_reminders_claimed;
--rollback DROP INDEX IF EXISTS idx_mod_scheduled_actions_claimed;
--rollback ALTER TABLE temp_roles DROP COLUMN IF EXISTS claimed_by, DROP COLUMN IF EXISTS claimed_until, DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS last_error, DROP COLUMN IF EXISTS source_event_id;
--rollback ALTER TABLE scheduled_messages DROP COLUMN IF EXISTS claimed_by, DROP COLUMN IF EXISTS claimed_until, DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS last_error, DROP COLUMN IF EXISTS source_event_id;
--rollback ALTER TABLE reminders DROP COLUMN IF EXISTS claimed_by, DROP COLUMN IF EXISTS claimed_until, DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS last_error, DROP COLUMN IF EXISTS last_failed_occurrence, DROP COLUMN IF EXISTS source_event_id;
--rollback ALTER TABLE mod_scheduled_actions DROP COLUMN IF EXISTS claimed_by, DROP COLUMN IF EXISTS claimed_until, DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS last_error;
