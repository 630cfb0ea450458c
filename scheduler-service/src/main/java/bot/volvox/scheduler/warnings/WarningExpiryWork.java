package bot.volvox.scheduler.warnings;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.DueWork;
import bot.volvox.scheduler.claims.SchedulerMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Warning expiry (behavior.md §2.6): one idempotent UPDATE deactivates every active warning past {@code expires_at}
 * with {@code removal_reason = 'Expired'} ({@code removed_by} stays null). It needs no lease: two replicas running
 * it at once change each row once, as the second finds it inactive.
 */
@ApplicationScoped
public class WarningExpiryWork implements DueWork {

    @Inject
    SchedulerMetrics metrics;

    @Override
    public String kind() {
        return "warning_expiry";
    }

    @Override
    public Uni<Long> millisUntilNextDue(Pool pool) {
        return pool.query("""
                SELECT ceil(extract(epoch FROM (min(expires_at) - clock_timestamp())) * 1000)::bigint AS wait
                  FROM warnings WHERE active = true AND expires_at IS NOT NULL""")
                .execute().map(rows -> rows.iterator().next().getLong("wait"));
    }

    @Override
    public Uni<Integer> processDue(ClaimContext context) {
        return context.pool().query("""
                UPDATE warnings SET active = false, removed_at = now(), removal_reason = 'Expired', updated_at = now()
                 WHERE active = true AND expires_at IS NOT NULL AND expires_at <= now()
                RETURNING expires_at""")
                .execute()
                .map(rows -> {
                    Instant now = Instant.now();
                    for (Row row : rows) {
                        metrics.fired(kind(), row.getOffsetDateTime("expires_at").toInstant(), now);
                    }
                    // one statement expires everything due: never a reason to run again right away
                    return 0;
                });
    }
}
