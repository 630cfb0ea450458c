package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxComponentTest {

    @Test
    void withoutDiscordTokenTheSandboxStartsAndPointsTheGatewayAtItself() throws Exception {
        try (SandboxComponent component = new SandboxComponent()) {
            var started = component.start(Path.of("target"), Map.of("VOLVOX_SANDBOX_PORT", "0")).orElseThrow();

            Map<String, String> env = started.serviceEnvironment();
            assertThat(env.get("DISCORD_API_BASE_URL")).startsWith("http://127.0.0.1:").endsWith("/api/v10/");
            assertThat(env.get("DISCORD_GATEWAY_URL")).startsWith("ws://127.0.0.1:");
            assertThat(env.get("DISCORD_CLIENT_ID")).matches("\\d+");
            HttpResponse<String> me = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(env.get("DISCORD_API_BASE_URL") + "users/@me"))
                            .header("Authorization", "Bot " + env.get("DISCORD_TOKEN")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"bot\":true");
        }
    }

    @Test
    void aRealDiscordTokenLeavesTheSandboxOff() {
        try (SandboxComponent component = new SandboxComponent()) {
            assertThat(component.start(Path.of("target"), Map.of("DISCORD_TOKEN", "real-token"))).isEmpty();
        }
    }

    @Test
    void aBadPortNamesTheVariable() {
        try (SandboxComponent component = new SandboxComponent()) {
            assertThatThrownBy(() -> component.start(Path.of("target"), Map.of("VOLVOX_SANDBOX_PORT", "eighty")))
                    .hasMessageContaining("VOLVOX_SANDBOX_PORT");
        }
    }
}
