package bot.volvox.local;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.SandboxCli;

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
                  its HTTP API:         %s
                  act as a demo user once the services are ready (./volvox demo help for more):
                %s""", sandbox.restBaseUrl(), sandbox.webPageUrl(), sandbox.sandboxApiUrl(),
                SandboxCli.examplesText("    "));
        return Optional.of(new Started(sandbox.sandboxApiUrl(), sandbox.serviceEnvironment()));
    }

    /** Configures the demo guild so that every example printed works ({@link DemoGuildSetup}). */
    @Override
    public void servicesReady() {
        if (sandbox != null) {
            DemoGuildSetup.configure(sandbox);
        }
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
