package bot.volvox.platform.redis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import bot.volvox.local.RedisServer;
import bot.volvox.platform.testing.PlatformStack;
import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PlatformStackResource.class)
class RedisOrMemoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SharedCache cache;

    @Inject
    SlidingWindowRateLimiter limiter;

    @Inject
    RedisAvailability availability;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void cacheAndRateLimiterLiveInRedisWhileItIsUp() {
        String key = "test:cache:" + UUID.randomUUID();
        cache.put(key, "{\"xp\":42}", Duration.ofMinutes(1)).await().atMost(WAIT);
        assertThat(redis.value(String.class).get(key).await().atMost(WAIT)).isEqualTo("{\"xp\":42}");
        assertThat(redis.key().pttl(key).await().atMost(WAIT)).isBetween(1L, 60_000L);
        assertThat(cache.get(key).await().atMost(WAIT)).contains("{\"xp\":42}");
        cache.invalidate(key).await().atMost(WAIT);
        assertThat(redis.value(String.class).get(key).await().atMost(WAIT)).isNull();
        assertThat(cache.get(key).await().atMost(WAIT)).isEmpty();

        String limitKey = "test:rl:" + UUID.randomUUID();
        for (int remaining = 2; remaining >= 0; remaining--) {
            RateLimitDecision decision = limiter.tryAcquire(limitKey, 3, Duration.ofSeconds(10)).await().atMost(WAIT);
            assertThat(decision).isEqualTo(new RateLimitDecision(true, remaining, Duration.ZERO));
        }
        RateLimitDecision denied = limiter.tryAcquire(limitKey, 3, Duration.ofSeconds(10)).await().atMost(WAIT);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(redis.sortedSet(String.class).zcard(limitKey).await().atMost(WAIT)).isEqualTo(3);

        String callKey = "test:rl:calls:" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "call-a").await().atMost(WAIT).allowed())
                .isTrue();
        // the same call again (a redelivery) keeps its place; another call finds the window full
        assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "call-a").await().atMost(WAIT).allowed())
                .isTrue();
        assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "call-b").await().atMost(WAIT).allowed())
                .isFalse();
        assertThat(redis.sortedSet(String.class).zcard(callKey).await().atMost(WAIT)).isEqualTo(1);
    }

    @Test
    void keepsWorkingOnMemoryWhileRedisIsDownAndReturnsToRedisByItself() {
        RedisServer server = PlatformStack.redis();
        server.stop();
        try {
            cache.put("test:outage", "kept in memory", Duration.ofMinutes(1)).await().atMost(WAIT);
            assertThat(cache.get("test:outage").await().atMost(WAIT)).contains("kept in memory");
            assertThat(availability.status()).isEqualTo(RedisAvailability.Status.DEGRADED);

            String limitKey = "test:rl:outage:" + UUID.randomUUID();
            assertThat(limiter.tryAcquire(limitKey, 2, Duration.ofMinutes(1)).await().atMost(WAIT).remaining()).isEqualTo(1);
            assertThat(limiter.tryAcquire(limitKey, 2, Duration.ofMinutes(1)).await().atMost(WAIT).remaining()).isZero();
            assertThat(limiter.tryAcquire(limitKey, 2, Duration.ofMinutes(1)).await().atMost(WAIT).allowed()).isFalse();
            String callKey = "test:rl:outage:calls:" + UUID.randomUUID();
            assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "a").await().atMost(WAIT).allowed()).isTrue();
            assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "a").await().atMost(WAIT).allowed()).isTrue();
            assertThat(limiter.tryAcquire(callKey, 1, Duration.ofMinutes(1), "b").await().atMost(WAIT).allowed()).isFalse();

            bot.volvox.platform.testing.Readiness.awaitReady();
        given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'redis' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'redis' }.data.redis", equalTo("degraded"))
                    .body("checks.find { it.name == 'redis' }.data.reason", startsWith("Redis redis://127.0.0.1:"));
        } finally {
            server.restart();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> availability.status() == RedisAvailability.Status.UP);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'redis' }.data.redis", equalTo("up"));
        String key = "test:after-outage:" + UUID.randomUUID();
        cache.put(key, "back in redis", Duration.ofMinutes(1)).await().atMost(WAIT);
        assertThat(redis.value(String.class).get(key).await().atMost(WAIT)).isEqualTo("back in redis");
        // what was cached in memory during the outage is not served once Redis, the shared truth, is back
        assertThat(cache.get("test:outage").await().atMost(WAIT)).isEmpty();
    }
}
