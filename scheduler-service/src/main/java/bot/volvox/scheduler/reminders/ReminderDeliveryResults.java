package bot.volvox.scheduler.reminders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.scheduler.claims.SchedulerSettings;

import io.smallrye.mutiny.Uni;

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
    ReminderRepository reminders;

    @Inject
    ActionPublisher publisher;

    @Inject
    SchedulerSettings settings;

    public Uni<Void> onResult(ActionResult result) {
        if (!publisher.isOwnResult(result)
                || result.status() == ActionStatus.OK) {
            return Uni.createFrom().voidItem();
        }
        return Occurrence.parse(result.origin().sourceEventId())
                .map(occurrence -> TransientFailures.retried(Uni.createFrom().deferred(() -> switch (result.kind()) {
                    case SEND_DM -> postInChannel(occurrence, result);
                    case SEND_MESSAGE -> countFailure(occurrence, result);
                    default -> Uni.createFrom().<Void> voidItem();
                })))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> postInChannel(Occurrence occurrence, ActionResult dmResult) {
        return reminders.delivery(occurrence.reminderId()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ReminderRepository.Delivery reminder = found.get();
            LOG.debugf("DM of reminder %d failed (%s %s), posting in its channel", reminder.id(),
                    dmResult.errorCode(), dmResult.errorMessage());
            DiscordAction post = publisher.request(reminder.guildId(),
                    Occurrence.sourceEventId(reminder.id(), occurrence.due()), "channel", null,
                    ReminderMessages.inChannel(reminder.id(), reminder.channelId(), reminder.userId(),
                            reminder.message(), reminder.snoozedCount(), reminder.cron()));
            return publisher.publish(post);
        });
    }

    private Uni<Void> countFailure(Occurrence occurrence, ActionResult channelResult) {
        LOG.infof("Reminder %d could not be delivered (%s %s)", occurrence.reminderId(), channelResult.errorCode(),
                channelResult.errorMessage());
        return reminders.countFailedDelivery(occurrence.reminderId(), occurrence.due(), MAX_FAILED_DELIVERIES,
                settings.retryDelay(), channelResult.errorCode() + " " + channelResult.errorMessage());
    }
}
