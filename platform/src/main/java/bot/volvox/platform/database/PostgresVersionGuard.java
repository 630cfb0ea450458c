package bot.volvox.platform.database;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Checks the server version on the first successful connection and stops the service on PostgreSQL older
 * than 17. A database that is down at startup does not crash the service: readiness stays DOWN (see
 * {@link #problem()}) and the check is retried until the server answers.
 */
@Singleton
public class PostgresVersionGuard {

    static final long RETRY_MS = 2000;
    private static final Logger LOG = Logger.getLogger(PostgresVersionGuard.class);

    private final Pool pool;
    private final Vertx vertx;
    private final AtomicBoolean unreachableLogged = new AtomicBoolean();
    private volatile Optional<String> problem = Optional.of("PostgreSQL version not checked yet");
    private volatile boolean stopped;

    PostgresVersionGuard(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        check();
    }

    void onStop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        stopped = true;
    }

    /** Empty once the server is known to be PostgreSQL 17+, else why the database is not usable yet. */
    public Optional<String> problem() {
        return problem;
    }

    private void check() {
        if (stopped) {
            return;
        }
        PostgresVersion.check(pool).onComplete(result -> {
            if (result.succeeded()) {
                Optional<String> refusal = result.result();
                if (refusal.isPresent()) {
                    problem = refusal;
                    LOG.error(refusal.get() + "; stopping");
                    Quarkus.asyncExit(1);
                    return;
                }
                problem = Optional.empty();
                if (unreachableLogged.get()) {
                    LOG.info("PostgreSQL is reachable again");
                }
                return;
            }
            problem = Optional.of("PostgreSQL unreachable: " + describe(result.cause()));
            if (unreachableLogged.compareAndSet(false, true)) {
                LOG.warnf("%s; reporting not-ready and retrying every %d ms", problem.get(), RETRY_MS);
            }
            if (!stopped) {
                vertx.setTimer(RETRY_MS, id -> check());
            }
        });
    }

    /** Why a connection failed, in words an operator can act on (never a password: the client does not echo it). */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        if (message != null && message.contains("SSL handshake failed")) {
            // Vert.x drops the certificate error itself
            text += " (the server's certificate is not trusted or does not match the host name: set PGSSLROOTCERT"
                    + " to the CA file that signed it, or DATABASE_SSL=no-verify to skip verification)";
        }
        return text;
    }
}
