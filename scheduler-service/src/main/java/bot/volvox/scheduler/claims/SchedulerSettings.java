package bot.volvox.scheduler.claims;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the claim loop (prefix {@code volvox.scheduler}; environment {@code VOLVOX_SCHEDULER_*}). */
@ConfigMapping(prefix = "volvox.scheduler")
public interface SchedulerSettings {

    /** How long a replica owns the rows it claimed; a crashed replica's rows are taken over after this. */
    @WithDefault("30S")
    Duration lease();

    /** The longest the loop sleeps without looking at the tables (rows created without a NOTIFY). */
    @WithDefault("30S")
    Duration maxSleep();

    /** Rows claimed per statement and kind. */
    @WithDefault("500")
    int batchSize();

    /**
     * Batches of one kind in flight at once per loop (claimed while earlier ones wait for Kafka's acks). Above 1,
     * concurrent claims split the due rows between them and whichever is acked first goes out first, so overdue
     * items are no longer emitted strictly in due order.
     */
    @WithDefault("1")
    int parallelBatches();

    /** Delay before a failed emit, a reminder whose guild has reminders disabled, or a failed delivery, is retried. */
    @WithDefault("60S")
    Duration retryDelay();

    /** This replica's name in claimed_by; default host name plus a random suffix. */
    Optional<String> replicaId();

    /** Whether this process runs the claim loop (the interaction handlers run regardless). */
    @WithDefault("true")
    boolean enabled();
}
