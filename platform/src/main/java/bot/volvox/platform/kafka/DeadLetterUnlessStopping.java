package bot.volvox.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * Every consumer's failure strategy ({@value #NAME}, set in {@code volvox-kafka-defaults.properties}). A record that
 * cannot be read or handled goes to the channel's dead-letter topic with the reason ({@link DeadLetter}); no record,
 * however large or malformed, stops the consumer:
 * <ol>
 * <li>the record as it came (the original bytes when it could not be read), with {@code dead-letter-*} headers;</li>
 * <li>when that cannot be written (larger than {@link #MAX_RECORD_BYTES} with its headers, or refused), a bounded
 * form: source topic, partition, offset, size, reason and the first {@value DeadLetter#HEAD_BYTES} bytes;</li>
 * <li>when even that fails (topic missing, broker down), an ERROR log line naming the record.</li>
 * </ol>
 * Each outcome is counted ({@code volvox_kafka_poison_records_total{channel, outcome}}), and then the record is
 * acknowledged so the channel moves on. Unlike SmallRye's {@code dead-letter-queue}, a failed dead-letter write never
 * marks the channel as failed (which stopped every later record and turned readiness DOWN).
 *
 * <p>While the service stops, failures come from the stopping itself (the database pool closes under in-flight
 * records), not from the record: it is left unacknowledged, so its offset is not committed and the next consumer of
 * the partition gets it again, instead of a valid command ending up in the dead-letter topic.
 */
@ApplicationScoped
@Identifier(DeadLetterUnlessStopping.NAME)
public class DeadLetterUnlessStopping implements KafkaFailureHandler.Factory {
    public static final String NAME = "volvox-dead-letter-queue";
    /**
     * The largest record Volvox writes or the broker accepts, in bytes: Kafka's producer {@code max.request.size}
     * default, which the local broker's {@code message.max.bytes} (1 MiB + 12 bytes of batch overhead) matches. The
     * gateway never comes near it (a Discord message is at most 4,000 characters).
     */
    public static final int MAX_RECORD_BYTES = 1_048_576;
    private static final Logger LOG = Logger.getLogger(DeadLetterUnlessStopping.class);

    @Inject
    MeterRegistry registry;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        String channel = config.getChannel();
        // a channel reading several topics (analytics-service's action results) names none: each record then goes to
        // its own topic's dead-letter topic, the project's one naming rule
        String topic = config.getDeadLetterQueueTopic().orElse(null);
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(consumer.configuration(), channel),
                new ByteArraySerializer(), new ByteArraySerializer());
        return new Handler(channel, topic, producer, this::isStopping, new PoisonRecords(registry));
    }

    boolean isStopping() {
        return stopping;
    }

    /** The consumer's connection settings (servers, TLS, SASL) for a producer of raw bytes. */
    static Map<String, Object> producerConfig(Map<String, ?> consumer, String channel) {
        Map<String, Object> config = new HashMap<>();
        consumer.forEach((key, value) -> {
            if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "volvox-dead-letters-" + channel);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a missing topic or a broker that is down must not hold the channel for the default minute
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return config;
    }

    /** The dead-letter handler of one channel, bypassed while stopping. */
    static final class Handler implements KafkaFailureHandler {
        private final String channel;
        /** The channel's dead-letter topic, or null for each record's {@link Topics#dlq} of its own topic. */
        private final String topic;
        private final Producer<byte[], byte[]> producer;
        private final BooleanSupplier stopping;
        private final PoisonRecords counted;

        Handler(String channel, String topic, Producer<byte[], byte[]> producer, BooleanSupplier stopping,
                PoisonRecords counted) {
            this.channel = channel;
            this.topic = topic;
            this.producer = producer;
            this.stopping = stopping;
            this.counted = counted;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (stopping.getAsBoolean()) {
                LOG.infof("Stopping: %s[%d]@%d failed (%s) and is left for redelivery, not dead-lettered",
                        record.getTopic(), record.getPartition(), record.getOffset(), reason.getClass().getSimpleName());
                return Uni.createFrom().nothing(); // never acknowledged, so never committed
            }
            DeadLetter letter = DeadLetter.of(record, reason);
            return deliver(letter, topic != null ? topic : Topics.dlq(record.getTopic()))
                    .invoke(outcome -> counted.count(channel, outcome))
                    .chain(() -> Uni.createFrom().completionStage(record.ack()))
                    .emitOn(record::runOnMessageContext);
        }

        private Uni<String> deliver(DeadLetter letter, String topic) {
            Uni<String> full = letter.fitsIn(MAX_RECORD_BYTES)
                    ? send(letter.full(topic)).replaceWith(PoisonRecords.DEAD_LETTERED)
                    : Uni.createFrom().failure(new IllegalArgumentException(
                            letter.size() + " bytes with headers exceed " + MAX_RECORD_BYTES));
            return full
                    .onFailure().recoverWithUni(failure -> {
                        LOG.warnf("%s: the dead-letter copy of %s cannot be written (%s); writing its bounded form",
                                channel, letter.where(), failure.toString());
                        return send(letter.bounded(topic, failure)).replaceWith(PoisonRecords.BOUNDED);
                    })
                    .onFailure().recoverWithItem(failure -> {
                        LOG.errorf("%s: %s could not be handled (%s) and not dead-lettered either (%s); skipped. "
                                + "First bytes: %s", channel, letter.where(), letter.reason(), failure.toString(),
                                letter.headForLog());
                        return PoisonRecords.LOST;
                    });
        }

        private Uni<Void> send(ProducerRecord<byte[], byte[]> record) {
            return Uni.createFrom().emitter(emitter -> {
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure == null) {
                            emitter.complete(null);
                        } else {
                            emitter.fail(failure);
                        }
                    });
                } catch (RuntimeException failure) {
                    emitter.fail(failure);
                }
            });
        }

        @Override
        public void terminate() {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
