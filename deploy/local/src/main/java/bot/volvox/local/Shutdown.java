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

    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::closeAll, "volvox-local-stack-shutdown"));
    }

    private Shutdown() {
    }

    /** Closes {@code resource} when the JVM exits, unless {@link #forget forgotten} before. */
    public static synchronized void closeOnExit(AutoCloseable resource) {
        OPEN.add(resource);
    }

    public static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    /** Closes everything still registered, newest first. Also what the JVM's shutdown hook does. */
    public static void closeAll() {
        List<AutoCloseable> newestFirst;
        synchronized (Shutdown.class) {
            newestFirst = new ArrayList<>(OPEN);
            OPEN.clear();
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
