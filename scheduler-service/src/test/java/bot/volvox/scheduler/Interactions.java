package bot.volvox.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

/** Publishes what the gateway would: deferred slash commands and action results, with the platform serde. */
public final class Interactions {
    public static final String ADMINISTRATOR = Long.toString(1L << 3);
    public static final String NO_PERMISSIONS = "0";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static KafkaProducer<String, Object> producer;

    private Interactions() {
    }

    private static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            producer = new KafkaProducer<>(properties, new StringSerializer(), new VolvoxJsonSerializer());
        }
        return producer;
    }

    public static String newId() {
        return Long.toString(IDS.incrementAndGet());
    }

    public static CommandOptionValue string(String name, String value) {
        return new CommandOptionValue(name, "STRING", value, null, null, null, null);
    }

    /** A slash command invoked by {@code userId} in {@code guildId}, deferred ephemerally by the gateway. */
    public static DiscordEvent slash(String guildId, String userId, String permissions, String command,
            String subcommand, CommandOptionValue... options) {
        String id = newId();
        Interaction interaction = new Interaction(id, "app-1", "token-" + id, "channel-" + guildId,
                new Author(userId, "user" + userId, null, false, false), permissions, List.of(), 1, null, false,
                "en-US", "en-US", true, true);
        return DiscordEvent.of(id, Instant.now(), guildId,
                new EventPayload.SlashCommand(interaction, command, null, subcommand, new ArrayList<>(List.of(options))));
    }

    public static void publish(DiscordEvent event) {
        send(new ProducerRecord<>(Topics.INTERACTION, event.key(), event));
    }

    public static void publish(ActionResult result) {
        send(new ProducerRecord<>(Topics.ACTION_RESULT, result.key(), result));
    }

    private static void send(ProducerRecord<String, Object> record) {
        try {
            producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }
}
