package bot.volvox.ai.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.guildconfig.GuildConfigs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * History retention (spec §3.4): soon after startup and then every 6 h, {@code conversations} rows older than the
 * global {@code ai.historyTTLDays} (default 30) are deleted. Rows a {@code flagged_messages} row points at are kept
 * as the flag's evidence: in the original they made the whole DELETE fail on the foreign key, so nothing was ever
 * deleted again (§9). Every replica may run it; the DELETE is the same statement, so running it twice is harmless.
 */
@ApplicationScoped
public class HistoryRetention {
    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

    @Inject
    Pool pool;
    @Inject
    GuildConfigs configs;

    @Scheduled(every = "6h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return deleteExpired()
                .invoke(count -> LOG.infof("History retention: deleted %d conversation rows", count))
                .onFailure().invoke(error -> LOG.warnf("History retention failed (next run in 6 h): %s",
                        error.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes the expired, unflagged rows; returns how many. */
    public Uni<Integer> deleteExpired() {
        return configs.settings(GuildConfigs.GLOBAL).flatMap(global -> pool.preparedQuery("""
                DELETE FROM conversations c
                 WHERE c.created_at < now() - make_interval(days => $1)
                   AND NOT EXISTS (SELECT 1 FROM flagged_messages f
                                    WHERE f.message_id = c.id OR f.conversation_first_id = c.id)""")
                .execute(Tuple.of(global.ai().historyTTLDays())))
                .map(RowSet::rowCount);
    }
}
