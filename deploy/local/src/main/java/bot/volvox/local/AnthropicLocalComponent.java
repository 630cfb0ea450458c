package bot.volvox.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import bot.volvox.anthropiclocal.AnthropicLocal;

/**
 * The run command's AI provider when asked for with {@code VOLVOX_AI=local}: a local server speaking Anthropic's
 * Messages API (port {@code VOLVOX_AI_PORT}, default {@value AnthropicLocal#DEFAULT_PORT}; fixed model latency
 * {@code VOLVOX_AI_LATENCY_MS}, default 0), and ai-service pointed at it. Its answers say they come from the local
 * test model. Any other value (or none) leaves the providers as configured.
 */
public final class AnthropicLocalComponent implements StackComponent {
    private AnthropicLocal server;

    @Override
    public String name() {
        return "anthropic-local";
    }

    @Override
    public Optional<Started> start(Path stateDir, Map<String, String> environment) {
        String wanted = environment.getOrDefault("VOLVOX_AI", "");
        if (!wanted.equals("local")) {
            return Optional.empty();
        }
        int port = number(environment, "VOLVOX_AI_PORT", AnthropicLocal.DEFAULT_PORT, 65535);
        int latency = number(environment, "VOLVOX_AI_LATENCY_MS", 0, 600_000);
        server = AnthropicLocal.start(port, Duration.ofMillis(latency));
        System.out.printf("VOLVOX_AI=local: ai-service talks to %s at %s (answers are labelled as such)%n",
                AnthropicLocal.LABEL, server.baseUrl());
        return Optional.of(new Started(server.baseUrl(), Map.of("ANTHROPIC_BASE_URL", server.baseUrl(),
                "ANTHROPIC_API_KEY", "local-test-key", "AI_DEFAULT_MODEL", "anthropic:" + AnthropicLocal.MODEL)));
    }

    /** {@code variable} as a number from 0 to {@code max}, {@code fallback} when unset; else an error naming it. */
    static int number(Map<String, String> environment, String variable, int fallback, int max) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= 0 && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below, naming the variable
        }
        throw new IllegalArgumentException(variable + " must be a number from 0 to " + max + ", got '" + value + "'");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
