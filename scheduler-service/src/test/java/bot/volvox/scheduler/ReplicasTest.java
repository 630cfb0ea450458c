package bot.volvox.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.KafkaGateway.Seen;
import bot.volvox.platform.testing.discord.KafkaGateway;
import bot.volvox.scheduler.claims.ClaimEngine;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two claim loops over the same rows: the application's own and a second one on a pool of its own in the same JVM
 * (a second process would differ only in its JVM). Every item gets exactly one action.
 *
 * <p>With the lease of the other tests (3 s, so that their take-overs happen quickly), a loaded machine can take
 * longer than the lease to emit a batch, and the other replica then rightly takes the rows over and emits them again
 * (same action ids, executed once by the gateway): that is at-least-once, not this test's subject, so it runs with a
 * production-like lease.
 */
@QuarkusTest
@TestProfile(ReplicasTest.ProductionLease.class)
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ReplicasTest {
    public static class ProductionLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("volvox.scheduler.lease", "30S");
        }
    }

    static final int ITEMS = 400;

    @Inject
    Pool pool;

    @Test
    void twoReplicasGiveEachDueItemExactlyOneAction() {
        String prefix = "rep" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Pool otherPool = SchedulerTestSupport.newPool(4);
        ClaimEngine other = SchedulerTestSupport.startReplica(otherPool, "replica-b");
        try {
            Db db = new Db(pool);
            db.rows("""
                    INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at)
                    SELECT $1 || (i % 20), 'unban', 'user' || i, date_trunc('second', now()) + interval '3 seconds'
                      FROM generate_series(1, $2::int) AS i""", prefix, ITEMS);
            Instant dueAt = db.row("SELECT min(execute_at) AS due FROM mod_scheduled_actions WHERE guild_id LIKE $1 || '%'",
                    prefix).getOffsetDateTime("due").toInstant();

            await().atMost(Duration.ofSeconds(15)).until(() -> seen(prefix).size() >= ITEMS);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> seen(prefix).size() == ITEMS);

            List<Seen> seen = seen(prefix);
            assertThat(seen.stream().map(s -> s.action().actionId()).distinct()).hasSize(ITEMS);
            // none early (precision per kind is SchedulerFlowTest's; ClaimBenchmark measures bursts)
            assertThat(seen).allSatisfy(s -> assertThat(s.sentAt()).isAfterOrEqualTo(dueAt.minusMillis(5)));
            await().until(() -> db.row("""
                    SELECT count(*) AS n FROM mod_scheduled_actions WHERE guild_id LIKE $1 || '%' AND executed""",
                    prefix).getLong("n") == ITEMS);
        } finally {
            other.stop().await().atMost(Duration.ofSeconds(10));
            otherPool.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    private static List<Seen> seen(String prefix) {
        return KafkaGateway.get().answering(false).records(action -> action.guildId() != null && action.guildId().startsWith(prefix));
    }
}
