package bot.volvox.platform.tracing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * One trace per Discord event across every service it touches, carried on Kafka in the W3C {@code traceparent} (and
 * {@code tracestate}) header of every record.
 *
 * <p>Records consumed through SmallRye channels need nothing from here: the connector opens a consumer span from the
 * record's {@code traceparent}, and Quarkus makes it the current context while the channel's method (and the Vert.x
 * work it starts) runs. What Volvox produces itself goes through this class, so that the record continues the trace
 * of the record that caused it whichever thread finally sends it:
 * <ul>
 * <li>{@link #startTrace}: the gateway starts a trace for each Discord event (the only place traces begin, apart from
 * work no record caused, such as the scheduler's due items, whose actions each start their own);</li>
 * <li>{@link #continuingCurrentTrace}: an emitter message carries the current context explicitly, as the emitter may
 * hand it to the Kafka sink on another thread;</li>
 * <li>{@link #send}: a record sent with a plain Kafka producer gets a producer span, child of the caller's
 * context, and its {@code traceparent}.</li>
 * </ul>
 * Volvox's hot producers ({@code discord.action}, the gateway's events and action results) use {@link #send} with the
 * producer SmallRye configured for their channel ({@code KafkaClientService.getProducer(channel).unwrap()}), not the
 * channel's per-message pipeline (a Mutiny stream, context propagation, a retry operator and a tracing instrumenter
 * per message, a hop to its sending thread), which cost the gateway more CPU than the producer itself.
 * Spans leave the process only where an OTLP endpoint is configured (platform-config, {@code OTEL_EXPORTER_OTLP_*}).
 */
@ApplicationScoped
public class RecordTracing {
    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    @Inject
    RecordTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("bot.volvox");
    }

    /** A new trace (no parent, whatever is current) for {@code what}, such as a Discord event arriving. */
    public Context startTrace(String what) {
        Span span = tracer.spanBuilder(what).setNoParent().setSpanKind(SpanKind.INTERNAL).startSpan();
        Context trace = Context.root().with(span);
        span.end(); // marks the moment the event arrived; its sends and everything they cause are its children
        return trace;
    }

    /** {@code message} continuing {@code trace}, whichever thread the channel sends it on. */
    public static <T> Message<T> continuing(Message<T> message, Context trace) {
        return message.addMetadata(TracingMetadata.withCurrent(trace));
    }

    /** {@code message} continuing the trace of the record being handled on this thread. */
    public static <T> Message<T> continuingCurrentTrace(Message<T> message) {
        return continuing(message, Context.current());
    }

    /**
     * Sends {@code record} with {@code producer} as a child of {@code parent} (a new trace when {@code parent} has none):
     * a producer span, ended when Kafka answers, and its {@code traceparent} in the record's headers. The future
     * completes on the producer's I/O thread (whatever runs on it must not block) with the acknowledgement, or fails
     * with the producer's failure, also one it raised at once (no metadata within {@code max.block.ms}, a record it
     * cannot serialize, a closed producer).
     */
    public <K, V> CompletableFuture<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record,
            Context parent) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        Span span = startSend(parent, record);
        try {
            producer.send(record, (metadata, failure) -> {
                sent(span, failure);
                if (failure == null) {
                    acked.complete(metadata);
                } else {
                    acked.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException failure) {
            sent(span, failure);
            acked.completeExceptionally(failure);
        }
        return acked;
    }

    private Span startSend(Context parent, ProducerRecord<?, ?> record) {
        String topic = record.topic();
        Span span = tracer.spanBuilder(topic + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .startSpan();
        openTelemetry.getPropagators().getTextMapPropagator().inject(parent.with(span), record.headers(), HEADERS);
        return span;
    }

    private static void sent(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.recordException(failure);
        }
        span.end();
    }
}
