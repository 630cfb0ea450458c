package bot.volvox.scheduler;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;
import bot.volvox.platform.testing.discord.KafkaGateway.Seen;
import bot.volvox.platform.testing.discord.KafkaGateway;
import bot.volvox.scheduler.claims.ClaimEngine;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static org.awaitility.Awaitility.await;

/**
 * A benchmark (tag {@code benchmark}, never run by the test command): {@code ./mvnw -B -ntp -pl scheduler-service -am
 * -Pbenchmarks -Dsurefire.failIfNoSpecifiedTests=false verify} prints how 10,000 items due in the same second are delivered by 1
 * and by 3 claim loops (each on a pool of its own, in this JVM): time until the last action is on
 * {@code discord.action} (its producer timestamp), lateness percentiles, duplicates, and the machine's load average
 * (1 min) at the end of each burst. A smaller burst first warms the JVM and the Kafka producer (a running service has
 * both warm), and is printed as such. The baseline, measured in the same run, is a plain KafkaProducer publishing the
 * same number of actions on the same broker: the floor of "the last action is on Kafka".
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class ClaimBenchmark {
    static final int ITEMS = Integer.getInteger("bench.items", 10_000);
    static final int WARM_UP_ITEMS = Integer.getInteger("bench.warm-up-items", 1_000);
    /** The loop counts to measure, e.g. {@code -Dbench.loops=3} for only the scaled-out case of a large burst. */
    static final List<Integer> LOOPS = java.util.Arrays.stream(System.getProperty("bench.loops", "1,3").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    /** A burst is given at least 3 minutes, and 2 ms per item beyond that (a 100,000-item burst on a loaded machine). */
    static final Duration PATIENCE = Duration.ofMillis(Math.max(180_000, 2L * ITEMS));

    @Inject
    Pool pool;

    @Test
    void tenThousandItemsDueInTheSameSecond() {
        ClaimEngine own = SchedulerTestSupport.loop().engine();
        own.stop().await().atMost(Duration.ofSeconds(10));
        try {
            plainProducerMillis(WARM_UP_ITEMS);
            long baseline = plainProducerMillis(ITEMS);
            System.out.printf("%n[bench] baseline: a plain KafkaProducer publishes and acks %d actions in %d ms%n",
                    ITEMS, baseline);
            run("warm-up", 1, WARM_UP_ITEMS, 0);
            for (int loops : LOOPS) {
                run("measured", loops, ITEMS, baseline);
            }
        } finally {
            own.start();
        }
    }

    private void run(String label, int replicas, int items, long baselineMillis) {
        List<Pool> pools = new ArrayList<>();
        List<ClaimEngine> engines = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Pool replicaPool = SchedulerTestSupport.newPool(5);
            pools.add(replicaPool);
            engines.add(SchedulerTestSupport.startReplica(replicaPool, "bench-" + replicas + "-" + i));
        }
        String prefix = "bench" + replicas + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Db db = new Db(pool);
        try {
            db.rows("""
                    INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at)
                    SELECT $1 || (i % 100), 'unban', 'user' || i, date_trunc('second', now()) + interval '4 seconds'
                      FROM generate_series(1, $2::int) AS i""", prefix, items);
            Instant due = db.row("SELECT min(execute_at) AS due FROM mod_scheduled_actions WHERE guild_id LIKE $1 || '%'",
                    prefix).getOffsetDateTime("due").toInstant();
            // the loops complete a row only after its action is acked, so the rows say when all is on Kafka; the
            // stand-in gateway reads discord.action only then, off the measured CPU
            KafkaGateway.get().reading(false);
            SchedulerTestSupport.loop().wake();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> executed(db, prefix) >= items);
            KafkaGateway.get().reading(true);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> seen(prefix).size() >= items);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);

            List<Seen> seen = seen(prefix);
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long distinct = seen.stream().map(s -> s.action().actionId()).distinct().count();
            long[] lateness = seen.stream().mapToLong(s -> Duration.between(due, s.sentAt()).toMillis()).sorted().toArray();
            long executed = executed(db, prefix);
            System.out.printf("%n[bench] %s: %d item(s) due at once, %d replica(s): last action on discord.action %d ms after"
                    + " the due time; lateness p50 %d ms, p99 %d ms, max %d ms; actions %d, distinct %d, duplicates %d;"
                    + " rows executed %d; machine load average %.2f on %d cores%s%n%n", label, items, replicas,
                    lateness[lateness.length - 1], lateness[lateness.length / 2],
                    lateness[(int) Math.ceil(lateness.length * 0.99) - 1], lateness[lateness.length - 1], seen.size(),
                    distinct, seen.size() - distinct, executed, os.getSystemLoadAverage(), os.getAvailableProcessors(),
                    baselineMillis <= 0 ? "" : String.format("; ratio to the plain-producer baseline %.1fx",
                            (double) lateness[lateness.length - 1] / baselineMillis));
        } finally {
            KafkaGateway.get().reading(true);
            engines.forEach(engine -> engine.stop().await().atMost(Duration.ofSeconds(30)));
            pools.forEach(p -> p.close().await().atMost(Duration.ofSeconds(10)));
        }
    }

    /** How long a plain producer takes to publish {@code count} actions of the same shape and have them acked. */
    private static long plainProducerMillis(int count) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new VolvoxJsonSerializer())) {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                DiscordAction action = DiscordAction.of(UUID.randomUUID(), "baseline" + (i % 100), "Tempban expired",
                        new Origin("scheduler-service", "mod_scheduled_actions:" + i),
                        new ActionParams.Unban("user" + i));
                acks.add(producer.send(new ProducerRecord<>("bench.baseline", action.key(), action)));
            }
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
            return (System.nanoTime() - start) / 1_000_000;
        } catch (Exception e) {
            throw new IllegalStateException("baseline producer failed", e);
        }
    }

    private static long executed(Db db, String prefix) {
        return db.row("SELECT count(*) AS n FROM mod_scheduled_actions WHERE guild_id LIKE $1 || '%' AND executed",
                prefix).getLong("n");
    }

    private static List<Seen> seen(String prefix) {
        return KafkaGateway.get().answering(false).records(action -> action.guildId() != null && action.guildId().startsWith(prefix));
    }
}
