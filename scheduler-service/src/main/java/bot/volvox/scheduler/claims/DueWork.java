package bot.volvox.scheduler.claims;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** One kind of due work (tempban expiry, reminders, …) as the {@link ClaimEngine} drives it. */
public interface DueWork {

    /** The metric tag and log name, e.g. {@code reminder}. */
    String kind();

    /** Milliseconds until the next item may be processed (≤ 0: now), or null when nothing is pending. */
    Uni<Long> millisUntilNextDue(Pool pool);

    /** Processes up to {@code context.batchSize()} due items; returns how many it took. */
    Uni<Integer> processDue(ClaimContext context);
}
