package bot.volvox.scheduler;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.scheduler.ActionTap.Seen;
import bot.volvox.scheduler.claims.ClaimEngine;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Not a test: {@code ./mvnw -B -ntp -pl scheduler-service -am -Pbench -Dtest=ClaimBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false test} prints how 10,000 items due in the same second are delivered by 1
 * and by 3 claim loops (each on a pool of its own, in this JVM): time until the last action is on
 * {@code discord.action} (its producer timestamp), lateness percentiles, duplicates, and the machine's load average
 * (1 min) at the end of each burst. A smaller burst first warms the JVM and the Kafka producer (a running service has
 * both warm), and is printed as such.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ClaimBenchmark {
    static final int ITEMS = Integer.getInteger("bench.items", 10_000);
    static final int WARM_UP_ITEMS = Integer.getInteger("bench.warm-up-items", 1_000);

    @Inject
    Pool pool;

    @Test
    void tenThousandItemsDueInTheSameSecond() {
        ClaimEngine own = SchedulerTestSupport.loop().engine();
        own.stop().await().atMost(Duration.ofSeconds(10));
        try {
            run("warm-up", 1, WARM_UP_ITEMS);
            run("measured", 1, ITEMS);
            run("measured", 3, ITEMS);
        } finally {
            own.start();
        }
    }

    private void run(String label, int replicas, int items) {
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
            SchedulerTestSupport.loop().wake();

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> seen(prefix).size() >= items);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);

            List<Seen> seen = seen(prefix);
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long distinct = seen.stream().map(s -> s.action().actionId()).distinct().count();
            long[] lateness = seen.stream().mapToLong(s -> Duration.between(due, s.sentAt()).toMillis()).sorted().toArray();
            long executed = db.row("SELECT count(*) AS n FROM mod_scheduled_actions WHERE guild_id LIKE $1 || '%' AND executed",
                    prefix).getLong("n");
            System.out.printf("%n[bench] %s: %d item(s) due at once, %d replica(s): last action on discord.action %d ms after"
                    + " the due time; lateness p50 %d ms, p99 %d ms, max %d ms; actions %d, distinct %d, duplicates %d;"
                    + " rows executed %d; machine load average %.2f on %d cores%n%n", label, items, replicas,
                    lateness[lateness.length - 1], lateness[lateness.length / 2],
                    lateness[(int) Math.ceil(lateness.length * 0.99) - 1], lateness[lateness.length - 1], seen.size(),
                    distinct, seen.size() - distinct, executed, os.getSystemLoadAverage(), os.getAvailableProcessors());
        } finally {
            engines.forEach(engine -> engine.stop().await().atMost(Duration.ofSeconds(30)));
            pools.forEach(p -> p.close().await().atMost(Duration.ofSeconds(10)));
        }
    }

    private static List<Seen> seen(String prefix) {
        return ActionTap.get().matching(action -> action.guildId() != null && action.guildId().startsWith(prefix));
    }
}
