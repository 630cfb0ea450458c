package bot.volvox.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** REDIS_URL=redis://:password@127.0.0.1:P against a Redis that requires the password. */
@QuarkusTest
@TestProfile(RedisPasswordTest.PasswordRedisUrl.class)
class RedisPasswordTest {

    public static class PasswordRedisUrl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PlatformStackResource.class, Map.of("redis", "password")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    SharedCache cache;

    @Inject
    RedisAvailability availability;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void authenticatesWithThePasswordFromTheUrl() {
        cache.put("test:auth", "stored", Duration.ofMinutes(1)).await().atMost(Duration.ofSeconds(10));
        assertThat(availability.status()).isEqualTo(RedisAvailability.Status.UP);
        assertThat(redis.value(String.class).get("test:auth").await().atMost(Duration.ofSeconds(10))).isEqualTo("stored");
    }
}
