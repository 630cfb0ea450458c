package bot.volvox.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;

/**
 * A record that could not be read or handled, ready for its dead-letter topic: the original bytes (re-serialized
 * when it was read), the reason in {@code dead-letter-*} headers (as SmallRye's dead-letter queue names them), and a
 * bounded form for when the whole cannot be written. Both carry the failed record's {@code traceparent}, so a dead
 * letter belongs to the trace of the event that caused it.
 */
final class DeadLetter {
    static final int HEAD_BYTES = 4096;
    static final int MAX_TEXT = 1024;
    /** The headers SmallRye adds to a record it could not deserialize; they carry the original bytes. */
    private static final String FAILURE_VALUE_DATA = "deserialization-failure-value-data";
    private static final String FAILURE_DATA = "deserialization-failure-data";
    private static final String FAILURE_PREFIX = "deserialization-failure-";
    /** The W3C trace context headers ({@code bot.volvox.platform.tracing}). */
    private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

    private final String sourceTopic;
    private final int partition;
    private final long offset;
    private final byte[] key;
    private final byte[] value;
    private final String reason;
    private final String cause;
    private final String exception;
    private final List<Header> originalHeaders;

    private DeadLetter(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason,
            String cause, String exception, List<Header> originalHeaders) {
        this.sourceTopic = sourceTopic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.reason = reason;
        this.cause = cause;
        this.exception = exception;
        this.originalHeaders = originalHeaders;
    }

    static DeadLetter of(IncomingKafkaRecord<?, ?> record, Throwable reason) {
        byte[] raw = null;
        List<Header> kept = new ArrayList<>();
        for (Header header : record.getHeaders()) {
            if (header.key().equals(FAILURE_VALUE_DATA) || header.key().equals(FAILURE_DATA)) {
                raw = raw != null ? raw : header.value();
            } else if (!header.key().startsWith(FAILURE_PREFIX + "key-data")) {
                kept.add(new RecordHeader(header.key(), truncate(header.value())));
            }
        }
        Object payload = record.getPayload();
        byte[] value = payload != null ? bytes(payload) : raw;
        Object key = record.getKey();
        String cause = reason.getCause() == null ? null : message(reason.getCause());
        return new DeadLetter(record.getTopic(), record.getPartition(), record.getOffset(),
                key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8), value, message(reason), cause,
                reason.getClass().getName(), kept);
    }

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] array) {
            return array;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return VolvoxJson.MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            return payload.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String message(Throwable throwable) {
        String text = throwable.getMessage() != null ? throwable.getMessage() : throwable.toString();
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    private static byte[] truncate(byte[] value) {
        return value == null || value.length <= MAX_TEXT ? value : Arrays.copyOf(value, MAX_TEXT);
    }

    String reason() {
        return reason;
    }

    /** {@code topic[partition]@offset}, for log lines. */
    String where() {
        return sourceTopic + "[" + partition + "]@" + offset;
    }

    /** The size of the whole dead letter: key, value and every header. */
    int size() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** Whether the whole fits a record of {@code maxBytes}, with room for the record's own framing. */
    boolean fitsIn(int maxBytes) {
        return size() <= maxBytes - 1024;
    }

    ProducerRecord<byte[], byte[]> full(String topic) {
        return new ProducerRecord<>(topic, null, key, value, headers());
    }

    ProducerRecord<byte[], byte[]> bounded(String topic, Throwable whyNotWhole) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("sourceTopic", sourceTopic);
        summary.put("partition", partition);
        summary.put("offset", offset);
        summary.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
        summary.put("size", value == null ? 0 : value.length);
        summary.put("reason", reason);
        summary.put("cause", cause);
        summary.put("notWholeBecause", message(whyNotWhole));
        summary.put("head", head());
        List<Header> headers = new ArrayList<>(reasonHeaders());
        headers.add(header("dead-letter-bounded", "true"));
        // the bounded form drops the original headers, but not the trace: it stays findable beside its cause
        originalHeaders.stream().filter(h -> TRACE_HEADERS.contains(h.key())).forEach(headers::add);
        return new ProducerRecord<>(topic, null, key, bytes(summary), headers);
    }

    /** The first bytes of the value as text (invalid UTF-8 replaced), for the bounded form. */
    String head() {
        if (value == null) {
            return null;
        }
        return new String(value, 0, Math.min(value.length, HEAD_BYTES), StandardCharsets.UTF_8);
    }

    String headForLog() {
        String head = head();
        return head == null ? "(none)" : head.length() <= 200 ? head : head.substring(0, 200) + "…";
    }

    private List<Header> headers() {
        List<Header> headers = new ArrayList<>(reasonHeaders());
        headers.addAll(originalHeaders);
        return headers;
    }

    private List<Header> reasonHeaders() {
        List<Header> headers = new ArrayList<>();
        headers.add(header("dead-letter-exception-class-name", exception));
        headers.add(header("dead-letter-reason", reason));
        if (cause != null) {
            headers.add(header("dead-letter-cause", cause));
        }
        headers.add(header("dead-letter-topic", sourceTopic));
        headers.add(header("dead-letter-partition", Integer.toString(partition)));
        headers.add(header("dead-letter-offset", Long.toString(offset)));
        return headers;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
