package bot.volvox.scheduler.claims;

import java.time.Duration;
import java.time.Instant;

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

    private final MeterRegistry registry;

    SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fired(String kind, Instant due, Instant firedAt) {
        Counter.builder("volvox.scheduler.fired").description("Due items fired").tag("kind", kind)
                .register(registry).increment();
        Duration lateness = Duration.between(due, firedAt);
        Timer.builder("volvox.scheduler.lateness").description("Time from an item's due time to its emit")
                .tag("kind", kind).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    public void emitFailed(String kind, int items) {
        Counter.builder("volvox.scheduler.emit.failures").description("Due items whose emit failed (retried)")
                .tag("kind", kind).register(registry).increment(items);
    }
}
