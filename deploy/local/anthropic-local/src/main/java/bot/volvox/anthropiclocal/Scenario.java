package bot.volvox.anthropiclocal;

import java.util.Locale;
import java.util.Optional;

/**
 * What the local model answers to one request. A test picks it by queueing it ({@link AnthropicLocal#script}), by the
 * header {@value AnthropicLocal#SCENARIO_HEADER}, or by writing {@code [local:<name>]} into the last user message (so
 * a demo user in the Discord sandbox can pick it too); otherwise {@link #SUCCESS}, streamed when the request asks.
 */
public enum Scenario {
    /** 200 with a text answer labelled as the local test model (SSE when the request has {@code "stream": true}). */
    SUCCESS,
    /** 429 {@code rate_limit_error} with a {@code retry-after} header. */
    RATE_LIMITED,
    /** 500 {@code api_error}. */
    SERVER_ERROR,
    /** 529 {@code overloaded_error}, which Anthropic's clients retry like a 5xx. */
    OVERLOADED,
    /** 400 {@code invalid_request_error}: a client error no caller may retry. */
    BAD_REQUEST,
    /** Never answers (until the server stops): the caller's timeout must fire. */
    TIMEOUT,
    /** 200 with {@code application/json} whose body is cut off mid-object. */
    MALFORMED_JSON,
    /** 200 whose text is a well-formed triage verdict JSON. */
    CLASSIFY,
    /** 200 whose text is a triage verdict that is not valid JSON; only a regex finds its classification. */
    CLASSIFY_NEEDS_RECOVERY,
    /** 200 whose verdict ({@code respond}) targets every message id written {@code [<digits>]} in the request. */
    CLASSIFY_EVERY_MESSAGE,
    /**
     * 200 whose verdict is {@code moderate} (confidence 0.3, under any sane threshold: moderate skips the gate),
     * naming every message id written {@code [<digits>]} in the request, a recommended action and a violated rule.
     */
    CLASSIFY_MODERATE,
    /** 200 whose text is a content-safety verdict (AI auto-moderation) rating the message toxic and harassing. */
    SAFETY_FLAGGED,
    /** 200 whose text is a content-safety verdict rating every category 0. */
    SAFETY_CLEAN;

    /** The name used in markers and headers: lower case with dashes ({@code rate-limited}). */
    public String marker() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Scenario> fromMarker(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Scenario scenario : values()) {
            if (scenario.name().equals(wanted)) {
                return Optional.of(scenario);
            }
        }
        return Optional.empty();
    }
}
