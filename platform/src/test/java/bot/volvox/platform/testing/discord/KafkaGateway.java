package bot.volvox.platform.testing.discord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.DiscordActionDeserializer;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

/**
 * Stands in for gateway-service on the Kafka side only, for a domain service's tests: publishes events as the gateway
 * would, reads {@code discord.action} (a consumer group of its own), records every action, and, while
 * {@linkplain #answering answering}, executes each actionId once and answers on the requester's {@code discord.action-result.<service>} (a
 * repeat gets the earlier result, marked replayed, like the real gateway). Like the real gateway too, a result carries
 * the {@code traceparent} of its action, so a test can follow one trace through a service's multi-step flows. One
 * instance per test JVM, on the broker of {@code kafka.bootstrap.servers}.
 */
public final class KafkaGateway {
    private static KafkaGateway instance;

    /** The W3C trace context header of a record (bot.volvox.platform.tracing). */
    public static final String TRACEPARENT = "traceparent";

    /**
     * One action as read from {@code discord.action}: when the producer sent it, where it sits, and its
     * {@code traceparent} header (null without one).
     */
    public record Seen(DiscordAction action, Instant sentAt, int partition, long offset, String traceparent) {
        /** The trace id of {@link #traceparent} (version-traceid-spanid-flags), or null. */
        public String traceId() {
            return KafkaGateway.traceId(traceparent);
        }
    }

    private final KafkaProducer<String, Object> producer;
    /** Appended to by the poller while tests read it; a copy-on-write list would copy itself per record. */
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<UUID, ActionResult> executed = new ConcurrentHashMap<>();
    private final Map<UUID, Long> receivedAtNanos = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong(1_300_000_000_000_000_000L);
    private volatile Function<DiscordAction, ActionResult> behaviour = action -> null;
    private volatile boolean answering = true;
    private volatile boolean reading = true;

