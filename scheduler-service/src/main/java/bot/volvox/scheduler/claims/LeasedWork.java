package bot.volvox.scheduler.claims;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordAction;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Due work in a table with a lease ({@code claimed_by}, {@code claimed_until}, {@code attempts}, {@code last_error},
 * migration 017). One pass: <b>claim</b> due rows whose lease is free ({@code FOR UPDATE SKIP LOCKED} inside one
 * UPDATE, so replicas never claim the same row), <b>emit</b> their actions and wait for Kafka's acks, then
 * <b>complete</b> each row (mark done or advance to its next occurrence) only if this replica still holds it.
 *
 * <p>Crash windows: after the claim, before the emit → the lease expires and another replica claims and emits.
 * After the emit, before the completion → the same: the row is re-emitted with the same deterministic actionId (the
 * occurrence is part of it), which the gateway executes only once. After the completion → nothing is left to do.
 */
public abstract class LeasedWork implements DueWork {
    private static final Logger LOG = Logger.getLogger(LeasedWork.class);

    /** What to do with one claimed row: the actions to emit (possibly none) and what the row becomes after. */
    public record Planned(long id, Instant due, List<DiscordAction> actions, Completion completion) {
    }

    /**
     * What a claimed row becomes once its actions are on Kafka. Applied only while this replica still holds the
     * row's lease, and it frees the lease.
     */
    public sealed interface Completion {
        /** The item's work is over (a one-off item fired, a temp role was removed). */
        record Finished() implements Completion {
        }

        /** The item's work is over although it could not be done; {@code reason} is kept in {@code last_error}. */
        record Abandoned(String reason) implements Completion {
        }

        /** The item is due again at {@code next} (a recurring item's next occurrence). */
        record DueAgain(Instant next) implements Completion {
        }

        /** The item was not handled now: it is looked at again after {@code delay}. */
        record Postponed(Duration delay) implements Completion {
        }

        Completion FINISHED = new Finished();
    }

    /**
     * Where a kind's due rows live and how a row's state is kept: a boolean {@code flagColumn} holds
     * {@code flagWhilePending} while the item has work left and is flipped when it is finished, stamping
     * {@code finishedAtColumn} too when the table has one (else null).
     */
    public record DueRows(String table, String dueColumn, String flagColumn, boolean flagWhilePending,
            String finishedAtColumn) {

        String pendingCondition() {
            return flagColumn + " = " + flagWhilePending;
        }

        String finishedAssignments() {
            return flagColumn + " = " + !flagWhilePending
                    + (finishedAtColumn == null ? "" : ", " + finishedAtColumn + " = now()");
        }

        /** The statement that finishes every row of {@code $1} (an id array) still held by replica {@code $2}. */
        String finishedSql() {
            return "UPDATE " + table + " SET " + finishedAssignments() + ", claimed_by = NULL, claimed_until = NULL"
                    + " WHERE id = ANY($1) AND claimed_by = $2";
        }

        /** The statement that applies {@code completion} to row {@code $1} held by replica {@code $2}. */
        String completionSql(Completion completion) {
            String set;
            if (completion instanceof Completion.Finished) {
                set = finishedAssignments();
            } else if (completion instanceof Completion.Abandoned) {
                set = finishedAssignments() + ", last_error = left($3, 500)";
            } else if (completion instanceof Completion.DueAgain) {
                set = dueColumn + " = $3";
            } else {
                return "UPDATE " + table + " SET claimed_by = NULL,"
                        + " claimed_until = clock_timestamp() + $3::bigint * interval '1 millisecond'"
                        + " WHERE id = $1 AND claimed_by = $2";
            }
            return "UPDATE " + table + " SET " + set + ", claimed_by = NULL, claimed_until = NULL"
                    + " WHERE id = $1 AND claimed_by = $2";
        }

        static Tuple completionArgs(long id, String replicaId, Completion completion) {
            if (completion instanceof Completion.Abandoned abandoned) {
                return Tuple.of(id, replicaId, abandoned.reason());
            }
            if (completion instanceof Completion.DueAgain dueAgain) {
                return Tuple.of(id, replicaId, OffsetDateTime.ofInstant(dueAgain.next(), ZoneOffset.UTC));
            }
            if (completion instanceof Completion.Postponed postponed) {
                return Tuple.of(id, replicaId, postponed.delay().toMillis());
            }
            return Tuple.of(id, replicaId);
        }
    }

    protected abstract DueRows dueRows();

    private String table() {
        return dueRows().table();
    }

    private String dueColumn() {
        return dueRows().dueColumn();
    }

    /** Decides, for the claimed rows in due order, what to emit and how to complete each. */
    protected abstract Uni<List<Planned>> plan(List<Row> claimed, ClaimContext context);

    @Override
    public Uni<Long> millisUntilNextDue(Pool pool) {
        return pool.query("""
                SELECT ceil(extract(epoch FROM (min(d) - clock_timestamp())) * 1000)::bigint AS wait FROM (
                  (SELECT %1$s AS d FROM %2$s WHERE %3$s AND claimed_until IS NULL ORDER BY %1$s LIMIT 1)
                  UNION ALL
                  (SELECT GREATEST(%1$s, claimed_until) FROM %2$s WHERE %3$s AND claimed_until IS NOT NULL
                   ORDER BY claimed_until LIMIT 1)) due""".formatted(dueColumn(), table(), dueRows().pendingCondition()))
                .execute()
                .map(rows -> rows.iterator().next().getLong("wait"));
    }

