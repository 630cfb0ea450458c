package bot.volvox.platform.tracing;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
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
 * <li>{@link #startSend}: a record sent with a plain Kafka producer gets a producer span, child of the caller's
 * context, and its {@code traceparent}.</li>
 * </ul>
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
     * Opens the producer span of {@code record}, sent on {@code topic} by a plain Kafka producer, as a child of
     * {@code parent} (a new trace when {@code parent} has none), and writes its {@code traceparent} into the record's
     * headers. End it with {@link #sent}.
     */
    public Span startSend(Context parent, String topic, ProducerRecord<?, ?> record) {
        Span span = tracer.spanBuilder(topic + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .startSpan();
        openTelemetry.getPropagators().getTextMapPropagator().inject(parent.with(span), record.headers(), HEADERS);
        return span;
    }

    /** Ends a span of {@link #startSend} once Kafka answered: {@code failure} null when the record was acked. */
    public static void sent(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.recordException(failure);
        }
        span.end();
    }
}
