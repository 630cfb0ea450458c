package bot.volvox.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import bot.volvox.gateway.actions.ShardAssignor;
import bot.volvox.platform.kafka.ShardPartitioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Actions reach the gateway replica that holds their guild's shard, on the real broker, with the consumer and producer
 * settings the gateway's {@code discord-actions} channel and platform's {@code actions} channel use: two replicas of 2
 * shards (derived from their StatefulSet ordinals) on a topic of 4 partitions each get only their shards' guilds and
 * share the DMs; while one is away its guilds' actions wait, and its successor resumes from the committed offsets;
 * after scaling down to one replica owning both shards, that replica resumes every partition, nothing twice.
 */
class ShardRoutingTest {
    private static final int PARTITIONS = 4;
    private static final int SHARDS = 2;

    private final String topic = "shard-routing-" + UUID.randomUUID();
    private final String group = "gateway-" + UUID.randomUUID();

    /** A guild id on {@code shard} of {@link #SHARDS} (Discord: {@code (id >> 22) % total}), distinct per {@code n}. */
    private static String guildOn(int shard, int n) {
        return Long.toString(((long) (n * SHARDS + shard) << 22) | 12345);
    }

    private static int shardOfKey(String key) {
        return ShardPartitioner.shardOf(Long.parseLong(key), SHARDS);
    }

    @Test
    void eachReplicaGetsItsShardsGuildsAndAWaitingShardResumesWithItsReplica() throws Exception {
        createTopic();
        try (var producer = producer();
             var first = replica("2", "gateway-service-0");
             var second = replica("2", "gateway-service-1")) {
            List<String> sent = send(producer, "a");
            Map<KafkaConsumer<String, String>, List<String>> got = pollUntil(List.of(first, second), sent.size());

            assertThat(got.get(first)).filteredOn(key -> !key.startsWith("dm:"))
                    .allMatch(key -> shardOfKey(key) == 0).hasSize(8);
            assertThat(got.get(second)).filteredOn(key -> !key.startsWith("dm:"))
                    .allMatch(key -> shardOfKey(key) == 1).hasSize(8);
            List<String> all = new ArrayList<>(got.get(first));
            all.addAll(got.get(second));
            assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(got.get(first)).as("DMs run on any replica: both get some").anyMatch(k -> k.startsWith("dm:"));
            assertThat(got.get(second)).anyMatch(key -> key.startsWith("dm:"));

            second.close();
            List<String> whileAway = send(producer, "b");
            List<String> firstGot = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                poll(first).forEach(record -> firstGot.add(record.key()));
                return firstGot.stream().filter(key -> !key.startsWith("dm:")).count() >= 8;
            });
            firstGot.addAll(observe(first, Duration.ofSeconds(2)));
            assertThat(firstGot).as("the remaining replica runs its own shard's guilds, never the absent one's")
                    .filteredOn(key -> !key.startsWith("dm:")).allMatch(key -> shardOfKey(key) == 0).hasSize(8);

            List<String> missing = new ArrayList<>(whileAway);
            missing.removeAll(firstGot);
            try (var successor = replica("2", "gateway-service-1")) {
                List<String> resumed = pollUntil(List.of(successor, first), missing.size()).get(successor);
                assertThat(resumed).as("the restarted replica resumes where its predecessor committed")
                        .containsExactlyInAnyOrderElementsOf(missing);
            }

            // scaled to one replica: it owns both shards and resumes every partition where the two left off
            first.close();
            try (var only = replica("1", "gateway-service-0")) {
                List<String> after = send(producer, "d");
                assertThat(pollUntil(List.of(only), after.size()).get(only))
                        .containsExactlyInAnyOrderElementsOf(after);
                assertThat(observe(only, Duration.ofSeconds(1))).as("nothing twice").isEmpty();
            }
        }
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** A gateway replica's action consumer: the group, assignor and shard settings of the discord-actions channel. */
    private KafkaConsumer<String, String> replica(String replicas, String podName) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ShardAssignor.class.getName());
        config.put(ShardAssignor.SHARD_TOTAL, Integer.toString(SHARDS));
        config.put(ShardAssignor.REPLICAS, replicas);
        config.put(ShardAssignor.POD_NAME, podName);
        var consumer = new KafkaConsumer<String, String>(config);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** platform's actions producer: keyed by guild, partitioned by shard. */
    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrap(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, ShardPartitioner.class.getName(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** 8 actions for guilds of each shard and 8 DMs; their keys, each unique. */
    private List<String> send(KafkaProducer<String, String> producer, String round) throws Exception {
        List<String> keys = new ArrayList<>();
        int base = round.charAt(0) * 100;
        for (int n = 0; n < 8; n++) {
            keys.add(guildOn(0, base + n));
            keys.add(guildOn(1, base + n));
            keys.add("dm:" + round + n);
        }
        for (String key : keys) {
            producer.send(new ProducerRecord<>(topic, key, round)).get();
        }
        return keys;
    }

    /** Polls the replicas (one thread, so each takes part in the group's rebalances) until they got {@code count}. */
    private static Map<KafkaConsumer<String, String>, List<String>> pollUntil(
            List<KafkaConsumer<String, String>> replicas, int count) {
        Map<KafkaConsumer<String, String>, List<String>> got = new HashMap<>();
        replicas.forEach(replica -> got.put(replica, new ArrayList<>()));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (var replica : replicas) {
                poll(replica).forEach(record -> got.get(replica).add(record.key()));
            }
            return got.values().stream().mapToInt(List::size).sum() >= count;
        });
        return got;
    }

    /**
     * One poll, its records then committed, as the gateway commits each action once it is done (so a rebalance hands
     * over the offsets; without a commit Kafka redelivers, which the gateway's claims absorb but this test counts).
     */
    private static org.apache.kafka.clients.consumer.ConsumerRecords<String, String> poll(
            KafkaConsumer<String, String> replica) {
        var records = replica.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
            replica.commitSync();
        }
        return records;
    }

    /** Every key a replica polls within {@code window} (for asserting what does NOT arrive). */
    private static List<String> observe(KafkaConsumer<String, String> replica, Duration window) {
        List<String> keys = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            poll(replica).forEach(record -> keys.add(record.key()));
        }
        return keys;
    }
}
