package bot.volvox.scheduler.results;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.scheduler.announcements.ScheduledMessageResults;
import bot.volvox.scheduler.reminders.ReminderDeliveryResults;
import bot.volvox.scheduler.temproles.TempRoleResults;

import io.smallrye.mutiny.Uni;

/**
 * Reads {@code discord.action-result} (channel {@code action-results}) and hands each result of this service's own
 * actions to the feature that requested it: reminder deliveries, temp-role additions, announcements. Each feature
 * ignores the results that are not its own and is idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class ActionResultConsumer {

    @Inject
    ReminderDeliveryResults reminders;

    @Inject
    TempRoleResults tempRoles;

    @Inject
    ScheduledMessageResults announcements;

    @Incoming("action-results")
    public Uni<Void> onResult(ActionResult result) {
        return reminders.onResult(result)
                .flatMap(ignored -> TransientFailures.retried(Uni.createFrom().deferred(() -> tempRoles.onResult(result))))
                .flatMap(ignored -> TransientFailures.retried(Uni.createFrom().deferred(
                        () -> announcements.onResult(result))));
    }
}
