package bot.volvox.gateway.interactions;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.redis.RateLimitDecision;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Per-user slash-command limit ({@code volvox.gateway.commands.per-user-limit} per
 * {@code volvox.gateway.commands.per-user-window}, default 5 per 10 s), shared by all gateway replicas through the
 * platform's sliding-window limiter (Redis, or in memory when Redis is absent or lost).
 */
@ApplicationScoped
public class CommandRateLimit {
    private static final Logger LOG = Logger.getLogger(CommandRateLimit.class);
    /** The check comes before the deferral, which Discord wants within 3 s: it must never eat that budget. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(750);

    @Inject
    SlidingWindowRateLimiter limiter;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "volvox.gateway.commands.per-user-limit", defaultValue = "5")
    int limit;

    @ConfigProperty(name = "volvox.gateway.commands.per-user-window", defaultValue = "10s")
    Duration window;

    /**
     * The time to wait, or null when the user may run a command now. Never blocks: the caller goes on when the
     * answer arrives, so a slow limiter never stalls the JDA thread and every other event of its shard.
     */
    public Uni<Duration> waitTime(String userId) {
        return limiter.tryAcquire("gateway:commands:" + userId, limit, window)
                .ifNoItem().after(CHECK_TIMEOUT).failWith(() -> new TimeoutException("no answer within "
                        + CHECK_TIMEOUT.toMillis() + " ms"))
                .map(this::waitTime)
                .onFailure().recoverWithItem(error -> {
                    // Failing open: a limiter outage must not make every command time out at Discord.
                    LOG.warnf("Command rate limit check failed, allowing the command: %s", error.getMessage());
                    return null;
                });
    }

    private Duration waitTime(RateLimitDecision decision) {
        if (decision.allowed()) {
            return null;
        }
        registry.counter("volvox.gateway.commands.rate_limited").increment();
        return decision.retryAfter();
    }
}
