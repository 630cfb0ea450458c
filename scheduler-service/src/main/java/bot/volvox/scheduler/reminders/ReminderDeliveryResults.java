package bot.volvox.scheduler.reminders;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.scheduler.claims.SchedulerSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Learns from {@code discord.action-result} whether a reminder arrived. A failed DM → the reminder is posted in its
 * channel with a mention. A failed channel post → one failed delivery: retried after the retry delay, and given up
 * (completed) at the {@value #MAX_FAILED_DELIVERIES}rd. Replayed results change nothing: the fallback has a
 * deterministic actionId and a failure is counted once per occurrence ({@code last_failed_occurrence}).
 */
@ApplicationScoped
public class ReminderDeliveryResults {
    private static final Logger LOG = Logger.getLogger(ReminderDeliveryResults.class);
    static final int MAX_FAILED_DELIVERIES = 3;

    @Inject
    Pool pool;

    @Inject
    ActionPublisher publisher;

    @Inject
    SchedulerSettings settings;

    @Incoming("action-results")
    public Uni<Void> onResult(ActionResult result) {
        if (!publisher.isOwnResult(result)
                || result.status() == ActionStatus.OK) {
            return Uni.createFrom().voidItem();
        }
        return Occurrence.parse(result.origin().sourceEventId())
                .map(occurrence -> switch (result.kind()) {
                    case SEND_DM -> postInChannel(occurrence, result);
                    case SEND_MESSAGE -> countFailure(occurrence, result);
                    default -> Uni.createFrom().voidItem();
                })
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> postInChannel(Occurrence occurrence, ActionResult dmResult) {
        return pool.preparedQuery("""
                SELECT id, guild_id, user_id, channel_id, message, snoozed_count, recurring_cron
                  FROM reminders WHERE id = $1""")
                .execute(Tuple.of(occurrence.reminderId()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row row = rows.iterator().next();
                    long id = row.getLong("id");
                    LOG.debugf("DM of reminder %d failed (%s %s), posting in its channel", id, dmResult.errorCode(),
                            dmResult.errorMessage());
                    DiscordAction post = publisher.request(row.getString("guild_id"),
                            Occurrence.sourceEventId(id, occurrence.due()), "channel", null,
                            ReminderMessages.inChannel(id, row.getString("channel_id"), row.getString("user_id"),
                                    row.getString("message"), row.getInteger("snoozed_count"),
                                    row.getString("recurring_cron")));
                    return publisher.publish(post);
                });
    }

    private Uni<Void> countFailure(Occurrence occurrence, ActionResult channelResult) {
        LOG.infof("Reminder %d could not be delivered (%s %s)", occurrence.reminderId(), channelResult.errorCode(),
                channelResult.errorMessage());
        return pool.preparedQuery("""
                UPDATE reminders
                   SET failed_delivery_count = failed_delivery_count + 1,
                       last_failed_occurrence = $2,
                       completed = failed_delivery_count + 1 >= $3,
                       remind_at = CASE WHEN failed_delivery_count + 1 >= $3 THEN remind_at
                                        ELSE clock_timestamp() + $4::bigint * interval '1 millisecond' END,
                       claimed_by = NULL, claimed_until = NULL,
                       last_error = left($5, 500)
                 WHERE id = $1 AND last_failed_occurrence IS DISTINCT FROM $2""")
                .execute(Tuple.of(occurrence.reminderId(), OffsetDateTime.ofInstant(occurrence.due(), ZoneOffset.UTC),
                        MAX_FAILED_DELIVERIES, settings.retryDelay().toMillis(),
                        channelResult.errorCode() + " " + channelResult.errorMessage()))
                .replaceWithVoid();
    }
}
