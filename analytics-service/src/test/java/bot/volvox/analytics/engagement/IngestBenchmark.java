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
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import bot.volvox.analytics.commands.CommandUsage;
import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Printed numbers, not a timed test (tag {@code benchmark}: {@code -Pbenchmarks -Dtest=IngestBenchmark}): events per
 * second from {@code discord.message} and command answers (moderation-service's {@code discord.action-result.moderation-service}, one per ten messages) into
 * {@code user_stats}, {@code reputation} and {@code command_usage} through the consumers (idempotency included: offset marks and command ids), beside
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
        int events = MESSAGES + interactions;
        // Live: the test's producer and the consumers at once, so the producer's own rate bounds this figure.
        long start = System.nanoTime();
        publish(guild, users);
        long published = System.nanoTime();
        awaitCounted(guild, interactions);
        long ingested = System.nanoTime();
        double ingestRate = events / ((ingested - start) / 1e9);
        long ingestRows = count("SELECT count(*) FROM user_stats WHERE guild_id = $1", guild)
                + count("SELECT count(*) FROM reputation WHERE guild_id = $1", guild) + interactions;

        // Backlog: the same burst for another guild published while the two consumers are paused, then consumed
        // from Kafka on resume: the consumers' own rate, Kafka → tables, which the producer does not bound.
        String backlogGuild = DiscordEvents.guild();
        configure(backlogGuild, "engagement", "{\"enabled\": true}");
        configure(backlogGuild, "reputation", "{\"enabled\": true}");
        List<PausableChannel> paused = List.of(channels.getPausable("messages"),
                channels.getPausable("action-results"));
        paused.forEach(PausableChannel::pause);
        publish(backlogGuild, users);
        long resumed = System.nanoTime();
        paused.forEach(PausableChannel::resume);
        awaitCounted(backlogGuild, interactions);
        double backlogRate = events / ((System.nanoTime() - resumed) / 1e9);

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
            // the consumers' own statements (one source, so the baseline cannot drift from them)
            rows(ActivityStore.UPSERT_USER_STATS, guilds, keys, counts, zeros, zeros, ones, times, times);
            rows(ActivityStore.UPSERT_REPUTATION, guilds, keys, xp, zeros, counts, times);
            int m = ids.size();
            String[] commandGuilds = new String[m];
            String[] names = new String[m];
            String[] channels = new String[m];
            OffsetDateTime[] usedAt = new OffsetDateTime[m];
            java.util.Arrays.fill(commandGuilds, insertGuild);
            java.util.Arrays.fill(names, "rank");
            java.util.Arrays.fill(channels, DiscordEvents.CHANNEL_ID);
            java.util.Arrays.fill(usedAt, now);
            rows(CommandUsage.INSERT_ROWS, ids.toArray(UUID[]::new), commandGuilds,
                    commandUsers.toArray(String[]::new), names, channels, usedAt);
            insertedRows += 2L * n + ids.size();
        }
        double insertRate = events / ((System.nanoTime() - insertStart) / 1e9);
        double insertRowRate = insertedRows / ((System.nanoTime() - insertStart) / 1e9);
        assertThat(count("SELECT sum(messages_sent) FROM user_stats WHERE guild_id = $1", insertGuild))
                .isEqualTo(MESSAGES);
        assertThat(count("SELECT count(*) FROM command_usage WHERE guild_id = $1", insertGuild))
                .isEqualTo(interactions);
        System.out.printf("IngestBenchmark: %d messages from %d users + %d interactions (command answers); live: "
                + "published in %.2f s, all counted %.2f s after the last was published, ingest (producer → Kafka → "
                + "consumers → user_stats + reputation + command_usage, idempotency included) %.0f events/s (%d "
                + "rows); backlog (published while paused, then consumed): %.0f events/s; multi-row INSERT of the "
                + "same rows into the same tables (1000 messages per statement) %.0f events/s (%.0f rows/s); "
                + "live / INSERT = %.0f %%, backlog / INSERT = %.0f %%%n", MESSAGES, USERS, interactions,
                (published - start) / 1e9, (ingested - published) / 1e9, ingestRate, ingestRows, backlogRate,
                insertRate, insertRowRate, 100 * ingestRate / insertRate, 100 * backlogRate / insertRate);
        assertThat(count("SELECT sum(messages_count) FROM reputation WHERE guild_id = $1", guild)).isPositive();
    }

    @Inject
    ChannelRegistry channels;

    private static void publish(String guild, List<String> users) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (var producer = new KafkaProducer<String, Object>(props, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            for (int i = 0; i < MESSAGES; i++) {
                DiscordEvent event = message(guild, users.get(i % USERS), "benchmark message number " + i,
                        Instant.now());
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
                if (i % MESSAGES_PER_COMMAND == 0) {
                    // an interaction reaches command_usage as the result of its answer (see CommandUsage)
                    ActionResult result = answered(guild, users.get(i % USERS), "rank", true);
                    producer.send(new ProducerRecord<>(result.topic(), result.key(), result));
                }
            }
            producer.flush();
        }
    }

    private void awaitCounted(String guild, int interactions) {
        // polled every 10 ms: at 100 ms the wait alone was up to a tenth of a 20,000-message run
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(() -> count(
                "SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild) == MESSAGES
                && count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == interactions);
    }

    /**
     * Lag at a steady rate ({@code volvox.benchmark.rate}, default 5,000 msgs/s, for 10 s): from each message's send
     * to the moment its count is visible (committed) in {@code user_stats}. A poller reads the guild's count every
     * 20 ms; the messages of one guild share a partition (the key is the guild id) and are applied in order, so the
     * count reaching k means the first k messages are applied (up to one poll late).
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
        int total = rate * seconds;
        int perTick = rate / 100; // every 10 ms
        long[] sent = new long[total];
        List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>()); // {nanoTime, count}
        Thread poller = new Thread(() -> {
            long seen = 0;
            while (seen < total && !Thread.currentThread().isInterrupted()) {
                seen = count("SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild);
                samples.add(new long[] { System.nanoTime(), seen });
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }, "lag-poller");
        poller.start();
        try (var producer = new KafkaProducer<String, Object>(props, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            long start = System.nanoTime();
            for (int from = 0; from < total; from += perTick) {
                long due = start + (from / perTick) * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // sleeping, not spinning: a spinning sender would take one of the machine's two cores
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                for (int i = from; i < Math.min(total, from + perTick); i++) {
                    DiscordEvent event = message(guild, users.get(i % USERS), "steady message number " + i,
                            Instant.now());
                    sent[i] = System.nanoTime();
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
                }
            }
            producer.flush();
        }
        poller.join(Duration.ofMinutes(5).toMillis());
        assertThat(samples.get(samples.size() - 1)[1]).isEqualTo(total);
        double[] lags = new double[total];
        int sample = 0;
        for (int i = 0; i < total; i++) {
            while (samples.get(sample)[1] < i + 1) {
                sample++;
            }
            lags[i] = (samples.get(sample)[0] - sent[i]) / 1e6;
        }
        double[] warm = java.util.Arrays.copyOfRange(lags, total / 2, total);
        java.util.Arrays.sort(lags);
        java.util.Arrays.sort(warm);
        System.out.printf("IngestBenchmark: steady %d msgs/s for %d s (%d messages): lag from send to committed count "
                + "(polled every 20 ms) p50 %.0f ms, p99 %.0f ms, max %.0f ms; second half only: p50 %.0f ms, "
                + "p99 %.0f ms, max %.0f ms%n", rate, seconds, total, percentile(lags, 0.5), percentile(lags, 0.99),
                lags[total - 1], percentile(warm, 0.5), percentile(warm, 0.99), warm[warm.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
