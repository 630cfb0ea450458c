package bot.volvox.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One JVM shutdown hook that closes everything the local stack started, newest first: services before
 * the servers they use, Kafka before PostgreSQL. (Separate hooks would run all at once, in no order.)
 */
public final class Shutdown {

    private static final Registry JVM = new Registry();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(JVM::closeAll, "volvox-local-stack-shutdown"));
    }

    private Shutdown() {
    }

    /** Closes {@code resource} when the JVM exits, unless {@link #forget forgotten} before. */
    public static void closeOnExit(AutoCloseable resource) {
        JVM.add(resource);
    }

    public static void forget(AutoCloseable resource) {
        JVM.remove(resource);
    }

    /** Closes everything still registered, newest first, now (also what the shutdown hook does). */
    public static void closeAll() {
        JVM.closeAll();
    }

    /** True once closing has begun: a child exiting then is expected, not news. */
    public static boolean isClosing() {
        return JVM.isClosing();
    }

    /** What to close, in the order it was opened. */
    static final class Registry {
        private final Set<AutoCloseable> open = new LinkedHashSet<>();
        private volatile boolean closing;

        synchronized void add(AutoCloseable resource) {
            open.add(resource);
        }

        synchronized void remove(AutoCloseable resource) {
            open.remove(resource);
        }

        boolean isClosing() {
            return closing;
        }

        void closeAll() {
            closing = true;
            List<AutoCloseable> newestFirst;
            synchronized (this) {
                newestFirst = new ArrayList<>(open);
                open.clear();
            }
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                try {
                    newestFirst.get(i).close();
                } catch (Exception e) {
                    System.err.println("Could not stop " + newestFirst.get(i) + ": " + e.getMessage());
                }
            }
        }
    }
}
