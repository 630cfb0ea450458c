package bot.volvox.analytics.ranks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.redis.SharedCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A guild's top 10 by XP, cached 300 s under {@code leaderboard:{guild}} (Redis, or memory without it) like the
 * original, but dropped whenever a batch changes the guild's XP: the original's invalidation used a key pattern that
 * never matched, so its leaderboard stayed up to 5 minutes stale.
 */
@ApplicationScoped
public class Leaderboards {
    static final Duration TTL = Duration.ofSeconds(300);
    static final int SIZE = 10;

    public record Entry(String userId, long xp) {
    }

    @Inject
    Pool pool;
    @Inject
    SharedCache cache;

    static String key(String guildId) {
        return "leaderboard:" + guildId;
    }

    public Uni<List<Entry>> top(String guildId) {
        return cache.get(key(guildId)).flatMap(cached -> {
            if (cached.isPresent()) {
                try {
                    return Uni.createFrom().item(VolvoxJson.MAPPER.readValue(cached.get(),
                            new TypeReference<List<Entry>>() {
                            }));
                } catch (JsonProcessingException unreadable) {
                    // fall through to the database
                }
            }
            return load(guildId).call(entries -> cache.put(key(guildId), json(entries), TTL));
        });
    }

    private Uni<List<Entry>> load(String guildId) {
        return pool.preparedQuery("""
                SELECT user_id, xp FROM reputation WHERE guild_id = $1 ORDER BY xp DESC, user_id LIMIT $2""")
                .execute(Tuple.of(guildId, SIZE))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry(row.getString("user_id"), row.getInteger("xp")));
                    }
                    return entries;
                });
    }

    public Uni<Void> invalidate(Set<String> guildIds) {
        return Multi.createFrom().iterable(guildIds)
                .onItem().transformToUniAndConcatenate(guild -> cache.invalidate(key(guild)))
                .collect().last().replaceWithVoid();
    }

    private static String json(List<Entry> entries) {
        try {
            return VolvoxJson.MAPPER.writeValueAsString(entries);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
