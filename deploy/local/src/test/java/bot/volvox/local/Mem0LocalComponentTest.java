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

class Mem0LocalComponentTest {

    @Test
    void startsOnlyWhenAskedAndPointsAiServiceAtIt(@TempDir Path dir) throws Exception {
        try (Mem0LocalComponent component = new Mem0LocalComponent()) {
            assertThat(component.start(dir, Map.of())).isEmpty();
            assertThat(component.start(dir, Map.of("VOLVOX_MEMORY", "mem0"))).isEmpty();
        }
        try (Mem0LocalComponent component = new Mem0LocalComponent()) {
            Optional<StackComponent.Started> started = component.start(dir, Map.of("VOLVOX_MEMORY", "local",
                    "VOLVOX_MEMORY_PORT", "0"));
            assertThat(started).isPresent();
            Map<String, String> env = started.get().serviceEnvironment();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(env.get("MEM0_BASE_URL") + "/v1/memories/?user_id=1&app_id=volvox-bot"))
                    .header("authorization", "Token " + env.get("MEM0_API_KEY")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("likes cats");
        }
    }
}
