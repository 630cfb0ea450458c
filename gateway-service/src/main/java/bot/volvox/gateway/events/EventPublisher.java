package bot.volvox.gateway.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.tracing.RecordTracing;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Publishes Discord events to their topics (one channel, the topic is chosen per record), keyed by guild. Sending never
 * blocks the JDA thread; a send is done when Kafka acknowledged the record, and fails once the producer gave up
 * ({@code delivery.timeout.ms} of the {@code discord-events} channel, 20 s).
 *
 * <p>What happens to an event Kafka did not take depends on who waits for it: an interaction's user is told at once that
 * nothing was done ({@link #publishInteraction}); any other event is kept in memory and sent again with backoff for
 * {@code volvox.gateway.events.keep-for} (default 15 min) from its first try, at most
 * {@code volvox.gateway.events.max-kept} events at a time, and only then dropped, logged and counted as lost. A kept
 * event can arrive after events that happened later.
 *
 * <p>The JDA thread only puts an event into a bounded buffer ({@code volvox.gateway.events.buffer}, default 10,000,
 * gauge {@code volvox.gateway.events.buffered}); one publisher thread takes it from there in batches, starts its trace
 * and hands it to the channel's Kafka producer. JDA reads Discord's events on a single thread, so whatever a send costs
 * there capped the events per second; off that thread it overlaps with the next events' decoding. A full buffer blocks
 * the JDA thread until there is room (back-pressure, nothing is dropped), and on shutdown the buffer and the sends
 * still in flight are flushed before the Kafka connector closes. One thread keeps the events in their order.
 *
 * <p>The records go straight to the producer SmallRye configured for the channel (its serializers,
 * {@code acks=all} and idempotence, the settings above), not through the channel's per-message pipeline: that pipeline
 * (a Mutiny stream, context propagation, a retry operator and a tracing instrumenter per message, a hop to its sending
 * thread) cost more CPU than the producer itself and capped the gateway at a fraction of a plain producer's rate
 * (gateway README, benchmark). The producer batches the records ({@code linger.ms}) as it does for any client.
 *
 * <p>Each event starts a trace ({@link RecordTracing#startTrace}): its record carries it to every service in its
 * {@code traceparent} ({@link RecordTracing#send}, the producer span), and a kept event keeps its trace when sent
 * again.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    static final String CHANNEL = "discord-events";

    /** Declares this bean as the channel's producer, so SmallRye creates and configures the channel's sink. */
    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<DiscordEvent> emitter;

    @Inject
    KafkaClientService kafka;

    @Inject
    MeterRegistry registry;

    @Inject
    RecordTracing tracing;

    @ConfigProperty(name = "volvox.gateway.events.keep-for", defaultValue = "15m")
    Duration keepFor;

    @ConfigProperty(name = "volvox.gateway.events.max-kept", defaultValue = "100000")
    int maxKept;

    @ConfigProperty(name = "volvox.gateway.events.buffer", defaultValue = "10000")
    int bufferSize;

    @ConfigProperty(name = "volvox.gateway.events.flush-timeout", defaultValue = "15s")
    Duration flushTimeout;

    private static final int BATCH = 512;
    private static final Duration FIRST_RESEND_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RESEND_DELAY = Duration.ofSeconds(30);

    private final AtomicInteger kept = new AtomicInteger();
    private final ConcurrentHashMap<String, Counter> lost = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> failed = new ConcurrentHashMap<>();
    /** Sends handed to the producer and not yet acknowledged or failed: what a flush waits for after the buffer. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private Timer latency;
    private BlockingQueue<Runnable> buffer;
    private Thread sender;
    private volatile Producer<String, DiscordEvent> producer;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        latency = Timer.builder("volvox.gateway.publish.latency").description("Discord event to Kafka ack")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("volvox.gateway.events.kept", kept);
        buffer = new ArrayBlockingQueue<>(bufferSize);
        registry.gauge("volvox.gateway.events.buffered", buffer, BlockingQueue::size);
        sender = new Thread(this::sendBuffered, "volvox-event-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    private void sendBuffered() {
        List<Runnable> batch = new ArrayList<>(BATCH);
        while (!(stopping && buffer.isEmpty())) {
            try {
                Runnable first = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, BATCH - 1);
                for (Runnable send : batch) {
                    try {
                        send.run();
                    } catch (RuntimeException e) {
                        LOG.error("Could not hand an event to Kafka", e);
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Puts a send into the buffer; waits while it is full, which slows JDA's reading instead of dropping events. */
    private void enqueue(Runnable send) {
        if (stopping) {
            send.run();
            return;
        }
        try {
            buffer.put(send);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send.run();
        }
    }

    /**
     * Waits until every buffered event was handed to the producer and every send in flight was answered by Kafka, at
     * most {@code timeout}; returns whether everything got out.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!buffer.isEmpty() || inFlight.get() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return buffer.isEmpty() && inFlight.get() == 0;
    }

    /** Runs before the Kafka connector closes (it does so when the application scope is destroyed, after this). */
    void flushOnShutdown(@Observes ShutdownEvent shutdown) {
        stopping = true;
        if (!flush(flushTimeout)) {
            LOG.errorf("Shutting down with %d events buffered and %d unacknowledged after %s", buffer.size(),
                    inFlight.get(), flushTimeout);
        }
        try {
            sender.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Context startTrace(DiscordEvent event) {
        return tracing.startTrace("discord " + event.type());
    }

    /** The channel's producer, once SmallRye created it (the channel's sink exists before any event is published). */
    private Producer<String, DiscordEvent> producer() {
        Producer<String, DiscordEvent> current = producer;
        if (current == null) {
            current = kafka.<String, DiscordEvent> getProducer(CHANNEL).unwrap();
            producer = current;
        }
        return current;
    }

    /**
     * Hands the event to the producer; {@code outcome} gets null once Kafka acknowledged it, else the failure. It runs
     * on the producer's I/O thread, so it must not block. {@code start}: when the event was put into the buffer, so the
     * latency includes the wait there.
     */
    private void send(DiscordEvent event, Context trace, long start, Consumer<Throwable> outcome) {
        inFlight.incrementAndGet();
        CompletableFuture<RecordMetadata> acked;
        try {
            acked = tracing.send(producer(), new ProducerRecord<>(event.topic(), event.key(), event), trace);
        } catch (RuntimeException noProducer) { // SmallRye has not created the channel's producer
            acked = CompletableFuture.failedFuture(noProducer);
        }
        acked.whenComplete((metadata, failure) -> sent(event, start, failure, outcome));
    }

    private void sent(DiscordEvent event, long start, Throwable failure, Consumer<Throwable> outcome) {
        inFlight.decrementAndGet();
        if (failure == null) {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            counter(published, "volvox.gateway.events.published", event.type()).increment();
        } else {
            counter(failed, "volvox.gateway.events.failed", event.type()).increment();
            LOG.warnf(failure, "Could not publish %s %s to %s", event.type(), event.id(), event.topic());
        }
        outcome.accept(failure);
    }

    /** Publishes without waiting; an event Kafka did not take is kept and sent again (see the class comment). */
    public void publishInBackground(DiscordEvent event) {
        long firstTry = System.nanoTime();
        enqueue(() -> publishKeeping(event, startTrace(event), firstTry, firstTry, FIRST_RESEND_DELAY));
    }

    /**
     * Publishes an interaction a user waits on. It is not kept: a command that arrived minutes late would surprise its
     * user, so {@code notTaken} runs instead, to tell them nothing was done.
     */
    public void publishInteraction(DiscordEvent event, Runnable notTaken) {
        long start = System.nanoTime();
        enqueue(() -> send(event, startTrace(event), start, failure -> {
            if (failure != null) {
                notTaken.run();
            }
        }));
    }

    private void publishKeeping(DiscordEvent event, Context trace, long firstTry, long start, Duration resendDelay) {
        send(event, trace, start, failure -> {
            if (failure != null) {
                keep(event, trace, firstTry, resendDelay);
            }
        });
    }

    /**
     * Sends the event again after {@code resendDelay}, through the buffer (so only the publisher thread talks to the
     * producer); a full buffer counts as one more failed try.
     */
    private void keep(DiscordEvent event, Context trace, long firstTry, Duration resendDelay) {
        Duration tried = Duration.ofNanos(System.nanoTime() - firstTry);
        if (tried.plus(resendDelay).compareTo(keepFor) > 0) {
            lose(event, "kept for " + tried.toSeconds() + " s");
            return;
        }
        if (kept.incrementAndGet() > maxKept) {
            kept.decrementAndGet();
            lose(event, maxKept + " events are kept already");
            return;
        }
        Duration next = resendDelay.multipliedBy(2).compareTo(LONGEST_RESEND_DELAY) > 0 ? LONGEST_RESEND_DELAY
                : resendDelay.multipliedBy(2);
        Uni.createFrom().voidItem().onItem().delayIt().by(resendDelay).subscribe().with(resend -> {
            kept.decrementAndGet();
            Runnable again = () -> publishKeeping(event, trace, firstTry, System.nanoTime(), next);
            if (stopping) {
                again.run();
            } else if (!buffer.offer(again)) {
                keep(event, trace, firstTry, next);
            }
        });
    }

    private void lose(DiscordEvent event, String why) {
        counter(lost, "volvox.gateway.events.lost", event.type()).increment();
        LOG.errorf("Dropped %s %s for %s: Kafka did not take it (%s)", event.type(), event.id(), event.topic(), why);
    }

    private Counter counter(ConcurrentHashMap<String, Counter> counters, String name, String type) {
        return counters.computeIfAbsent(type, t -> Counter.builder(name).tag("type", t).register(registry));
    }
}
