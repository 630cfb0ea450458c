package bot.volvox.platform.actions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.tracing.RecordTracing;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Requests Discord actions on {@code discord.action} (channel {@code actions}), keyed by guild, for every domain
 * service.
 *
 * <p>Every action id is derived, never random: a name-based UUID of this service, the source the action stems from
 * (an interaction id, an operation id, a due item's occurrence) and its purpose. Re-processing a redelivered record
 * therefore requests the very same action, and the gateway, which executes each id at most once, answers it with
 * the earlier result.
 *
 * <p>A batch is handed to the channel's Kafka producer in one step on its sending thread and the acks are awaited
 * together, so the producer fills its record batches ({@code linger.ms}, {@code batch.size}) instead of each record
 * travelling alone through the channel's per-message pipeline. The producer is the one SmallRye configured for the
 * channel: same serializers, {@code acks=all} and idempotence.
 *
 * <p>Since the records bypass the channel's pipeline, the channel's tracing does not see them: each record gets its
 * producer span and {@code traceparent} here ({@link RecordTracing#send}), as a child of the trace current when
 * the caller asked (the record being handled), so a redelivered record's republished actions continue its trace too.
 */
@ApplicationScoped
@IfBuildProperty(name = ServiceIdentity.ROLE, stringValue = ServiceIdentity.DOMAIN, enableIfMissing = true)
public class ActionPublisher {
    static final String CHANNEL = "actions";
    /** The purpose of an interaction's answer: at most one per interaction. */
    public static final String REPLY = "reply";

    /** Declares this bean as the channel's producer, so SmallRye creates and configures the channel's sink. */
    @Inject
    @Channel(CHANNEL)
    Emitter<DiscordAction> channel;

    @Inject
    KafkaClientService kafka;

    @Inject
    ServiceIdentity identity;

    @Inject
    RecordTracing tracing;

    @ConfigProperty(name = "mp.messaging.outgoing.actions.topic")
    String topic;

    /** The deterministic id of this service's action for {@code sourceId} and {@code purpose}. */
    public UUID actionId(String sourceId, String purpose) {
        return actionId(identity, sourceId, purpose);
    }

    public static UUID actionId(ServiceIdentity service, String sourceId, String purpose) {
        String name = service.name() + ":" + sourceId + ":" + purpose;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code result} answers an action this service requested: a service's result topic holds only its own,
     * but a channel may read others' too (moderation-service reads scheduler-service's unbans).
     */
    public boolean isOwnResult(ActionResult result) {
        return result.origin() != null && identity.name().equals(result.origin().service());
    }

    /** The action this service requests for {@code sourceId} and {@code purpose}, not yet published. */
    public DiscordAction request(String guildId, String sourceId, String purpose, String reason, ActionParams params) {
        return DiscordAction.of(actionId(sourceId, purpose), guildId, reason, new Origin(identity.name(), sourceId),
                params);
    }

    /**
     * The answer to interaction {@code interactionId}, not yet published. For a slash command the action's origin
     * names the command and whether it {@code completed} (it did what was asked: not refused, not failed), which the
     * gateway copies into the result; command usage is counted from that.
     */
    public DiscordAction answer(String guildId, String interactionId, ReplyTarget target, MessageBody body,
            boolean completed) {
        Origin.AnsweredCommand command = target.command() == null ? null
                : new Origin.AnsweredCommand(target.command(), target.userId(), target.channelId(), completed);
        return DiscordAction.of(actionId(interactionId, REPLY), guildId, null,
                new Origin(identity.name(), interactionId, command),
                new ActionParams.InteractionFollowup(target.applicationId(), target.token(), body, target.ephemeral(),
                        target.userId(), target.replacesDeferral()));
    }

    /**
     * Publishes the answer to interaction {@code interactionId} (for answers given after the interaction's handling);
     * {@code completed} as in {@link #answer}.
     */
    public Uni<Void> reply(String guildId, String interactionId, ReplyTarget target, MessageBody body,
            boolean completed) {
        return publish(answer(guildId, interactionId, target, body, completed));
    }

    public Uni<Void> publish(String guildId, String sourceId, String purpose, String reason, ActionParams params) {
        return publish(request(guildId, sourceId, purpose, reason, params));
    }

    public Uni<Void> publish(DiscordAction action) {
        return publishAll(List.of(action));
    }

    /**
     * Sends in list order (one guild's actions keep their order on its partition) and completes once every record
     * is acked, or fails with the first failure (then some records may be on Kafka: the caller re-emits the same
     * actionIds later, which the gateway executes once).
     */
    public Uni<Void> publishAll(List<DiscordAction> actions) {
        if (actions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Executor resumeOn = callersContext();
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        Function<Producer<String, DiscordAction>, CompletableFuture<Void>> send = producer -> sendAll(producer, actions,
                trace);
        return kafka.<String, DiscordAction> getProducer(CHANNEL).runOnSendingThread(send)
                .flatMap(acked -> Uni.createFrom().completionStage(acked))
                .emitOn(resumeOn)
                .replaceWithVoid();
    }

    private CompletableFuture<Void> sendAll(Producer<String, DiscordAction> producer, List<DiscordAction> actions,
            io.opentelemetry.context.Context trace) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[actions.size()];
        for (int i = 0; i < acks.length; i++) {
            DiscordAction action = actions.get(i);
            acks[i] = tracing.send(producer, new ProducerRecord<>(topic, action.key(), action), trace);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(acks);
        // fail as soon as one record failed instead of waiting for the delivery timeout of the rest
        for (CompletableFuture<?> ack : acks) {
            ack.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(failure);
                }
            });
        }
        return all;
    }

    /** The caller's Vert.x context (an event loop running SQL), so its work continues there, not on Kafka's thread. */
    private static Executor callersContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Infrastructure.getDefaultExecutor();
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
