package bot.volvox.platform.health;

import bot.volvox.platform.redis.RedisAvailability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis is optional: without it the service works on in-memory state, so this check is always UP and
 * says {@code redis: up | degraded | not configured} with the reason.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "redis";

    private final RedisAvailability redis;

    RedisReadinessCheck(RedisAvailability redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.probe().map(status -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up().withData(NAME, status.label());
            redis.reason().ifPresent(reason -> response.withData("reason", reason));
            return response.build();
        });
    }
}
