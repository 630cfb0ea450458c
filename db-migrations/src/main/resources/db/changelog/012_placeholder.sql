--liquibase formatted sql

-- Occupies slot 012, as in the product: two migrations once shared the 004 prefix and were renumbered.

--changeset volvox:012_placeholder
--comment: No-op placeholder keeping the numbering monotonic
SELECT 1;
--rollback empty
