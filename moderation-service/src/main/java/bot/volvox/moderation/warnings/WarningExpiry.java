package bot.volvox.moderation.warnings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Warning expiry: every {@code volvox.moderation.warning-expiry.every} (1 s), one idempotent UPDATE deactivates every
 * active warning past {@code expires_at} with {@code removal_reason = 'Expired'} ({@code removed_by} stays null). It
 * needs no lease: replicas running it at once change each row once, as the second finds it inactive. Until it runs,
 * an expired warning already counts as inactive ({@link Warning#status}), so the interval only bounds how late the row
 * itself says so. moderation-service is the only writer of {@code warnings}. No round starts once the application is
 * stopping: the database pool closes before the scheduler does, and every round in between failed and was logged at
 * ERROR (as are all Volvox jobs: {@code skipExecutionIf = Scheduled.ApplicationNotRunning.class}).
 */
@ApplicationScoped
public class WarningExpiry {
    private static final Logger LOG = Logger.getLogger(WarningExpiry.class);

    @Inject
    Pool pool;

    private final Counter expired;

    @Inject
    WarningExpiry(MeterRegistry registry) {
        expired = Counter.builder("volvox_warnings_expired").description("Warnings deactivated by expiry")
                .register(registry);
    }

    @Scheduled(every = "${volvox.moderation.warning-expiry.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireDue() {
        return pool.query("""
                UPDATE warnings SET active = false, removed_at = now(), removal_reason = 'Expired', updated_at = now(),
                       version = version + 1
                 WHERE active = true AND expires_at IS NOT NULL AND expires_at <= now()""")
                .execute()
                .invoke(rows -> expired.increment(rows.rowCount()))
                .onFailure().invoke(failure -> LOG.debugf("warning expiry skipped this round: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
