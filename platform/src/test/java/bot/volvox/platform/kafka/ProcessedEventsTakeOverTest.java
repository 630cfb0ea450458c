package bot.volvox.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bot.volvox.platform.testing.PlatformStack;
import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Taking over an abandoned claim (no outcome, older than the caller's bound) against PostgreSQL: of deliveries racing
 * for it, exactly one wins. The race is forced: the row is locked by another transaction while every take-over is
 * sent, so all of them are in flight when it is released.
 */
@QuarkusTest
@QuarkusTestResource(PlatformStackResource.class)
class ProcessedEventsTakeOverTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(3);
    static final String CONSUMER = "take-over-test";
    /** Within the pool (PG_POOL_SIZE, 5 by default), so every racer has its own connection. */
    static final int RACERS = 4;

    @Inject
    ProcessedEvents processed;

    @Inject
    Pool pool;

    @BeforeEach
    void table() {
        // platform's test database has no migrations: the table as db-migrations changeset 016 creates it
        pool.query("""
                CREATE TABLE IF NOT EXISTS processed_events (consumer text NOT NULL, event_id text NOT NULL,
                  processed_at timestamptz NOT NULL DEFAULT now(), outcome jsonb,
                  CONSTRAINT processed_events_pkey PRIMARY KEY (consumer, event_id))""").execute().await().atMost(WAIT);
    }

    @Test
    void ofConcurrentTakeOversOfOneAbandonedClaimExactlyOneWins() throws SQLException {
        String id = abandonedClaim();
        List<CompletableFuture<ProcessedEvents.Claim>> racers;
        // the lock holder and the observer on connections of their own: the racers take the pool
        try (Connection other = database(); Connection observer = database()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ? FOR UPDATE")) {
                lock.setString(1, CONSUMER);
                lock.setString(2, id);
                lock.executeQuery().close();
            }
            racers = IntStream.range(0, RACERS).mapToObj(i -> processed.claim(CONSUMER, id, ABANDONED_AFTER)
                    .subscribeAsCompletionStage().toCompletableFuture()).toList();
            // every take-over queued on the row (one that does not lock it finishes instead)
            await().atMost(WAIT).until(() -> racers.stream().allMatch(CompletableFuture::isDone)
                    || waitingOnALock(observer) >= RACERS);
            other.commit();
        }

        List<ProcessedEvents.Claim> claims = racers.stream().map(CompletableFuture::join).toList();
        assertThat(claims).filteredOn(ProcessedEvents.Claim::first).singleElement()
                .satisfies(winner -> assertThat(winner.takenOver()).isTrue());
        // the losers see the winner's fresh claim, not the abandoned one: they wait for its outcome
        assertThat(claims).filteredOn(claim -> !claim.first()).allSatisfy(claim -> {
            assertThat(claim.outcome()).isNull();
            assertThat(claim.claimedAt()).isAfter(java.time.Instant.now().minus(ABANDONED_AFTER));
        });
        assertThat(processed.claim(CONSUMER, id, ABANDONED_AFTER).await().atMost(WAIT).first()).isFalse();
    }

    @Test
    void aClaimWithAnOutcomeOrYoungerThanTheBoundIsNeverTakenOver() {
        String finished = abandonedClaim();
        pool.preparedQuery("UPDATE processed_events SET outcome = $3 WHERE consumer = $1 AND event_id = $2")
                .execute(Tuple.of(CONSUMER, finished, new JsonObject().put("status", "OK"))).await().atMost(WAIT);
        ProcessedEvents.Claim repeat = processed.claim(CONSUMER, finished, ABANDONED_AFTER).await().atMost(WAIT);
        assertThat(repeat.first()).isFalse();
        assertThat(repeat.outcome()).contains("\"OK\"");

        String running = UUID.randomUUID().toString();
        ProcessedEvents.Claim fresh = processed.claim(CONSUMER, running, ABANDONED_AFTER).await().atMost(WAIT);
        assertThat(fresh.first()).isTrue();
        assertThat(fresh.takenOver()).isFalse();
        assertThat(processed.claim(CONSUMER, running, ABANDONED_AFTER).await().atMost(WAIT).first()).isFalse();
    }

    private String abandonedClaim() {
        String id = UUID.randomUUID().toString();
        pool.preparedQuery("""
                INSERT INTO processed_events (consumer, event_id, processed_at)
                VALUES ($1, $2, now() - interval '1 hour')""").execute(Tuple.of(CONSUMER, id)).await().atMost(WAIT);
        return id;
    }

    private static Connection database() throws SQLException {
        return PlatformStack.postgres().connect(PlatformStackResource.DATABASE);
    }

    private static long waitingOnALock(Connection observer) throws SQLException {
        try (Statement statement = observer.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%processed_events%'""")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
