package bot.volvox.gateway.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.kafka.ProcessedEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two replicas racing on one action id, with the other replica's transaction held open by hand, so the race happens
 * every time: a claim that waits on the other's insert, and an outcome written while another is being written.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ProcessedEventsRaceTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CONSUMER = "race-test";

    @Inject
    ProcessedEvents processed;

    @Inject
    Pool pool;

    @Test
    void aClaimWaitingOnAnotherReplicasClaimSeesItAsARepeat() {
        String id = UUID.randomUUID().toString();
        SqlConnection other = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction transaction = other.begin().await().atMost(WAIT);
            other.preparedQuery("INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)")
                    .execute(Tuple.of(CONSUMER, id)).await().atMost(WAIT);

            CompletableFuture<ProcessedEvents.Claim> claim = processed.claim(CONSUMER, id)
                    .subscribeAsCompletionStage().toCompletableFuture();
            awaitSomeoneWaitingOnALock();
            transaction.commit().await().atMost(WAIT);

            ProcessedEvents.Claim result = claim.join();
            assertThat(result.first()).isFalse();
            assertThat(result.outcome()).isNull();
        } finally {
            other.close().await().atMost(WAIT);
        }
    }

    @Test
    void theFirstOutcomeWinsAndTheLoserLearnsIt() {
        String id = UUID.randomUUID().toString();
        assertThat(processed.claim(CONSUMER, id).await().atMost(WAIT).first()).isTrue();

        assertThat(processed.recordOutcome(CONSUMER, id, "{\"status\":\"OK\"}").await().atMost(WAIT)).isEmpty();
        Optional<String> loser = processed.recordOutcome(CONSUMER, id, "{\"status\":\"FAILED_TRANSIENT\"}")
                .await().atMost(WAIT);

        assertThat(loser).hasValueSatisfying(earlier -> assertThat(new JsonObject(earlier).getString("status"))
                .isEqualTo("OK"));
        assertThat(processed.claim(CONSUMER, id).await().atMost(WAIT).outcome()).contains("\"OK\"");
    }

    @Test
    void anOutcomeWrittenWhileAnotherCommitsLosesToIt() {
        String id = UUID.randomUUID().toString();
        processed.claim(CONSUMER, id).await().atMost(WAIT);
        SqlConnection other = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction transaction = other.begin().await().atMost(WAIT);
            other.preparedQuery("UPDATE processed_events SET outcome = $3 WHERE consumer = $1 AND event_id = $2")
                    .execute(Tuple.of(CONSUMER, id, new JsonObject().put("status", "FAILED_TRANSIENT")))
                    .await().atMost(WAIT);

            CompletableFuture<Optional<String>> late = processed.recordOutcome(CONSUMER, id, "{\"status\":\"OK\"}")
                    .subscribeAsCompletionStage().toCompletableFuture();
            awaitSomeoneWaitingOnALock();
            transaction.commit().await().atMost(WAIT);

            assertThat(late.join()).hasValueSatisfying(earlier ->
                    assertThat(new JsonObject(earlier).getString("status")).isEqualTo("FAILED_TRANSIENT"));
        } finally {
            other.close().await().atMost(WAIT);
        }
    }

    private void awaitSomeoneWaitingOnALock() {
        await().atMost(WAIT).until(() -> pool.query("""
                SELECT count(*) AS waiting FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%processed_events%'""")
                .execute().await().atMost(WAIT).iterator().next().getLong("waiting") > 0);
    }
}
