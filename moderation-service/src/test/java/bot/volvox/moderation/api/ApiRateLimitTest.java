package bot.volvox.moderation.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client limit of {@code /api/v1}, on its own small limit: the other API tests run with a limit they never
 * reach, because the window is shared through Redis by every test class of the module and a filled window there
 * would refuse the next class's requests.
 */
@QuarkusTest
@TestProfile(ApiRateLimitTest.SmallLimit.class)
@QuarkusTestResource(VolvoxStackTestResource.class)
class ApiRateLimitTest extends ModerationTestBase {
    static final int LIMIT = 20;

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("volvox.api.rate-limit.requests", String.valueOf(LIMIT));
        }
    }

    @Test
    void tooManyRequestsGet429WithRetryAfter() {
        Response limited = null;
        int answered = 0;
        for (int i = 0; i < 3 * LIMIT && limited == null; i++) {
            Response response = given().header("x-api-secret", ModerationApiTest.SECRET)
                    .get("/api/v1/moderation/stats?guildId=1");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.header("X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
                assertThat(response.header("X-RateLimit-Remaining")).isNotNull();
                answered++;
            }
        }
        assertThat(limited).isNotNull();
        assertThat(answered).isLessThanOrEqualTo(LIMIT);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.jsonPath().getString("error")).contains("Too many requests");
    }
}
