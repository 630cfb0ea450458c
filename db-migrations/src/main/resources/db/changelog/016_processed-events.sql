--liquibase formatted sql

--changeset volvox:016_processed-events
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('processed_events') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Idempotency claims of the Kafka consumers (bot.volvox.platform.kafka.ProcessedEvents): one row per consumer and event or action id, with the recorded outcome
CREATE TABLE IF NOT EXISTS processed_events (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  outcome jsonb,
  CONSTRAINT processed_events_pkey PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS idx_processed_events_processed_at ON processed_events (processed_at);
--rollback DROP TABLE IF EXISTS processed_events;
