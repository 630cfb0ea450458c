package bot.volvox.e2e;

import bot.volvox.local.LocalStack;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per Discord event: a {@code /ban}'s interaction record (the gateway starts the trace), every action
 * moderation-service requests for it (the DM, the ban, the mod-log post, the answer, each requested after the
 * previous one's result) and every action result the gateway publishes carry one trace id in their
 * {@code traceparent} headers.
 */
class TracingEndToEndTest extends WholeSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBansInteractionItsActionsAndTheirResultsShareOneTrace() {
        String target = sandbox.memberJoin("traced-" + UUID.randomUUID().toString().substring(0, 6));
        String interaction = users.run("moderator", "ban", Map.of("user", target, "reason", "one trace"));
        assertThat(users.awaitReply(interaction)).contains("banned");

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.MODERATION_INTERACTIONS, Topics.ACTION,
                    Topics.actionResults(OwningService.MODERATION))) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, String> interactionTrace = new LinkedHashMap<>();
            Map<String, String> actionTraces = new LinkedHashMap<>(); // "KIND actionId" -> traceparent
            Map<String, String> actionIds = new LinkedHashMap<>();
            Map<String, String> resultTraces = new LinkedHashMap<>(); // actionId -> traceparent
            await("the ban's records on Kafka, every action answered").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = read(record.value());
                    if (value == null) {
                        continue;
                    }
                    String traceparent = header(record, "traceparent");
                    switch (record.topic()) {
                        case Topics.MODERATION_INTERACTIONS -> {
                            if (interaction.equals(value.path("id").asText())) {
                                interactionTrace.put(interaction, traceparent);
                            }
                        }
                        case Topics.ACTION -> {
                            if (interaction.equals(value.path("origin").path("sourceEventId").asText())) {
                                String id = value.path("actionId").asText();
                                actionTraces.put(value.path("kind").asText() + " " + id, traceparent);
                                actionIds.put(id, value.path("kind").asText());
                            }
                        }
                        default -> resultTraces.put(value.path("actionId").asText(), traceparent);
                    }
                }
                return !interactionTrace.isEmpty() && actionIds.values().containsAll(
                        List.of("SEND_DM", "BAN", "SEND_MESSAGE", "INTERACTION_FOLLOWUP"))
                        && resultTraces.keySet().containsAll(actionIds.keySet());
            });

            String traceId = traceId(interactionTrace.get(interaction));
            assertThat(traceId).as("the interaction record's traceparent").isNotNull();
            Set<String> traces = new TreeSet<>();
            actionTraces.forEach((action, traceparent) -> traces.add("action " + action + ": " + traceId(traceparent)));
            actionIds.forEach((id, kind) -> traces.add("result of " + kind + " " + id + ": "
                    + traceId(resultTraces.get(id))));
            System.out.printf("/ban %s: trace %s over %d actions and their results%n", interaction, traceId,
                    actionIds.size());
            assertThat(traces).hasSize(2 * actionIds.size())
                    .allSatisfy(line -> assertThat(line).endsWith(": " + traceId));
        }
    }

    private static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode read(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (Exception notJson) {
            return null; // another test's bad record
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.forTests().kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }
}
