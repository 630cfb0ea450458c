package bot.volvox.ai.testing;

import java.time.Duration;
import java.util.Map;

import bot.volvox.anthropiclocal.AnthropicLocal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local Messages API server for the service's tests, with the service's Anthropic provider pointed at it: the
 * real SDK, the real HTTP, scripted answers ({@link #server()}).
 */
public class AnthropicLocalResource implements QuarkusTestResourceLifecycleManager {
    private static volatile AnthropicLocal server;

    public static AnthropicLocal server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        if (server == null) {
            server = AnthropicLocal.start(0, Duration.ZERO);
        }
        return Map.of("ANTHROPIC_BASE_URL", server.baseUrl(), "ANTHROPIC_API_KEY", "sk-test-local",
                "AI_DEFAULT_MODEL", "anthropic:" + AnthropicLocal.MODEL, "AI_TIMEOUT_MS", "5000");
    }

    @Override
    public void stop() {
        // kept for the JVM: every Quarkus test of the module shares it, like the stack
    }
}
