package bot.volvox.scheduler.claims;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code volvox_scheduler_fired_total{kind}}: items fired; {@code volvox_scheduler_lateness_seconds{kind}}: how long
 * after its due time each item was emitted (histogram); {@code volvox_scheduler_emit_failures_total{kind}}.
 */
@ApplicationScoped
public class SchedulerMetrics {

    /** One kind's meters, registered once: a burst fires hundreds of thousands of items. */
    private record KindMeters(Counter fired, Timer lateness, Counter emitFailures) {
    }

    private final MeterRegistry registry;
    private final Map<String, KindMeters> byKind = new ConcurrentHashMap<>();

    SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fired(String kind, Instant due, Instant firedAt) {
        KindMeters meters = meters(kind);
        meters.fired().increment();
        Duration lateness = Duration.between(due, firedAt);
        meters.lateness().record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    public void emitFailed(String kind, int items) {
        meters(kind).emitFailures().increment(items);
    }

    private KindMeters meters(String kind) {
        return byKind.computeIfAbsent(kind, k -> new KindMeters(
                Counter.builder("volvox.scheduler.fired").description("Due items fired").tag("kind", k)
                        .register(registry),
                Timer.builder("volvox.scheduler.lateness").description("Time from an item's due time to its emit")
                        .tag("kind", k).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                        .register(registry),
                Counter.builder("volvox.scheduler.emit.failures").description("Due items whose emit failed (retried)")
                        .tag("kind", k).register(registry)));
    }
}
