package bot.volvox.platform.redis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(WithoutRedisTest.NoRedisUrl.class)
class WithoutRedisTest {

    public static class NoRedisUrl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PlatformStackResource.class, Map.of("redis", "none")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SharedCache cache;

    @Inject
    SlidingWindowRateLimiter limiter;

    @Inject
    RedisAvailability availability;

    @Test
    void everythingWorksInMemoryAndReadinessSaysSo() {
        assertThat(availability.status()).isEqualTo(RedisAvailability.Status.NOT_CONFIGURED);

        cache.put("test:memory", "v1", Duration.ofMinutes(1)).await().atMost(WAIT);
        assertThat(cache.get("test:memory").await().atMost(WAIT)).contains("v1");
        cache.invalidate("test:memory").await().atMost(WAIT);
        assertThat(cache.get("test:memory").await().atMost(WAIT)).isEmpty();

        assertThat(limiter.tryAcquire("test:rl", 1, Duration.ofMinutes(1)).await().atMost(WAIT))
                .isEqualTo(new RateLimitDecision(true, 0, Duration.ZERO));
        RateLimitDecision denied = limiter.tryAcquire("test:rl", 1, Duration.ofMinutes(1)).await().atMost(WAIT);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));

        bot.volvox.platform.testing.Readiness.awaitReady();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'redis' }.data.redis", equalTo("not configured"))
                .body("checks.find { it.name == 'redis' }.data.reason", equalTo("REDIS_URL is not set"));
    }
}
