package bot.volvox.platform.redis;

import java.time.Duration;

/**
 * The answer of {@link SlidingWindowRateLimiter#tryAcquire}: whether this call may proceed, how many more
 * calls the window allows, and how long to wait before the next call can succeed (zero when allowed).
 */
public record RateLimitDecision(boolean allowed, int remaining, Duration retryAfter) {
}
