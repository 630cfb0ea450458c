package bot.volvox.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** Injected failures: the next n calls whose method and path match are answered with an error instead. */
final class Faults {
    /** A one-shot (or n-shot) failure; 429 carries {@code retryAfterSeconds}. */
    static final class Fault {
        final String method;
        final Pattern path;
        final int status;
        final double retryAfterSeconds;
        int remaining;

        Fault(String method, String pathRegex, int status, double retryAfterSeconds, int times) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.remaining = times;
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
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if ((fault.method == null || fault.method.equalsIgnoreCase(method)) && fault.path.matcher(path).matches()) {
                if (--fault.remaining <= 0) {
                    it.remove();
                }
                return fault;
            }
        }
        return null;
    }
}
