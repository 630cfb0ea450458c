package bot.volvox.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.testing.PlatformStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;

/** The failure strategy against the local Kafka broker: whole, bounded, or logged and counted, and always moving on. */
class DeadLetterUnlessStoppingTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final String dlq = "test.dlq." + UUID.randomUUID();
    private final List<Long> acked = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void aFailingRecordGoesWholeToTheDeadLetterTopicWithTheReasonAndIsAcknowledged() throws Exception {
        await(handler(dlq).handle(record(7, "{\"type\":\"nope\"}", null), new IllegalArgumentException("bad option"),
                Metadata.empty()));

        ConsumerRecord<byte[], byte[]> letter = readOne(dlq);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"nope\"}");
        assertThat(header(letter, "dead-letter-reason")).isEqualTo("bad option");
        assertThat(header(letter, "dead-letter-topic")).isEqualTo("discord.action");
        assertThat(header(letter, "dead-letter-offset")).isEqualTo("7");
        assertThat(acked).containsExactly(7L);
        assertThat(count(PoisonRecords.DEAD_LETTERED)).isEqualTo(1);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsOriginalBytesOnceNotTwice() throws Exception {
        byte[] original = "not json at all".getBytes(StandardCharsets.UTF_8);
        await(handler(dlq).handle(record(8, null, original), new IllegalStateException("unreadable"), Metadata.empty()));

        ConsumerRecord<byte[], byte[]> letter = readOne(dlq);
        assertThat(letter.value()).isEqualTo(original);
        assertThat(letter.headers().lastHeader("deserialization-failure-data")).isNull();
    }

    @Test
    void aRecordTooLargeWithItsHeadersGetsItsBoundedFormAndTheChannelMovesOn() throws Exception {
        // as large as the broker accepts: with the dead-letter headers added it no longer fits
        String huge = "{\"content\":\"" + "x".repeat(1_046_800) + "\"}";
        await(handler(dlq).handle(record(9, null, huge.getBytes(StandardCharsets.UTF_8)),
                new IllegalArgumentException("cannot read " + huge), Metadata.empty()));

        ConsumerRecord<byte[], byte[]> letter = readOne(dlq);
        JsonNode bounded = VolvoxJson.MAPPER.readTree(letter.value());
        assertThat(header(letter, "dead-letter-bounded")).isEqualTo("true");
        assertThat(bounded.path("sourceTopic").asText()).isEqualTo("discord.action");
        assertThat(bounded.path("offset").asLong()).isEqualTo(9);
        assertThat(bounded.path("size").asInt()).isEqualTo(huge.length());
        assertThat(bounded.path("head").asText()).hasSize(DeadLetter.HEAD_BYTES).startsWith("{\"content\":\"xxx");
        assertThat(bounded.path("reason").asText()).startsWith("cannot read").hasSizeLessThan(1100);
        assertThat(letter.serializedValueSize()).isLessThan(16 * 1024);
        assertThat(acked).containsExactly(9L);
        assertThat(count(PoisonRecords.BOUNDED)).isEqualTo(1);
    }

    @Test
    void aLargeUnreadableRecordIsCopiedWholeWhenItFitsNotDoubledByItsFailureHeaders() throws Exception {
        // 900 KB: SmallRye's own dead-letter queue added the bytes again as a header and exceeded the limit
        String large = "{\"content\":\"" + "y".repeat(900_000) + "\"}";
        await(handler(dlq).handle(record(12, null, large.getBytes(StandardCharsets.UTF_8)),
                new IllegalArgumentException("cannot read " + large), Metadata.empty()));

        ConsumerRecord<byte[], byte[]> letter = readOne(dlq);
        assertThat(letter.value()).hasSize(large.length());
        assertThat(header(letter, "dead-letter-reason")).hasSizeLessThan(1100);
        assertThat(count(PoisonRecords.DEAD_LETTERED)).isEqualTo(1);
    }

    @Test
    void whenNoDeadLetterCanBeWrittenTheRecordIsLoggedCountedAndAcknowledged() throws Exception {
        // the broker refuses this topic name: neither the whole nor the bounded form can be written
        await(handler("not a valid topic!").handle(record(10, "{}", null), new IllegalArgumentException("bad"),
                Metadata.empty()));

        assertThat(acked).containsExactly(10L);
        assertThat(count(PoisonRecords.LOST)).isEqualTo(1);
    }

    @Test
    void aRecordFailingWhileTheServiceStopsIsLeftUnacknowledgedForRedelivery() {
        stopping.set(true);

        UniAssertSubscriber<Void> nack = handler(dlq)
                .handle(record(11, "{}", null), new IllegalStateException("Pool closed"), Metadata.empty())
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        nack.assertNotTerminated();
        assertThat(acked).isEmpty();
    }

    private DeadLetterUnlessStopping.Handler handler(String topic) {
        Map<String, Object> config = DeadLetterUnlessStopping.producerConfig(
                Map.of("bootstrap.servers", PlatformStack.kafka().bootstrapServers()), "test");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer());
        closeables.add(producer);
        return new DeadLetterUnlessStopping.Handler("test", topic, producer, stopping::get,
                new PoisonRecords(registry));
    }

    /** A record of discord.action as SmallRye hands it over: read ({@code payload}) or not ({@code raw} bytes). */
    private IncomingKafkaRecord<String, String> record(long offset, String payload, byte[] raw) {
        RecordHeaders headers = new RecordHeaders();
        if (raw != null) {
            headers.add(new RecordHeader("deserialization-failure-data", raw));
            headers.add(new RecordHeader("deserialization-failure-reason", "Unrecognized token".getBytes()));
        }
        ConsumerRecord<String, String> consumed = new ConsumerRecord<>("discord.action", 0, offset, -1L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, -1, -1, "guild-1", payload, headers,
                java.util.Optional.empty());
        KafkaCommitHandler commits = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                synchronized (acked) {
                    acked.add(record.getOffset());
                }
                return Uni.createFrom().voidItem();
            }
        };
        return new IncomingKafkaRecord<>(consumed, "test", 0, commits, null, false, false);
    }

    private static void await(Uni<Void> handled) {
        handled.await().atMost(WAIT);
    }

    private ConsumerRecord<byte[], byte[]> readOne(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformStack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * DeadLetterUnlessStopping.MAX_RECORD_BYTES),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
            });
            assertThat(read).hasSize(1);
            return read.get(0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private double count(String outcome) {
        var counter = registry.find(PoisonRecords.METRIC).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
