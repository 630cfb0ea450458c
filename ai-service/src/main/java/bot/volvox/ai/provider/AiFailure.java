package bot.volvox.ai.provider;

/**
 * A provider call that gave no answer, after the SDK's retries. The message is for logs and never contains a key;
 * {@link #kind} decides what the user is told.
 */
public final class AiFailure extends RuntimeException {

    public enum Kind {
        /** No key for the provider: AI is not configured on this bot. */
        NOT_CONFIGURED,
        /** 429 after every retry. */
        RATE_LIMITED,
        /** 5xx or the network, after every retry. */
        UNAVAILABLE,
        /** No answer within the timeout, after every retry. */
        TIMEOUT,
        /** A 4xx other than 429: the request or the key is wrong; never retried. */
        REJECTED,
        /** The provider answered something that is not a Messages response. */
        MALFORMED
    }

    private final Kind kind;

    public AiFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
