package bot.volvox.platform.failures;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Failures that say a dependency is away for a while (PostgreSQL restarting, a connection dropped, Kafka not
 * answering), not that the work is wrong. Work that failed so is tried again until the dependency is back, as a
 * redelivery would: every consumer is idempotent, so a retry of the whole work is safe.
 */
public final class TransientFailures {
    /** How long work waits for a dependency before it gives up (and its caller answers or dead-letters it). */
    public static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    /**
     * SQLSTATEs of a server going away or refusing for now: class 08 (connection exception), 57P01–57P03 (shutdown,
     * crash, cannot connect now), 53300 (too many connections), 40001/40P01 (serialization failure, deadlock).
     */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001",
            "40P01");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || TRANSIENT_SQL_STATES.contains(state)) {
                    return true;
                }
            }
            if (cause instanceof ClosedConnectionException || cause instanceof ConnectException
                    || cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof SocketException || cause instanceof ClosedChannelException
                    || cause instanceof io.vertx.core.VertxException vertx && isConnectionMessage(vertx)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Vert.x reports some connection losses as a plain {@code VertxException} with only a message. */
    private static boolean isConnectionMessage(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("connection") && (message.contains("closed") || message.contains("refused")
                || message.contains("reset") || message.contains("lost"));
    }

    /** {@code work}, tried again with backoff (0.2 s doubling to 5 s) on transient failures for {@link #PATIENCE}. */
    public static <T> Uni<T> retried(Uni<T> work) {
        return work.onFailure(TransientFailures::isTransient).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .expireIn(PATIENCE.toMillis());
    }
}
