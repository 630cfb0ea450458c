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
import java.util.TreeMap;
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
 * <li>lock and read the high-water mark of each Kafka partition of the batch ({@code analytics_applied_offsets},
 * consumer {@value #CONSUMER}): the last offset already applied; only the records above it are applied, so a
 * redelivered record (a crash after the commit, before Kafka's offset commit; a rebalance) adds nothing;</li>
 * <li>read the stored rows of the users concerned, compute the changes ({@link Activity}), write them with one
 * multi-row upsert per table, and move each partition's mark to the batch's last offset;</li>
 * <li>request the level-up actions ({@link LevelUps}) before the commit: a crash after the request and before the
 * commit rolls the marks back, the redelivered records earn the same XP (it is drawn from the message id) and so
 * request the same action ids, which the gateway executes once.</li>
 * </ol>
 * Why one mark per partition is enough (one row written per partition and batch instead of one claim per message):
 * the README's "exactly once" section. A crash anywhere before the commit leaves nothing; after it, the mark makes the
 * redelivery a no-op.
 */
@ApplicationScoped
public class ActivityStore {
    static final String CONSUMER = "analytics-service:activity";

    /**
     * The upserts of the counts, shared with {@code IngestBenchmark}'s baseline so that it measures the very SQL the
     * consumer runs. Rows in key order, so concurrent writers lock them in the same order.
     */
    public static final String UPSERT_USER_STATS = """
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
              last_active = EXCLUDED.last_active""";

    /** See {@link #UPSERT_USER_STATS}. */
    public static final String UPSERT_REPUTATION = """
            INSERT INTO reputation AS r (guild_id, user_id, xp, level, messages_count, last_xp_gain)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::timestamptz[])
            ON CONFLICT (guild_id, user_id) DO UPDATE SET
              xp = r.xp + EXCLUDED.xp,
              level = GREATEST(r.level, EXCLUDED.level),
              messages_count = r.messages_count + EXCLUDED.messages_count,
              last_xp_gain = GREATEST(r.last_xp_gain, EXCLUDED.last_xp_gain)""";

    /** An event with where Kafka delivered it from: the offset is what the partition's high-water mark compares. */
    public record Delivered(DiscordEvent event, String topic, int partition, long offset) {
    }

    private record Partition(String topic, int partition) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition other) {
            int byTopic = topic.compareTo(other.topic);
            return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
        }
    }

    @Inject
    Pool pool;
    @Inject
    LevelUps levelUps;

    @Inject
    LevelUpWebhooks levelUpWebhooks;
    @Inject
    Leaderboards leaderboards;

    public Uni<Void> apply(List<Delivered> all, Map<String, GuildConfig> configs) {
        return apply(all, configs, true);
    }

    /** @param requestLevelUps false in a replay: the level-ups were acted on when the events were new */
    public Uni<Void> apply(List<Delivered> all, Map<String, GuildConfig> configs, boolean requestLevelUps) {
        List<Delivered> delivered = all.stream()
                .filter(d -> Activity.tracked(d.event(), configs.get(d.event().guildId()))).toList();
        if (delivered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> guilds = new TreeSet<>();
        Map<Partition, Long> lastOffsets = new TreeMap<>();
        for (Delivered d : delivered) {
            guilds.add(d.event().guildId());
            lastOffsets.merge(new Partition(d.topic(), d.partition()), d.offset(), Math::max);
        }
        Map<Key, Activity.XpChange> committedXp = new HashMap<>();
        // The lock and the marks are sent together (the PG client pipelines statements on one connection, and
        // PostgreSQL runs them in the order sent, so the marks are still read under the guild locks): one round trip.
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(lock(connection, guilds), marks(connection, lastOffsets.keySet())).asTuple()
                .flatMap(both -> notClaimedBefore(connection, above(delivered, both.getItem2()), both.getItem2()))
                .flatMap(fresh -> fresh.isEmpty() ? Uni.createFrom().item(Set.<String> of())
                        : applyFresh(connection, fresh, lastOffsets, configs, requestLevelUps, committedXp)))
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

    /**
     * Reads each partition's mark and holds its row lock until the commit (the no-op update takes it; a partition
     * seen for the first time gets a row at -1), so two replicas applying the same partition during a rebalance
     * take turns and the second sees the first's mark. Rows in (topic, partition) order, as every transaction.
     */
    private static Uni<Map<Partition, Long>> marks(SqlConnection connection, Set<Partition> partitions) {
        // a partition seen for the first time is returned as null (its row was just inserted): see notClaimedBefore
        return connection.preparedQuery("""
                INSERT INTO analytics_applied_offsets AS o (consumer, topic, partition, applied_offset)
                SELECT $1, t, p, -1 FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS v(t, p, n) ORDER BY n
                ON CONFLICT (consumer, topic, partition) DO UPDATE SET applied_offset = o.applied_offset
                RETURNING topic, partition, CASE WHEN xmax = 0 THEN NULL ELSE applied_offset END AS applied_offset""")
                .execute(Tuple.of(CONSUMER, partitions.stream().map(Partition::topic).toArray(String[]::new),
                        partitions.stream().map(Partition::partition).toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Partition, Long> marks = new HashMap<>();
                    rows.forEach(row -> marks.put(new Partition(row.getString("topic"), row.getInteger("partition")),
                            row.getLong("applied_offset")));
                    return marks;
                });
    }

    /** The events above their partition's mark, each event id once (a record published twice in one batch). */
    private static List<Delivered> above(List<Delivered> delivered, Map<Partition, Long> marks) {
        Set<String> taken = new HashSet<>();
        return delivered.stream()
                .filter(d -> {
                    Long mark = marks.get(new Partition(d.topic(), d.partition()));
                    return mark == null || d.offset() > mark;
                })
                .filter(d -> taken.add(d.event().id())).toList();
    }

    /**
     * The upgrade from per-message claims: before the marks existed, each message was claimed in
     * {@code processed_events}, and Kafka's committed offset may lag the last batch applied that way. So in a
     * partition that has no mark yet (its first batch since the upgrade, or since a replay emptied the marks), the
     * events already claimed are left out. Later batches compare offsets only.
     */
    private static Uni<List<DiscordEvent>> notClaimedBefore(SqlConnection connection, List<Delivered> fresh,
            Map<Partition, Long> marks) {
        if (!marks.containsValue(null)) {
            return Uni.createFrom().item(fresh.stream().map(Delivered::event).toList());
        }
        return connection.preparedQuery("""
                SELECT event_id FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::text[])""")
                .execute(Tuple.of(CONSUMER, fresh.stream()
                        .filter(d -> marks.get(new Partition(d.topic(), d.partition())) == null)
                        .map(d -> d.event().id()).toArray(String[]::new)))
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    rows.forEach(row -> claimed.add(row.getString("event_id")));
                    return fresh.stream().map(Delivered::event).filter(event -> !claimed.contains(event.id()))
                            .toList();
                });
    }

    private static Uni<Void> moveMarks(SqlConnection connection, Map<Partition, Long> lastOffsets) {
        return connection.preparedQuery("""
                UPDATE analytics_applied_offsets o
                   SET applied_offset = GREATEST(o.applied_offset, v.last), applied_at = now()
                  FROM unnest($2::text[], $3::int[], $4::bigint[]) AS v(t, p, last)
                 WHERE o.consumer = $1 AND o.topic = v.t AND o.partition = v.p""")
                .execute(Tuple.of(CONSUMER, lastOffsets.keySet().stream().map(Partition::topic)
                        .toArray(String[]::new),
                        lastOffsets.keySet().stream().map(Partition::partition).toArray(Integer[]::new),
                        lastOffsets.values().toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Applies the events above the marks; returns the guilds whose XP changed. */
    private Uni<Set<String>> applyFresh(SqlConnection connection, List<DiscordEvent> events,
            Map<Partition, Long> lastOffsets, Map<String, GuildConfig> configs, boolean requestLevelUps, Map<Key, Activity.XpChange> committedXp) {
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
                        addBonusXp(connection, LevelUps.bonusXp(result.xp(), configs)),
                        writeChannelHours(connection, result.channelHours()),
                        moveMarks(connection, lastOffsets)).discardItems()
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
        return connection.preparedQuery(UPSERT_USER_STATS)
                .execute(Tuple.from(new Object[] { guildIds, userIds, messages, given, received, days, firstSeen,
                        lastActive }))
                .replaceWithVoid();
    }

    private static Uni<Void> writeChannelHours(SqlConnection connection,
            Map<Activity.ChannelHour, Integer> counts) {
        if (counts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // rows in key order (a TreeMap), so concurrent writers lock them in the same order
        return connection.preparedQuery("""
                INSERT INTO channel_activity AS a (guild_id, channel_id, hour, messages)
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[])
                ON CONFLICT (guild_id, hour, channel_id) DO UPDATE SET messages = a.messages + EXCLUDED.messages""")
                .execute(Tuple.of(counts.keySet().stream().map(Activity.ChannelHour::guildId).toArray(String[]::new),
                        counts.keySet().stream().map(Activity.ChannelHour::channelId).toArray(String[]::new),
                        counts.keySet().stream().map(k -> utc(k.hour())).toArray(OffsetDateTime[]::new),
                        counts.values().toArray(Integer[]::new)))
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
        return connection.preparedQuery(UPSERT_REPUTATION)
                .execute(Tuple.from(new Object[] { guildIds, userIds, xp, levels, counts, lastGain }))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
