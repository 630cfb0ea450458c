package bot.volvox.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import bot.volvox.mem0local.Mem0Local;

/**
 * The run command's memory store when asked for with {@code VOLVOX_MEMORY=local}: the local mem0-compatible store
 * (port {@code VOLVOX_MEMORY_PORT}, default {@value Mem0Local#DEFAULT_PORT}), and ai-service pointed at it. It
 * records what the bot sends and remembers nothing. Any other value (or none) leaves {@code MEM0_*} as configured.
 */
public final class Mem0LocalComponent implements StackComponent {
    private Mem0Local server;

    @Override
    public String name() {
        return "mem0-local";
    }

    @Override
    public Optional<Started> start(Path stateDir, Map<String, String> environment) {
        if (!environment.getOrDefault("VOLVOX_MEMORY", "").equals("local")) {
            return Optional.empty();
        }
        server = Mem0Local.start(AnthropicLocalComponent.number(environment, "VOLVOX_MEMORY_PORT",
                Mem0Local.DEFAULT_PORT, 65535));
        System.out.printf("VOLVOX_MEMORY=local: ai-service's memory store is the local mem0 stand-in at %s%n",
                server.baseUrl());
        return Optional.of(new Started(server.baseUrl(), Map.of("MEM0_BASE_URL", server.baseUrl(), "MEM0_API_KEY",
                Mem0Local.KEY)));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