    public static synchronized KafkaGateway get() {
        if (instance == null) {
            instance = new KafkaGateway(
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return instance;
    }

    private KafkaGateway(String bootstrapServers) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new VolvoxJsonSerializer());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-gateway-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, DiscordAction> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new DiscordActionDeserializer());
        consumer.subscribe(List.of(Topics.ACTION));
        Set<String> read = new HashSet<>();
        Thread poller = new Thread(() -> {
            try (consumer) {
                while (true) {
                    // paused partitions are re-asserted on every poll: a rebalance hands them back unpaused
                    if (reading) {
                        consumer.resume(consumer.paused());
                    } else {
                        consumer.pause(consumer.assignment());
                    }
                    for (ConsumerRecord<String, DiscordAction> record : consumer.poll(Duration.ofMillis(20))) {
                        // a rebalance of this consumer re-reads records since its last commit: that is not a
                        // repeat by the producer, which is what tests count
                        if (record.value() != null && read.add(record.partition() + ":" + record.offset())) {
                            receive(new Seen(record.value(), Instant.ofEpochMilli(record.timestamp()),
                                    record.partition(), record.offset(), header(record.headers(), TRACEPARENT)));
                        }
                    }
                }
            }
        }, "kafka-gateway");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Whether actions are executed and answered. Off, the test answers with {@link #publish(ActionResult)} itself,
     * e.g. to drive a failure path step by step.
     */
    public KafkaGateway answering(boolean answering) {
        this.answering = answering;
        return this;
    }

    /**
     * Whether {@code discord.action} is read. A benchmark turns reading off while what it measures runs, so that this
     * stand-in for the gateway (in production another process) does not take the measured service's CPU; the records
     * wait on Kafka and are read, with their producer timestamps, once reading is back on.
     */
    public KafkaGateway reading(boolean reading) {
        this.reading = reading;
        return this;
    }

    /**
     * How to answer: return a result for the action (e.g. {@link #fail}), or null for the default success. Reset by
     * {@link #reset()}.
     */
    public void behaviour(Function<DiscordAction, ActionResult> behaviour) {
        this.behaviour = behaviour;
    }

    /** Default success for every action from now on, answering and reading on. */
    public void reset() {
        behaviour = action -> null;
        answering = true;
        reading = true;
    }

    public static ActionResult fail(DiscordAction action, int errorCode, String message) {
        return ActionResult.failed(action, ActionStatus.FAILED, errorCode, message, 1);
    }

    private void receive(Seen record) {
        DiscordAction action = record.action();
        receivedAtNanos.putIfAbsent(action.actionId(), System.nanoTime());
        seen.add(record);
        if (!answering) {
            return;
        }
        ActionResult earlier = executed.get(action.actionId());
        ActionResult result;
        if (earlier != null) {
            result = earlier.asReplay();
        } else {
            ActionResult chosen = behaviour.apply(action);
            if (chosen == null) {
                boolean creates = action.kind() == ActionKind.SEND_MESSAGE || action.kind() == ActionKind.SEND_DM
                        || action.kind() == ActionKind.INTERACTION_FOLLOWUP;
                chosen = ActionResult.ok(action,
                        creates ? List.of(Long.toString(messageIds.incrementAndGet())) : List.of(), 1);
            }
            executed.put(action.actionId(), chosen);
            result = chosen;
        }
        ProducerRecord<String, Object> answer = new ProducerRecord<>(result.topic(), result.key(), result);
        if (record.traceparent() != null) {
            answer.headers().add(TRACEPARENT, record.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        producer.send(answer);
    }

    /** The value of header {@code key} as text, or null. */
    public static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The trace id of a W3C {@code traceparent} (version-traceid-spanid-flags), or null. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }

    /** A {@code traceparent} starting a new sampled trace, as an upstream service would send it. */
    public static String newTraceparent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return "00-" + traceId + "-" + spanId + "-01";
    }

    // ---------------------------------------------------------------- publishing, as the gateway does

    /** Publishes an event on its topic and waits until Kafka has it. */
    public void publish(DiscordEvent event) {
        send(new ProducerRecord<>(event.topic(), event.key(), event));
    }

    /** Publishes an event in trace {@code traceparent}, as the real gateway does, and waits until Kafka has it. */
    public void publish(DiscordEvent event, String traceparent) {
        send(traced(new ProducerRecord<>(event.topic(), event.key(), event), traceparent));
    }

    /** Publishes an action result (for tests that answer themselves) and waits until Kafka has it. */
    public void publish(ActionResult result) {
        send(new ProducerRecord<>(result.topic(), result.key(), result));
    }

    /** Publishes any value, e.g. a malformed record, and waits until Kafka has it. */
    public void publishRaw(String topic, String key, Object value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Publishes any value in trace {@code traceparent} and waits until Kafka has it. */
    public void publishRaw(String topic, String key, Object value, String traceparent) {
        send(traced(new ProducerRecord<>(topic, key, value), traceparent));
    }

    private static ProducerRecord<String, Object> traced(ProducerRecord<String, Object> record, String traceparent) {
        record.headers().add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void send(ProducerRecord<String, Object> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    // ---------------------------------------------------------------- what the service requested

    /** Every action received (with repeats), in order of arrival. */
    public List<DiscordAction> actions(Predicate<DiscordAction> filter) {
        return seen.stream().map(Seen::action).filter(filter).toList();
    }

    /** Every record received (with repeats) whose action matches, in order of arrival. */
    public List<Seen> records(Predicate<DiscordAction> filter) {
        return seen.stream().filter(record -> filter.test(record.action())).toList();
    }

    /** Every record received (with repeats) of one guild, in order of arrival. */
    public List<Seen> records(String guildId) {
        return records(action -> guildId.equals(action.guildId()));
    }

    /** The distinct actions (by id) of one guild. */
    public List<DiscordAction> distinctActions(String guildId) {
        Map<UUID, DiscordAction> byId = new LinkedHashMap<>();
        seen.stream().map(Seen::action).filter(action -> guildId.equals(action.guildId()))
                .forEach(action -> byId.putIfAbsent(action.actionId(), action));
        return List.copyOf(byId.values());
    }

    /** Actions requested on behalf of a source (an interaction or an operation id). */
    public List<DiscordAction> actionsOf(String sourceId) {
        return actions(action -> action.origin() != null && sourceId.equals(action.origin().sourceEventId()));
    }

    /** The follow-ups answering {@code interaction}, as text (an embed as title, description and fields). */
    public List<String> replies(DiscordEvent interaction) {
        return actionsOf(interaction.id()).stream()
                .filter(action -> action.kind() == ActionKind.INTERACTION_FOLLOWUP)
                .map(action -> text(((ActionParams.InteractionFollowup) action.params()).body()))
                .toList();
    }

    /** The follow-up actions answering {@code interaction}. */
    public List<ActionParams.InteractionFollowup> followups(DiscordEvent interaction) {
        return actionsOf(interaction.id()).stream()
                .filter(action -> action.kind() == ActionKind.INTERACTION_FOLLOWUP)
                .map(action -> (ActionParams.InteractionFollowup) action.params())
                .toList();
    }

    public static String text(ActionParams.MessageBody body) {
        if (body.content() != null) {
            return body.content();
        }
        ActionParams.Embed embed = body.embeds().get(0);
        return embed.title() + "\n" + embed.description() + "\n" + embed.fields();
    }

    public Long receivedAtNanos(UUID actionId) {
        return receivedAtNanos.get(actionId);
    }

    public ActionResult resultOf(UUID actionId) {
        return executed.get(actionId);
    }
}
