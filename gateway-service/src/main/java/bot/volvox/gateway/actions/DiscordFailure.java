package bot.volvox.gateway.actions;

/**
 * Discord refused or failed a REST call.
 *
 * @see Transient
 * @see Permanent
 */
public abstract sealed class DiscordFailure extends RuntimeException {
    private final Integer code;

    DiscordFailure(Integer code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    /** Discord's JSON error code, or the HTTP status when there was none; null without a response. */
    public Integer code() {
        return code;
    }

    /** 5xx, timeouts, connection failures: worth retrying. */
    public static sealed class Transient extends DiscordFailure permits RetriedByJda {
        public Transient(Integer code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    /**
     * A transient status JDA's requester already retried itself (4 requests with 0.5, 1 and 2 s between them): retrying
     * it again would multiply the requests, so it is reported as it is.
     */
    public static final class RetriedByJda extends Transient {
        public RetriedByJda(Integer code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    /** 4xx (missing permissions, unknown member, invalid form body, …) or an impossible request: never retried. */
    public static final class Permanent extends DiscordFailure {
        public Permanent(Integer code, String message) {
            super(code, message, null);
        }
    }
}
