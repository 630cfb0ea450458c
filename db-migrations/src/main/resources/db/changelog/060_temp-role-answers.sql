--liquibase formatted sql

--changeset volvox:060_temp-role-answers
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'temp_roles' AND column_name = 'reply_target') THEN 'present' ELSE 'missing' END
--comment: Where /temprole assign answers (the interaction's follow-up target), kept with the row so the answer waits for Discord's result of adding the role, whichever replica reads that result
ALTER TABLE temp_roles ADD COLUMN IF NOT EXISTS reply_target jsonb;
--rollback ALTER TABLE temp_roles DROP COLUMN IF EXISTS reply_target;
