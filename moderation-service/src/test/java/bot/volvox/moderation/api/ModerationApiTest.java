package bot.volvox.moderation.api;

import java.time.Duration;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModerationApiTest extends ModerationTestBase {
    static final String SECRET = "test-secret";

    @Inject
    CaseRepository cases;

    @Test
    void theSecretIsRequiredAndChecked() {
        given().get("/api/v1/moderation/cases?guildId=1").then().statusCode(401)
                .body("error", containsString("x-api-secret")).header("X-RateLimit-Limit", notNullValue());
        given().header("x-api-secret", "wrong").get("/api/v1/moderation/cases?guildId=1").then().statusCode(401)
                .body("error", equalTo("Invalid API secret"));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases?guildId=1").then().statusCode(200)
                .body("total", equalTo(0));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases").then().statusCode(400)
                .body("error", containsString("guildId"));
    }

    @Test
    void casesArePagedAndFilteredAndADetailIsFoundOrNot() {
        String guild = DiscordEvents.guild();
        String target = DiscordEvents.snowflake();
        IntStream.range(0, 7).forEach(i -> pool.withTransaction(connection -> cases.insert(connection, guild,
                new CaseDraft(i % 2 == 0 ? "warn" : "kick", i < 3 ? target : DiscordEvents.snowflake(), "tag", "1", "mod",
                        "r" + i, null, null))).await().atMost(Duration.ofSeconds(5)));

        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases?guildId=" + guild + "&limit=3&page=2")
                .then().statusCode(200).body("total", equalTo(7)).body("pages", equalTo(3)).body("page", equalTo(2))
                .body("cases.caseNumber", org.hamcrest.Matchers.contains(4, 3, 2));
        given().header("x-api-secret", SECRET)
                .get("/api/v1/moderation/cases?guildId=" + guild + "&targetId=" + target + "&action=warn")
                .then().statusCode(200).body("total", equalTo(2));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases/5?guildId=" + guild).then()
                .statusCode(200).body("modCase.reason", equalTo("r4"));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases/99?guildId=" + guild).then()
                .statusCode(404).body("error", containsString("Case #99 not found"));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/stats?guildId=" + guild).then()
                .statusCode(200).body("totalCases", equalTo(7)).body("byAction.warn", equalTo(4));
        given().header("x-api-secret", SECRET).get("/api/v1/warnings?guildId=" + guild).then()
                .statusCode(200).body("total", equalTo(0));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/audit-log").then()
                .statusCode(200).body("entries", org.hamcrest.Matchers.empty());
    }

    @Test
    void aConfigPatchIsDeepMergedAnnouncedAuditedAndReadBack() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"logging\": {\"channels\": {\"bans\": \"730000000000000007\"}},"
                        + " \"dmNotifications\": {\"kick\": false}}, \"reminders\": {\"maxPerUser\": 5}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(200)
                .body("moderation.logging.channels.bans", equalTo("730000000000000007"))
                .header("X-RateLimit-Limit", notNullValue());

        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/config").then().statusCode(200)
                .body("moderation.logging.channels.bans", equalTo("730000000000000007"))
                .body("moderation.dmNotifications.kick", equalTo(false))
                // siblings keep their defaults: the patch merged, it did not replace the section
                .body("moderation.dmNotifications.ban", equalTo(true))
                .body("moderation.warnings.expiryDays", equalTo(90))
                .body("reminders.maxPerUser", equalTo(5));
        assertThat(rows("SELECT value::text FROM config WHERE guild_id = $1 AND key = 'moderation'", guild).get(0)
                .getString(0)).contains("730000000000000007").doesNotContain("expiryDays");
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND action = 'config.update'", guild))
                .isEqualTo(1);
    }

    @Test
    void aBadConfigValueIs400NamingThePathAndChangesNothing() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"enabled\": true, \"maxPerUser\": 1000}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(400)
                .body("path", equalTo("reminders.maxPerUser"))
                .body("error", containsString("reminders.maxPerUser must be less than or equal to 100"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"dmNotifications\": {\"ban\": \"yes\"}}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(400)
                .body("path", equalTo("moderation.dmNotifications.ban"))
                .body("error", containsString("must be a boolean"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"logging\": {\"channels\": {\"default\": \"general\"}}}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(400)
                .body("path", equalTo("moderation.logging.channels.default"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"logging\": {\"level\": \"debug\"}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(403)
                .body("path", equalTo("logging.level"));

        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/config").then().statusCode(200)
                .body("reminders.enabled", equalTo(false)).body("reminders.maxPerUser", equalTo(25));
    }

    @Test
    void configNeedsTheSecret() {
        String guild = DiscordEvents.guild();
        given().contentType("application/json").body("{\"reminders\": {\"enabled\": true}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(401)
                .body("error", containsString("x-api-secret"));
        given().get("/api/v1/guilds/" + guild + "/config").then().statusCode(401);
        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void tooManyRequestsGet429WithRetryAfter() {
        Response limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            Response response = given().header("x-api-secret", SECRET).get("/api/v1/moderation/stats?guildId=1");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.header("X-RateLimit-Remaining")).isNotNull();
            }
        }
        assertThat(limited).isNotNull();
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.jsonPath().getString("error")).contains("Too many requests");
    }
}
