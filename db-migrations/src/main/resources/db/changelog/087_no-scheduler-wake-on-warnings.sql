--liquibase formatted sql

--changeset volvox:087_no-scheduler-wake-on-warnings
--comment: warnings are no due work of scheduler-service (moderation-service expires them itself, every second), yet migration 017's trigger woke every scheduler loop with NOTIFY volvox_scheduler on each new warning: a claim pass of about ten statements per /warn for nothing (at 200 /warn per second a third of the scheduler's CPU and as many statements again as the /warn itself)
DROP TRIGGER IF EXISTS trg_warnings_notify ON warnings;
--rollback CREATE TRIGGER trg_warnings_notify AFTER INSERT OR UPDATE OF expires_at ON warnings FOR EACH STATEMENT EXECUTE FUNCTION volvox_scheduler_notify();
