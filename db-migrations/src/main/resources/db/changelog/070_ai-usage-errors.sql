--liquibase formatted sql

--changeset volvox:070_ai-usage-errors
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'ai_usage' AND column_name = 'error') THEN 'present' ELSE 'missing' END
--comment: ai-service records every provider call in ai_usage, failed ones too (no tokens, cost 0, their duration): error names how the call failed (rate_limited, unavailable, timeout, rejected, malformed); null for an answered call
ALTER TABLE ai_usage ADD COLUMN IF NOT EXISTS error text;
--rollback DELETE FROM ai_usage WHERE error IS NOT NULL;
--rollback ALTER TABLE ai_usage DROP COLUMN IF EXISTS error;
