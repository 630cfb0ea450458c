package bot.volvox.analytics.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class StatsApiTest extends AnalyticsTestBase {
    private static final String CHANNEL = "730000000000000001";

    private void used(String guild, String command, String channel, Instant at) {
        rows("INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at) "
                + "VALUES ($1, $2, '1', $3, $4, $5)", UUID.randomUUID(), guild, command, channel,
                at.atOffset(ZoneOffset.UTC));
    }

    private void session(String guild, String user, Instant joined, int seconds) {
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at, left_at, duration_seconds) "
                + "VALUES ($1, $2, '1', $3, $4, $5)", guild, user, joined.atOffset(ZoneOffset.UTC),
                joined.plusSeconds(seconds).atOffset(ZoneOffset.UTC), seconds);
    }

    @Test
    void guildAnalyticsCountsTheWindowAndComparesWithTheOneBefore() {
        String guild = DiscordEvents.guild();
        Instant now = Instant.now();
        used(guild, "warn", CHANNEL, now.minus(1, ChronoUnit.DAYS));
        used(guild, "warn", "730000000000000002", now.minus(2, ChronoUnit.DAYS));
        used(guild, "rank", CHANNEL, now.minus(3, ChronoUnit.DAYS));
        used(guild, "rank", CHANNEL, now.minus(10, ChronoUnit.DAYS)); // the week before
        session(guild, "11", now.minus(1, ChronoUnit.DAYS), 600);
        session(guild, "12", now.minus(2, ChronoUnit.DAYS), 300);
        rows("INSERT INTO user_stats (guild_id, user_id, messages_sent, reactions_given, reactions_received, "
                + "days_active) VALUES ($1, '11', 10, 2, 3, 4), ($1, '12', 5, 0, 1, 2)", guild);
        rows("INSERT INTO reputation (guild_id, user_id, xp, level, voice_minutes) VALUES ($1, '11', 400, 2, 10), "
                + "($1, '12', 50, 0, 5)", guild);

        given().header("x-api-secret", SECRET).queryParam("range", "week").queryParam("compare", "true")
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("commandUsage.total", equalTo(3))
                .body("commandUsage.top.command", contains("warn", "rank"))
                .body("commandUsage.top.count", contains(2, 1))
                .body("commandUsage.volume", hasSize(3))
                .body("window.interval", equalTo("day"))
                .body("voice.sessions", equalTo(2)).body("voice.totalSeconds", equalTo(900))
                .body("userEngagement.messagesSent", equalTo(15)).body("userEngagement.avgDaysActive", equalTo(3.0f))
                .body("xpEconomy.totalXp", equalTo(450)).body("xpEconomy.maxLevel", equalTo(2))
                .body("xpEconomy.voiceMinutes", equalTo(15))
                .body("previous.commands", equalTo(1));

        given().header("x-api-secret", SECRET).queryParam("channelId", CHANNEL)
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("commandUsage.total", equalTo(2)).body("previous", nullValue());
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        String guild = DiscordEvents.guild();
        String path = "/api/v1/guilds/" + guild + "/analytics";
        badRequest(path + "?range=year", "range");
        badRequest(path + "?range=custom&to=2026-01-02", "from");
        badRequest(path + "?range=custom&from=yesterday&to=2026-01-02", "from");
        badRequest(path + "?range=custom&from=2026-01-05&to=2026-01-02", "from");
        badRequest(path + "?range=custom&from=2026-01-01&to=2026-06-01", "to");
        badRequest(path + "?interval=minute", "interval");
        badRequest(path + "?compare=maybe", "compare");
        badRequest(path + "?channelId=general", "channelId");
        badRequest("/api/v1/guilds/not-a-guild/analytics", "guildId");
        badRequest("/api/v1/guilds/" + guild + "/voice/leaderboard?period=year", "period");
    }

    @Test
    void voiceLeaderboardRanksByTimeInVoice() {
        String guild = DiscordEvents.guild();
        Instant now = Instant.now();
        session(guild, "21", now.minus(1, ChronoUnit.DAYS), 100);
        session(guild, "22", now.minus(1, ChronoUnit.DAYS), 500);
        session(guild, "21", now.minus(2, ChronoUnit.DAYS), 200);
        session(guild, "23", now.minus(20, ChronoUnit.DAYS), 5000); // not this week
        given().header("x-api-secret", SECRET).when().get("/api/v1/guilds/" + guild + "/voice/leaderboard")
                .then().statusCode(200)
                .body("userId", contains("22", "21")).body("totalSeconds", contains(500, 300))
                .body("sessions", contains(1, 2));
    }

    @Test
    void theApiNeedsTheSecret() {
        given().when().get("/api/v1/guilds/1/analytics").then().statusCode(401);
        given().header("x-api-secret", "wrong").when().get("/api/v1/guilds/1/analytics").then().statusCode(401);
    }
}
