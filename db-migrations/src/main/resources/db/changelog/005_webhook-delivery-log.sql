--liquibase formatted sql

--changeset volvox:005_webhook-delivery-log
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN to_regclass('webhook_delivery_log') IS NOT NULL AND to_regclass('idx_webhook_delivery_log_guild') IS NOT NULL AND to_regclass('idx_webhook_delivery_log_endpoint') IS NOT NULL THEN 'present' ELSE 'missing' END
--comment: Outbound webhook delivery attempts per endpoint
CREATE TABLE IF NOT EXISTS webhook_delivery_log (
  id serial NOT NULL,
  guild_id text NOT NULL,
  endpoint_id text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL,
  response_code integer,
  response_body text,
  attempt integer NOT NULL DEFAULT 1,
  delivered_at timestamptz DEFAULT now(),
  CONSTRAINT webhook_delivery_log_pkey PRIMARY KEY (id),
  CONSTRAINT webhook_delivery_log_status_check CHECK (status IN ('success', 'failed', 'pending'))
);
CREATE INDEX IF NOT EXISTS idx_webhook_delivery_log_guild ON webhook_delivery_log (guild_id, delivered_at DESC);
CREATE INDEX IF NOT EXISTS idx_webhook_delivery_log_endpoint ON webhook_delivery_log (endpoint_id, delivered_at DESC);
--rollback DROP TABLE webhook_delivery_log;
