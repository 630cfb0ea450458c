package bot.volvox.platform.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * A string cache shared by all replicas through Redis, or local to this process (Caffeine, at most 1000
 * entries, per-entry TTL) while Redis is not configured or lost. Values are opaque strings (JSON by
 * convention); keys should carry their feature's prefix, e.g. {@code reputation:{guild}:{user}}.
 */
@ApplicationScoped
public class SharedCache {

    static final int MEMORY_MAX_ENTRIES = 1000;

    private record Entry(String value, long ttlNanos) {
    }

    private final RedisAvailability redis;
    private final Cache<String, Entry> memory = Caffeine.newBuilder()
            .maximumSize(MEMORY_MAX_ENTRIES)
            .expireAfter(new Expiry<String, Entry>() {
                @Override
                public long expireAfterCreate(String key, Entry entry, long currentTime) {
                    return entry.ttlNanos();
                }

                @Override
                public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                    return entry.ttlNanos();
                }

                @Override
                public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            })
            .build();

    SharedCache(RedisAvailability redis) {
        this.redis = redis;
        // entries written during an outage may be stale once Redis (the shared truth) is back
        redis.onRecovery(memory::invalidateAll);
    }

    public Uni<Optional<String>> get(String key) {
        return redis.call(ds -> ds.value(String.class).get(key).map(Optional::ofNullable),
                () -> Optional.ofNullable(memory.getIfPresent(key)).map(Entry::value));
    }

    public Uni<Void> put(String key, String value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        return redis.call(ds -> ds.value(String.class).psetex(key, ttl.toMillis(), value), () -> {
            memory.put(key, new Entry(value, ttl.toNanos()));
            return null;
        });
    }

    /**
     * Stores {@code value} unless {@code key} holds one already: a reader filling a miss with what it loaded must not
     * overwrite a newer value a writer stored meanwhile.
     */
    public Uni<Void> putIfAbsent(String key, String value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        return redis.call(ds -> ds.value(String.class).set(key, value, new SetArgs().px(ttl.toMillis()).nx()), () -> {
            memory.asMap().putIfAbsent(key, new Entry(value, ttl.toNanos()));
            return null;
        });
    }

    /** Drops this process's own copy of {@code key} (what it keeps while Redis is away); the shared copy stays. */
    public void forgetLocal(String key) {
        memory.invalidate(key);
    }

    public Uni<Void> invalidate(String key) {
        memory.invalidate(key);
        return redis.call(ds -> ds.key().del(key).replaceWithVoid(), () -> null);
    }
}
