package bot.volvox.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import bot.volvox.local.LocalStack;

/** Plain Kafka clients on the test broker: what a real consumer or producer of the topics sees. */
final class KafkaTopics {

    static String bootstrap() {
        return LocalStack.forTests().kafka().bootstrapServers();
    }

    /**
     * A consumer in a fresh group that reads {@code topic} from the beginning. The topic is created first when
     * missing: a consumer that subscribed before the topic existed sees it only at its next metadata refresh.
     */
    static KafkaConsumer<String, byte[]> consumer(String topic) {
        create(topic, Optional.empty());
        var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Creates {@code topic} with at least {@code partitions} partitions, or adds partitions to the existing topic up
     * to that number (a gateway with several shards needs a multiple of the shard total on {@code discord.action}).
     */
    static void ensurePartitions(String topic, int partitions) {
        create(topic, Optional.of(partitions));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            int existing = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            if (existing < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot give " + topic + " " + partitions + " partitions", e);
        }
    }

    private static void create(String topic, Optional<Integer> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    /** Polls until a record matches; returns it. */
    static ConsumerRecord<String, byte[]> await(KafkaConsumer<String, byte[]> consumer,
            Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        var found = new ArrayList<ConsumerRecord<String, byte[]>>();
        Awaitility.await().atMost(timeout).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (match.test(record)) {
                    found.add(record);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Every record matching within {@code window} of polling (for asserting that something did NOT arrive). */
    static List<ConsumerRecord<String, byte[]>> collect(KafkaConsumer<String, byte[]> consumer,
            Predicate<ConsumerRecord<String, byte[]>> match, Duration window) {
        var found = new ArrayList<ConsumerRecord<String, byte[]>>();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (match.test(record)) {
                    found.add(record);
                }
            }
        }
        return found;
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static void send(String topic, String key, byte[] value) {
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaTopics() {
    }
}
