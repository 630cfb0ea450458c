package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Printed numbers, not a timed test (tag {@code benchmark}: {@code -Pbenchmarks -Dtest=IngestBenchmark}): events per
 * second from {@code discord.message} and command answers ({@code discord.action-result}, one per ten messages) into
 * {@code user_stats}, {@code reputation} and {@code command_usage} through the consumers (claims included), beside
 * multi-row INSERTs of the same rows into the same tables in the same run.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class IngestBenchmark extends AnalyticsTestBase {
    private static final int MESSAGES = Integer.getInteger("volvox.benchmark.messages", 20_000);
    private static final int USERS = 500;
    private static final int ROWS_PER_INSERT = 1000;
    /** One slash command answered per this many messages. */
    private static final int MESSAGES_PER_COMMAND = 10;

    @Test
    void ingestRateBesideAMultiRowInsert() throws Exception {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        configure(guild, "reputation", "{\"enabled\": true}");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(DiscordEvents.snowflake());
        }
        int interactions = MESSAGES / MESSAGES_PER_COMMAND;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<String, Object>(props, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            for (int i = 0; i < MESSAGES; i++) {
                DiscordEvent event = message(guild, users.get(i % USERS), "benchmark message number " + i,
                        Instant.now());
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
                if (i % MESSAGES_PER_COMMAND == 0) {
                    // an interaction reaches command_usage as the result of its answer (see CommandUsage)
                    ActionResult result = answered(guild, users.get(i % USERS), "rank", true);
                    producer.send(new ProducerRecord<>(Topics.ACTION_RESULT, result.key(), result));
                }
            }
            producer.flush();
        }
        long published = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> count(
                "SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild) == MESSAGES
                && count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == interactions);
        long ingested = System.nanoTime();
        int events = MESSAGES + interactions;
        double ingestRate = events / ((ingested - start) / 1e9);
        long ingestRows = count("SELECT count(*) FROM user_stats WHERE guild_id = $1", guild)
                + count("SELECT count(*) FROM reputation WHERE guild_id = $1", guild) + interactions;

        // The baseline: the same tables and the same rows (every column the consumers write) as multi-row INSERTs
        // straight into PostgreSQL, per 1000 messages and their interactions: the per-user user_stats and
        // reputation rows (upserts, as several batches touch a user) and one command_usage row per interaction.
        String insertGuild = DiscordEvents.guild();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long insertStart = System.nanoTime();
        long insertedRows = 0;
        for (int from = 0; from < MESSAGES; from += ROWS_PER_INSERT) {
            Map<String, Integer> perUser = new java.util.TreeMap<>();
            List<UUID> ids = new ArrayList<>();
            List<String> commandUsers = new ArrayList<>();
            for (int i = from; i < Math.min(MESSAGES, from + ROWS_PER_INSERT); i++) {
                perUser.merge(users.get(i % USERS), 1, Integer::sum);
                if (i % MESSAGES_PER_COMMAND == 0) {
                    ids.add(UUID.randomUUID());
                    commandUsers.add(users.get(i % USERS));
                }
            }
            int n = perUser.size();
            String[] guilds = new String[n];
            java.util.Arrays.fill(guilds, insertGuild);
            String[] keys = perUser.keySet().toArray(String[]::new);
            Integer[] counts = perUser.values().toArray(Integer[]::new);
            Integer[] zeros = new Integer[n];
            Integer[] ones = new Integer[n];
            OffsetDateTime[] times = new OffsetDateTime[n];
            java.util.Arrays.fill(zeros, 0);
            java.util.Arrays.fill(ones, 1);
            java.util.Arrays.fill(times, now);
            Integer[] xp = java.util.Arrays.stream(counts).map(c -> c * 10).toArray(Integer[]::new);
            rows("""
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
                      last_active = EXCLUDED.last_active""",
                    guilds, keys, counts, zeros, zeros, ones, times, times);
            rows("""
                    INSERT INTO reputation AS r (guild_id, user_id, xp, level, messages_count, last_xp_gain)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::timestamptz[])
                    ON CONFLICT (guild_id, user_id) DO UPDATE SET
                      xp = r.xp + EXCLUDED.xp,
                      level = GREATEST(r.level, EXCLUDED.level),
                      messages_count = r.messages_count + EXCLUDED.messages_count,
                      last_xp_gain = GREATEST(r.last_xp_gain, EXCLUDED.last_xp_gain)""",
                    guilds, keys, xp, zeros, counts, times);
            rows("INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at) "
                    + "SELECT id, $1, u, 'rank', $4, $5 FROM unnest($2::uuid[], $3::text[]) AS v(id, u) "
                    + "ON CONFLICT (id) DO NOTHING",
                    insertGuild, ids.toArray(UUID[]::new), commandUsers.toArray(String[]::new),
                    DiscordEvents.CHANNEL_ID, now);
            insertedRows += 2L * n + ids.size();
        }
        double insertRate = events / ((System.nanoTime() - insertStart) / 1e9);
        double insertRowRate = insertedRows / ((System.nanoTime() - insertStart) / 1e9);
        assertThat(count("SELECT sum(messages_sent) FROM user_stats WHERE guild_id = $1", insertGuild))
                .isEqualTo(MESSAGES);
        assertThat(count("SELECT count(*) FROM command_usage WHERE guild_id = $1", insertGuild))
                .isEqualTo(interactions);
        System.out.printf("IngestBenchmark: %d messages from %d users + %d interactions (command answers); published "
                + "in %.2f s, all counted %.2f s after the last was published; ingest (Kafka → consumers → "
                + "user_stats + reputation + command_usage, claims included) %.0f events/s (%d rows); multi-row "
                + "INSERT of the same rows into the same tables (1000 messages per statement) %.0f events/s "
                + "(%.0f rows/s); ingest / INSERT = %.0f %%%n", MESSAGES, USERS, interactions,
                (published - start) / 1e9, (ingested - published) / 1e9, ingestRate, ingestRows, insertRate,
                insertRowRate, 100 * ingestRate / insertRate);
        assertThat(count("SELECT sum(messages_count) FROM reputation WHERE guild_id = $1", guild)).isPositive();
    }

    /**
     * Lag at a steady rate ({@code volvox.benchmark.rate}, default 5,000 msgs/s, for 10 s): from each message's
     * {@code occurredAt} (set when it is sent) to its claim in {@code processed_events} ({@code processed_at}, the
     * start of the batch's transaction, so up to one batch's duration before its commit).
     */
    @Test
    void lagAtASteadyRate() throws Exception {
        int rate = Integer.getInteger("volvox.benchmark.rate", 5_000);
        int seconds = 10;
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        configure(guild, "reputation", "{\"enabled\": true}");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(DiscordEvents.snowflake());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        List<String> ids = new ArrayList<>();
        int total = rate * seconds;
        int perTick = rate / 100; // every 10 ms
        try (var producer = new KafkaProducer<String, Object>(props, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            long start = System.nanoTime();
            for (int sent = 0; sent < total; sent += perTick) {
                long due = start + (sent / perTick) * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // sleeping, not spinning: a spinning sender would take one of the machine's two cores
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                for (int i = sent; i < Math.min(total, sent + perTick); i++) {
                    DiscordEvent event = message(guild, users.get(i % USERS), "steady message number " + i,
                            Instant.now());
                    ids.add(event.id());
                    sentAt.put(event.id(), event.occurredAt());
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
                }
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> count(
                "SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild) == total);
        String sql = """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l) AS p50,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY l) AS p99, max(l) AS worst
                  FROM (SELECT extract(epoch FROM p.processed_at - s.occurred_at) AS l
                          FROM processed_events p
                          JOIN (SELECT id, occurred_at FROM unnest($1::text[], $2::timestamptz[]) AS x(id, occurred_at)
                                 OFFSET $3) s ON s.id = p.event_id
                         WHERE p.consumer = 'analytics-service:activity') AS lags""";
        var all = rows(sql, ids.toArray(String[]::new), occurredAt(ids), 0).get(0);
        // the first seconds include the JVM's warm-up (the first batch takes ~0.8 s): the second half alone
        var warm = rows(sql, ids.toArray(String[]::new), occurredAt(ids), total / 2).get(0);
        System.out.printf("IngestBenchmark: steady %d msgs/s for %d s (%d messages): lag from send to claim p50 "
                + "%.0f ms, p99 %.0f ms, max %.0f ms; second half only: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                rate, seconds, total, 1000 * all.getDouble("p50"), 1000 * all.getDouble("p99"),
                1000 * all.getDouble("worst"), 1000 * warm.getDouble("p50"), 1000 * warm.getDouble("p99"),
                1000 * warm.getDouble("worst"));
    }

    private final Map<String, Instant> sentAt = new java.util.concurrent.ConcurrentHashMap<>();

    private java.time.OffsetDateTime[] occurredAt(List<String> ids) {
        return ids.stream().map(id -> sentAt.get(id).atOffset(java.time.ZoneOffset.UTC))
                .toArray(java.time.OffsetDateTime[]::new);
    }
}
