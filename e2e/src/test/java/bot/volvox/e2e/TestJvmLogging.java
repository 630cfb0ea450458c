package bot.volvox.e2e;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Logging of this test JVM, set once before any test (a JUnit launcher session listener, registered in
 * {@code META-INF/services}): warnings and errors to the console, nothing below them.
 *
 * <p>This JVM is no Quarkus application, but Quarkus's bootstrap on its class path configures the JBoss LogManager
 * anyway: root level ALL, and every record buffered for a Quarkus start that never comes (its configurator factory also
 * ignores a {@code logging.properties}). The load generators' own Kafka clients then formatted each of their DEBUG
 * lines, about a third of a benchmark's result-reading thread, on the two cores the measured system runs on, and
 * their warnings were never shown.
 */
public class TestJvmLogging implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        root.addHandler(console);
        root.setLevel(Level.WARNING);
    }
}
