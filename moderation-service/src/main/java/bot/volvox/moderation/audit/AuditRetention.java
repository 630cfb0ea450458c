package bot.volvox.moderation.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.guildconfig.GuildConfigs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Audit-log retention, as the original's hourly maintenance: every {@code volvox.moderation.audit-retention.every}
 * (1 h) the rows older than the global {@code auditLog.retentionDays} (90; 0 or less keeps everything) are deleted,
 * {@value #BATCH} at a time so no statement holds many row locks or a long transaction. Replicas may run it at once:
 * a row is deleted once, whoever gets there first. moderation-service is the only writer of {@code audit_logs}.
 */
@ApplicationScoped
public class AuditRetention {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    static final int BATCH = 5000;

    @Inject
    Pool pool;

    @Inject
    GuildConfigs configs;

    private final Counter purged;

    @Inject
    AuditRetention(MeterRegistry registry) {
        purged = Counter.builder("volvox_audit_logs_purged").description("Audit-log rows deleted by retention")
                .register(registry);
    }

    @Scheduled(every = "${volvox.moderation.audit-retention.every:1h}", delayed = "${volvox.moderation.audit-retention.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledPurge() {
        return purge().onFailure().invoke(failure -> LOG.warnf("audit-log retention skipped this round: %s",
                failure.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes every row past the retention; returns how many. */
    public Uni<Long> purge() {
        return configs.settings(GuildConfigs.GLOBAL).flatMap(config -> {
            int days = config.auditLog().retentionDays();
            return days <= 0 ? Uni.createFrom().item(0L) : purgeOlderThan(days, 0L);
        });
    }

    private Uni<Long> purgeOlderThan(int days, long sofar) {
        return pool.preparedQuery("""
                DELETE FROM audit_logs WHERE id IN (
                  SELECT id FROM audit_logs WHERE created_at < now() - $1::int * interval '1 day' LIMIT $2)""")
                .execute(Tuple.of(days, BATCH))
                .flatMap(rows -> {
                    purged.increment(rows.rowCount());
                    long total = sofar + rows.rowCount();
                    return rows.rowCount() < BATCH ? Uni.createFrom().item(total) : purgeOlderThan(days, total);
                });
    }
}
