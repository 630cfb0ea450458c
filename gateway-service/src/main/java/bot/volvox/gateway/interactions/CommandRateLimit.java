package bot.volvox.gateway.interactions;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.redis.RateLimitDecision;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-user slash-command limit ({@code volvox.gateway.commands.per-user-limit} per
 * {@code volvox.gateway.commands.per-user-window}, default 5 per 10 s), shared by all gateway replicas through the
 * platform's sliding-window limiter (Redis, or in memory when Redis is absent or lost).
 */
@ApplicationScoped
public class CommandRateLimit {
    private static final Logger LOG = Logger.getLogger(CommandRateLimit.class);
    /** The check runs on the JDA thread before the 3 s deferral; it must never eat that budget. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(750);

    @Inject
    SlidingWindowRateLimiter limiter;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "volvox.gateway.commands.per-user-limit", defaultValue = "5")
    int limit;

    @ConfigProperty(name = "volvox.gateway.commands.per-user-window", defaultValue = "10s")
    Duration window;

    /** The time to wait, or null when the user may run a command now. */
    public Duration waitTime(String userId) {
        RateLimitDecision decision;
        try {
            decision = limiter.tryAcquire("gateway:commands:" + userId, limit, window).await().atMost(CHECK_TIMEOUT);
        } catch (RuntimeException e) {
            // Failing open: a limiter outage must not make every command time out at Discord.
            LOG.warnf("Command rate limit check failed, allowing the command: %s", e.getMessage());
            return null;
        }
        if (decision.allowed()) {
            return null;
        }
        registry.counter("volvox.gateway.commands.rate_limited").increment();
        return decision.retryAfter();
    }
}
