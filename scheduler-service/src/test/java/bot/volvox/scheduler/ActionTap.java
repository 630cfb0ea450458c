package bot.volvox.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.DiscordActionDeserializer;

/** Everything on {@code discord.action}, read by a plain KafkaConsumer of its own (as the gateway would). */
public final class ActionTap {

    /** One record: the action, when the producer sent it, and where it sits. */
    public record Seen(DiscordAction action, Instant sentAt, int partition, long offset) {
    }

    private static ActionTap instance;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private ActionTap(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler-test-tap-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, DiscordAction> consumer = new KafkaConsumer<>(properties,
                    new StringDeserializer(), new DiscordActionDeserializer())) {
                consumer.subscribe(List.of(Topics.ACTION));
                while (true) {
                    for (ConsumerRecord<String, DiscordAction> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() != null) {
                            seen.add(new Seen(record.value(), Instant.ofEpochMilli(record.timestamp()),
                                    record.partition(), record.offset()));
                        }
                    }
                }
            }
        }, "discord-action-tap");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized ActionTap get() {
        if (instance == null) {
            instance = new ActionTap(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return instance;
    }

    public List<Seen> matching(Predicate<DiscordAction> filter) {
        return seen.stream().filter(s -> filter.test(s.action())).toList();
    }

    public List<Seen> forGuild(String guildId) {
        return matching(action -> guildId.equals(action.guildId()));
    }
}
