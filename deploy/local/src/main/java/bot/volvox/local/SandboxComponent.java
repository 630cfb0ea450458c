package bot.volvox.local;

import bot.volvox.sandbox.DiscordSandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The run command's Discord: without {@code DISCORD_TOKEN} the gateway connects to a local sandbox (port
 * {@code VOLVOX_SANDBOX_PORT}, default {@value DiscordSandbox#DEFAULT_PORT}) instead of Discord, so the whole
 * system runs, and can be tried with {@code ./volvox demo}, without a Discord account.
 */
public final class SandboxComponent implements StackComponent {

    private DiscordSandbox sandbox;

    @Override
    public String name() {
        return "discord-sandbox";
    }

    @Override
    public Optional<Started> start(Path stateDir, Map<String, String> environment) {
        String token = environment.get("DISCORD_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.empty();
        }
        int port = parsePort(environment.getOrDefault("VOLVOX_SANDBOX_PORT", Integer.toString(DiscordSandbox.DEFAULT_PORT)));
        sandbox = DiscordSandbox.start(port);
        System.out.printf("""
                DISCORD_TOKEN is unset: the gateway talks to the local Discord sandbox at %s
                  meet the bot:         %s   (a web page: act as any demo user, see what the bot does)
                  act as a demo user:   ./volvox demo say general "hello bot"
                                        ./volvox demo --as moderator slash warn user=bob reason=spam
                                        ./volvox demo watch        (what the bot does, live)
                  its HTTP API:         %s
                """, sandbox.restBaseUrl(), sandbox.webPageUrl(), sandbox.sandboxApiUrl());
        return Optional.of(new Started(sandbox.sandboxApiUrl(), sandbox.serviceEnvironment()));
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below, naming the variable
        }
        throw new IllegalArgumentException("VOLVOX_SANDBOX_PORT must be a port number (0-65535), got '" + value + "'");
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
