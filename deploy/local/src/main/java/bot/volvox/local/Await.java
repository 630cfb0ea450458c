package bot.volvox.local;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a readiness condition until a deadline; never a fixed sleep. */
public final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Waits until {@code ready} holds. {@code alive} throws when the thing waited for has died (no point
     * waiting further); {@code diagnostics} is added to the timeout message (e.g. a log tail).
     */
    public static void until(String what, Duration timeout, BooleanSupplier ready, Runnable alive,
                             Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            alive.run();
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "\n" + diagnostics.get());
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what);
            }
        }
    }
}
