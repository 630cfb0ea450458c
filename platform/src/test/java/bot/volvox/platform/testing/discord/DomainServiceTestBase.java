package bot.volvox.platform.testing.discord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.awaitility.Awaitility.await;

/**
 * What a domain service's {@code @QuarkusTest}s share: the fake gateway on real Kafka, emptied before and after each
 * test, and the service's own database pool for reading what it stored.
 */
public abstract class DomainServiceTestBase {

    @Inject
    protected Pool pool;

    protected KafkaGateway gateway;

    @BeforeEach
    void connectGateway() {
        gateway = KafkaGateway.get();
        gateway.reset();
    }

    @AfterEach
    void resetGateway() {
        gateway.reset();
    }

    protected List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    /** The first column of the first row of a {@code SELECT count(*)}-like query. */
    protected long count(String sql, Object... params) {
        return rows(sql, params).get(0).getLong(0);
    }

    /** Reads a dead-letter topic from its start. */
    protected static KafkaConsumer<String, byte[]> deadLetters(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Waits for one dead letter per marker (a letter whose value contains it); returns each one's
     * {@code dead-letter-reason}, in the markers' order. Markers must not contain each other.
     */
    protected static List<String> awaitDeadLetters(KafkaConsumer<String, byte[]> consumer, String... markers) {
        Map<String, String> reasons = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                var reason = record.headers().lastHeader("dead-letter-reason");
                for (String marker : markers) {
                    if (value.contains(marker)) {
                        reasons.put(marker, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            });
            return reasons.size() == markers.length;
        });
        return Arrays.stream(markers).map(reasons::get).toList();
    }
}
