package bot.volvox.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import bot.volvox.platform.testing.PlatformStack;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, spans leave the process: a local OTLP/HTTP receiver gets the spans of
 * a trace begun for an event and of a record sent in it, carrying the trace id the record's {@code traceparent} names.
 */
@QuarkusTest
@TestProfile(OtlpExportTest.WithOtlpReceiver.class)
class OtlpExportTest {

    static final List<Export> EXPORTS = new CopyOnWriteArrayList<>();
    static final HttpServer RECEIVER = receiver();

    /** One request the receiver got. */
    record Export(String path, String contentType, byte[] body) {
    }

    public static class WithOtlpReceiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + RECEIVER.getAddress().getPort(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    // export at once instead of every 5 s
                    "quarkus.otel.bsp.schedule.delay", "PT0.05S");
        }
    }

    @Inject
    RecordTracing tracing;

    @Test
    void spansAreExportedOverOtlpWithTheTraceIdOfTheRecords() throws Exception {
        Context trace = tracing.startTrace("discord SLASH_COMMAND");
        ProducerRecord<String, String> record = new ProducerRecord<>("discord.action", "guild", "{}");
        try (Producer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", PlatformStack.kafka().bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            RecordMetadata acked = tracing.send(producer, record, trace).get(30, TimeUnit.SECONDS);
            assertThat(acked.topic()).isEqualTo("discord.action");
        }
        String traceId = Span.fromContext(trace).getSpanContext().getTraceId();
        String traceparent = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(traceparent).startsWith("00-" + traceId + "-");

        byte[] rawTraceId = HexFormat.of().parseHex(traceId);
        await("both spans at the OTLP receiver").atMost(Duration.ofSeconds(20)).until(() -> EXPORTS.stream()
                .mapToInt(export -> occurrences(export.body(), rawTraceId)).sum() >= 2);
        assertThat(EXPORTS).allSatisfy(export -> {
            assertThat(export.path()).isEqualTo("/v1/traces");
            assertThat(export.contentType()).isEqualTo("application/x-protobuf");
        });
        String bodies = EXPORTS.stream().map(export -> new String(export.body(), StandardCharsets.ISO_8859_1))
                .reduce("", String::concat);
        assertThat(bodies).contains("discord SLASH_COMMAND", "discord.action publish");
    }

    @Test
    void aRecordTheProducerRefusesAtOnceFailsItsSend() {
        Producer<String, String> closed = new KafkaProducer<>(
                Map.of("bootstrap.servers", PlatformStack.kafka().bootstrapServers()), new StringSerializer(),
                new StringSerializer());
        closed.close();
        ProducerRecord<String, String> record = new ProducerRecord<>("discord.action", "guild", "{}");

        assertThatThrownBy(() -> tracing.send(closed, record, Context.root()).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int count = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                EXPORTS.add(new Export(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                // an empty ExportTraceServiceResponse: everything accepted
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
