package bot.volvox.platform.kafka;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * Every consumer's failure strategy ({@value #NAME}, set in {@code volvox-kafka-defaults.properties}): a record that
 * fails goes to the channel's dead-letter topic with the reason, as SmallRye's {@code dead-letter-queue} does, except
 * while the service is stopping. Then failures come from the stopping itself (the database pool closes under
 * in-flight records), not from the record, so it is left unacknowledged: its offset is not committed and the next
 * consumer of the partition gets it again, instead of a valid command ending up in the dead-letter topic.
 */
@ApplicationScoped
@Identifier(DeadLetterUnlessStopping.NAME)
public class DeadLetterUnlessStopping implements KafkaFailureHandler.Factory {
    public static final String NAME = "volvox-dead-letter-queue";
    private static final Logger LOG = Logger.getLogger(DeadLetterUnlessStopping.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        return new Handler(deadLetterQueue.create(config, vertx, consumer, reportFailure), this::isStopping);
    }

    boolean isStopping() {
        return stopping;
    }

    /** The dead-letter handler of one channel, bypassed while stopping. */
    static final class Handler implements KafkaFailureHandler {
        private final KafkaFailureHandler deadLetters;
        private final java.util.function.BooleanSupplier stopping;

        Handler(KafkaFailureHandler deadLetters, java.util.function.BooleanSupplier stopping) {
            this.deadLetters = deadLetters;
            this.stopping = stopping;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (stopping.getAsBoolean()) {
                LOG.infof("Stopping: %s[%d]@%d failed (%s) and is left for redelivery, not dead-lettered",
                        record.getTopic(), record.getPartition(), record.getOffset(), reason.getClass().getSimpleName());
                return Uni.createFrom().nothing(); // never acknowledged, so never committed
            }
            return deadLetters.handle(record, reason, metadata);
        }

        @Override
        public void terminate() {
            deadLetters.terminate();
        }
    }
}
