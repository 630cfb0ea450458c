package bot.volvox.analytics.voice;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class VoiceSessionsTest extends AnalyticsTestBase {
    private static final String ROOM_A = "710000000000000001";
    private static final String ROOM_B = "710000000000000002";


    private long closed(String guild, String user) {
        return count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 AND user_id = $2 AND left_at IS NOT NULL",
                guild, user);
    }

    @Test
    void joinMoveLeaveMakesTwoClosedSessionsWithTheirDurationsAndVoiceMinutes() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        String user = DiscordEvents.snowflake();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        DiscordEvent join = voice(guild, start, new EventPayload.VoiceJoined(user, ROOM_A));
        gateway.publish(join);
        gateway.publish(join); // redelivered: still one session
        gateway.publish(voice(guild, start.plusSeconds(150), new EventPayload.VoiceMoved(user, ROOM_A, ROOM_B)));
        gateway.publish(voice(guild, start.plusSeconds(400), new EventPayload.VoiceLeft(user, ROOM_B)));

        await().atMost(WAIT).until(() -> closed(guild, user) == 2);
        assertThat(rows("SELECT channel_id, duration_seconds FROM voice_sessions WHERE guild_id = $1 AND user_id = $2 "
                + "ORDER BY joined_at", guild, user))
                .extracting(row -> row.getString("channel_id") + ":" + row.getInteger("duration_seconds"))
                .containsExactly(ROOM_A + ":150", ROOM_B + ":250");
        assertThat(rows("SELECT voice_minutes FROM reputation WHERE guild_id = $1 AND user_id = $2", guild, user)
                .get(0).getInteger("voice_minutes")).isEqualTo(2 + 4);
    }

    @Test
    void aLeftoverOpenSessionNeverBlocksTheNextJoin() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        String user = DiscordEvents.snowflake();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        // a session left open as by a crash of the original, or a leave that never arrived
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, $2, $3, $4)", guild,
                user, ROOM_A, start.atOffset(java.time.ZoneOffset.UTC));
        gateway.publish(voice(guild, start.plusSeconds(60), new EventPayload.VoiceJoined(user, ROOM_B)));
        gateway.publish(voice(guild, start.plusSeconds(90), new EventPayload.VoiceLeft(user, ROOM_B)));

        await().atMost(WAIT).until(() -> closed(guild, user) == 2);
        assertThat(count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 AND user_id = $2 AND left_at IS NULL",
                guild, user)).isZero();
    }

    @Test
    void whileDisabledAJoinOpensNothingButALeaveStillCloses() {
        String guild = DiscordEvents.guild();
        String user = DiscordEvents.snowflake();
        String other = DiscordEvents.snowflake();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, $2, $3, $4)", guild,
                user, ROOM_A, start.atOffset(java.time.ZoneOffset.UTC));
        gateway.publish(voice(guild, start.plusSeconds(30), new EventPayload.VoiceJoined(other, ROOM_A)));
        gateway.publish(voice(guild, start.plusSeconds(45), new EventPayload.VoiceLeft(user, ROOM_A)));

        await().atMost(WAIT).until(() -> closed(guild, user) == 1);
        assertThat(count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 AND user_id = $2", guild, other))
                .isZero();
    }

    @Test
    void closedSessionsEarnVoiceXpUpToTheDailyCap() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true, \"xpPerMinute\": 2, \"dailyXpCap\": 30}");
        configure(guild, "reputation", "{\"enabled\": true}");
        String user = DiscordEvents.snowflake();
        Instant morning = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS);
        gateway.publish(voice(guild, morning, new EventPayload.VoiceJoined(user, ROOM_A)));
        gateway.publish(voice(guild, morning.plusSeconds(10 * 60 + 59), new EventPayload.VoiceLeft(user, ROOM_A)));
        await().atMost(WAIT).until(() -> closed(guild, user) == 1);
        assertThat(xpAndMinutes(guild, user)).isEqualTo("20:10"); // 10 whole minutes × 2

        Instant evening = morning.plus(8, ChronoUnit.HOURS);
        gateway.publish(voice(guild, evening, new EventPayload.VoiceJoined(user, ROOM_B)));
        gateway.publish(voice(guild, evening.plusSeconds(10 * 60), new EventPayload.VoiceLeft(user, ROOM_B)));
        await().atMost(WAIT).until(() -> closed(guild, user) == 2);
        assertThat(xpAndMinutes(guild, user)).isEqualTo("30:20"); // the cap leaves 10 of the second session's 20

        Instant nextDay = morning.plus(1, ChronoUnit.DAYS);
        gateway.publish(voice(guild, nextDay, new EventPayload.VoiceJoined(user, ROOM_B)));
        gateway.publish(voice(guild, nextDay.plusSeconds(5 * 60), new EventPayload.VoiceLeft(user, ROOM_B)));
        await().atMost(WAIT).until(() -> closed(guild, user) == 3);
        assertThat(xpAndMinutes(guild, user)).isEqualTo("40:25"); // a new day, a new cap
    }

    @Test
    void aSnapshotClosesSessionsOfMembersNotInVoiceAndOpensThoseMissingButNeverUndoesNewerEvents() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        String stays = DiscordEvents.snowflake();
        String leftWhileAway = DiscordEvents.snowflake();
        String joinedWhileAway = DiscordEvents.snowflake();
        String moved = DiscordEvents.snowflake();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        for (String user : List.of(stays, leftWhileAway, moved)) {
            gateway.publish(voice(guild, start, new EventPayload.VoiceJoined(user, ROOM_A)));
        }
        await().atMost(WAIT).until(() -> open(guild) == 3);

        // the gateway reconnected: stays is still in A, leftWhileAway is gone, moved is in B, joinedWhileAway in B
        Instant ready = start.plusSeconds(300);
        gateway.publish(voice(guild, ready, new EventPayload.VoiceSnapshot(List.of(
                new EventPayload.VoiceState(stays, ROOM_A), new EventPayload.VoiceState(moved, ROOM_B),
                new EventPayload.VoiceState(joinedWhileAway, ROOM_B)))));
        await().atMost(WAIT).until(() -> closed(guild, leftWhileAway) == 1 && closed(guild, moved) == 1);
        assertThat(sessions(guild)).containsExactlyInAnyOrder(
                stays + ":" + ROOM_A + ":" + start + ":open",
                leftWhileAway + ":" + ROOM_A + ":" + start + ":300",
                moved + ":" + ROOM_A + ":" + start + ":300",
                moved + ":" + ROOM_B + ":" + ready + ":open",
                joinedWhileAway + ":" + ROOM_B + ":" + ready + ":open");

        // joinedWhileAway leaves; a snapshot taken before that leave, delivered after it, does not reopen
        gateway.publish(voice(guild, ready.plusSeconds(100), new EventPayload.VoiceLeft(joinedWhileAway, ROOM_B)));
        await().atMost(WAIT).until(() -> closed(guild, joinedWhileAway) == 1);
        gateway.publish(voice(guild, ready.plusSeconds(50), new EventPayload.VoiceSnapshot(List.of(
                new EventPayload.VoiceState(stays, ROOM_A), new EventPayload.VoiceState(moved, ROOM_B),
                new EventPayload.VoiceState(joinedWhileAway, ROOM_B)))));
        // an empty snapshot after everything: every open session closes at its time
        Instant empty = ready.plusSeconds(600);
        gateway.publish(voice(guild, empty, new EventPayload.VoiceSnapshot(List.of())));
        await().atMost(WAIT).until(() -> open(guild) == 0);
        assertThat(sessions(guild)).containsExactlyInAnyOrder(
                stays + ":" + ROOM_A + ":" + start + ":900",
                leftWhileAway + ":" + ROOM_A + ":" + start + ":300",
                moved + ":" + ROOM_A + ":" + start + ":300",
                moved + ":" + ROOM_B + ":" + ready + ":600",
                joinedWhileAway + ":" + ROOM_B + ":" + ready + ":100");
    }

    private long open(String guild) {
        return count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 AND left_at IS NULL", guild);
    }

    private List<String> sessions(String guild) {
        return rows("SELECT user_id, channel_id, joined_at, duration_seconds FROM voice_sessions WHERE guild_id = $1",
                guild).stream().map(row -> row.getString("user_id") + ":" + row.getString("channel_id") + ":"
                        + row.getOffsetDateTime("joined_at").toInstant() + ":"
                        + (row.getInteger("duration_seconds") == null ? "open" : row.getInteger("duration_seconds")))
                .toList();
    }

    private String xpAndMinutes(String guild, String user) {
        var row = rows("SELECT xp, voice_minutes FROM reputation WHERE guild_id = $1 AND user_id = $2", guild, user)
                .get(0);
        return row.getInteger("xp") + ":" + row.getInteger("voice_minutes");
    }

    @Test
    void aVoiceRecordWithoutItsIdsIsDeadLettered() {
        String marker = "voice-" + UUID.randomUUID();
        try (var dlq = deadLetters("discord.voice.dlq")) {
            gateway.publishRaw("discord.voice", "g", "{\"id\": \"" + marker + "\", \"type\": \"voice.joined\", "
                    + "\"schemaVersion\": 1, \"occurredAt\": \"2026-01-01T00:00:00Z\", \"guildId\": \"1\", "
                    + "\"payload\": {\"type\": \"voice.joined\", \"userId\": null, \"channelId\": null}}");
            assertThat(awaitDeadLetters(dlq, marker).get(0)).isNotBlank();
        }
    }
}
