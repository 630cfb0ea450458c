package bot.volvox.anthropiclocal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local Messages API over plain HTTP: the wire format the SDK tests in ai-service rely on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private AnthropicLocal server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        server = AnthropicLocal.start(0, Duration.ZERO);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        server.latency(Duration.ZERO);
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        return post(Duration.ofSeconds(10), body, headers);
    }

    private HttpResponse<String> post(Duration timeout, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ask(String text, boolean stream) {
        return JSON.createObjectNode().put("model", "local:test").put("max_tokens", 100).put("stream", stream)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
                        .put("content", text))).toString();
    }

    private static final String[] AUTH = {"x-api-key", "local-key", "anthropic-version", "2023-06-01"};

    @Test
    void answersWithALabelledMessageAndUsage() throws Exception {
        HttpResponse<String> response = post(ask("hello there", false), AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("model").asText()).isEqualTo("local:test");
        assertThat(message.path("content").get(0).path("text").asText())
                .startsWith("[" + AnthropicLocal.LABEL + "]").endsWith("You said: hello there");
        assertThat(message.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(message.path("usage").path("output_tokens").asInt()).isPositive();
        assertThat(message.path("usage").has("cache_read_input_tokens")).isTrue();
        assertThat(server.requests()).singleElement()
                .satisfies(seen -> assertThat(seen.apiKey()).isEqualTo("local-key"));
    }

    @Test
    void refusesWithoutKeyOrVersionInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> noKey = post(ask("hi", false), "anthropic-version", "2023-06-01");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).path("type").asText()).isEqualTo("error");
        assertThat(JSON.readTree(noKey.body()).path("error").path("type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> noVersion = post(ask("hi", false), "x-api-key", "k");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noVersion.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");

        HttpResponse<String> bearer = post(ask("hi", false), "authorization", "Bearer k", "anthropic-version", "x");
        assertThat(bearer.statusCode()).isEqualTo(200);
    }

    @Test
    void streamsServerSentEventsThatAssembleTheAnswer() throws Exception {
        HttpResponse<String> response = post(ask("stream me", true), AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String block : response.body().split("\n\n")) {
            String[] lines = block.split("\n");
            events.add(lines[0].substring("event: ".length()));
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            if (data.path("type").asText().equals("content_block_delta")) {
                text.append(data.path("delta").path("text").asText());
            }
        }
        assertThat(events).startsWith("message_start", "content_block_start").endsWith("message_delta", "message_stop");
        assertThat(events.stream().filter("content_block_delta"::equals).count()).isGreaterThan(1);
        assertThat(text.toString()).isEqualTo(AnthropicLocal.successText("stream me"));
    }

    @Test
    void aLongQuestionIsEchoedByItsEndWhereTheNewestMessageIs() {
        String earlier = "Alice: unanswered chatter ".repeat(20);
        String answer = AnthropicLocal.successText(earlier + "\nBob: what about dogs? token-42");
        assertThat(answer).endsWith("\nBob: what about dogs? token-42").contains("You said: …")
                .doesNotContain(earlier);
    }

    @Test
    void scriptedErrorsCarryStatusRetryAfterAndErrorType() throws Exception {
        server.retryAfterSeconds(3);
        server.script(Scenario.RATE_LIMITED, Scenario.SERVER_ERROR, Scenario.OVERLOADED, Scenario.BAD_REQUEST);
        HttpResponse<String> limited = post(ask("a", false), AUTH);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
        assertThat(JSON.readTree(limited.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        HttpResponse<String> failed = post(ask("a", false), AUTH);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(failed.body()).path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(post(ask("a", false), AUTH).statusCode()).isEqualTo(529);
        assertThat(post(ask("a", false), AUTH).statusCode()).isEqualTo(400);
        assertThat(post(ask("a", false), AUTH).statusCode()).as("the script is used up").isEqualTo(200);
    }

    @Test
    void aMarkerInTheMessageOrAHeaderPicksTheScenario() throws Exception {
        assertThat(post(ask("please [local:server-error]", false), AUTH).statusCode()).isEqualTo(500);
        String[] withHeader = {"x-api-key", "k", "anthropic-version", "v", AnthropicLocal.SCENARIO_HEADER,
                "rate-limited"};
        assertThat(post(ask("plain", false), withHeader).statusCode()).isEqualTo(429);
    }

    @Test
    void malformedJsonIsCutOff() throws Exception {
        server.script(Scenario.MALFORMED_JSON);
        HttpResponse<String> response = post(ask("a", false), AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(Exception.class);
    }

    @Test
    void classifyVerdictsParseOrNeedRegexRecovery() throws Exception {
        server.script(Scenario.CLASSIFY, Scenario.CLASSIFY_NEEDS_RECOVERY);
        String valid = JSON.readTree(post(ask("a", false), AUTH).body()).path("content").get(0).path("text").asText();
        assertThat(JSON.readTree(valid).path("classification").asText()).isEqualTo("respond");
        String broken = JSON.readTree(post(ask("a", false), AUTH).body()).path("content").get(0).path("text").asText();
        assertThatThrownBy(() -> JSON.readTree(broken.substring(broken.indexOf('{'), broken.lastIndexOf('}') + 1)))
                .isInstanceOf(Exception.class);
        assertThat(broken).containsPattern("\"classification\"\\s*:\\s*\"respond\"");
    }

    @Test
    void aTimeoutScenarioNeverAnswers() {
        server.script(Scenario.TIMEOUT);
        assertThatThrownBy(() -> post(Duration.ofMillis(500), ask("a", false), AUTH))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void everyAnswerWaitsTheConfiguredLatency() throws Exception {
        server.latency(Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThat(post(ask("slow", false), AUTH).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }
}
