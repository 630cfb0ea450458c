package bot.volvox.ai.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.anthropiclocal.Scenario;
import bot.volvox.platform.config.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real Anthropic SDK, as ai-service configures it, against the local Messages API server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiClientsTest {
    private static final ModelRef MODEL = new ModelRef("anthropic", "local-test-model");
    private final ProviderCatalog catalog = ProviderCatalog.load();
    private AnthropicLocal server;

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
        server.retryAfterSeconds(1);
    }

    private AiClients clients(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("ANTHROPIC_API_KEY", "sk-local-secret");
        env.put("ANTHROPIC_BASE_URL", server.baseUrl());
        env.put("AI_TIMEOUT_MS", "3000");
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return new AiClients(AiSettings.read(catalog, env::get));
    }

    private static Completion call(AiClients clients, ModelRef model, boolean stream) {
        return clients.complete(model, Prompt.of("be brief", "hello model", 200), null, stream)
                .orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static AiFailure failureOf(AiClients clients, ModelRef model) {
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> call(clients, model, false));
        assertThat(thrown.getCause()).isInstanceOf(AiFailure.class);
        return (AiFailure) thrown.getCause();
    }

    @Test
    void answersWithTextUsageAndTheHeadersTheApiRequires() {
        try (AiClients clients = clients()) {
            Completion answer = call(clients, MODEL, false);
            assertThat(answer.text()).startsWith("[" + AnthropicLocal.LABEL + "]").endsWith("You said: hello model");
            assertThat(answer.usage().inputTokens()).isPositive();
            assertThat(answer.usage().outputTokens()).isPositive();
            assertThat(answer.model()).isEqualTo(MODEL);
            RecordedRequest seen = server.requests().get(0);
            assertThat(seen.apiKey()).isEqualTo("sk-local-secret");
            assertThat(seen.anthropicVersion()).isNotBlank();
            assertThat(seen.model()).isEqualTo("local-test-model");
            assertThat(seen.body()).contains("be brief");
        }
    }

    @Test
    void streamedAnswersAreAssembled() {
        try (AiClients clients = clients()) {
            Completion answer = call(clients, MODEL, true);
            assertThat(answer.text()).isEqualTo("[" + AnthropicLocal.LABEL
                    + "] This is not a real AI answer. You said: hello model");
            assertThat(answer.usage().outputTokens()).isPositive();
            assertThat(server.requests()).singleElement().satisfies(seen -> assertThat(seen.stream()).isTrue());
        }
    }

    @Test
    void aRateLimitIsRetriedAfterRetryAfter() {
        server.retryAfterSeconds(2);
        server.script(Scenario.RATE_LIMITED);
        try (AiClients clients = clients()) {
            long started = System.nanoTime();
            Completion answer = call(clients, MODEL, false);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(answer.text()).contains("hello model");
            assertThat(server.requests()).extracting(RecordedRequest::scenario)
                    .containsExactly(Scenario.RATE_LIMITED, Scenario.SUCCESS);
        }
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        server.script(Scenario.SERVER_ERROR, Scenario.OVERLOADED);
        try (AiClients clients = clients()) {
            assertThat(call(clients, MODEL, false).text()).contains("hello model");
            assertThat(server.requests()).hasSize(3);
        }
        server.reset();
        server.script(Scenario.SERVER_ERROR, Scenario.SERVER_ERROR, Scenario.SERVER_ERROR, Scenario.SERVER_ERROR);
        try (AiClients clients = clients()) {
            assertThat(failureOf(clients, MODEL).kind()).isEqualTo(AiFailure.Kind.UNAVAILABLE);
            assertThat(server.requests()).as("3 attempts in all").hasSize(3);
        }
    }

    @Test
    void aClientErrorIsNeverRetried() {
        server.script(Scenario.BAD_REQUEST, Scenario.SUCCESS);
        try (AiClients clients = clients()) {
            assertThat(failureOf(clients, MODEL).kind()).isEqualTo(AiFailure.Kind.REJECTED);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aHangingProviderTimesOut() {
        server.script(Scenario.TIMEOUT);
        try (AiClients clients = clients("AI_TIMEOUT_MS", "300", "AI_MAX_RETRIES", "0")) {
            AiFailure failure = failureOf(clients, MODEL);
            assertThat(failure.kind()).isEqualTo(AiFailure.Kind.TIMEOUT);
        }
    }

    @Test
    void malformedJsonIsReportedNotRetriedAsAnAnswer() {
        server.script(Scenario.MALFORMED_JSON);
        try (AiClients clients = clients("AI_MAX_RETRIES", "0")) {
            AiFailure failure = failureOf(clients, MODEL);
            assertThat(failure.kind()).isEqualTo(AiFailure.Kind.MALFORMED);
            assertThat(failure.getMessage()).doesNotContain("sk-local-secret");
        }
    }

    @Test
    void otherProvidersGetTheirOwnBaseUrlAndABearerKey() {
        try (AiClients clients = clients("MINIMAX_API_KEY", "mm-key", "MINIMAX_BASE_URL", server.baseUrl() + "/")) {
            call(clients, new ModelRef("minimax", "MiniMax-M2.7"), false);
            assertThat(server.requests()).singleElement().satisfies(seen -> {
                assertThat(seen.apiKey()).isEqualTo("mm-key");
                assertThat(seen.model()).isEqualTo("MiniMax-M2.7");
            });
        }
    }

    @Test
    void aProviderWithoutKeyIsNotConfiguredAndNeverCalled() {
        try (AiClients clients = clients()) {
            AiFailure failure = failureOf(clients, new ModelRef("moonshot", "kimi-k2.6"));
            assertThat(failure.kind()).isEqualTo(AiFailure.Kind.NOT_CONFIGURED);
            assertThat(failure.getMessage()).contains("MOONSHOT_API_KEY");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void settingsNameTheBadVariableAndNeverPrintAKey() {
        assertThatThrownBy(() -> clients("AI_TIMEOUT_MS", "soon")).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("AI_TIMEOUT_MS ");
        assertThatThrownBy(() -> clients("AI_DEFAULT_MODEL", "claude")).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("AI_DEFAULT_MODEL ");
        assertThatThrownBy(() -> clients("AI_DEFAULT_MODEL", "nobody:model"))
                .hasMessageContaining("unknown provider 'nobody'");
        assertThatThrownBy(() -> clients("MINIMAX_BASE_URL", "ftp:/x")).hasMessageStartingWith("MINIMAX_BASE_URL ");
        AiSettings settings = AiSettings.read(catalog, Map.of("ANTHROPIC_API_KEY", "sk-secret")::get);
        assertThat(settings.toString()).doesNotContain("sk-secret");
        assertThat(settings.defaultModel()).contains(new ModelRef("anthropic", "claude-sonnet-4-5"));
        assertThat(AiSettings.read(catalog, Map.<String, String>of()::get).anyConfigured()).isFalse();
    }

    @Test
    void costFollowsThePriceTableWithCacheTokensApart() {
        ModelRef model = ModelRef.parse("minimax:MiniMax-M2.7").orElseThrow();
        // 1000 input of which 200 cache reads and 100 cache writes, 500 output
        BigDecimal cost = catalog.cost(model, new TokenUsage(1000, 500, 100, 200)).orElseThrow();
        // 700·0.30 + 200·0.06 + 100·0.375 + 500·1.20 = 210 + 12 + 37.5 + 600 = 859.5 per 1e6
        assertThat(cost).isEqualByComparingTo("0.000860");
        assertThat(catalog.cost(ModelRef.parse("MINIMAX:minimax-m2.7-20260101").orElseThrow(),
                new TokenUsage(1_000_000, 0, 0, 0))).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.30"));
        assertThat(catalog.cost(ModelRef.parse("anthropic:unknown").orElseThrow(), new TokenUsage(1, 1, 0, 0)))
                .isEmpty();
        assertThat(ModelRef.parse("bare-model")).isEmpty();
        assertThat(ModelRef.parse("openrouter:minimax/minimax-m2.5:free"))
                .contains(new ModelRef("openrouter", "minimax/minimax-m2.5:free"));
    }
}
