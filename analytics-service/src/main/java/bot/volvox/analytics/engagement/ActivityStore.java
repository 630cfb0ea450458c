package bot.volvox.analytics.engagement;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.analytics.engagement.Activity.Key;
import bot.volvox.analytics.ranks.Leaderboards;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies a batch of messages and reactions to {@code user_stats} and {@code reputation} exactly once, in one
 * transaction:
 * <ol>
 * <li>take a transaction-scoped advisory lock per guild of the batch (in sorted order), so the two channels and other
 * replicas never compute from the same stored rows at once (active days and the XP cooldown are read, then
 * written);</li>
 * <li>claim every event id in {@code processed_events} (consumer {@value #CONSUMER}) with one multi-row insert; only
 * the ids this transaction inserted are applied, so a redelivered record (a crash after the commit, before Kafka's
 * offset commit) adds nothing;</li>
 * <li>read the stored rows of the users concerned, compute the changes ({@link Activity}), and write them with one
 * multi-row upsert per table;</li>
 * <li>request the level-up actions ({@link LevelUps}) before the commit: a crash after the request and before the
 * commit rolls the claims back, the redelivered records earn the same XP (it is drawn from the message id) and so
 * request the same action ids, which the gateway executes once.</li>
 * </ol>
 * A crash anywhere before the commit leaves nothing; after it, the claims make the redelivery a no-op. Counts live
 * nowhere but PostgreSQL and the uncommitted Kafka offsets, so no replica's death can lose or double one.
 */
@ApplicationScoped
public class ActivityStore {
    static final String CONSUMER = "analytics-service:activity";

    @Inject
    Pool pool;
    @Inject
    LevelUps levelUps;

    @Inject
    LevelUpWebhooks levelUpWebhooks;
    @Inject
    Leaderboards leaderboards;

    public Uni<Void> apply(List<DiscordEvent> all, Map<String, GuildConfig> configs) {
        return apply(all, configs, true);
    }

    /** @param requestLevelUps false in a replay: the level-ups were acted on when the events were new */
    Uni<Void> apply(List<DiscordEvent> all, Map<String, GuildConfig> configs, boolean requestLevelUps) {
        List<DiscordEvent> events = all.stream().filter(event -> Activity.tracked(event, configs.get(event.guildId())))
                .toList();
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> guilds = new TreeSet<>();
        events.forEach(event -> guilds.add(event.guildId()));
        Map<Key, Activity.XpChange> committedXp = new HashMap<>();
        // The lock and the claim are sent together (the PG client pipelines statements on one connection, and
        // PostgreSQL runs them in the order sent, so the claim still runs under the lock): one round trip, not two.
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(lock(connection, guilds), claim(connection, events)).asTuple().map(both -> both.getItem2())
                .flatMap(fresh -> fresh.isEmpty() ? Uni.createFrom().item(Set.<String> of())
                        : applyFresh(connection, fresh, configs, requestLevelUps, committedXp)))
                .flatMap(changedGuilds -> leaderboards.invalidate(changedGuilds))
                .flatMap(ignored -> requestLevelUps ? levelUpWebhooks.send(committedXp, configs)
                        : Uni.createFrom().voidItem());
    }

    private static Uni<Void> lock(SqlConnection connection, Set<String> guilds) {
        return connection.preparedQuery("""
                SELECT count(pg_advisory_xact_lock(hashtextextended('analytics:activity:' || g, 0)))
                  FROM (SELECT g FROM unnest($1::text[]) AS g ORDER BY g) AS sorted""")
                .execute(Tuple.of(guilds.toArray(String[]::new))).replaceWithVoid();
    }

    private static Uni<List<DiscordEvent>> claim(SqlConnection connection, List<DiscordEvent> events) {
        return connection.preparedQuery("""
                INSERT INTO processed_events (consumer, event_id)
                SELECT $1, id FROM unnest($2::text[]) AS id
                ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(CONSUMER, events.stream().map(DiscordEvent::id).distinct().toArray(String[]::new)))
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    rows.forEach(row -> claimed.add(row.getString("event_id")));
                    // a record delivered twice within one batch is applied once
                    Set<String> taken = new HashSet<>();
                    return events.stream().filter(e -> claimed.contains(e.id()) && taken.add(e.id())).toList();
                });
    }

    /** Applies the claimed events; returns the guilds whose XP changed. */
    private Uni<Set<String>> applyFresh(SqlConnection connection, List<DiscordEvent> events,
            Map<String, GuildConfig> configs, boolean requestLevelUps, Map<Key, Activity.XpChange> committedXp) {
        Set<Key> users = new TreeSet<>();
        for (DiscordEvent event : events) {
            users.addAll(Activity.usersOf(event));
        }
        String[] guildIds = users.stream().map(Key::guildId).toArray(String[]::new);
        String[] userIds = users.stream().map(Key::userId).toArray(String[]::new);
        // Both reads in one round trip, then all writes in one (pipelined, run in the order sent: the bonus XP
        // updates rows the reputation upsert may have just inserted). A failure of any fails the transaction.
        return Uni.combine().all().unis(storedStats(connection, guildIds, userIds), storedXp(connection, guildIds,
                userIds)).asTuple()
                .map(stored -> Activity.apply(events, configs, stored.getItem1(), stored.getItem2()))
                .invoke(result -> committedXp.putAll(result.xp()))
                .flatMap(result -> Uni.combine().all().unis(writeStats(connection, result.stats()),
                        writeXp(connection, result.xp()),
                        addBonusXp(connection, LevelUps.bonusXp(result.xp(), configs))).discardItems()
                        .flatMap(ignored -> requestLevelUps ? levelUps.request(result.xp(), configs)
                                : Uni.createFrom().voidItem())
                        .map(ignored -> {
                            Set<String> changed = new TreeSet<>();
                            result.xp().forEach((key, change) -> {
                                if (change.gains > 0) {
                                    changed.add(key.guildId());
                                }
                            });
                            return changed;
                        }));
    }

    private static Uni<Map<Key, Activity.StoredStats>> storedStats(SqlConnection connection, String[] guildIds,
            String[] userIds) {
        return connection.preparedQuery("""
                SELECT s.guild_id, s.user_id, s.days_active, s.last_active FROM user_stats s
                  JOIN unnest($1::text[], $2::text[]) AS k(g, u) ON s.guild_id = k.g AND s.user_id = k.u""")
                .execute(Tuple.of(guildIds, userIds))
                .map(rows -> {
                    Map<Key, Activity.StoredStats> stored = new HashMap<>();
                    for (Row row : rows) {
                        Integer days = row.getInteger("days_active");
                        OffsetDateTime last = row.getOffsetDateTime("last_active");
                        stored.put(new Key(row.getString("guild_id"), row.getString("user_id")),
                                new Activity.StoredStats(days == null ? 0 : days, last == null ? null : last.toInstant()));
                    }
                    return stored;
                });
    }

    private static Uni<Map<Key, Activity.StoredXp>> storedXp(SqlConnection connection, String[] guildIds,
            String[] userIds) {
        return connection.preparedQuery("""
                SELECT r.guild_id, r.user_id, r.xp, r.level, r.last_xp_gain FROM reputation r
                  JOIN unnest($1::text[], $2::text[]) AS k(g, u) ON r.guild_id = k.g AND r.user_id = k.u""")
                .execute(Tuple.of(guildIds, userIds))
                .map(rows -> {
                    Map<Key, Activity.StoredXp> stored = new HashMap<>();
                    for (Row row : rows) {
                        OffsetDateTime last = row.getOffsetDateTime("last_xp_gain");
                        stored.put(new Key(row.getString("guild_id"), row.getString("user_id")),
                                new Activity.StoredXp(row.getInteger("xp"), row.getInteger("level"),
                                        last == null ? null : last.toInstant()));
                    }
                    return stored;
                });
    }

    private static Uni<Void> writeStats(SqlConnection connection, Map<Key, Activity.StatsChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.size();
        String[] guildIds = new String[n];
        String[] userIds = new String[n];
        Integer[] messages = new Integer[n];
        Integer[] given = new Integer[n];
        Integer[] received = new Integer[n];
        Integer[] days = new Integer[n];
        OffsetDateTime[] firstSeen = new OffsetDateTime[n];
        OffsetDateTime[] lastActive = new OffsetDateTime[n];
        int i = 0;
        for (Map.Entry<Key, Activity.StatsChange> entry : changes.entrySet()) {
            Activity.StatsChange change = entry.getValue();
            guildIds[i] = entry.getKey().guildId();
            userIds[i] = entry.getKey().userId();
            messages[i] = change.messages;
            given[i] = change.reactionsGiven;
            received[i] = change.reactionsReceived;
            days[i] = change.daysActive;
            firstSeen[i] = utc(change.firstSeen);
            lastActive[i] = utc(change.lastActive);
            i++;
        }
        // rows in key order (a TreeMap), so concurrent writers lock them in the same order
        return connection.preparedQuery("""
                INSERT INTO user_stats AS s (guild_id, user_id, messages_sent, reactions_given, reactions_received,
                                             days_active, first_seen, last_active)
                SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[],
                                     $7::timestamptz[], $8::timestamptz[])
                ON CONFLICT (guild_id, user_id) DO UPDATE SET
                  messages_sent = COALESCE(s.messages_sent, 0) + EXCLUDED.messages_sent,
                  reactions_given = COALESCE(s.reactions_given, 0) + EXCLUDED.reactions_given,
                  reactions_received = COALESCE(s.reactions_received, 0) + EXCLUDED.reactions_received,
                  days_active = EXCLUDED.days_active,
                  first_seen = LEAST(s.first_seen, EXCLUDED.first_seen),
                  last_active = EXCLUDED.last_active""")
                .execute(Tuple.from(new Object[] { guildIds, userIds, messages, given, received, days, firstSeen,
                        lastActive }))
                .replaceWithVoid();
    }

    private static Uni<Void> addBonusXp(SqlConnection connection, Map<Key, Integer> bonuses) {
        if (bonuses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                UPDATE reputation r SET xp = r.xp + b.bonus
                  FROM unnest($1::text[], $2::text[], $3::int[]) AS b(guild_id, user_id, bonus)
                 WHERE r.guild_id = b.guild_id AND r.user_id = b.user_id""")
                .execute(Tuple.of(bonuses.keySet().stream().map(Key::guildId).toArray(String[]::new),
                        bonuses.keySet().stream().map(Key::userId).toArray(String[]::new),
                        bonuses.values().toArray(Integer[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> writeXp(SqlConnection connection, Map<Key, Activity.XpChange> changes) {
        List<Map.Entry<Key, Activity.XpChange>> gained = new ArrayList<>();
        changes.entrySet().forEach(entry -> {
            if (entry.getValue().gains > 0) {
                gained.add(entry);
            }
        });
        if (gained.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = gained.size();
        String[] guildIds = new String[n];
        String[] userIds = new String[n];
        Integer[] xp = new Integer[n];
        Integer[] levels = new Integer[n];
        Integer[] counts = new Integer[n];
        OffsetDateTime[] lastGain = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Activity.XpChange change = gained.get(i).getValue();
            guildIds[i] = gained.get(i).getKey().guildId();
            userIds[i] = gained.get(i).getKey().userId();
            xp[i] = change.gained;
            levels[i] = change.levelAfter;
            counts[i] = change.gains;
            lastGain[i] = utc(change.lastGain);
        }
        return connection.preparedQuery("""
                INSERT INTO reputation AS r (guild_id, user_id, xp, level, messages_count, last_xp_gain)
                SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::timestamptz[])
                ON CONFLICT (guild_id, user_id) DO UPDATE SET
                  xp = r.xp + EXCLUDED.xp,
                  level = GREATEST(r.level, EXCLUDED.level),
                  messages_count = r.messages_count + EXCLUDED.messages_count,
                  last_xp_gain = GREATEST(r.last_xp_gain, EXCLUDED.last_xp_gain)""")
                .execute(Tuple.from(new Object[] { guildIds, userIds, xp, levels, counts, lastGain }))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
