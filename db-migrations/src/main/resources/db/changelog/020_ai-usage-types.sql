--liquibase formatted sql

--changeset volvox:020_ai-usage-types
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ai_usage_type_check' AND pg_get_constraintdef(oid) LIKE '%tldr%') THEN 'present' ELSE 'missing' END
--comment: ai-service records every provider call in ai_usage (the original only classify and respond): /tldr, AI auto-moderation and memory calls get their own types, so the budget counts them too
ALTER TABLE ai_usage DROP CONSTRAINT IF EXISTS ai_usage_type_check;
ALTER TABLE ai_usage ADD CONSTRAINT ai_usage_type_check CHECK (type IN ('classify', 'respond', 'tldr', 'automod', 'memory'));
--rollback DELETE FROM ai_usage WHERE type NOT IN ('classify', 'respond');
--rollback ALTER TABLE ai_usage DROP CONSTRAINT IF EXISTS ai_usage_type_check;
--rollback ALTER TABLE ai_usage ADD CONSTRAINT ai_usage_type_check CHECK (type IN ('classify', 'respond'));
