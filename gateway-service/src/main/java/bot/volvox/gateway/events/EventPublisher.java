package bot.volvox.gateway.events;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes Discord events to their topics (one channel, the topic is chosen per record), keyed by guild. Sending never
 * blocks the JDA thread; the returned {@link Uni} completes when Kafka acknowledged the record.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    @Channel("discord-events")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    MutinyEmitter<DiscordEvent> emitter;

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> failed = new ConcurrentHashMap<>();
    private Timer latency;

    @jakarta.annotation.PostConstruct
    void meters() {
        latency = Timer.builder("volvox.gateway.publish.latency").description("Discord event to Kafka ack")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public Uni<Void> publish(DiscordEvent event) {
        long start = System.nanoTime();
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withTopic(event.topic()).withKey(event.key())
                .build();
        return emitter.sendMessage(Message.of(event).addMetadata(metadata))
                .invoke(() -> {
                    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    counter(published, "volvox.gateway.events.published", event.type()).increment();
                })
                .onFailure().invoke(error -> {
                    counter(failed, "volvox.gateway.events.failed", event.type()).increment();
                    LOG.warnf(error, "Could not publish %s %s to %s", event.type(), event.id(), event.topic());
                });
    }

    /** Publishes without waiting; failures are counted and logged. */
    public void publishInBackground(DiscordEvent event) {
        publish(event).subscribe().with(ok -> {
        }, error -> {
        });
    }

    private Counter counter(ConcurrentHashMap<String, Counter> counters, String name, String type) {
        return counters.computeIfAbsent(type, t -> Counter.builder(name).tag("type", t).register(registry));
    }
}
