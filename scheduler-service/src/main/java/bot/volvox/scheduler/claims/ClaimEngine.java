package bot.volvox.scheduler.claims;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * One claim loop: processes everything due in every {@link DueWork}, then sleeps until the earliest next due time
 * (at most {@code maxSleep}, so rows created without a notification are still noticed), unless {@link #wake()} is
 * called first (a local creation or a PostgreSQL NOTIFY). Any number of loops, in one process or many, may run over
 * the same tables: the claims keep them apart.
 */
public final class ClaimEngine {
    private static final Logger LOG = Logger.getLogger(ClaimEngine.class);
    private static final long FAILURE_BACKOFF_MS = 2000;

    private final Vertx vertx;
    private final List<DueWork> works;
    private final ClaimContext context;
    private final Duration maxSleep;
    private final int parallelBatches;

    private boolean running;
    private boolean rerun;
    private boolean stopped = true;
    private long timerId = -1;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    public ClaimEngine(Vertx vertx, List<DueWork> works, ClaimContext context, Duration maxSleep,
            int parallelBatches) {
        this.vertx = vertx;
        this.parallelBatches = Math.max(1, parallelBatches);
        this.works = List.copyOf(works);
        this.context = context;
        this.maxSleep = maxSleep;
    }

    public String replicaId() {
        return context.replicaId();
    }

    public synchronized void start() {
        stopped = false;
        wake();
    }

    /** Looks at the tables now (or right after the pass in progress). */
    public synchronized void wake() {
        if (stopped) {
            return;
        }
        if (running) {
            rerun = true;
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        running = true;
        idle = new CompletableFuture<>();
        pass().subscribe().with(this::passDone, failure -> {
            LOG.warnf("Scheduler pass failed, retrying in %d ms: %s", FAILURE_BACKOFF_MS, failure.toString());
            passDone(FAILURE_BACKOFF_MS);
        });
    }

    /** Stops the loop after the pass in progress; completes when it is idle. */
    public Uni<Void> stop() {
        CompletableFuture<Void> waitFor;
        synchronized (this) {
            stopped = true;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
            waitFor = idle;
        }
        return Uni.createFrom().completionStage(waitFor);
    }

    private synchronized void passDone(long waitMs) {
        running = false;
        CompletableFuture<Void> finished = idle;
        if (!stopped) {
            long delay = rerun ? 0 : waitMs;
            rerun = false;
            timerId = vertx.setTimer(Math.max(1, delay), id -> {
                synchronized (this) {
                    timerId = -1;
                }
                wake();
            });
        }
        finished.complete(null);
    }

    /** Drains every kind (concurrently), then returns the milliseconds to sleep. */
    private Uni<Long> pass() {
        // several drains per kind keep batches in flight while earlier ones wait for Kafka's acks; SKIP LOCKED keeps
        // them on different rows
        List<Uni<Void>> drains = works.stream()
                .flatMap(work -> java.util.stream.IntStream.range(0, parallelBatches).mapToObj(i -> drain(work)))
                .toList();
        return Uni.join().all(drains).andCollectFailures()
                .flatMap(ignored -> Uni.join().all(works.stream()
                        .map(work -> work.millisUntilNextDue(context.pool())
                                .onItem().ifNull().continueWith(Long.MAX_VALUE))
                        .toList()).andFailFast())
                .map(waits -> Math.min(maxSleep.toMillis(),
                        waits.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE)));
    }

    private Uni<Void> drain(DueWork work) {
        return work.processDue(context)
                .onFailure().invoke(failure -> LOG.warnf("Processing due %s items failed: %s", work.kind(),
                        failure.toString()))
                .flatMap(taken -> taken >= context.batchSize() ? drain(work) : Uni.createFrom().voidItem());
    }
}
