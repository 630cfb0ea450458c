package bot.volvox.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** moderation-service's config REST API, as a dashboard would call it. */
final class ConfigApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ConfigApi() {
    }

    /** Deep-merges {@code patchJson} into the guild's config; fails unless the API accepts it. */
    static void patch(String moderationUrl, String guildId, String patchJson) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(moderationUrl + "/api/v1/guilds/" + guildId + "/config"))
                .header("x-api-secret", WholeSystem.API_SECRET)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patchJson))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("PATCH config of guild " + guildId + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moderation-service's API is unreachable at " + moderationUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
