package bot.volvox.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts records that could not be handled, by channel and outcome: {@value #DEAD_LETTERED} (copied whole to the
 * dead-letter topic), {@value #BOUNDED} (too large or refused: its bounded form was written), {@value #LOST} (not even
 * that: only the log line has it), {@value #SKIPPED} (a broadcast record no replica may dead-letter, logged).
 */
public final class PoisonRecords {
    public static final String METRIC = "volvox.kafka.poison.records";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String BOUNDED = "bounded";
    public static final String LOST = "lost";
    public static final String SKIPPED = "skipped";

    private final MeterRegistry registry;

    public PoisonRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String channel, String outcome) {
        Counter.builder(METRIC).description("Records that could not be handled, by what became of them")
                .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }
}
