package bot.volvox.ai.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.kafka.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads {@code discord.action-result}: each sent chunk of an answer is stored in {@code conversations} with the
 * message id Discord gave it, which is only known now. Once per result (claimed with the store, in one transaction).
 */
@ApplicationScoped
public class ReplyResults {
    @Inject
    ActionPublisher actions;
    @Inject
    ProcessedEvents processed;
    @Inject
    ServiceIdentity identity;
    @Inject
    ConversationLog history;
    @Inject
    BotUser bot;

    @Incoming("action-results")
    public Uni<Void> onResult(ActionResult result) {
        if (!actions.isOwnResult(result) || result.kind() != ActionKind.SEND_MESSAGE
                || result.status() != ActionStatus.OK || result.createdIds() == null || result.createdIds().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sourceId = result.origin().sourceEventId();
        return TransientFailures.retried(Uni.createFrom().deferred(() -> processed.runOnce(identity.name(),
                "result:" + result.actionId(), connection -> connection.preparedQuery("""
                        SELECT outcome::text AS outcome FROM processed_events WHERE consumer = $1 AND event_id = $2""")
                        .execute(Tuple.of(identity.name(), sourceId))
                        .flatMap(rows -> {
                            String outcome = rows.size() == 0 ? null : rows.iterator().next().getString("outcome");
                            if (outcome == null) {
                                return Uni.createFrom().voidItem();
                            }
                            ReplyPlan plan = ReplyPlan.read(outcome);
                            int chunk = plan.chunkOf(actions, sourceId, result.actionId());
                            if (!plan.answer() || chunk < 0) {
                                return Uni.createFrom().voidItem();
                            }
                            return history.addAssistant(connection, plan.guildId(), plan.channelId(),
                                    plan.chunks().get(chunk), result.createdIds().get(0), bot.id());
                        })))).replaceWithVoid();
    }
}
