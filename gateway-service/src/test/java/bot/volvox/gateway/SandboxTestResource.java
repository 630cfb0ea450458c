package bot.volvox.gateway;

import java.util.Map;

import bot.volvox.sandbox.DiscordSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A fake Discord (REST + gateway) that the gateway's real JDA connects to; one per test JVM. */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {
    private static DiscordSandbox sandbox;

    public static synchronized DiscordSandbox sandbox() {
        if (sandbox == null) {
            sandbox = DiscordSandbox.start(0);
        }
        return sandbox;
    }

    @Override
    public Map<String, String> start() {
        DiscordSandbox discord = sandbox();
        return Map.of("DISCORD_TOKEN", discord.botToken(),
                "DISCORD_API_BASE_URL", discord.restBaseUrl(),
                "DISCORD_GATEWAY_URL", discord.gatewayUrl());
    }

    @Override
    public void stop() {
    }
}
