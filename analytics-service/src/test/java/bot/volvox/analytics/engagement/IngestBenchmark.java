package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Printed numbers, not a timed test (tag {@code benchmark}: {@code -Pbenchmarks -Dtest=IngestBenchmark}): messages per
 * second from {@code discord.message} into {@code user_stats} and {@code reputation} through the batch consumer
 * (claims included), beside a plain multi-row upsert of the same counts into {@code user_stats} in the same run.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class IngestBenchmark extends AnalyticsTestBase {
    private static final int MESSAGES = Integer.getInteger("volvox.benchmark.messages", 20_000);
    private static final int USERS = 500;
    private static final int ROWS_PER_INSERT = 1000;

    @Test
    void ingestRateBesideAMultiRowInsert() throws Exception {
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
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<String, Object>(props, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            for (int i = 0; i < MESSAGES; i++) {
                DiscordEvent event = message(guild, users.get(i % USERS), "benchmark message number " + i,
                        Instant.now());
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
            }
            producer.flush();
        }
        long published = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> count(
                "SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild) == MESSAGES);
        long ingested = System.nanoTime();
        double ingestRate = MESSAGES / ((ingested - start) / 1e9);

        // the same counts written straight into user_stats: multi-row upserts of 1000 messages each
        String baselineGuild = DiscordEvents.guild();
        long baselineStart = System.nanoTime();
        for (int from = 0; from < MESSAGES; from += ROWS_PER_INSERT) {
            Map<String, Integer> perUser = new HashMap<>();
            for (int i = from; i < Math.min(MESSAGES, from + ROWS_PER_INSERT); i++) {
                perUser.merge(users.get(i % USERS), 1, Integer::sum);
            }
            rows("""
                    INSERT INTO user_stats AS s (guild_id, user_id, messages_sent)
                    SELECT $1, u, n FROM unnest($2::text[], $3::int[]) AS v(u, n)
                    ON CONFLICT (guild_id, user_id) DO UPDATE SET messages_sent = s.messages_sent + EXCLUDED.messages_sent""",
                    baselineGuild, perUser.keySet().toArray(String[]::new), perUser.values().toArray(Integer[]::new));
        }
        double baselineRate = MESSAGES / ((System.nanoTime() - baselineStart) / 1e9);

        // the same database work as the consumer's, without Kafka: per 1000 messages a multi-row INSERT of their
        // claims (one row per message), then the user_stats and reputation upserts
        String claimGuild = DiscordEvents.guild();
        long claimsStart = System.nanoTime();
        for (int from = 0; from < MESSAGES; from += ROWS_PER_INSERT) {
            List<String> ids = new ArrayList<>();
            Map<String, Integer> perUser = new HashMap<>();
            for (int i = from; i < Math.min(MESSAGES, from + ROWS_PER_INSERT); i++) {
                ids.add(claimGuild + ":" + i);
                perUser.merge(users.get(i % USERS), 1, Integer::sum);
            }
            rows("INSERT INTO processed_events (consumer, event_id) SELECT 'ingest-benchmark', id "
                    + "FROM unnest($1::text[]) AS id ON CONFLICT DO NOTHING", (Object) ids.toArray(String[]::new));
            String[] keys = perUser.keySet().toArray(String[]::new);
            Integer[] counts = perUser.values().toArray(Integer[]::new);
            rows("""
                    INSERT INTO user_stats AS s (guild_id, user_id, messages_sent)
                    SELECT $1, u, n FROM unnest($2::text[], $3::int[]) AS v(u, n)
                    ON CONFLICT (guild_id, user_id) DO UPDATE SET messages_sent = s.messages_sent + EXCLUDED.messages_sent""",
                    claimGuild, keys, counts);
            rows("""
                    INSERT INTO reputation AS r (guild_id, user_id, xp, messages_count)
                    SELECT $1, u, n * 10, n FROM unnest($2::text[], $3::int[]) AS v(u, n)
                    ON CONFLICT (guild_id, user_id) DO UPDATE SET xp = r.xp + EXCLUDED.xp,
                      messages_count = r.messages_count + EXCLUDED.messages_count""",
                    claimGuild, keys, counts);
        }
        double claimsRate = MESSAGES / ((System.nanoTime() - claimsStart) / 1e9);
        rows("DELETE FROM processed_events WHERE consumer = 'ingest-benchmark'");

        // raw row writes, one row per message, into command_usage (where interactions end): multi-row INSERTs of
        // 1000 rows, then COPY FROM STDIN of the same number of rows (the fastest way PostgreSQL takes rows)
        String insertGuild = DiscordEvents.guild();
        long insertStart = System.nanoTime();
        for (int from = 0; from < MESSAGES; from += ROWS_PER_INSERT) {
            int n = Math.min(ROWS_PER_INSERT, MESSAGES - from);
            java.util.UUID[] ids = new java.util.UUID[n];
            String[] userIds = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = java.util.UUID.randomUUID();
                userIds[i] = users.get((from + i) % USERS);
            }
            rows("INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at) "
                    + "SELECT id, $1, u, 'rank', '1', now() FROM unnest($2::uuid[], $3::text[]) AS v(id, u)",
                    insertGuild, ids, userIds);
        }
        double insertRate = MESSAGES / ((System.nanoTime() - insertStart) / 1e9);
        String copyGuild = DiscordEvents.guild();
        long copyStart = System.nanoTime();
        try (java.sql.Connection jdbc = jdbc()) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < MESSAGES; i++) {
                csv.append(java.util.UUID.randomUUID()).append(',').append(copyGuild).append(',')
                        .append(users.get(i % USERS)).append(",rank,1,2026-12-04T00:00:00Z\n");
            }
            jdbc.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "COPY command_usage (id, guild_id, user_id, command_name, channel_id, used_at) FROM STDIN "
                            + "WITH (FORMAT csv)", new java.io.StringReader(csv.toString()));
        }
        double copyRate = MESSAGES / ((System.nanoTime() - copyStart) / 1e9);
        assertThat(count("SELECT count(*) FROM command_usage WHERE guild_id = $1", copyGuild)).isEqualTo(MESSAGES);
        System.out.printf("IngestBenchmark: raw rows into command_usage, one per message: multi-row INSERT (1000 per "
                + "statement) %.0f rows/s, COPY %.0f rows/s; the consumer's ingest is %.0f %% of the multi-row "
                + "INSERT and %.0f %% of COPY%n", insertRate, copyRate, 100 * ingestRate / insertRate,
                100 * ingestRate / copyRate);
        assertThat(count("SELECT sum(messages_sent) FROM user_stats WHERE guild_id = $1", baselineGuild))
                .isEqualTo(MESSAGES);
        System.out.printf("IngestBenchmark: %d messages from %d users; published in %.2f s, all counted %.2f s after "
                + "the last was published; ingested (Kafka → batch consumer → user_stats + reputation, claims "
                + "included) at %.0f msgs/s from the first publish; multi-row upsert of the same counts into "
                + "user_stats alone (1000 messages per statement) at %.0f msgs/s (ratio %.0f %%); the consumer's "
                + "database work without Kafka (multi-row INSERT of 1000 claims + both upserts) at %.0f msgs/s "
                + "(ratio %.0f %%)%n", MESSAGES, USERS, (published - start) / 1e9, (ingested - published) / 1e9,
                ingestRate, baselineRate, 100 * ingestRate / baselineRate, claimsRate, 100 * ingestRate / claimsRate);
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

    /** A JDBC connection to the test database (DATABASE_URL: postgresql://user:password@host:port/db). */
    private static java.sql.Connection jdbc() throws java.sql.SQLException {
        java.net.URI url = java.net.URI.create(ConfigProvider.getConfig().getValue("DATABASE_URL", String.class));
        String[] credentials = url.getUserInfo().split(":", 2);
        Properties props = new Properties();
        props.setProperty("user", credentials[0]);
        props.setProperty("password", credentials[1]);
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + url.getHost() + ":" + url.getPort()
                + url.getPath(), props);
    }

    private final Map<String, Instant> sentAt = new java.util.concurrent.ConcurrentHashMap<>();

    private java.time.OffsetDateTime[] occurredAt(List<String> ids) {
        return ids.stream().map(id -> sentAt.get(id).atOffset(java.time.ZoneOffset.UTC))
                .toArray(java.time.OffsetDateTime[]::new);
    }
}
