package bot.volvox.analytics.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.redis.SharedCache;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every statistics endpoint against one guild's month of rows, with the numbers worked out by hand from the seed:
 * on days 1…28 before now, one command (even days {@code rank} in {@link #CHANNEL}, odd days {@code warn} in
 * {@link #OTHER_CHANNEL}), one closed voice session (even days user 21 for 900 s, odd days user 22 for 600 s) and one
 * AI call (1,000 input, 200 output, 500 cache-read tokens, $0.012345); two {@code profile} commands on days 2 and 3,
 * one failed AI call on day 1, one open session of user 23; user_stats and reputation rows of users 21, 22 and 23.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class SeededMonthStatsTest extends AnalyticsTestBase {
    private static final String CHANNEL = "730000000000000001";
    private static final String OTHER_CHANNEL = "730000000000000002";

    @Inject
    SharedCache cache;

    private String guild;

    @BeforeEach
    void seedAMonth() {
        guild = DiscordEvents.guild();
        Instant now = Instant.now();
        for (int d = 1; d <= 28; d++) {
            Instant day = now.minus(d, ChronoUnit.DAYS);
            boolean even = d % 2 == 0;
            used(even ? "rank" : "warn", even ? CHANNEL : OTHER_CHANNEL, day.minus(1, ChronoUnit.HOURS));
            rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at, left_at, duration_seconds) "
                    + "VALUES ($1, $2, '1', $3, $4, $5)", guild, even ? "21" : "22",
                    at(day.minus(2, ChronoUnit.HOURS)), at(day.minus(2, ChronoUnit.HOURS).plusSeconds(even ? 900 : 600)),
                    even ? 900 : 600);
            ai(day.minus(3, ChronoUnit.HOURS), 1000, 200, 500, "0.012345", null);
        }
        used("profile", CHANNEL, now.minus(2, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS));
        used("profile", CHANNEL, now.minus(3, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS));
        ai(now.minus(1, ChronoUnit.DAYS), 0, 0, 0, "0", "timeout");
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, '23', '1', $2)", guild,
                at(now.minus(1, ChronoUnit.HOURS)));
        rows("INSERT INTO user_stats (guild_id, user_id, messages_sent, reactions_given, reactions_received, "
                + "days_active) VALUES ($1, '21', 100, 5, 7, 21), ($1, '22', 50, 3, 1, 10), ($1, '23', 10, 0, 0, 2)",
                guild);
        rows("INSERT INTO reputation (guild_id, user_id, xp, level, messages_count, voice_minutes) VALUES "
                + "($1, '21', 1600, 5, 90, 210), ($1, '22', 700, 3, 40, 140), ($1, '23', 120, 1, 9, 0)", guild);
    }

    @Test
    void theMonthWithEveryCountAndTheAiCostFromAiUsage() {
        given().header("x-api-secret", SECRET).queryParam("range", "month").queryParam("interval", "day")
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("commandUsage.total", equalTo(30))
                .body("commandUsage.top.command", contains("rank", "warn", "profile"))
                .body("commandUsage.top.count", contains(14, 14, 2))
                .body("commandUsage.volume", hasSize(28))
                .body("voice.sessions", equalTo(28)).body("voice.totalSeconds", equalTo(21_000))
                .body("voice.users", equalTo(2))
                .body("aiUsage.requests", equalTo(29)).body("aiUsage.failed", equalTo(1))
                .body("aiUsage.inputTokens", equalTo(28_000)).body("aiUsage.outputTokens", equalTo(5_600))
                .body("aiUsage.cacheReadTokens", equalTo(14_000)).body("aiUsage.cacheCreationTokens", equalTo(0))
                .body("aiUsage.costUsd", equalTo(0.34566f))
                .body("userEngagement.users", equalTo(3)).body("userEngagement.messagesSent", equalTo(160))
                .body("userEngagement.reactionsGiven", equalTo(8)).body("userEngagement.reactionsReceived", equalTo(8))
                .body("userEngagement.avgDaysActive", equalTo(11.0f))
                .body("xpEconomy.users", equalTo(3)).body("xpEconomy.totalXp", equalTo(2420))
                .body("xpEconomy.avgLevel", equalTo(3.0f)).body("xpEconomy.maxLevel", equalTo(5))
                .body("xpEconomy.voiceMinutes", equalTo(350))
                .body("previous", nullValue());
    }

    @Test
    void theLastWeekComparedWithTheWeekBeforeAndOneChannel() {
        given().header("x-api-secret", SECRET).queryParam("range", "week").queryParam("compare", "yes")
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("commandUsage.total", equalTo(8))
                .body("commandUsage.top.command", contains("rank", "warn", "profile"))
                .body("commandUsage.top.count", contains(3, 3, 2))
                .body("voice.sessions", equalTo(6)).body("voice.totalSeconds", equalTo(4_500))
                .body("aiUsage.requests", equalTo(7)).body("aiUsage.costUsd", equalTo(0.07407f))
                .body("previous.commands", equalTo(7))
                .body("previous.voice.sessions", equalTo(7));
        given().header("x-api-secret", SECRET).queryParam("range", "month").queryParam("channelId", CHANNEL)
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200).body("commandUsage.total", equalTo(16));
    }

    @Test
    void theListsOfMembersVoiceAndXp() {
        given().header("x-api-secret", SECRET).queryParam("period", "month")
                .when().get("/api/v1/guilds/" + guild + "/voice/leaderboard")
                .then().statusCode(200)
                .body("userId", contains("21", "22")).body("totalSeconds", contains(12_600, 8_400))
                .body("sessions", contains(14, 14));
        given().header("x-api-secret", SECRET).queryParam("period", "week")
                .when().get("/api/v1/guilds/" + guild + "/voice/leaderboard")
                .then().statusCode(200).body("totalSeconds", contains(2_700, 1_800));
        given().header("x-api-secret", SECRET)
                .when().get("/api/v1/guilds/" + guild + "/members/21/stats")
                .then().statusCode(200)
                .body("activity.messagesSent", equalTo(100))
                .body("standing.xp", equalTo(1600)).body("standing.level", equalTo(5))
                .body("standing.rank", equalTo(1)).body("standing.levelStartXp", equalTo(1500))
                .body("standing.nextLevelXp", equalTo(2500));
        given().header("x-api-secret", SECRET)
                .when().get("/api/v1/guilds/" + guild + "/reputation/leaderboard")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("pages", equalTo(1))
                .body("items.userId", contains("21", "22", "23")).body("items.rank", contains(1, 2, 3))
                .body("items.level", contains(5, 3, 1)).body("items.voiceMinutes", contains(210, 140, 0));
        given().header("x-api-secret", SECRET).queryParam("userId", "21")
                .when().get("/api/v1/guilds/" + guild + "/voice/sessions")
                .then().statusCode(200).body("total", equalTo(14));
        given().header("x-api-secret", SECRET).queryParam("open", "true")
                .when().get("/api/v1/guilds/" + guild + "/voice/sessions")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].userId", equalTo("23"));
    }

    @Test
    void answersAreCachedAMinuteAndThePublicStatsNeedNoSecret() {
        String url = "/api/v1/guilds/" + guild + "/analytics?range=month";
        given().header("x-api-secret", SECRET).when().get(url).then().statusCode(200)
                .body("commandUsage.total", equalTo(30));
        used("warn", CHANNEL, Instant.now().minus(1, ChronoUnit.HOURS));
        // the answer computed before that command, from the cache, for at most a minute
        given().header("x-api-secret", SECRET).when().get(url).then().statusCode(200)
                .body("commandUsage.total", equalTo(30));

        cache.invalidate("analytics:stats:public").await().atMost(WAIT);
        long commands = count("SELECT count(*) FROM command_usage");
        given().when().get("/api/v1/stats").then().statusCode(200)
                .body("commandsServed", equalTo((int) commands))
                .body("last7Days", hasSize(7));
        // the public path skips the secret only there
        given().when().get("/api/v1/guilds/" + guild + "/analytics").then().statusCode(401);
    }

    private void used(String command, String channel, Instant at) {
        rows("INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at) "
                + "VALUES ($1, $2, '21', $3, $4, $5)", UUID.randomUUID(), guild, command, channel, at(at));
    }

    private void ai(Instant at, int input, int output, int cacheRead, String cost, String error) {
        rows("INSERT INTO ai_usage (guild_id, channel_id, type, model, input_tokens, output_tokens, cache_read_tokens, "
                + "cost_usd, created_at, error) VALUES ($1, '1', 'respond', 'claude-test', $2, $3, $4, $5, $6, $7)",
                guild, input, output, cacheRead, new java.math.BigDecimal(cost), at(at), error);
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
