--liquibase formatted sql

--changeset volvox:080_webhook-delivery-ids
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'webhook_delivery_log' AND column_name = 'delivery_id') THEN 'present' ELSE 'missing' END
--comment: platform's WebhookDeliveryLog writes one row per attempt; delivery_id (the X-Delivery-Id header, same for every attempt of one delivery) lets a receiver and the log de-duplicate, and (delivery_id, attempt) is unique so a retried write of the same attempt is stored once
ALTER TABLE webhook_delivery_log ADD COLUMN IF NOT EXISTS delivery_id uuid;
CREATE UNIQUE INDEX IF NOT EXISTS idx_webhook_delivery_log_delivery_attempt ON webhook_delivery_log (delivery_id, attempt);
--rollback DROP INDEX IF EXISTS idx_webhook_delivery_log_delivery_attempt;
--rollback ALTER TABLE webhook_delivery_log DROP COLUMN IF EXISTS delivery_id;
