package bot.volvox.ai.memory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.kafka.VolvoxJson;

/**
 * A mem0-compatible memory store over HTTP ({@code Authorization: Token <key>}, memories keyed by Discord user id and
 * {@code app_id = volvox-bot}, spec §3.7): list, search, delete one, delete all of a user. Every call has a timeout
 * (the spec's 5 s); a failure is reported to the caller, never retried here (a command answers "try again").
 */
public final class Mem0Client {
    static final String APP_ID = "volvox-bot";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One stored memory. */
    public record Memory(String id, String text) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;
    private final String key;

    public Mem0Client(String baseUrl, String key) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
    }

    public CompletableFuture<List<Memory>> list(String userId) {
        return send(request("/v1/memories/?user_id=" + encode(userId) + "&app_id=" + APP_ID).GET())
                .thenApply(Mem0Client::memories);
    }

    public CompletableFuture<List<Memory>> search(String userId, String query) {
        String body = VolvoxJson.MAPPER.createObjectNode().put("query", query).put("user_id", userId)
                .put("app_id", APP_ID).toString();
        return send(request("/v1/memories/search/").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).thenApply(Mem0Client::memories);
    }

    /** Stores what a user said and what the bot answered; the store extracts the memories. */
    public CompletableFuture<Void> add(String userId, String userText, String assistantText) {
        com.fasterxml.jackson.databind.node.ObjectNode body = VolvoxJson.MAPPER.createObjectNode()
                .put("user_id", userId).put("app_id", APP_ID);
        body.putArray("messages").add(VolvoxJson.MAPPER.createObjectNode().put("role", "user").put("content", userText))
                .add(VolvoxJson.MAPPER.createObjectNode().put("role", "assistant").put("content", assistantText));
        return send(request("/v1/memories/").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))).thenApply(ignored -> null);
    }

    public CompletableFuture<Void> delete(String memoryId) {
        return send(request("/v1/memories/" + encode(memoryId) + "/").DELETE()).thenApply(ignored -> null);
    }

    public CompletableFuture<Void> deleteAll(String userId) {
        return send(request("/v1/memories/?user_id=" + encode(userId) + "&app_id=" + APP_ID).DELETE())
                .thenApply(ignored -> null);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("authorization", "Token " + key);
    }

    private CompletableFuture<String> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                // the body may echo the request, never the key; the status is what matters
                throw new IllegalStateException("memory store answered HTTP " + response.statusCode());
            }
            return response.body();
        });
    }

    /** A list, or {@code {"results": [...]}} as newer versions answer. */
    static List<Memory> memories(String body) {
        try {
            JsonNode json = VolvoxJson.MAPPER.readTree(body);
            JsonNode items = json.isArray() ? json : json.path("results");
            List<Memory> memories = new ArrayList<>();
            for (JsonNode item : items) {
                memories.add(new Memory(item.path("id").asText(), item.path("memory").asText()));
            }
            return memories;
        } catch (Exception e) {
            throw new IllegalStateException("memory store answered something that is not JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
