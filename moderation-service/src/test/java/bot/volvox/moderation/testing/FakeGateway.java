package bot.volvox.moderation.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.DiscordActionDeserializer;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

/**
 * Stands in for gateway-service on the Kafka side only: reads {@code discord.action} (its own consumer group),
 * records each action, executes each actionId once (a repeat gets the earlier result, marked replayed, like the
 * real gateway), and answers on {@code discord.action-result}. Tests publish events with {@link #publish}.
 * One instance per test JVM.
 */
public final class FakeGateway implements AutoCloseable {
    private static volatile FakeGateway instance;

    private final KafkaProducer<String, Object> producer;
    private final List<DiscordAction> received = new CopyOnWriteArrayList<>();
    private final Map<UUID, ActionResult> executed = new ConcurrentHashMap<>();
    private final Map<UUID, Long> receivedAtNanos = new ConcurrentHashMap<>();
    private final AtomicLong snowflakes = new AtomicLong(1_300_000_000_000_000_000L);
    private volatile Function<DiscordAction, ActionResult> behaviour = action -> null;
    private volatile boolean running = true;
    private final Thread poller;

    public static synchronized FakeGateway instance(String bootstrapServers) {
        if (instance == null) {
            instance = new FakeGateway(bootstrapServers);
        }
        return instance;
    }

    private FakeGateway(String bootstrapServers) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VolvoxJsonSerializer.class.getName());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(producerProps);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-gateway-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, DiscordActionDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, DiscordAction> consumer = new KafkaConsumer<>(consumerProps);
        consumer.subscribe(List.of(Topics.ACTION));
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, DiscordAction> record : consumer.poll(Duration.ofMillis(20))) {
                        if (record.value() != null) {
                            handle(record.value());
                        }
                    }
                }
            }
        }, "fake-gateway");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * How to answer: return a result for the action (e.g. {@link #fail}), or null for the default success. Reset by
     * {@link #reset()}.
     */
    public void behaviour(Function<DiscordAction, ActionResult> behaviour) {
        this.behaviour = behaviour;
    }

    public void reset() {
        behaviour = action -> null;
    }

    public static ActionResult fail(DiscordAction action, int errorCode, String message) {
        return ActionResult.failed(action, ActionStatus.FAILED, errorCode, message, 1);
    }

    private void handle(DiscordAction action) {
        receivedAtNanos.putIfAbsent(action.actionId(), System.nanoTime());
        received.add(action);
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
                        creates ? List.of(Long.toString(snowflakes.incrementAndGet())) : List.of(), 1);
            }
            executed.put(action.actionId(), chosen);
            result = chosen;
        }
        producer.send(new ProducerRecord<>(Topics.ACTION_RESULT, result.key(), result));
    }

    public void publish(DiscordEvent event) {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
    }

    public void publishRaw(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    /** Every action received (with repeats), in order. */
    public List<DiscordAction> actions(Predicate<DiscordAction> filter) {
        return received.stream().filter(filter).toList();
    }

    /** The distinct actions (by id) of one guild. */
    public List<DiscordAction> distinctActions(String guildId) {
        Map<UUID, DiscordAction> byId = new java.util.LinkedHashMap<>();
        received.stream().filter(a -> guildId.equals(a.guildId())).forEach(a -> byId.putIfAbsent(a.actionId(), a));
        return List.copyOf(byId.values());
    }

    public Long receivedAtNanos(UUID actionId) {
        return receivedAtNanos.get(actionId);
    }

    public ActionResult resultOf(UUID actionId) {
        return executed.get(actionId);
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
