package bot.volvox.ai.provider;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One Anthropic SDK client per configured provider, each with its base URL and key. Retries are the SDK's: up to
 * {@link AiSettings#maxRetries} more attempts for 408/409/429/5xx, timeouts and network failures, waiting what a
 * 429's {@code retry-after} asks (else exponential backoff with jitter); a 4xx other than those is never retried.
 * Kept apart from CDI so that the provider tests run the real SDK against the local server without a Quarkus app.
 */
public final class AiClients implements AutoCloseable {
    private final AiSettings settings;
    private final Map<String, AnthropicClient> clients;

    public AiClients(AiSettings settings) {
        this.settings = settings;
        this.clients = settings.providers().values().stream().filter(p -> p.apiKey().isPresent())
                .collect(Collectors.toUnmodifiableMap(p -> p.provider().name(), p -> client(settings, p)));
    }

    private static AnthropicClient client(AiSettings settings, AiSettings.ProviderSettings provider) {
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl())
                .timeout(settings.timeout()).maxRetries(settings.maxRetries());
        String key = provider.apiKey().orElseThrow();
        // the other providers take the key as a bearer token (spec §3.2); Anthropic as x-api-key
        return provider.provider().bearer() ? builder.authToken(key).build() : builder.apiKey(key).build();
    }

    public AiSettings settings() {
        return settings;
    }

    public boolean isConfigured(String provider) {
        return clients.containsKey(provider);
    }

    /**
     * Calls {@code model} and completes with its answer, or fails with an {@link AiFailure}. {@code timeout} bounds
     * each attempt (null: the setting); {@code stream} reads the answer as server-sent events.
     */
    public CompletableFuture<Completion> complete(ModelRef model, Prompt prompt, Duration timeout, boolean stream) {
        AnthropicClient client = clients.get(model.provider());
        if (client == null) {
            return CompletableFuture.failedFuture(new AiFailure(AiFailure.Kind.NOT_CONFIGURED,
                    "No key for provider " + model.provider() + " (" + AiSettings.keyVariable(model.provider())
                            + " is not set)", null));
        }
        MessageCreateParams.Builder params = MessageCreateParams.builder().model(model.model())
                .maxTokens(prompt.maxTokens() > 0 ? prompt.maxTokens() : settings.maxTokens());
        if (prompt.system() != null && !prompt.system().isBlank()) {
            params.system(prompt.system());
        }
        for (Prompt.Turn turn : prompt.turns()) {
            if (turn.assistant()) {
                params.addAssistantMessage(turn.text());
            } else {
                params.addUserMessage(turn.text());
            }
        }
        RequestOptions options = RequestOptions.builder().timeout(timeout == null ? settings.timeout() : timeout)
                .build();
        long started = System.nanoTime();
        CompletableFuture<Message> message = stream ? streamed(client, params.build(), options)
                : client.async().messages().create(params.build(), options);
        return message.handle((answer, failure) -> {
            if (failure != null) {
                throw failure(model, failure);
            }
            return completion(model, answer, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    private static CompletableFuture<Message> streamed(AnthropicClient client, MessageCreateParams params,
            RequestOptions options) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        AsyncStreamResponse<RawMessageStreamEvent> events = client.async().messages().createStreaming(params, options);
        events.subscribe(accumulator::accumulate);
        return events.onCompleteFuture().thenApply(done -> {
            try {
                return accumulator.message();
            } catch (IllegalStateException incomplete) {
                // a stream that ended without message_stop (garbage, or cut short) is an answer we cannot read, not
                // an unavailable provider
                throw new AnthropicInvalidDataException("the stream ended without a complete message", incomplete);
            }
        });
    }

    private static Completion completion(ModelRef model, Message message, Duration duration) {
        String text = message.content().stream().map(ContentBlock::text).flatMap(Optional::stream)
                .map(block -> block.text()).collect(Collectors.joining());
        Usage usage = message.usage();
        TokenUsage tokens = new TokenUsage(usage.inputTokens(), usage.outputTokens(),
                usage.cacheCreationInputTokens().orElse(0L), usage.cacheReadInputTokens().orElse(0L));
        return new Completion(model, text, tokens, duration);
    }

    /** What went wrong, for the caller to tell the user; the SDK's message never holds the key. */
    static AiFailure failure(ModelRef model, Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AiFailure failure) {
            return failure;
        }
        String where = model + ": ";
        if (cause instanceof AnthropicServiceException service) {
            int status = service.statusCode();
            AiFailure.Kind kind = status == 429 ? AiFailure.Kind.RATE_LIMITED
                    : status >= 500 ? AiFailure.Kind.UNAVAILABLE
                    : status == 408 ? AiFailure.Kind.TIMEOUT : AiFailure.Kind.REJECTED;
            return new AiFailure(kind, where + "HTTP " + status + " " + service.apiMessage().orElse(""), cause);
        }
        if (cause instanceof AnthropicIoException io) {
            boolean timedOut = io.getCause() instanceof InterruptedIOException
                    || String.valueOf(io.getMessage()).toLowerCase().contains("timeout");
            return new AiFailure(timedOut ? AiFailure.Kind.TIMEOUT : AiFailure.Kind.UNAVAILABLE,
                    where + io.getMessage(), cause);
        }
        if (cause instanceof AnthropicInvalidDataException || cause instanceof JsonProcessingException) {
            return new AiFailure(AiFailure.Kind.MALFORMED, where + "the answer is not a Messages response: "
                    + cause.getMessage(), cause);
        }
        if (cause instanceof InterruptedIOException) {
            return new AiFailure(AiFailure.Kind.TIMEOUT, where + cause, cause);
        }
        return new AiFailure(AiFailure.Kind.UNAVAILABLE, where + cause, cause);
    }

    @Override
    public void close() {
        clients.values().forEach(AnthropicClient::close);
    }
}
