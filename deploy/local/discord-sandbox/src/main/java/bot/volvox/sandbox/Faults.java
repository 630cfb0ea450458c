package bot.volvox.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Injected failures: the next n calls whose method and path match, or every matching call during a window of time (an
 * outage), are answered with an error instead.
 */
final class Faults {
    /** A one-shot (or n-shot) failure, or an outage; 429 carries {@code retryAfterSeconds}. */
    static final class Fault {
        final String method;
        final Pattern path;
        final int status;
        final double retryAfterSeconds;
        int remaining;
        /** For an outage: when it starts and ends ({@link System#nanoTime()}); 0 for a counted fault. */
        final long startsAt;
        final long endsAt;

        Fault(String method, String pathRegex, int status, double retryAfterSeconds, int times) {
            this(method, pathRegex, status, retryAfterSeconds, times, 0, 0);
        }

        private Fault(String method, String pathRegex, int status, double retryAfterSeconds, int times, long startsAt,
                      long endsAt) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.remaining = times;
            this.startsAt = startsAt;
            this.endsAt = endsAt;
        }

        /** Every matching call from {@code after} from now, for {@code length}. */
        static Fault outage(String method, String pathRegex, int status, double retryAfterSeconds,
                            java.time.Duration after, java.time.Duration length) {
            long start = System.nanoTime() + after.toNanos();
            return new Fault(method, pathRegex, status, retryAfterSeconds, Integer.MAX_VALUE, start,
                    start + length.toNanos());
        }

        boolean isOutage() {
            return endsAt != 0;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    void add(Fault fault) {
        faults.add(fault);
    }

    void clear() {
        faults.clear();
    }

    /** The fault that answers this call, used up by it; null when the call goes through. */
    Fault take(String method, String path) {
        long now = System.nanoTime();
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.isOutage() && now - fault.endsAt >= 0) {
                it.remove();
                continue;
            }
            if (fault.isOutage() && now - fault.startsAt < 0) {
                continue;
            }
            if ((fault.method == null || fault.method.equalsIgnoreCase(method)) && fault.path.matcher(path).matches()) {
                if (!fault.isOutage() && --fault.remaining <= 0) {
                    it.remove();
                }
                return fault;
            }
        }
        return null;
    }
}
