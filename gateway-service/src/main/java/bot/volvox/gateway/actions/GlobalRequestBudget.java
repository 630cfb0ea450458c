package bot.volvox.gateway.actions;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.redis.RateLimitDecision;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Discord's global limit (50 requests per second per bot) shared by every gateway replica: a sliding window in Redis
 * through the platform limiter, or per process while Redis is absent or lost. JDA handles the per-route buckets and
 * any 429 on its own; this only keeps the replicas together under the global ceiling.
 *
 * <p>It is an interceptor of JDA's HTTP client, so a slot is taken the moment a request leaves, for every request JDA
 * sends (its own and its 429 retries included): taken earlier, before JDA's per-route queue, requests that waited
 * there left in bunches and Discord would have counted more than the budget in one second. Interaction callbacks and
 * the interaction webhook are exempt: Discord does not count them against the global limit, so a moderator's answer
 * never waits for DMs.
 */
@ApplicationScoped
public class GlobalRequestBudget implements Interceptor {
    private static final Logger LOG = Logger.getLogger(GlobalRequestBudget.class);
    static final String KEY = "gateway:discord:global-requests";

    @Inject
    SlidingWindowRateLimiter limiter;

    /**
     * 48, not Discord's 50: the window counts a request when it leaves, Discord when it arrives, and the time in
     * between varies by some milliseconds, so a second of Discord's can hold a request or two more than any second
     * here (with 50, DmQueueBenchmark's sandbox counted 51 in one calendar second).
     */
    @ConfigProperty(name = "volvox.gateway.discord.requests-per-second", defaultValue = "48")
    int perSecond;

    @Override
    public Response intercept(Chain chain) throws java.io.IOException {
        if (countsAgainstGlobalLimit(chain.request().url().encodedPath())) {
            acquire();
        }
        return chain.proceed(chain.request());
    }

    /** Every path but {@code /api/v10/interactions/…} and {@code /api/v10/webhooks/…} (the interaction webhook's). */
    static boolean countsAgainstGlobalLimit(String path) {
        Matcher route = API_ROUTE.matcher(path);
        String rest = route.find() ? route.group(1) : path;
        return !rest.startsWith("interactions/") && !rest.startsWith("webhooks/");
    }

    private static final Pattern API_ROUTE = Pattern.compile("/api/v\\d+/(.*)$");

    /** Blocks the calling (JDA requester) thread until a request may be sent. */
    void acquire() {
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
