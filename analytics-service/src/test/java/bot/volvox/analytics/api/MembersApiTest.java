package bot.volvox.analytics.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The entity-shaped reads of analytics' API (Hibernate Reactive + Panache) on seeded rows. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class MembersApiTest extends AnalyticsTestBase {

    private void member(String guild, String user, int xp, int messages) {
        rows("INSERT INTO reputation (guild_id, user_id, xp, level, messages_count, voice_minutes) "
                + "VALUES ($1, $2, $3, 0, $4, 7)", guild, user, xp, messages);
        rows("INSERT INTO user_stats (guild_id, user_id, messages_sent, reactions_given, reactions_received, "
                + "days_active) VALUES ($1, $2, $3, 1, 2, 3)", guild, user, messages);
    }

    private void session(String guild, String user, String channel, Instant joined, Integer seconds) {
        rows("INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at, left_at, duration_seconds) "
                + "VALUES ($1, $2, $3, $4, $5, $6)", guild, user, channel, joined.atOffset(ZoneOffset.UTC),
                seconds == null ? null : joined.plusSeconds(seconds).atOffset(ZoneOffset.UTC), seconds);
    }

    @Test
    void aMembersStatsCarryItsRowsLevelAndRank() {
        String guild = DiscordEvents.guild();
        member(guild, "31", 650, 40); // level 3 with the default thresholds 100, 300, 600, 1000, …
        member(guild, "32", 1200, 90);
        member(guild, "33", 20, 2);

        given().header("x-api-secret", SECRET).when().get("/api/v1/guilds/" + guild + "/members/31/stats")
                .then().statusCode(200)
                .body("activity.messagesSent", equalTo(40)).body("activity.daysActive", equalTo(3))
                .body("activity.publicProfile", equalTo(false))
                .body("reputation.xp", equalTo(650)).body("reputation.voiceMinutes", equalTo(7))
                .body("standing.level", equalTo(3)).body("standing.rank", equalTo(2))
                .body("standing.levelStartXp", equalTo(600)).body("standing.nextLevelXp", equalTo(1000));

        // counted but never earned XP: activity only, unranked
        rows("INSERT INTO user_stats (guild_id, user_id, messages_sent) VALUES ($1, '34', 1)", guild);
        given().header("x-api-secret", SECRET).when().get("/api/v1/guilds/" + guild + "/members/34/stats")
                .then().statusCode(200).body("reputation", nullValue()).body("standing.rank", nullValue())
                .body("standing.level", equalTo(0));
    }

    @Test
    void anUnknownMemberIs404() {
        String guild = DiscordEvents.guild();
        member(guild, "31", 650, 40);
        given().header("x-api-secret", SECRET).when().get("/api/v1/guilds/" + guild + "/members/39/stats")
                .then().statusCode(404).body("error", containsString("member 39"));
        // the same member in another guild is another member
        given().header("x-api-secret", SECRET).when()
                .get("/api/v1/guilds/" + DiscordEvents.guild() + "/members/31/stats")
                .then().statusCode(404);
    }

    @Test
    void theReputationLeaderboardIsPagedByXp() {
        String guild = DiscordEvents.guild();
        member(guild, "41", 50, 1);
        member(guild, "42", 700, 1);
        member(guild, "43", 300, 1);
        member(guild, "44", 300, 1);
        member(guild, "45", 2600, 1);

        given().header("x-api-secret", SECRET).queryParam("limit", 2).queryParam("page", 2)
                .when().get("/api/v1/guilds/" + guild + "/reputation/leaderboard")
                .then().statusCode(200)
                .body("total", equalTo(5)).body("pages", equalTo(3)).body("page", equalTo(2))
                // equal XP: ordered by user id, as /leaderboard
                .body("items.userId", contains("43", "44")).body("items.rank", contains(3, 4))
                .body("items.level", contains(2, 2));
        given().header("x-api-secret", SECRET).when().get("/api/v1/guilds/" + guild + "/reputation/leaderboard")
                .then().statusCode(200).body("items.userId", contains("45", "42", "43", "44", "41"))
                .body("items[0].level", equalTo(6)).body("limit", equalTo(25));
    }

    @Test
    void voiceSessionsAreListedNewestFirstAndFiltered() {
        String guild = DiscordEvents.guild();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        session(guild, "51", "61", now.minus(3, ChronoUnit.HOURS), 600);
        session(guild, "51", "62", now.minus(2, ChronoUnit.HOURS), 60);
        session(guild, "52", "61", now.minus(1, ChronoUnit.HOURS), 30);
        session(guild, "51", "61", now.minus(10, ChronoUnit.MINUTES), null);

        String path = "/api/v1/guilds/" + guild + "/voice/sessions";
        given().header("x-api-secret", SECRET).queryParam("userId", "51").when().get(path)
                .then().statusCode(200).body("total", equalTo(3))
                .body("items.channelId", contains("61", "62", "61"))
                .body("items.durationSeconds", contains(null, 60, 600));
        given().header("x-api-secret", SECRET).queryParam("open", "true").when().get(path)
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].leftAt", nullValue());
        given().header("x-api-secret", SECRET).queryParam("open", "no").queryParam("channelId", "61").when().get(path)
                .then().statusCode(200).body("items.userId", contains("52", "51"));
        given().header("x-api-secret", SECRET).queryParam("limit", 1).queryParam("page", 4).when().get(path)
                .then().statusCode(200).body("total", equalTo(4)).body("items.durationSeconds", contains(600));
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        String guild = DiscordEvents.guild();
        badRequest("/api/v1/guilds/x/members/31/stats", "guildId");
        badRequest("/api/v1/guilds/" + guild + "/members/someone/stats", "userId");
        badRequest("/api/v1/guilds/" + guild + "/reputation/leaderboard?limit=101", "limit");
        badRequest("/api/v1/guilds/" + guild + "/reputation/leaderboard?page=0", "page");
        badRequest("/api/v1/guilds/" + guild + "/voice/sessions?open=maybe", "open");
        badRequest("/api/v1/guilds/" + guild + "/voice/sessions?userId=bob", "userId");
        badRequest("/api/v1/guilds/" + guild + "/voice/sessions?channelId=general", "channelId");
    }

    @Test
    void everyEndpointNeedsTheSecret() {
        String guild = DiscordEvents.guild();
        member(guild, "31", 650, 40);
        for (String path : new String[] { "/members/31/stats", "/reputation/leaderboard", "/voice/sessions" }) {
            given().when().get("/api/v1/guilds/" + guild + path).then().statusCode(401)
                    .body("error", containsString("x-api-secret"));
            given().header("x-api-secret", "wrong").when().get("/api/v1/guilds/" + guild + path).then()
                    .statusCode(401).body("error", equalTo("Invalid API secret"));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpointsAndTheirSchemas() {
        given().queryParam("format", "json").when().get("/q/openapi").then().log().ifValidationFails().statusCode(200)
                .body("paths.'/api/v1/guilds/{guildId}/members/{userId}/stats'.get.responses.'200'.content"
                        + ".'application/json'.schema.'$ref'", containsString("MemberStats"))
                .body("paths.'/api/v1/guilds/{guildId}/reputation/leaderboard'.get.parameters.name",
                        org.hamcrest.Matchers.hasItems("page", "limit"))
                .body("paths.'/api/v1/guilds/{guildId}/voice/sessions'.get.parameters.name",
                        org.hamcrest.Matchers.hasItems("userId", "channelId", "open"))
                .body("paths.'/api/v1/guilds/{guildId}/voice/sessions'.get.responses.'200'.content"
                        + ".'application/json'.schema", notNullValue())
                .body("components.schemas.UserStatsEntity.properties.messagesSent.type", equalTo("integer"))
                .body("components.schemas.VoiceSessionEntity.properties.leftAt", notNullValue())
                .body("components.schemas.Ranked.properties.rank.type", equalTo("integer"));
    }
}
