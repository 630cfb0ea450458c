--liquibase formatted sql

--changeset volvox:011_warnings
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('warnings') IS NOT NULL AND to_regclass('idx_warnings_guild_user') IS NOT NULL AND to_regclass('idx_warnings_active') IS NOT NULL AND to_regclass('idx_warnings_expires') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Warnings with severity, points, expiry and a link to their mod case
CREATE TABLE IF NOT EXISTS warnings (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  moderator_id text NOT NULL,
  moderator_tag text NOT NULL,
  reason text,
  severity text NOT NULL DEFAULT 'low',
  points integer NOT NULL DEFAULT 1,
  active boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  removed_at timestamptz,
  removed_by text,
  removal_reason text,
  case_id integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT warnings_pkey PRIMARY KEY (id),
  CONSTRAINT warnings_severity_check CHECK (severity IN ('low', 'medium', 'high')),
  CONSTRAINT warnings_case_id_fkey FOREIGN KEY (case_id) REFERENCES mod_cases (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_warnings_guild_user ON warnings (guild_id, user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_warnings_active ON warnings (guild_id, user_id) WHERE active = true;
CREATE INDEX IF NOT EXISTS idx_warnings_expires ON warnings (expires_at) WHERE active = true AND expires_at IS NOT NULL;
--rollback DROP TABLE warnings;
