package bot.volvox.anthropiclocal;

/**
 * One request as the local server saw it, for tests to check what a client sent.
 *
 * @param apiKey the {@code x-api-key} header (or the bearer token), null when absent
 * @param retryCount the SDK's {@code x-stainless-retry-count} header, null when absent
 * @param body the raw request body
 */
public record RecordedRequest(String method, String path, String apiKey, String anthropicVersion, String retryCount,
        Scenario scenario, String model, boolean stream, String body) {
}
