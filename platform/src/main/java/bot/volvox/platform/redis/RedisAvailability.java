package bot.volvox.platform.redis;

import bot.volvox.platform.config.VolvoxSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether Redis can be used right now. Redis is optional (README, "Redis"): without
 * {@code REDIS_URL} one notice is logged and callers run on in-memory state; when Redis is lost at runtime
 * one warning is logged, callers fall back to memory, and a background loop reconnects with backoff
 * (min(attempt × 200 ms, 5 s), forever) and logs once when Redis is back.
 */
@ApplicationScoped
public class RedisAvailability {

    public enum Status {
        UP("up"), DEGRADED("degraded"), NOT_CONFIGURED("not configured");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(2);
    static final long MAX_BACKOFF_MS = 5000;
    private static final Logger LOG = Logger.getLogger(RedisAvailability.class);

    private final boolean configured;
    private final String description;
    private final Instance<ReactiveRedisDataSource> dataSource;
    private final Vertx vertx;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile Status status;
    private volatile String reason;
    private volatile boolean stopped;

    RedisAvailability(@ConfigProperty(name = VolvoxSettings.REDIS_ENABLED_PROPERTY, defaultValue = "false") boolean configured,
            @ConfigProperty(name = VolvoxSettings.REDIS_DESCRIPTION_PROPERTY, defaultValue = "redis") String description,
            Instance<ReactiveRedisDataSource> dataSource, Vertx vertx) {
        this.configured = configured;
        this.description = description;
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.status = configured ? Status.UP : Status.NOT_CONFIGURED;
        this.reason = configured ? null : "REDIS_URL is not set";
    }

    void onStart(@Observes StartupEvent event) {
        if (!configured) {
            LOG.info("REDIS_URL is not set: caching and rate limits use in-memory state in this process (no distributed caching)");
            return;
        }
        probe().subscribe().with(s -> LOG.infof("Redis %s: %s", description, s.label()));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    public Status status() {
        return status;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Runs {@code onRecovery} each time Redis comes back after a loss (e.g. to drop stale memory state). */
    public void onRecovery(Runnable onRecovery) {
        recoveryListeners.add(onRecovery);
    }

    /**
     * Runs {@code operation} on Redis while it is up; otherwise, or when the operation fails (which marks
     * Redis lost), answers with {@code fallback}. Callers never see a Redis error.
     */
    public <T> Uni<T> call(Function<ReactiveRedisDataSource, Uni<T>> operation, Supplier<T> fallback) {
        if (status != Status.UP) {
            return Uni.createFrom().item(fallback);
        }
        return Uni.createFrom().deferred(() -> operation.apply(dataSource.get()))
                .ifNoItem().after(OPERATION_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> {
                    lost(failure);
                    return fallback.get();
                });
    }

    /** Checks Redis now when it is believed up (a readiness probe must notice a loss without traffic). */
    public Uni<Status> probe() {
        if (status != Status.UP) {
            return Uni.createFrom().item(status);
        }
        return ping().map(ok -> status).onFailure().recoverWithItem(failure -> {
            lost(failure);
            return status;
        });
    }

    private Uni<Boolean> ping() {
        return Uni.createFrom().deferred(() -> dataSource.get().execute("PING"))
                .ifNoItem().after(OPERATION_TIMEOUT).fail()
                .replaceWith(Boolean.TRUE);
    }

    private void lost(Throwable failure) {
        synchronized (this) {
            if (status != Status.UP) {
                return;
            }
            status = Status.DEGRADED;
            reason = "Redis " + description + " unreachable (" + failure.getClass().getSimpleName() + ")";
        }
        LOG.warnf("%s: falling back to in-memory caching and rate limits, reconnecting in the background", reason);
        reconnect(1);
    }

    private void reconnect(int attempt) {
        if (stopped) {
            return;
        }
        long delay = Math.min(attempt * 200L, MAX_BACKOFF_MS);
        vertx.setTimer(delay, id -> ping().subscribe().with(ok -> recovered(), failure -> reconnect(attempt + 1)));
    }

    private void recovered() {
        synchronized (this) {
            status = Status.UP;
            reason = null;
        }
        recoveryListeners.forEach(Runnable::run);
        LOG.infof("Redis %s is reachable again: caching and rate limits use Redis", description);
    }
}
