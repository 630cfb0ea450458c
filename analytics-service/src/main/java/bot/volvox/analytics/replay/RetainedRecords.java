package bot.volvox.analytics.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record retained in some topics when it is opened (up to the end offsets of that moment), read without a
 * consumer group (nothing is committed), and handed out in the order they were published: the partitions are merged
 * by the records' Kafka timestamps (the producer's send time), each partition in its own order. That is the order in
 * which live consumers, reading all partitions as records arrive, applied them; the events' own times would not do
 * (a record may carry an older time than one published before it). A record that cannot be read is counted and left
 * out, as the live consumer dead-lettered it.
 */
final class RetainedRecords<T> implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Function<ConsumerRecord<String, byte[]>, T> reader;
    private final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, ArrayDeque<Published<T>>> queued = new HashMap<>();
    private long unreadable;

    /**
     * @param reader the record's value, or null when it cannot be read
     */
    private record Published<T>(T value, long timestamp) {
    }

    RetainedRecords(String bootstrapServers, List<String> topics, Function<ConsumerRecord<String, byte[]>, T> reader) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = reader;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        partitions.forEach(partition -> queued.put(partition, new ArrayDeque<>()));
    }

    /** The next record in the order of publication, or null when every partition is read to its end. */
    T next() {
        fill();
        TopicPartition earliest = null;
        for (Map.Entry<TopicPartition, ArrayDeque<Published<T>>> entry : queued.entrySet()) {
            Published<T> head = entry.getValue().peek();
            if (head != null && (earliest == null || head.timestamp() < queued.get(earliest).peek().timestamp())) {
                earliest = entry.getKey();
            }
        }
        return earliest == null ? null : queued.get(earliest).poll().value();
    }

    long unreadable() {
        return unreadable;
    }

    /** Polls until every partition not read to its end has a record queued, so the earliest head is known. */
    private void fill() {
        while (true) {
            List<TopicPartition> hungry = queued.entrySet().stream()
                    .filter(e -> e.getValue().isEmpty() && consumer.position(e.getKey()) < end.get(e.getKey()))
                    .map(Map.Entry::getKey).toList();
            if (hungry.isEmpty()) {
                return;
            }
            // only the partitions that need a record are fetched, so no queue grows without bound
            consumer.pause(consumer.assignment());
            consumer.resume(hungry);
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.get(partition)) {
                    continue; // newer than the replay: the live consumer applies it
                }
                T value = read(record);
                if (value == null) {
                    unreadable++;
                } else {
                    queued.get(partition).add(new Published<>(value, record.timestamp()));
                }
            }
        }
    }

    private T read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return reader.apply(record);
        } catch (RuntimeException unreadableRecord) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
