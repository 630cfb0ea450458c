package bot.volvox.gateway.restarts;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Uni;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The gateway's only table: one {@code bot_restarts} row per start (reason {@code startup}, the release version),
 * whose {@code uptime_seconds} is filled in on a clean shutdown, as the original bot did. The row is written in the
 * background, retried while the database is away ({@link TransientFailures#PATIENCE}): a database that stays down
 * costs the row, not the start, and readiness reports the database anyway.
 */
@ApplicationScoped
public class BotRestarts {
    private static final Logger LOG = Logger.getLogger(BotRestarts.class);

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private final Instant startedAt = Instant.now();
    private volatile Integer rowId;

    void started(@Observes StartupEvent startup) {
        // not awaited: a slow or restarting database delays the row, never the start (an awaited insert with a
        // timeout lost the row on a loaded machine although the database was only slow)
        TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery(
                        "INSERT INTO bot_restarts (reason, version) VALUES ('startup', $1) RETURNING id")
                        .execute(Tuple.of(version)).map(rows -> rows.iterator().next().getInteger("id"))))
                .subscribe().with(id -> {
                    rowId = id;
                    LOG.infof("Gateway %s started (bot_restarts #%d)", version, id);
                }, failure -> LOG.warnf("Could not record the start in bot_restarts: %s", failure.toString()));
    }

    void stopped(@Observes ShutdownEvent shutdown) {
        if (rowId == null) {
            return;
        }
        double uptime = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
        try {
            pool.preparedQuery("UPDATE bot_restarts SET uptime_seconds = $1 WHERE id = $2")
                    .execute(Tuple.of(uptime, rowId)).await().atMost(Duration.ofSeconds(5));
            LOG.infof("Gateway stopping after %.0f s", uptime);
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the uptime in bot_restarts: %s", e.getMessage());
        }
    }

    /** The row of this run, or null until it is written (or if the database stayed unavailable). */
    public Integer rowId() {
        return rowId;
    }
}
