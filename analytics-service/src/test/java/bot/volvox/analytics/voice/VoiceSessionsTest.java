package bot.volvox.analytics.voice;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    private static DiscordEvent voice(String guild, Instant at, EventPayload payload) {
        return DiscordEvent.of(UUID.randomUUID().toString(), at, guild, payload);
    }

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