    @Override
    public Uni<Integer> processDue(ClaimContext context) {
        return claim(context).flatMap(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(0)
                : plan(claimed, context).flatMap(planned -> emitAndComplete(planned, context))
                        .replaceWith(claimed.size()));
    }

    private Uni<List<Row>> claim(ClaimContext context) {
        // RETURNING has no order of its own: the rows come back sorted by the server, in due order
        String sql = """
                WITH claimed AS (
                  UPDATE %2$s t SET claimed_by = $1, claimed_until = clock_timestamp() + $2::bigint * interval '1 millisecond'
                   WHERE t.id IN (SELECT id FROM %2$s
                                   WHERE %3$s AND %1$s <= clock_timestamp()
                                     AND (claimed_until IS NULL OR claimed_until <= clock_timestamp())
                                   ORDER BY %1$s LIMIT $3::bigint FOR UPDATE SKIP LOCKED)
                  RETURNING t.*)
                SELECT * FROM claimed ORDER BY %1$s, id""".formatted(dueColumn(), table(), dueRows().pendingCondition());
        long started = System.nanoTime();
        return context.pool().preparedQuery(sql)
                .execute(Tuple.of(context.replicaId(), context.lease().toMillis(), (long) context.batchSize()))
                .map(rows -> {
                    LOG.debugf("%s: %d item(s) claimed in %d ms", kind(), rows.rowCount(),
                            (System.nanoTime() - started) / 1_000_000);
                    List<Row> claimed = new ArrayList<>(rows.rowCount());
                    rows.forEach(claimed::add);
                    return claimed;
                });
    }

    private Uni<Void> emitAndComplete(List<Planned> planned, ClaimContext context) {
        List<DiscordAction> actions = planned.stream().flatMap(p -> p.actions().stream()).toList();
        long started = System.nanoTime();
        return context.publisher().publishAll(actions)
                .onItem().invoke(() -> {
                    LOG.debugf("%s: %d action(s) acked in %d ms", kind(), actions.size(),
                            (System.nanoTime() - started) / 1_000_000);
                    Instant firedAt = Instant.now();
                    planned.stream().filter(p -> !p.actions().isEmpty())
                            .forEach(p -> context.metrics().fired(kind(), p.due(), firedAt));
                })
                .flatMap(ignored -> complete(planned, context.pool(), context.replicaId()))
                .invoke(() -> LOG.debugf("%s: %d item(s) emitted and completed in %d ms", kind(), planned.size(),
                        (System.nanoTime() - started) / 1_000_000))
                .onFailure().recoverWithUni(failure -> release(planned, failure, context));
    }

    /**
     * Applies each row's completion in one transaction: the finished rows (most of a burst) in one
     * {@code UPDATE … WHERE id = ANY($1)}, the others one statement each, sent as a batch.
     */
    private Uni<Void> complete(List<Planned> planned, Pool pool, String replicaId) {
        List<Long> finished = new ArrayList<>();
        Map<String, List<Tuple>> bySql = new LinkedHashMap<>();
        for (Planned p : planned) {
            if (p.completion() instanceof Completion.Finished) {
                finished.add(p.id());
            } else {
                bySql.computeIfAbsent(dueRows().completionSql(p.completion()), sql -> new ArrayList<>())
                        .add(DueRows.completionArgs(p.id(), replicaId, p.completion()));
            }
        }
        return pool.withTransaction(connection -> {
            Uni<RowSet<Row>> chain = Uni.createFrom().nullItem();
            if (!finished.isEmpty()) {
                chain = connection.preparedQuery(dueRows().finishedSql())
                        .execute(Tuple.of(finished.toArray(Long[]::new), replicaId));
            }
            for (Map.Entry<String, List<Tuple>> entry : bySql.entrySet()) {
                chain = chain.flatMap(ignored -> connection.preparedQuery(entry.getKey()).executeBatch(entry.getValue()));
            }
            return chain;
        }).replaceWithVoid();
    }

    /** The emit failed (Kafka unavailable): keep the rows leased for the retry delay, counting the attempt. */
    private Uni<Void> release(List<Planned> planned, Throwable failure, ClaimContext context) {
        LOG.warnf("Emitting %d %s item(s) failed, retrying in %s: %s", planned.size(), kind(), context.retryDelay(),
                failure.toString());
        context.metrics().emitFailed(kind(), planned.size());
        Long[] ids = planned.stream().map(Planned::id).toArray(Long[]::new);
        return context.pool().preparedQuery("""
                UPDATE %s SET claimed_until = clock_timestamp() + $3::bigint * interval '1 millisecond',
                              attempts = attempts + 1, last_error = left($4, 500)
                 WHERE id = ANY($1) AND claimed_by = $2""".formatted(table()))
                .execute(Tuple.of(ids, context.replicaId(), context.retryDelay().toMillis(), failure.toString()))
                .replaceWithVoid();
    }

    /** The due time of a claimed row. */
    protected Instant due(Row row) {
        OffsetDateTime due = row.getOffsetDateTime(dueColumn());
        return due.toInstant();
    }
}
