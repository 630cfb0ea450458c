package bot.volvox.moderation.api;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
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
                        "r" + i, null, null), null)).await().atMost(Duration.ofSeconds(5)));

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
    void aCaseReasonIsEditedAgainstTheVersionReadAndAudited() {
        String guild = DiscordEvents.guild();
        int caseNumber = newCase(guild);
        int version = given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases/" + caseNumber
                + "?guildId=" + guild).then().statusCode(200).extract().path("modCase.version");

        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"spam in #general\", \"version\": " + version + "}")
                .patch("/api/v1/moderation/cases/" + caseNumber + "?guildId=" + guild).then().statusCode(200)
                .body("reason", equalTo("spam in #general")).body("version", equalTo(version + 1));
        // a second moderator still holding the old version is refused, and the first edit stands
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"something else\", \"version\": " + version + "}")
                .patch("/api/v1/moderation/cases/" + caseNumber + "?guildId=" + guild).then().statusCode(409)
                .body("field", equalTo("version")).body("error", containsString("changed since you read it"));
        assertThat(rows("SELECT reason FROM mod_cases WHERE guild_id = $1 AND case_number = $2", guild, caseNumber)
                .get(0).getString(0)).isEqualTo("spam in #general");
        assertThat(rows("SELECT details::text FROM audit_logs WHERE guild_id = $1 AND action = 'case.update'", guild)
                .get(0).getString(0)).contains("spam in #general").contains("\"from\": \"r\"");
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/audit-log?action=case.update")
                .then().statusCode(200).body("total", equalTo(1)).body("entries[0].targetId",
                        equalTo(Integer.toString(caseNumber)));
    }

    @Test
    void twoEditsOfTheSameVersionAtOnceOneWinsTheOtherIs409() throws Exception {
        String guild = DiscordEvents.guild();
        int caseNumber = newCase(guild);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var edits = IntStream.range(0, 2).mapToObj(i -> pool.submit(() -> given().header("x-api-secret", SECRET)
                    .contentType("application/json").body("{\"reason\": \"edit " + i + "\", \"version\": 0}")
                    .patch("/api/v1/moderation/cases/" + caseNumber + "?guildId=" + guild).statusCode())).toList();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var edit : edits) {
                statuses.add(edit.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("SELECT version FROM mod_cases WHERE guild_id = $1 AND case_number = $2", guild, caseNumber)
                .get(0).getInteger(0)).isEqualTo(1);
    }

    @Test
    void aWarningReasonIsEditedAndAnExpiredWarningHasMovedOn() {
        String guild = DiscordEvents.guild();
        int id = rows("""
                INSERT INTO warnings (guild_id, user_id, moderator_id, moderator_tag, reason)
                VALUES ($1, 'u1', 'm', 'm', 'first') RETURNING id""", guild).get(0).getInteger(0);
        given().header("x-api-secret", SECRET).get("/api/v1/warnings?guildId=" + guild).then().statusCode(200)
                .body("total", equalTo(1)).body("warnings[0].version", equalTo(0));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"clarified\", \"version\": 0}")
                .patch("/api/v1/warnings/" + id + "?guildId=" + guild).then().statusCode(200)
                .body("reason", equalTo("clarified")).body("version", equalTo(1));
        // the expiry job (plain SQL) moves the version on too, so an edit read before it is refused
        rows("UPDATE warnings SET expires_at = now() - interval '1 second' WHERE id = $1", id);
        await().atMost(WAIT).until(() -> !rows("SELECT active FROM warnings WHERE id = $1", id).get(0).getBoolean(0));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"again\", \"version\": 1}")
                .patch("/api/v1/warnings/" + id + "?guildId=" + guild).then().statusCode(409);
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"again\", \"version\": 1}")
                .patch("/api/v1/warnings/" + (id + 100000) + "?guildId=" + guild).then().statusCode(404)
                .body("error", containsString("not found"));
    }

    @Test
    void everyBadParameterIs400NamingItsField() {
        String guild = DiscordEvents.guild();
        int caseNumber = newCase(guild);
        String cases = "/api/v1/moderation/cases/" + caseNumber + "?guildId=" + guild;
        given().header("x-api-secret", SECRET).contentType("application/json").body("{\"version\": 0}")
                .patch(cases).then().statusCode(400).body("field", equalTo("reason"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reason\": \"" + "x".repeat(513) + "\", \"version\": 0}")
                .patch(cases).then().statusCode(400).body("field", equalTo("reason"));
        given().header("x-api-secret", SECRET).contentType("application/json").body("{\"reason\": \"r\"}")
                .patch(cases).then().statusCode(400).body("field", equalTo("version"));
        given().header("x-api-secret", SECRET).get("/api/v1/moderation/cases?guildId=" + guild + "&limit=0")
                .then().statusCode(400).body("field", equalTo("limit"));
        given().header("x-api-secret", SECRET).get("/api/v1/warnings?guildId=" + guild + "&page=0")
                .then().statusCode(400).body("field", equalTo("page"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/audit-log?startDate=yesterday")
                .then().statusCode(400).body("field", equalTo("startDate"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/x/audit-log")
                .then().statusCode(400).body("field", equalTo("guildId"));
        given().contentType("application/json").body("{\"reason\": \"r\", \"version\": 0}").patch(cases)
                .then().statusCode(401);
        assertThat(rows("SELECT version FROM mod_cases WHERE guild_id = $1 AND case_number = $2", guild, caseNumber)
                .get(0).getInteger(0)).isZero();
    }

    private int newCase(String guild) {
        return pool.withTransaction(connection -> cases.insert(connection, guild,
                new CaseDraft("warn", DiscordEvents.snowflake(), "tag", "1", "mod", "r", null, null), null))
                .await().atMost(Duration.ofSeconds(5)).caseNumber();
    }
}
