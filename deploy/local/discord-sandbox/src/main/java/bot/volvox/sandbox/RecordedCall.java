package bot.volvox.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One REST call the bot made to the sandbox.
 *
 * @param seq         position in the call log (1-based, increasing)
 * @param method      HTTP method
 * @param path        path below {@code /api/v10/}, e.g. {@code channels/123/messages}
 * @param query       raw query string or empty
 * @param route       the matched route template, e.g. {@code POST channels/{channel_id}/messages}
 * @param body        request body as text (multipart: the {@code payload_json} part), empty if none
 * @param headers     headers of interest (X-Audit-Log-Reason, Authorization present, Content-Type)
 * @param status      HTTP status the sandbox answered
 * @param errorCode   Discord error code of an error answer, 0 on success
 * @param at          when it arrived (sandbox clock)
 */
public record RecordedCall(long seq, String method, String path, String query, String route, String body,
                           Map<String, String> headers, int status, int errorCode, Instant at) {

    public String auditLogReason() {
        return headers.get("X-Audit-Log-Reason");
    }

    public boolean is(String method, String pathRegex) {
        return this.method.equalsIgnoreCase(method) && path.matches(pathRegex);
    }
}
