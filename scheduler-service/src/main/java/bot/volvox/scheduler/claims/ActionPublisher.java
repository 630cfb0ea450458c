package bot.volvox.scheduler.claims;

import java.util.List;
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

import bot.volvox.platform.contract.DiscordAction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Puts actions on {@code discord.action} (channel {@code actions}), keyed by guild, and completes when Kafka acked
 * every one of them.
 *
 * <p>A batch is handed to the channel's Kafka producer in one step on its sending thread and the acks are awaited
 * together, so the producer fills its record batches (linger.ms, batch.size) instead of each record travelling alone
 * through the channel's per-message pipeline (emitter → sink → sending thread → ack → caller's context). The
 * producer is the one SmallRye configured for the channel: same serializers, {@code acks=all} and idempotence.
 */
@ApplicationScoped
public class ActionPublisher {
    static final String CHANNEL = "actions";

    /** Declares this bean as the channel's producer, so SmallRye creates and configures the channel's sink. */
    @Inject
    @Channel(CHANNEL)
    Emitter<DiscordAction> channel;

    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "mp.messaging.outgoing.actions.topic")
    String topic;

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
        Function<Producer<String, DiscordAction>, CompletableFuture<Void>> send = producer -> sendAll(producer, actions);
        return kafka.<String, DiscordAction> getProducer(CHANNEL).runOnSendingThread(send)
                .flatMap(acked -> Uni.createFrom().completionStage(acked))
                .emitOn(resumeOn)
                .replaceWithVoid();
    }

    private CompletableFuture<Void> sendAll(Producer<String, DiscordAction> producer, List<DiscordAction> actions) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[actions.size()];
        for (int i = 0; i < acks.length; i++) {
            DiscordAction action = actions.get(i);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks[i] = ack;
            try {
                producer.send(new ProducerRecord<>(topic, action.key(), action), (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException failure) {
                ack.completeExceptionally(failure);
            }
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

    /** The caller's Vert.x context (the claim loop's event loop), so its SQL continues there, not on Kafka's thread. */
    private static Executor callersContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Infrastructure.getDefaultExecutor();
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
