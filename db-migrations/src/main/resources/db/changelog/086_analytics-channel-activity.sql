--liquibase formatted sql

--changeset volvox:086_analytics-channel-activity
--comment: analytics-owned figures of the guild analytics endpoint that the other tables cannot give: messages per guild, channel and UTC hour (top channels, the day-of-week x hour heatmap; written in the transaction of the message batch, so the partition marks of analytics_applied_offsets make it exactly once) and member joins (discord.member member.joined, bots excluded; the natural key makes a redelivery a no-op)
CREATE TABLE IF NOT EXISTS channel_activity (
    guild_id   text        NOT NULL,
    channel_id text        NOT NULL,
    hour       timestamptz NOT NULL,
    messages   integer     NOT NULL,
    PRIMARY KEY (guild_id, hour, channel_id)
);
CREATE TABLE IF NOT EXISTS member_joins (
    guild_id  text        NOT NULL,
    user_id   text        NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (guild_id, joined_at, user_id)
);
--rollback DROP TABLE IF EXISTS member_joins;
--rollback DROP TABLE IF EXISTS channel_activity;
