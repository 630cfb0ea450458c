package bot.volvox.platform.testing.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The test profile of API benchmarks: the per-client rate limit of {@code /api/v1} (platform's {@code ApiGuard}) would
 * otherwise answer most measured requests with 429.
 */
public class UnlimitedApi implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("volvox.api.rate-limit.requests", "100000000");
    }
}
