package bot.volvox.moderation.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.moderation.automod.LegacyFilters;

import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Uni;

/**
 * Reads {@code discord.action-result}: the outcome of each step of a moderation operation advances it; an expired
 * tempban's UNBAN (by scheduler-service) records its case; a posted rate-limit notice is deleted after a while.
 */
@ApplicationScoped
public class ActionResultConsumer {

    @Inject
    Operations operations;
    @Inject
    ScheduledUnbans scheduledUnbans;
    @Inject
    LegacyFilters legacyFilters;

    @Incoming("action-results")
    public Uni<Void> onResult(ActionResult result) {
        // idempotent, so safe to run again while the database is away
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> operations.onResult(result).flatMap(ignored -> scheduledUnbans.onResult(result))
                        .flatMap(ignored -> legacyFilters.onResult(result))));
    }
}
