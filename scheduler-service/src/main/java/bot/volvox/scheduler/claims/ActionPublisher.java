package bot.volvox.scheduler.claims;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import bot.volvox.platform.contract.DiscordAction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Puts actions on {@code discord.action} (channel {@code actions}), keyed by guild, and completes when Kafka acked. */
@ApplicationScoped
public class ActionPublisher {

    @Inject
    @Channel("actions")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<DiscordAction> emitter;

    public Uni<Void> publish(DiscordAction action) {
        Message<DiscordAction> message = Message.of(action)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(action.key()).build());
        return emitter.sendMessage(message);
    }

    /** Sends in list order (one guild's actions keep their order on its partition) and waits for every ack. */
    public Uni<Void> publishAll(List<DiscordAction> actions) {
        if (actions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = actions.stream().map(this::publish).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
