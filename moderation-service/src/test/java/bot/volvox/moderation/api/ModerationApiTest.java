package bot.volvox.moderation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import bot.volvox.local.VolvoxStackTestResource;
import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.moderation.testing.Events;
import bot.volvox.moderation.testing.ModerationTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

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
        String guild = Events.guild();
        String target = Events.snowflake();
        IntStream.range(0, 7).forEach(i -> pool.withTransaction(connection -> cases.insert(connection, guild,
                new CaseDraft(i % 2 == 0 ? "warn" : "kick", i < 3 ? target : Events.snowflake(), "tag", "1", "mod",
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
