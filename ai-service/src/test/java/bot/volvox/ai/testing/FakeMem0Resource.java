package bot.volvox.ai.testing;

import java.util.List;
import java.util.Map;

import bot.volvox.mem0local.Mem0Local;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local mem0-compatible store ({@link Mem0Local}) for the tests that run the service with {@code MEM0_API_KEY}:
 * {@link #REQUESTS} is every request it recorded ({@code METHOD uri body}); it knows two memories of everyone.
 */
public class FakeMem0Resource implements QuarkusTestResourceLifecycleManager {
    /** The running store's requests; empty before it starts. */
    public static volatile List<String> REQUESTS = List.of();
    private Mem0Local server;

    @Override
    public Map<String, String> start() {
        server = Mem0Local.start(0);
        REQUESTS = server.requests();
        return Map.of("MEM0_API_KEY", Mem0Local.KEY, "MEM0_BASE_URL", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
