package bot.volvox.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicLocalComponentTest {

    @Test
    void startsOnlyWhenAskedAndPointsAiServiceAtIt(@TempDir Path dir) throws Exception {
        try (AnthropicLocalComponent component = new AnthropicLocalComponent()) {
            assertThat(component.start(dir, Map.of())).isEmpty();
            assertThat(component.start(dir, Map.of("VOLVOX_AI", "anthropic"))).isEmpty();
        }
        try (AnthropicLocalComponent component = new AnthropicLocalComponent()) {
            Optional<StackComponent.Started> started = component.start(dir, Map.of("VOLVOX_AI", "local",
                    "VOLVOX_AI_PORT", "0"));
            assertThat(started).isPresent();
            Map<String, String> env = started.get().serviceEnvironment();
            assertThat(env).containsKeys("ANTHROPIC_API_KEY", "AI_DEFAULT_MODEL");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(env.get("ANTHROPIC_BASE_URL") + "/v1/messages")).header("x-api-key", "k")
                    .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("local test model");
        }
    }

    @Test
    void aBadSettingNamesItsVariable(@TempDir Path dir) {
        try (AnthropicLocalComponent component = new AnthropicLocalComponent()) {
            assertThatThrownBy(() -> component.start(dir, Map.of("VOLVOX_AI", "local", "VOLVOX_AI_LATENCY_MS",
                    "fast"))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("VOLVOX_AI_LATENCY_MS ");
        }
    }
}
