package bot.volvox.gateway.actions;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.redis.RateLimitDecision;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;

/**
 * Discord's global limit (50 requests per second per bot) shared by every gateway replica: a sliding window in Redis
 * through the platform limiter, or per process while Redis is absent or lost. JDA handles the per-route buckets and
 * any 429 on its own; this only keeps the replicas together under the global ceiling.
 */
@ApplicationScoped
public class GlobalRequestBudget {
    private static final Logger LOG = Logger.getLogger(GlobalRequestBudget.class);
    static final String KEY = "gateway:discord:global-requests";

    @Inject
    SlidingWindowRateLimiter limiter;

    @ConfigProperty(name = "volvox.gateway.discord.requests-per-second", defaultValue = "50")
    int perSecond;

    /** Blocks the calling (worker) thread until a request may be sent. */
    public void acquire() {
        while (true) {
            RateLimitDecision decision;
            try {
                decision = limiter.tryAcquire(KEY, perSecond, Duration.ofSeconds(1)).await()
                        .atMost(Duration.ofSeconds(3));
            } catch (RuntimeException e) {
                LOG.debugf("Global request budget unavailable, sending anyway: %s", e.getMessage());
                return;
            }
            if (decision.allowed()) {
                return;
            }
            LockSupport.parkNanos(Math.max(1_000_000L, decision.retryAfter().toNanos()));
        }
    }
}
