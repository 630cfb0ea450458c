package bot.volvox.anthropiclocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A local server speaking Anthropic's Messages API ({@code POST /v1/messages}, JSON and SSE streaming) with scripted
 * answers ({@link Scenario}), so the real Anthropic SDK can be tested, and the bot run, without a key or a network.
 * Every answer it makes up says it comes from {@value #LABEL}, so nobody takes it for a real model's.
 *
 * <p>Like the real API it requires {@code x-api-key} (or {@code Authorization: Bearer}, as the other providers take
 * it) and {@code anthropic-version}; any key is accepted. Every answer waits the fixed {@code latency} first (the
 * benchmark's model time).
 */
public final class AnthropicLocal implements AutoCloseable {
    /** Default port of the standalone server ({@code ./volvox run} with {@code VOLVOX_AI=local}). */
    public static final int DEFAULT_PORT = 58090;
    public static final String LABEL = "the local test model";
    /** At most this many characters of the question are echoed. */
    static final int ECHOED = 200;
    public static final String SCENARIO_HEADER = "x-local-scenario";
    /** The model name its answers report when the request named none. */
    public static final String MODEL = "local-test-model";
    private static final Pattern MARKER = Pattern.compile("\\[local:([a-z-]+)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final Queue<Scenario> scripted = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<HttpServerResponse> hanging = new CopyOnWriteArrayList<>();
    private volatile Duration latency;
    private volatile int retryAfterSeconds = 1;

    private AnthropicLocal(Vertx vertx, HttpServer server, Duration latency) {
        this.vertx = vertx;
        this.server = server;
        this.latency = latency;
    }

    /** Starts a server on 127.0.0.1; port 0 picks a free port. */
    public static AnthropicLocal start(int port, Duration latency) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        AnthropicLocal[] self = new AnthropicLocal[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request));
        self[0] = new AnthropicLocal(vertx, server, latency);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("Interrupted while starting the local Anthropic server", e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("The local Anthropic server could not listen on 127.0.0.1:" + port, e);
        }
        return self[0];
    }

    /** The base URL to give an Anthropic client (it appends {@code /v1/messages}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /** Queues answers for the next requests, in order, before any marker or header is looked at. */
    public void script(Scenario... next) {
        scripted.addAll(List.of(next));
    }

    /** Forgets queued answers and recorded requests, and hangs up on requests still waiting. */
    public void reset() {
        scripted.clear();
        requests.clear();
        hangUp();
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    public void retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    public List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        hangUp();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
    }

    private void hangUp() {
        for (HttpServerResponse response : hanging) {
            response.reset();
        }
        hanging.clear();
    }

    // ---------------------------------------------------------------- requests

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> answer(request, body)).onFailure(failure -> request.response().reset());
    }

    private void answer(HttpServerRequest request, Buffer bodyBuffer) {
        HttpServerResponse response = request.response();
        String body = bodyBuffer.toString();
        String apiKey = apiKey(request);
        String version = request.getHeader("anthropic-version");
        if (!request.path().equals("/v1/messages")) {
            error(response, 404, "not_found_error", "Not found: " + request.method() + " " + request.path()
                    + " (the local test model serves POST /v1/messages only)");
            return;
        }
        if (!"POST".equals(request.method().name())) {
            error(response, 405, "invalid_request_error", "Method not allowed: use POST /v1/messages");
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            record(request, apiKey, version, null, null, false, body);
            error(response, 400, "invalid_request_error", "The request body is not valid JSON");
            return;
        }
        String model = json != null && json.hasNonNull("model") ? json.get("model").asText() : null;
        boolean stream = json != null && json.path("stream").asBoolean(false);
        String lastUser = lastUserText(json);
        Scenario scenario = chooseScenario(request, lastUser);
        record(request, apiKey, version, scenario, model, stream, body);
        if (apiKey == null || apiKey.isBlank()) {
            error(response, 401, "authentication_error", "x-api-key header is required");
            return;
        }
        if (version == null || version.isBlank()) {
            error(response, 400, "invalid_request_error", "anthropic-version header is required");
            return;
        }
        if (model == null || !json.path("messages").isArray() || json.path("messages").isEmpty()
                || !json.path("max_tokens").canConvertToInt()) {
            error(response, 400, "invalid_request_error", "model, max_tokens and a non-empty messages array are required");
            return;
        }
        long delay = latency.toMillis();
        Runnable reply = () -> reply(response, scenario, model, stream, inputTokens(json), lastUser);
        if (delay <= 0) {
            reply.run();
        } else {
            vertx.setTimer(delay, ignored -> reply.run());
        }
    }

    private void reply(HttpServerResponse response, Scenario scenario, String model, boolean stream, int inputTokens,
            String lastUser) {
        if (response.closed()) {
            return;
        }
        switch (scenario) {
            case RATE_LIMITED -> {
                response.putHeader("retry-after", Integer.toString(retryAfterSeconds));
                error(response, 429, "rate_limit_error", "Rate limited by " + LABEL + " (scripted)");
            }
            case SERVER_ERROR -> error(response, 500, "api_error", "Internal server error of " + LABEL + " (scripted)");
            case OVERLOADED -> error(response, 529, "overloaded_error", LABEL + " is overloaded (scripted)");
            case BAD_REQUEST -> error(response, 400, "invalid_request_error", "Bad request (scripted by " + LABEL + ")");
            case TIMEOUT -> hanging.add(response); // answered never; reset on close
            case MALFORMED_JSON -> response.setStatusCode(200).putHeader("content-type", "application/json")
                    .end("{\"id\": \"msg_local_malformed\", \"type\": \"message\", \"content\": [{\"type\": \"te");
            case CLASSIFY -> message(response, model, stream, inputTokens, """
                    {"classification": "respond", "confidence": 0.9, "directedAtBot": true, \
                    "reasoning": "verdict of %s", "targetMessageIds": [], "needsThinking": false, \
                    "needsSearch": false}""".formatted(LABEL));
            case CLASSIFY_NEEDS_RECOVERY -> message(response, model, stream, inputTokens, """
                    Here is my verdict (%s):
                    ```json
                    {classification: "respond", "classification": "respond", confidence: 0.7, reasoning: 'no quotes',}
                    ```""".formatted(LABEL));
            case CLASSIFY_EVERY_MESSAGE -> message(response, model, stream, inputTokens, """
                    {"classification": "respond", "confidence": 0.9, "reasoning": "verdict of %s", \
                    "targetMessageIds": [%s]}""".formatted(LABEL, messageIds(lastUser)));
            case CLASSIFY_MODERATE -> message(response, model, stream, inputTokens, """
                    {"classification": "moderate", "confidence": 0.3, "reasoning": "insults (verdict of %s)", \
                    "targetMessageIds": [%s], "recommendedAction": "warn", \
                    "violatedRule": "Rule 1: be respectful"}""".formatted(LABEL, messageIds(lastUser)));
            case SAFETY_FLAGGED -> message(response, model, stream, inputTokens, """
                    {"toxicity": 0.95, "spam": 0.05, "harassment": 0.9, "hateSpeech": 0.1, "sexualContent": 0, \
                    "violence": 0.2, "selfHarm": 0, "reason": "insults people (verdict of %s)"}""".formatted(LABEL));
            case SAFETY_CLEAN -> message(response, model, stream, inputTokens, """
                    {"toxicity": 0, "spam": 0, "harassment": 0, "hateSpeech": 0, "sexualContent": 0, "violence": 0, \
                    "selfHarm": 0, "reason": "harmless (verdict of %s)"}""".formatted(LABEL));
            case SUCCESS -> message(response, model, stream, inputTokens, successText(lastUser));
        }
    }

    private static final Pattern MESSAGE_ID = Pattern.compile("\\[(\\d{5,})]");

    private static String messageIds(String text) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(text == null ? "" : text);
        while (matcher.find()) {
            ids.add('"' + matcher.group(1) + '"');
        }
        return String.join(", ", ids);
    }

    /**
     * The made-up answer: labelled, and echoing the question so a test can tell answers apart. A long last user turn
     * keeps its end: a client merges the channel's unanswered messages into that turn, the question last.
     */
    static String successText(String lastUser) {
        String echo = lastUser == null ? "" : lastUser.strip();
        if (echo.length() > ECHOED) {
            echo = "…" + echo.substring(echo.length() - ECHOED);
        }
        return "[" + LABEL + "] This is not a real AI answer. You said: " + echo;
    }

    private void message(HttpServerResponse response, String model, boolean stream, int inputTokens, String text) {
        int outputTokens = tokens(text);
        String id = "msg_local_" + UUID.randomUUID().toString().replace("-", "");
        if (!stream) {
            ObjectNode message = messageJson(id, model, inputTokens, outputTokens, text, "end_turn");
            response.setStatusCode(200).putHeader("content-type", "application/json")
                    .putHeader("request-id", "req_" + id).end(message.toString());
            return;
        }
        response.setStatusCode(200).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache")
                .putHeader("request-id", "req_" + id).setChunked(true);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode startMessage = messageJson(id, model, inputTokens, 1, null, null);
        start.set("message", startMessage);
        event(response, "message_start", start);
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", JSON.createObjectNode().put("type", "text").put("text", ""));
        event(response, "content_block_start", blockStart);
        event(response, "ping", JSON.createObjectNode().put("type", "ping"));
        // a few deltas, split on word boundaries, so clients really assemble the text
        for (String part : parts(text)) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.set("delta", JSON.createObjectNode().put("type", "text_delta").put("text", part));
            event(response, "content_block_delta", delta);
        }
        event(response, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.set("delta", JSON.createObjectNode().put("stop_reason", "end_turn").putNull("stop_sequence"));
        messageDelta.set("usage", JSON.createObjectNode().put("output_tokens", outputTokens));
        event(response, "message_delta", messageDelta);
        event(response, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        response.end();
    }

    private static List<String> parts(String text) {
        List<String> parts = new ArrayList<>();
        int size = Math.max(1, text.length() / 4);
        for (int start = 0; start < text.length(); start += size) {
            parts.add(text.substring(start, Math.min(text.length(), start + size)));
        }
        return parts;
    }

    private static void event(HttpServerResponse response, String name, ObjectNode data) {
        response.write("event: " + name + "\ndata: " + data + "\n\n");
    }

    private static ObjectNode messageJson(String id, String model, int inputTokens, int outputTokens, String text,
            String stopReason) {
        ObjectNode message = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model == null ? MODEL : model);
        ArrayNode content = message.putArray("content");
        if (text != null) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (stopReason == null) {
            message.putNull("stop_reason");
        } else {
            message.put("stop_reason", stopReason);
        }
        message.putNull("stop_sequence");
        message.set("usage", JSON.createObjectNode().put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0));
        return message;
    }

    private static void error(HttpServerResponse response, int status, String type, String message) {
        ObjectNode error = JSON.createObjectNode().put("type", "error");
        error.set("error", JSON.createObjectNode().put("type", type).put("message", message));
        response.setStatusCode(status).putHeader("content-type", "application/json").end(error.toString());
    }

    // ---------------------------------------------------------------- reading the request

    private Scenario chooseScenario(HttpServerRequest request, String lastUser) {
        Scenario next = scripted.poll();
        if (next != null) {
            return next;
        }
        Optional<Scenario> header = Scenario.fromMarker(request.getHeader(SCENARIO_HEADER));
        if (header.isPresent()) {
            return header.get();
        }
        if (lastUser != null) {
            Matcher marker = MARKER.matcher(lastUser);
            if (marker.find()) {
                return Scenario.fromMarker(marker.group(1)).orElse(Scenario.SUCCESS);
            }
        }
        return Scenario.SUCCESS;
    }

    private static String apiKey(HttpServerRequest request) {
        String key = request.getHeader("x-api-key");
        if (key != null) {
            return key;
        }
        String authorization = request.getHeader("authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7) : null;
    }

    private void record(HttpServerRequest request, String apiKey, String version, Scenario scenario, String model,
            boolean stream, String body) {
        requests.add(new RecordedRequest(request.method().name(), request.path(), apiKey, version,
                request.getHeader("x-stainless-retry-count"), scenario, model, stream, body));
    }

    /** The text of the last user message (string content or its text blocks), or null. */
    static String lastUserText(JsonNode json) {
        if (json == null) {
            return null;
        }
        JsonNode messages = json.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return text(message.path("content"));
            }
        }
        return null;
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    /** A rough count (4 characters a token) of every text in the request: system and messages. */
    private static int inputTokens(JsonNode json) {
        int chars = 0;
        JsonNode system = json.path("system");
        chars += system.isTextual() ? system.asText().length() : text(system).length();
        for (JsonNode message : json.path("messages")) {
            chars += text(message.path("content")).length();
        }
        return Math.max(1, (chars + 3) / 4);
    }

    private static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
