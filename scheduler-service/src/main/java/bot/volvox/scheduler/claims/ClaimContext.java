package bot.volvox.scheduler.claims;

import bot.volvox.platform.actions.ActionPublisher;
import java.time.Duration;

import io.vertx.mutiny.sqlclient.Pool;

/** What one claim loop hands to its {@link DueWork}s: its own pool and name, and the shared settings. */
public record ClaimContext(Pool pool, String replicaId, Duration lease, int batchSize, Duration retryDelay,
        ActionPublisher publisher, SchedulerMetrics metrics) {
}
