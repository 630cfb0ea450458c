package bot.volvox.analytics.voice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class VoiceCommandsTest extends AnalyticsTestBase {
    private static final String ROOM_A = "720000000000000001";
    private static final String ROOM_B = "720000000000000002";

    private String reply(DiscordEvent interaction) {
        gateway.publish(interaction);
        return await().atMost(WAIT).until(() -> gateway.replies(interaction), list -> !list.isEmpty()).get(0);
    }

    private void session(String guild, String user, String channel, Instant joined, int seconds) {
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at, left_at, duration_seconds) "
                + "VALUES ($1, $2, $3, $4, $5, $6)", guild, user, channel, joined.atOffset(ZoneOffset.UTC),
                joined.plusSeconds(seconds).atOffset(ZoneOffset.UTC), seconds);
    }

    @Test
    void theLeaderboardRanksByTimePerPeriodAndIsFreshAfterASessionCloses() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        String first = DiscordEvents.snowflake();
        String second = DiscordEvents.snowflake();
        String old = DiscordEvents.snowflake();
        Instant now = Instant.now();
        session(guild, first, ROOM_A, now.minus(2, ChronoUnit.DAYS), 2 * 3600 + 5 * 60);
        session(guild, first, ROOM_B, now.minus(1, ChronoUnit.DAYS), 60);
        session(guild, second, ROOM_A, now.minus(3, ChronoUnit.DAYS), 7 * 60);
        session(guild, old, ROOM_A, now.minus(20, ChronoUnit.DAYS), 5 * 3600);

        String week = reply(DiscordEvents.slash(guild, Invoker.admin(), "voice", "leaderboard"));
        assertThat(week.lines().toList()).containsExactly("🎙️ **Voice leaderboard** · last 7 days",
                "🥇 <@" + first + "> — 2h 06m · 2 sessions", "🥈 <@" + second + "> — 7m · 1 session");
        String month = reply(DiscordEvents.slash(guild, Invoker.admin(), "voice", "leaderboard",
                DiscordEvents.string("period", "month")));
        assertThat(month.lines().toList()).element(1).isEqualTo("🥇 <@" + old + "> — 5h 00m · 1 session");

        // a session that closes drops the cached leaderboards
        String newcomer = DiscordEvents.snowflake();
        Instant joined = now.minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        gateway.publish(voice(guild, joined, new EventPayload.VoiceJoined(newcomer, ROOM_B)));
        gateway.publish(voice(guild, joined.plus(3, ChronoUnit.HOURS), new EventPayload.VoiceLeft(newcomer, ROOM_B)));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 "
                + "AND user_id = $2 AND left_at IS NOT NULL", guild, newcomer) == 1);
        String after = reply(DiscordEvents.slash(guild, Invoker.admin(), "voice", "leaderboard"));
        assertThat(after.lines().toList()).element(1).isEqualTo("🥇 <@" + newcomer + "> — 3h 00m · 1 session");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.admin(), "voice", "leaderboard",
                DiscordEvents.string("period", "year")))).contains("The period must be week, month or all.");
    }

    @Test
    void statsShowTotalSessionsAndTheFavouriteChannel() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        Invoker me = Invoker.admin();
        Instant now = Instant.now();
        session(guild, me.id(), ROOM_A, now.minus(2, ChronoUnit.DAYS), 600);
        session(guild, me.id(), ROOM_B, now.minus(1, ChronoUnit.DAYS), 1800);
        session(guild, me.id(), ROOM_A, now.minus(3, ChronoUnit.HOURS), 300);

        assertThat(reply(DiscordEvents.slash(guild, me, "voice", "stats")).lines().toList()).containsExactly(
                "🎙️ **Voice stats** of <@" + me.id() + ">", "Time in voice: 45m in 3 sessions",
                "Favourite channel: <#" + ROOM_B + ">");
        String nobody = DiscordEvents.snowflake();
        assertThat(reply(DiscordEvents.slash(guild, me, "voice", "stats", DiscordEvents.member("user", nobody))))
                .isEqualTo("🎙️ <@" + nobody + "> has no voice sessions recorded yet.");
    }

    @Test
    void exportAnswersWithTheClosedSessionsAsACsvFile() {
        String guild = DiscordEvents.guild();
        configure(guild, "voice", "{\"enabled\": true}");
        String user = DiscordEvents.snowflake();
        Instant joined = Instant.parse("2026-11-30T10:00:00Z");
        session(guild, user, ROOM_A, joined, 600);
        session(guild, user, ROOM_B, joined.plusSeconds(3600), 60);
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, $2, $3, now())",
                guild, DiscordEvents.snowflake(), ROOM_A); // open: not exported

        DiscordEvent interaction = DiscordEvents.slash(guild, Invoker.admin(), "voice", "export");
        assertThat(reply(interaction)).isEqualTo("🎙️ **Voice sessions**: 2 closed sessions");
        var answer = gateway.actions(action -> action.params() instanceof ActionParams.InteractionFollowup f
                && f.body().attachments() != null && guild.equals(action.guildId())).get(0);
        var file = ((ActionParams.InteractionFollowup) answer.params()).body().attachments().get(0);
        assertThat(file.name()).isEqualTo("voice-sessions-" + guild + ".csv");
        List<String> lines = new String(file.bytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(line -> line.substring(line.indexOf(',') + 1)).toList(); // without the row id
        assertThat(lines).containsExactly("userId,channelId,joinedAt,leftAt,durationSeconds",
                user + "," + ROOM_B + ",2026-11-30T11:00:00Z,2026-11-30T11:01:00Z,60",
                user + "," + ROOM_A + ",2026-11-30T10:00:00Z,2026-11-30T10:10:00Z,600");
    }

    @Test
    void whileVoiceIsDisabledTheCommandSaysSo() {
        String guild = DiscordEvents.guild();
        assertThat(reply(DiscordEvents.slash(guild, Invoker.admin(), "voice", "leaderboard")))
                .contains(VoiceCommands.DISABLED);
    }
}
