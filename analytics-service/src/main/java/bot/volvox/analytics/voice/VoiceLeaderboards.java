package bot.volvox.analytics.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import bot.volvox.analytics.ranks.Leaderboards;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.redis.SharedCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A guild's top 10 by time in voice per period (spec §4.2: closed sessions that started in the last 7 days, 30 days,
 * or ever), cached 300 s under {@code voice:leaderboard:{guild}:{period}} like the XP leaderboard, and dropped with the
 * XP leaderboard whenever a voice event of the guild is applied (a closed session changes both).
 */
@ApplicationScoped
public class VoiceLeaderboards {
    static final Duration TTL = Duration.ofSeconds(300);
    static final int SIZE = 10;

    public enum Period {
        week(7), month(30), all(0);

        final int days;

        Period(int days) {
            this.days = days;
        }
    }

    public record Entry(String userId, long totalSeconds, long sessions) {
    }

    @Inject
    Pool pool;
    @Inject
    SharedCache cache;
    @Inject
    Leaderboards xpLeaderboards;

    static String key(String guildId, Period period) {
        return "voice:leaderboard:" + guildId + ":" + period;
    }

    public Uni<List<Entry>> top(String guildId, Period period) {
        return cache.get(key(guildId, period)).flatMap(cached -> {
            if (cached.isPresent()) {
                try {
                    return Uni.createFrom().item(VolvoxJson.MAPPER.readValue(cached.get(),
                            new TypeReference<List<Entry>>() {
                            }));
                } catch (JsonProcessingException unreadable) {
                    // fall through to the database
                }
            }
            return load(guildId, period).call(entries -> cache.put(key(guildId, period), json(entries), TTL));
        });
    }

    private Uni<List<Entry>> load(String guildId, Period period) {
        return pool.preparedQuery("""
                SELECT user_id, sum(duration_seconds) AS seconds, count(*) AS sessions FROM voice_sessions
                 WHERE guild_id = $1 AND left_at IS NOT NULL
                   AND ($2 = 0 OR joined_at >= now() - make_interval(days => $2))
                 GROUP BY user_id ORDER BY seconds DESC, user_id LIMIT $3""")
                .execute(Tuple.of(guildId, period.days, SIZE))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry(row.getString("user_id"), row.getLong("seconds"),
                                row.getLong("sessions")));
                    }
                    return entries;
                });
    }

    /** Drops the guild's voice leaderboards and its XP leaderboard (voice XP changes it). */
    public Uni<Void> changed(String guildId) {
        return Multi.createFrom().items(Period.values())
                .onItem().transformToUniAndConcatenate(period -> cache.invalidate(key(guildId, period)))
                .collect().last()
                .flatMap(ignored -> xpLeaderboards.invalidate(Set.of(guildId)));
    }

    private static String json(List<Entry> entries) {
        try {
            return VolvoxJson.MAPPER.writeValueAsString(entries);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
