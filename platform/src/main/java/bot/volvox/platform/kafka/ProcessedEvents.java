package bot.volvox.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * "Process once per key", durable and shared by every replica: table {@code processed_events(consumer, event_id,
 * processed_at, outcome)} with primary key (consumer, event_id), created by db-migrations changeset
 * {@code 016_processed-events}. Kafka delivers at least once; a consumer claims each record's id before (or, with
 * {@link #runOnce}, in the same transaction as) its effect, and a repeated delivery finds the claim.
 *
 * <p>There is no Redis fast path: only PostgreSQL is authoritative (a Redis key can vanish on eviction or restart),
 * and the claim is a single primary-key insert, so a Redis check would save no round trip on the first delivery,
 * which is nearly every delivery. Rows older than {@code volvox.idempotency.retention} (default 14 days, twice
 * Kafka's default retention, so no redelivery can outlive its claim) are deleted hourly.
 */
@ApplicationScoped
public class ProcessedEvents {
    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class);

    /**
     * The result of {@link #claim}.
     *
     * @param first true for the first delivery: go ahead
     * @param outcome for a repeat: what the first delivery recorded with {@link #recordOutcome}, or null if it has not
     *        (yet) recorded anything (it is still running, or its process died mid-way)
     * @param claimedAt when the first delivery claimed it: tells a repeat that finds no outcome whether the first one
     *        may still be running
     * @param takenOver with {@code first}: the claim was not new but abandoned, and this delivery took it over
     *        ({@link #claim(String, String, Duration)})
     */
    public record Claim(boolean first, String outcome, Instant claimedAt, boolean takenOver) {
    }

    @Inject
    Pool pool;

    @ConfigProperty(name = "volvox.idempotency.retention", defaultValue = "P14D")
    Duration retention;

    /**
     * Claims {@code eventId} for {@code consumer} (the service name). When another replica's claim of the same id
     * commits while this statement waits on it, the statement's snapshot cannot see that row, so it returns nothing:
     * the claim is then read again in a statement of its own.
     */
    public Uni<Claim> claim(String consumer, String eventId) {
        return pool.preparedQuery("""
                WITH inserted AS (
                  INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
                  ON CONFLICT (consumer, event_id) DO NOTHING
                  RETURNING true AS first)
                SELECT true AS first, NULL::text AS outcome, now() AS claimed_at FROM inserted
                UNION ALL
                SELECT false, outcome::text, processed_at FROM processed_events
                 WHERE consumer = $1 AND event_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)""")
                .execute(Tuple.of(consumer, eventId))
                .flatMap(rows -> rows.size() > 0 ? Uni.createFrom().item(claimOf(rows.iterator().next()))
                        : pool.preparedQuery("""
                                SELECT false AS first, outcome::text AS outcome, processed_at AS claimed_at
                                  FROM processed_events WHERE consumer = $1 AND event_id = $2""")
                                .execute(Tuple.of(consumer, eventId))
                                .map(again -> claimOf(again.iterator().next())));
    }

    /**
     * Like {@link #claim(String, String)}, and a claim without outcome older than {@code abandonedAfter} (its owner
     * died before recording one) is taken over in the same statement: its {@code processed_at} is reset to now and
     * the caller gets {@code first == true}. Deciding "abandoned" from a claim read earlier and then running the work
     * would let every delivery that read it (two replicas after a rebalance, a redelivery racing another) take it over;
     * here the row is locked by the upsert and its condition re-checked on the newest row version, so of concurrent
     * take-overs exactly one matches and the others see a fresh claim held by the winner.
     */
    public Uni<Claim> claim(String consumer, String eventId, Duration abandonedAfter) {
        return pool.preparedQuery("""
                INSERT INTO processed_events AS claimed (consumer, event_id) VALUES ($1, $2)
                ON CONFLICT (consumer, event_id) DO UPDATE SET processed_at = now()
                 WHERE claimed.outcome IS NULL AND claimed.processed_at < now() - make_interval(secs => $3)
                RETURNING now() AS claimed_at, NOT (claimed.xmax = 0) AS taken_over""")
                .execute(Tuple.of(consumer, eventId, abandonedAfter.toMillis() / 1000.0))
                // no row: someone else's claim stands. It is read in a statement of its own, whose snapshot sees the
                // take-over (or first claim) that this statement waited on, not the abandoned row it replaced.
                .flatMap(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Claim(true, null,
                                rows.iterator().next().getOffsetDateTime("claimed_at").toInstant(),
                                rows.iterator().next().getBoolean("taken_over")))
                        : pool.preparedQuery("""
                                SELECT false AS first, outcome::text AS outcome, processed_at AS claimed_at
                                  FROM processed_events WHERE consumer = $1 AND event_id = $2""")
                                .execute(Tuple.of(consumer, eventId))
                                .map(again -> claimOf(again.iterator().next())));
    }

    private static Claim claimOf(Row row) {
        return new Claim(row.getBoolean("first"), row.getString("outcome"),
                row.getOffsetDateTime("claimed_at").toInstant(), false);
    }

    /**
     * Stores what was done (JSON) unless an outcome is already stored: the first writer wins, so one id never has
     * two outcomes (a repeat that gave up waiting and the first run finishing late race here). Returns empty when
     * this outcome was stored, else the earlier one, which is then the one to publish.
     */
    public Uni<Optional<String>> recordOutcome(String consumer, String eventId, String outcomeJson) {
        // bound as text and cast by PostgreSQL: a String bound to a jsonb parameter would be stored as a JSON string
        // value, and a JsonObject would cost parsing the text here only for the client to encode it again
        return pool.preparedQuery("""
                WITH written AS (
                  UPDATE processed_events SET outcome = $3::text::jsonb
                   WHERE consumer = $1 AND event_id = $2 AND outcome IS NULL
                  RETURNING 1)
                SELECT outcome::text AS earlier FROM processed_events
                 WHERE consumer = $1 AND event_id = $2 AND NOT EXISTS (SELECT 1 FROM written)""")
                .execute(Tuple.of(consumer, eventId, outcomeJson))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    String earlier = rows.iterator().next().getString("earlier");
                    // the other writer committed while this statement waited: its snapshot shows no outcome yet
                    return earlier != null ? Uni.createFrom().item(Optional.of(earlier))
                            : pool.preparedQuery("""
                                    SELECT outcome::text AS earlier FROM processed_events
                                     WHERE consumer = $1 AND event_id = $2""")
                                    .execute(Tuple.of(consumer, eventId))
                                    .map(again -> Optional.of(again.iterator().next().getString("earlier")));
                });
    }

    /**
     * Runs {@code effect} in one transaction with the claim, only for the first delivery: the effect's writes and the
     * claim commit or roll back together, so a crash in between leaves the record to be processed again in full.
     *
     * @return true if the effect ran, false for a repeat
     */
    public Uni<Boolean> runOnce(String consumer, String eventId, Function<SqlConnection, Uni<?>> effect) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
                ON CONFLICT (consumer, event_id) DO NOTHING""")
                .execute(Tuple.of(consumer, eventId))
                .flatMap(inserted -> inserted.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(connection).replaceWith(true)));
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deleteExpired() {
        return pool.preparedQuery("DELETE FROM processed_events WHERE processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(RowSet::rowCount)
                .invoke(count -> LOG.debugf("Deleted %d expired idempotency claims", count))
                .onFailure().invoke(error -> LOG.warnf("Could not delete expired idempotency claims: %s",
                        error.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
