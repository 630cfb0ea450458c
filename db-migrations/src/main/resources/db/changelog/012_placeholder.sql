--liquibase formatted sql

-- Occupies slot 012, as in the product: two migrations once shared the 004 prefix and were renumbered.
-- It changes nothing, so there is no object to detect on adoption; an original-bot database (it has the
-- pgmigrations table) records it as MARK_RAN like every other changeset.

--changeset volvox:012_placeholder
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'pgmigrations'
--comment: No-op placeholder keeping the numbering monotonic
SELECT 1;
--rollback empty
