--liquibase formatted sql

--changeset volvox:085_analytics-applied-offsets
--comment: analytics' per-partition high-water mark: the last Kafka offset of each (consumer, topic, partition) whose record is applied to user_stats/reputation, moved in the same transaction as the counts, so a redelivered record (offset at or below the mark) is skipped; one row per partition instead of one processed_events claim per message
CREATE TABLE IF NOT EXISTS analytics_applied_offsets (
    consumer       text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    applied_offset bigint      NOT NULL,
    applied_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition)
);
--rollback DROP TABLE IF EXISTS analytics_applied_offsets;
