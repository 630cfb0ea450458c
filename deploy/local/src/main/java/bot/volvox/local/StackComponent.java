package bot.volvox.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Something the run command starts after the servers and before the services, found with
 * {@link java.util.ServiceLoader} (list the implementation in
 * {@code META-INF/services/bot.volvox.local.StackComponent}). The Discord sandbox is one: it starts when
 * {@code DISCORD_TOKEN} is unset and points the gateway at itself.
 */
public interface StackComponent extends AutoCloseable {

    /** What the status table calls it. */
    String name();

    /**
     * Starts the component, unless {@code environment} (the run command's own, user-set variables
     * included) shows it is not wanted. {@code stateDir} is its own directory under {@code .volvox/}.
     */
    Optional<Started> start(Path stateDir, Map<String, String> environment);

    /** Where it listens, and the variables every service gets because it runs. */
    record Started(String url, Map<String, String> serviceEnvironment) {
    }

    /** Called once every service is ready: for what needs the running system (the demo guild's settings). */
    default void servicesReady() {
    }

    /** Stops it; the run command calls this after the services have stopped. */
    @Override
    void close();
}
