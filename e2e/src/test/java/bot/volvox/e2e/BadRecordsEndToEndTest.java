package bot.volvox.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.local.LocalStack;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad records on every topic, while the system runs: oversized, not JSON, an unknown type or kind, a newer
 * {@code schemaVersion}, 100 KB strings inside a valid record, null ids. Every consumer group moves past all of them,
 * the unreadable ones are in the topic's dead-letter topic (or, for {@code volvox.config}, which every replica reads
 * without a group, counted as skipped by every service), and the system still answers commands.
 */
// Last: once, after this test, a restarted moderation-service resumed discord.interaction from an old committed
// offset and replayed older commands. Replays are harmless now (the router republishes recorded answers instead of
// running a command again), but why that offset stayed behind is not understood yet, so it stays last.
@Order(Integer.MAX_VALUE)
class BadRecordsEndToEndTest extends WholeSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS = List.of(Topics.MESSAGE, Topics.REACTION, Topics.MODERATION_INTERACTIONS,
            Topics.VOICE, Topics.MEMBER, Topics.ACTION, Topics.actionResults(OwningService.MODERATION), Topics.CONFIG);
    /** The kinds no consumer can read: each must reach the dead-letter topic of every topic that has a consumer. */
    private static final Set<String> UNREADABLE = Set.of("not JSON", "oversized (900 KB)", "unknown type or kind");
    private static final Pattern LISTENING = Pattern.compile("volvox_config_listener_assigned(\\{[^}]*})? 1");
    private static final Pattern SKIPPED_CONFIG = Pattern.compile(
            "volvox_kafka_poison_records_total\\{channel=\"volvox\\.config\",outcome=\"skipped\"[^}]*} ([0-9.E]+)");

    @Test
    void noBadRecordStopsAConsumerAndEachIsAccountedFor() throws Exception {
        makeTrafficOnEveryTopic();
        Map<String, Double> skippedBefore = skippedConfigRecords();
        // only services that read configuration listen to volvox.config (the gateway never does)
        Set<String> listening = skippedBefore.keySet().stream().filter(BadRecordsEndToEndTest::listensToConfig)
                .collect(java.util.stream.Collectors.toSet());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<Sent>> sent = new LinkedHashMap<>();
        try (var producer = producer()) {
            for (String topic : TOPICS) {
                ObjectNode template = latestRecord(topic).orElseThrow(
                        () -> new AssertionError("no record on " + topic + " to build bad ones from"));
                List<Sent> records = new ArrayList<>();
                int n = 0;
                for (Map.Entry<String, byte[]> bad : badRecords(template).entrySet()) {
                    String key = "bad-" + run + "-" + n++;
                    RecordMetadata at = producer.send(new ProducerRecord<>(topic, key, bad.getValue())).get();
                    records.add(new Sent(bad.getKey(), key, at.partition(), at.offset()));
                }
                sent.put(topic, records);
            }
        }

        List<String> table = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            for (String topic : TOPICS.stream().filter(t -> !t.equals(Topics.CONFIG)).toList()) {
                List<Sent> records = sent.get(topic);
                List<String> groups = await("the consumer groups of " + topic + " to move past its bad records")
                        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> groupsBehind(admin, topic, records), behind -> behind.values().stream()
                                .allMatch(Boolean.FALSE::equals)).keySet().stream().sorted().toList();
                Map<String, Long> deadLetters = deadLettersByKey(topic + Topics.DLQ_SUFFIX, run);
                if (!groups.isEmpty()) {
                    for (Sent record : records) {
                        if (UNREADABLE.contains(record.kind())) {
                            assertThat(deadLetters.getOrDefault(record.key(), 0L))
                                    .as(topic + ": the " + record.kind() + " record dead-lettered by each group")
                                    .isGreaterThanOrEqualTo(1);
                        }
                    }
                }
                table.add(String.format(Locale.ROOT, "| %s | %d | %s | %d |", topic, records.size(),
                        groups.isEmpty() ? "none yet" : String.join(", ", groups),
                        deadLetters.values().stream().mapToLong(Long::longValue).sum()));
            }
        }
        Map<String, Double> skippedAfter = await("every service to skip the unreadable volvox.config records")
                .atMost(Duration.ofSeconds(60)).until(BadRecordsEndToEndTest::skippedConfigRecords,
                        after -> listening.stream().allMatch(service ->
                                after.get(service) - skippedBefore.get(service) >= 2));
        assertThat(listening).as("services listening to volvox.config").contains("moderation-service",
                "scheduler-service");
        table.add(String.format(Locale.ROOT, "| %s | %d | every replica that reads configuration (no group): %s "
                + "| skipped: %s |", Topics.CONFIG, sent.get(Topics.CONFIG).size(),
                String.join(", ", new java.util.TreeSet<>(listening)), skippedAfter));

        assertThat(system.notReady()).as("services not ready after the bad records").isEmpty();
        String target = sandbox.memberJoin("after-bad-records-" + run);
        String reply = users.runAndAwaitReply("moderator", "warn", Map.of("user", target, "reason", "after " + run));
        assertThat(reply).contains("warned");
        System.out.println("| topic | bad records | consumer groups (all moved past) | dead letters |");
        System.out.println("| --- | --- | --- | --- |");
        table.forEach(System.out::println);
    }

    private record Sent(String kind, String key, int partition, long offset) {
    }

    /** Records of the topic's kinds, made by using the system as its users do. */
    private static void makeTrafficOnEveryTopic() {
        String member = sandbox.memberJoin("newcomer-" + UUID.randomUUID().toString().substring(0, 6));
        String said = sandbox.sendMessage(member, "general", "hello, bad records ahead");
        sandbox.react(member, said, "👍");
        sandbox.joinVoice(member, "Lounge");
        sandbox.leaveVoice(member);
        users.runAndAwaitReply("admin", "config set", Map.of("path", "reminders.enabled", "value", "true"));
        users.runAndAwaitReply("owner", "remind list", Map.of());
    }

    private static Map<String, byte[]> badRecords(ObjectNode template) {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("not JSON", "this is not JSON {".getBytes(StandardCharsets.UTF_8));
        bad.put("oversized (900 KB)", ("{\"junk\":\"" + "x".repeat(900 * 1024)).getBytes(StandardCharsets.UTF_8));
        bad.put("unknown type or kind", bytes(mutated(template, node -> {
            if (node.has("kind")) {
                node.put("kind", "NO_SUCH_KIND");
            }
            if (node.has("type")) {
                node.put("type", "no.such.type");
            }
            if (!node.has("kind") && !node.has("type")) {
                node.put("guildId", 12);
                node.set("changes", JSON.createArrayNode().add("not an object"));
            }
            return node;
        })));
        bad.put("newer schemaVersion", bytes(mutated(template, node -> node.put("schemaVersion", 99))));
        bad.put("100 KB strings", bytes(mutated(template, node -> {
            stretchStrings(node);
            return node;
        })));
        bad.put("null ids", bytes(mutated(template, node -> {
            for (String id : List.of("id", "actionId", "guildId", "interactionId", "messageId")) {
                if (node.has(id)) {
                    node.putNull(id);
                }
            }
            return node;
        })));
        return bad;
    }

    /** Every free-text field ({@code content}, {@code reason}, {@code message}) becomes 100 KB long. */
    private static void stretchStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual() && Set.of("content", "reason", "message").contains(name)) {
                    object.put(name, "y".repeat(100 * 1024));
                } else {
                    stretchStrings(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(BadRecordsEndToEndTest::stretchStrings);
        }
    }

    private static ObjectNode mutated(ObjectNode template, UnaryOperator<ObjectNode> change) {
        return change.apply(template.deepCopy());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest record of the topic that is a JSON object. */
    private static Optional<ObjectNode> latestRecord(String topic) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ObjectNode latest = null;
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        JsonNode node = JSON.readTree(record.value());
                        if (node instanceof ObjectNode object && !String.valueOf(record.key()).startsWith("bad-")) {
                            latest = object;
                        }
                    } catch (Exception notJson) {
                        // someone else's bad record
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /** For each consumer group reading the topic: whether its committed offset is still at or before a bad record. */
    private static Map<String, Boolean> groupsBehind(Admin admin, String topic, List<Sent> records) throws Exception {
        Map<String, Boolean> behind = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (group.groupId().startsWith("test-") || group.groupId().startsWith("e2e-")) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> read = offsets.keySet().stream().filter(p -> p.topic().equals(topic)).toList();
            if (read.isEmpty()) {
                continue;
            }
            boolean stuck = records.stream().anyMatch(record -> {
                OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, record.partition()));
                return committed == null || committed.offset() <= record.offset();
            });
            behind.put(group.groupId(), stuck);
        }
        return behind;
    }

    /** Dead letters of this run's bad records, by the key they carry (whole, or inside a bounded form). */
    private static Map<String, Long> deadLettersByKey(String deadLetterTopic, String run) {
        Map<String, Long> byKey = new HashMap<>();
        try (var consumer = consumer()) {
            if (consumer.partitionsFor(deadLetterTopic).isEmpty()) {
                return byKey;
            }
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Pattern boundedKey = Pattern.compile("\"key\"\\s*:\\s*\"(bad-" + run + "-\\d+)\"");
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = record.key();
                    if (key == null || !key.startsWith("bad-" + run)) {
                        Matcher bounded = boundedKey.matcher(record.value() == null ? ""
                                : new String(record.value(), 0, Math.min(record.value().length, 8192),
                                StandardCharsets.UTF_8));
                        key = bounded.find() ? bounded.group(1) : null;
                    }
                    if (key != null && key.startsWith("bad-" + run)) {
                        byKey.merge(key, 1L, Long::sum);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException noSuchTopic) {
            return byKey;
        }
        return byKey;
    }

    private static boolean listensToConfig(String service) {
        return LISTENING.matcher(metrics(service)).find();
    }

    private static String metrics(String service) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create(system.serviceUrl(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("metrics of " + service, e);
        }
    }

    /** Per service: the volvox.config records it skipped as unreadable. */
    private static Map<String, Double> skippedConfigRecords() throws Exception {
        Map<String, Double> skipped = new LinkedHashMap<>();
        for (String service : List.of("gateway-service", "moderation-service", "ai-service", "analytics-service",
                "scheduler-service")) {
            Matcher matcher = SKIPPED_CONFIG.matcher(metrics(service));
            skipped.put(service, matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0);
        }
        return skipped;
    }

    private static String bootstrap() {
        return LocalStack.forTests().kafka().bootstrapServers();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }
}
