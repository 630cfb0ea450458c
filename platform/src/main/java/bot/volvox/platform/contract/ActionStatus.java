package bot.volvox.platform.contract;

public enum ActionStatus {
    /** Discord accepted the request. */
    OK,
    /** Discord refused it for a reason that retrying cannot fix (4xx: missing permissions, unknown member, …). */
    FAILED,
    /** Discord or the network kept failing (5xx, timeouts) until the gateway's retries were exhausted. */
    FAILED_TRANSIENT
}
