package bot.volvox.platform.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;

/**
 * Sliding-window rate limits ({@code limit} calls per {@code window} per key), shared by all replicas
 * through a Redis sorted set updated atomically by a Lua script (server clock), or per process while Redis
 * is not configured or lost. Keys should carry their feature's prefix, e.g. {@code ai:user:{id}}.
 */
@ApplicationScoped
public class SlidingWindowRateLimiter {

    /** KEYS[1] = key; ARGV = window ms, limit, unique member. Returns {allowed 0/1, remaining, retry-after ms}. */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
              return {1, math.max(0, limit - count), 0}
            end
            if count < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[1], window)
              return {1, limit - count - 1, 0}
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return {0, 0, math.max(1, tonumber(oldest[2]) + window - now)}
            """;

    private final RedisAvailability redis;
    private final Cache<String, Window> memory = Caffeine.newBuilder()
            .expireAfter(new Expiry<String, Window>() {
                @Override
                public long expireAfterCreate(String key, Window window, long currentTime) {
                    return window.lengthNanos;
                }

                @Override
                public long expireAfterUpdate(String key, Window window, long currentTime, long currentDuration) {
                    return window.lengthNanos;
                }

                @Override
                public long expireAfterRead(String key, Window window, long currentTime, long currentDuration) {
                    return window.lengthNanos;
                }
            })
            .build();

    SlidingWindowRateLimiter(RedisAvailability redis) {
        this.redis = redis;
    }

    public Uni<RateLimitDecision> tryAcquire(String key, int limit, Duration window) {
        return tryAcquire(key, limit, window, UUID.randomUUID().toString());
    }

    /**
     * As {@link #tryAcquire(String, int, Duration)}, for a call that may be made again (a redelivered record): a
     * {@code callId} that already holds a place in the window is allowed again without taking a second one, so a
     * retried batch does not consume the window twice. A call that was refused holds no place and is decided anew.
     */
    public Uni<RateLimitDecision> tryAcquire(String key, int limit, Duration window, String callId) {
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("limit and window must be positive, got " + limit + " per " + window);
        }
        return redis.call(
                ds -> ds.execute("EVAL", SCRIPT, "1", key, Long.toString(window.toMillis()), Integer.toString(limit),
                        callId).map(SlidingWindowRateLimiter::decision),
                () -> memory.get(key, k -> new Window(window)).tryAcquire(limit, window, callId));
    }

    private static RateLimitDecision decision(Response response) {
        return new RateLimitDecision(response.get(0).toInteger() == 1, response.get(1).toInteger(),
                Duration.ofMillis(response.get(2).toLong()));
    }

    private static final class Window {
        private final ArrayDeque<Long> calls = new ArrayDeque<>();
        private final ArrayDeque<String> callIds = new ArrayDeque<>();
        private volatile long lengthNanos;

        Window(Duration length) {
            this.lengthNanos = length.toNanos();
        }

        synchronized RateLimitDecision tryAcquire(int limit, Duration window, String callId) {
            lengthNanos = window.toNanos();
            long now = System.nanoTime();
            while (!calls.isEmpty() && now - calls.peekFirst() >= lengthNanos) {
                calls.pollFirst();
                callIds.pollFirst();
            }
            if (callIds.contains(callId)) {
                return new RateLimitDecision(true, Math.max(0, limit - calls.size()), Duration.ZERO);
            }
            if (calls.size() < limit) {
                calls.addLast(now);
                callIds.addLast(callId);
                return new RateLimitDecision(true, limit - calls.size(), Duration.ZERO);
            }
            long waitNanos = calls.peekFirst() + lengthNanos - now;
            return new RateLimitDecision(false, 0, Duration.ofMillis(Math.max(1, (waitNanos + 999_999) / 1_000_000)));
        }
    }
}
