package bot.volvox.scheduler.announcements;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.claims.SchedulerSettings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Learns from {@code discord.action-result} whether an announcement was posted. A transient failure (Discord or the
 * network kept failing after the gateway's own retries) sends it again after the retry delay, at most
 * {@value #MAX_RETRIES} times in a row; a permanent one (a deleted channel, missing permissions) is not retried and
 * is kept in {@code last_error}. A success ends the run of failures. Each occurrence is counted once however often its
 * result is redelivered ({@code last_failed_occurrence}); a retry is an occurrence of its own, so it has an actionId of
 * its own. A recurring announcement whose retry falls after its next cron time sends once and then moves to the cron
 * time after that, as missed occurrences are never replayed; giving up on a recurring one keeps its schedule.
 * A one-time announcement cancelled in the few seconds between its send and a transient failure is sent again.
 */
@ApplicationScoped
public class ScheduledMessageResults {
    private static final Logger LOG = Logger.getLogger(ScheduledMessageResults.class);
    static final String PREFIX = ScheduledMessageWork.TABLE + ":";
    public static final int MAX_RETRIES = 3;

    @Inject
    Pool pool;

    @Inject
    ActionPublisher publisher;

    @Inject
    SchedulerSettings settings;

    @Inject
    SchedulerLoop loop;

    /** {@code scheduled_messages:<id>:<dueMillis>}: which announcement and which occurrence an action is about. */
    static String sourceEventId(long id, Instant due) {
        return PREFIX + id + ":" + due.toEpochMilli();
    }

    private record Occurrence(long id, Instant due) {
        static Optional<Occurrence> parse(String sourceEventId) {
            if (sourceEventId == null || !sourceEventId.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = sourceEventId.substring(PREFIX.length()).split(":");
            try {
                return parts.length == 2 ? Optional.of(new Occurrence(Long.parseLong(parts[0]),
                        Instant.ofEpochMilli(Long.parseLong(parts[1])))) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    public Uni<Void> onResult(ActionResult result) {
        if (!publisher.isOwnResult(result) || result.kind() != ActionKind.SEND_MESSAGE) {
            return Uni.createFrom().voidItem();
        }
        return Occurrence.parse(result.origin().sourceEventId()).map(occurrence -> switch (result.status()) {
            case OK -> succeeded(occurrence);
            case FAILED_TRANSIENT -> retry(occurrence, result);
            case FAILED -> gaveUp(occurrence, result);
        }).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> succeeded(Occurrence occurrence) {
        return pool.preparedQuery("UPDATE scheduled_messages SET failed_attempts = 0 WHERE id = $1 AND failed_attempts > 0")
                .execute(Tuple.of(occurrence.id())).replaceWithVoid();
    }

    /**
     * Due again after the retry delay, active again when the send finished it (a one-time row), unless this was the
     * last allowed retry. The lease is dropped so that a completion still in flight for this occurrence cannot
     * overwrite the retry (completions apply only under their own lease).
     */
    private Uni<Void> retry(Occurrence occurrence, ActionResult result) {
        String error = result.errorCode() + " " + result.errorMessage();
        return pool.preparedQuery("""
                UPDATE scheduled_messages
                   SET failed_attempts = failed_attempts + 1, last_failed_occurrence = $2, last_error = left($5, 500),
                       enabled = CASE WHEN failed_attempts < $3 THEN true WHEN one_time THEN false ELSE enabled END,
                       next_run = CASE WHEN failed_attempts < $3
                                       THEN clock_timestamp() + $4::bigint * interval '1 millisecond' ELSE next_run END,
                       claimed_by = CASE WHEN failed_attempts < $3 THEN NULL ELSE claimed_by END,
                       claimed_until = CASE WHEN failed_attempts < $3 THEN NULL ELSE claimed_until END
                 WHERE id = $1 AND last_failed_occurrence IS DISTINCT FROM $2
                   AND (enabled OR (one_time AND date_trunc('milliseconds', next_run) = $2))
                RETURNING failed_attempts, failed_attempts <= $3 AS retrying""")
                .execute(Tuple.of(occurrence.id(), OffsetDateTime.ofInstant(occurrence.due(), ZoneOffset.UTC),
                        MAX_RETRIES, settings.retryDelay().toMillis(), error))
                .invoke(rows -> rows.forEach(row -> LOG.infof("Announcement %d was not posted (%s): %s", occurrence.id(),
                        error, row.getBoolean("retrying") ? "retry " + row.getInteger("failed_attempts") + " of "
                                + MAX_RETRIES + " after " + settings.retryDelay() : "given up")))
                .invoke(loop::wake)
                .replaceWithVoid();
    }

    private Uni<Void> gaveUp(Occurrence occurrence, ActionResult result) {
        String error = result.errorCode() + " " + result.errorMessage();
        LOG.infof("Announcement %d cannot be posted (%s); not retried", occurrence.id(), error);
        return pool.preparedQuery("UPDATE scheduled_messages SET last_error = left($2, 500) WHERE id = $1")
                .execute(Tuple.of(occurrence.id(), error)).replaceWithVoid();
    }
}
