package bot.volvox.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.sandbox.RecordedCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The basics an operator relies on: the REST API refuses a missing or wrong secret without echoing it; no bot message
 * pings @everyone, @here or a role, whatever reason or reminder text it quotes; no log line of any service carries a
 * secret the system runs with (bot token, database password, API secret), nor a secret somebody tried.
 */
class SecurityEndToEndTest extends WholeSystemTest {

    @Test
    void theApiRefusesAMissingOrWrongSecretWithoutEchoingIt() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String url = system.serviceUrl("moderation-service") + "/api/v1/guilds/" + demo.guildId() + "/config";
        for (String secret : new String[] {null, wrong, WholeSystem.API_SECRET + "x", ""}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
            if (secret != null) {
                request.header("x-api-secret", secret);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("secret " + secret).isEqualTo(401);
            assertThat(response.body()).doesNotContain(wrong).doesNotContain(WholeSystem.API_SECRET);
        }
    }

    @Test
    void noBotMessagePingsEveryoneHereOrARoleWhateverItQuotes() {
        String pings = "@everyone @here <@&" + demo.memberRoleId() + ">";
        long mark = sandbox.lastCallSeq();
        // a member of its own: other tests ban and kick the demo members
        String target = sandbox.memberJoin("pinged-" + UUID.randomUUID().toString().substring(0, 6));
        String warned = users.runAndAwaitReply("moderator", "warn", Map.of("user", target, "reason", "spam " + pings));
        String reminded = users.runAndAwaitReply("owner", "remind me",
                Map.of("when", "in 1 second", "message", "tell " + pings));
        assertThat(warned).contains("warned");
        assertThat(reminded).startsWith("✅");
        await("the reminder's DM").atMost(java.time.Duration.ofSeconds(30)).until(() -> sandbox.directMessages("owner")
                .stream().anyMatch(dm -> (dm.content() + dm.embeds()).contains("tell @everyone")));

        List<RecordedCall> messages = sandbox.callsSince(mark).stream()
                .filter(call -> (call.method().equals("POST") || call.method().equals("PATCH"))
                        && (call.path().matches("channels/\\d+/messages.*") || call.path().startsWith("webhooks/")))
                .toList();
        assertThat(messages).as("the bot's messages and answers").hasSizeGreaterThanOrEqualTo(4);
        for (RecordedCall call : messages) {
            JsonObject allowed = new JsonObject(call.body()).getJsonObject("allowed_mentions");
            assertThat(allowed).as("allowed_mentions of " + call.method() + " " + call.path()).isNotNull();
            assertThat(allowed.getJsonArray("parse", new JsonArray()).getList()).as(call.path())
                    .doesNotContain("everyone", "roles");
            assertThat(allowed.getJsonArray("roles", new JsonArray()).getList()).as(call.path()).isEmpty();
        }
    }

    @Test
    void noLogLineOfAnyServiceCarriesASecret() throws Exception {
        // what an attacker or a confused admin would send, so that it must not end up in a log either
        String tried = "tried-" + UUID.randomUUID();
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(system.serviceUrl("moderation-service")
                        + "/api/v1/guilds/" + demo.guildId() + "/config")).header("x-api-secret", tried).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        users.runAndAwaitReply("admin", "config set", Map.of("path", "reminders.enabled", "value", "true"));

        Map<String, String> secrets = Map.of(
                "the bot token", sandbox.botToken(),
                "the database password", WholeSystem.DATABASE_PASSWORD,
                "the API secret", WholeSystem.API_SECRET,
                "a secret somebody tried", tried);
        List<String> lines = system.allLogLines();
        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, value) -> lines.stream().filter(line -> line.contains(value)).findFirst()
                .ifPresent(line -> leaks.add(what + ": " + line)));
        System.out.printf("secrets in logs: %d lines of 5 services searched for %d secrets%n", lines.size(),
                secrets.size());
        assertThat(lines).as("the services' logs").isNotEmpty();
        assertThat(leaks).as("log lines carrying a secret").isEmpty();
    }
}
