package bot.volvox.scheduler.claims;

import bot.volvox.platform.actions.ActionPublisher;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** This process's claim loop over every {@link DueWork} bean, started with the application. */
@ApplicationScoped
public class SchedulerLoop {
    private static final Logger LOG = Logger.getLogger(SchedulerLoop.class);

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    @Any
    Instance<DueWork> works;

    @Inject
    ActionPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    @Inject
    SchedulerSettings settings;

    private volatile ClaimEngine engine;
    private final List<ClaimEngine> engines = new CopyOnWriteArrayList<>();

    void onStart(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            LOG.info("The scheduler's claim loop is disabled (volvox.scheduler.enabled=false)");
            return;
        }
        engine = newEngine(pool, settings.replicaId().orElseGet(SchedulerLoop::defaultReplicaId));
        engine.start();
        LOG.infof("Scheduler claim loop %s started (lease %s, max sleep %s, batch %d)", engine.replicaId(),
                settings.lease(), settings.maxSleep(), settings.batchSize());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (engine != null) {
            engine.stop().await().atMost(Duration.ofSeconds(10));
        }
    }

    /** A loop over the same work with its own pool and name: another replica, as in tests and the benchmark. */
    public ClaimEngine newEngine(Pool enginePool, String replicaId) {
        ClaimContext context = new ClaimContext(enginePool, replicaId, settings.lease(), settings.batchSize(),
                settings.retryDelay(), publisher, metrics);
        List<DueWork> all = works.stream().toList();
        ClaimEngine created = new ClaimEngine(vertx, all, context, settings.maxSleep(), settings.parallelBatches());
        engines.add(created);
        return created;
    }

    /** This process's loop, or null when disabled. */
    public ClaimEngine engine() {
        return engine;
    }

    /**
     * Called when this replica created or rescheduled an item, or any replica did (NOTIFY): every loop of this
     * process looks again now rather than at its next timer (a stopped loop ignores it).
     */
    public void wake() {
        engines.forEach(ClaimEngine::wake);
    }

    private static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "scheduler";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
