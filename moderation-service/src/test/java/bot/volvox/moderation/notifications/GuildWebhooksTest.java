package bot.volvox.moderation.notifications;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.local.Ports;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.outbound.WebhookDelivery;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.webhooks.WebhookReceiver;
import bot.volvox.platform.testing.webhooks.WebhookReceiver.Received;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * A guild's own notification endpoints ({@code notifications.webhooks}): registered, listed, removed and tested
 * through the API, refused when their URL points inward, and sent the events they subscribed to, signed with their
 * secret and retried; and the global write's {@code CONFIG_CHANGE_WEBHOOK_URL} notice.
 */
@QuarkusTest
@TestProfile(GuildWebhooksTest.Receiving.class)
@QuarkusTestResource(VolvoxStackTestResource.class)
class GuildWebhooksTest extends ModerationTestBase {
    static final String SECRET = "test-secret";
    static final String BOT_SECRET = "bot-secret";

    /**
     * The receiver's port is picked before the application starts. It listens on loopback over plain HTTP, which only
     * the test-only setting lets through the SSRF check (registration and delivery use the same check).
     */
    public static class Receiving implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = Ports.orFree(0);
            return Map.of("CONFIG_CHANGE_WEBHOOK_URL", "http://127.0.0.1:" + port + "/global",
                    "WEBHOOK_SECRET", BOT_SECRET,
                    "volvox.webhooks.test-only.allow-loopback-receiver", "true",
                    "volvox.webhooks.retry-base-delay", "100ms");
        }
    }

    static WebhookReceiver server;

    /** The first delivery to a path under /flaky fails, so it is retried. */
    @BeforeEach
    void startReceiver() {
        if (server == null) {
            int port = java.net.URI.create(ConfigProvider.getConfig().getValue("CONFIG_CHANGE_WEBHOOK_URL",
                    String.class)).getPort();
            server = WebhookReceiver.start(port, (path, call) -> path.startsWith("/flaky") && call == 0 ? 500 : 204);
        }
    }

    @AfterAll
    static void stopReceiver() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static String receiver(String path) {
        return server.url(path);
    }

    private static List<Received> at(String path, String event) {
        return server.at(path, event);
    }

    private static String register(String guild, String url, String secret, boolean enabled, String... events) {
        JsonObject body = new JsonObject().put("url", url).put("events", new io.vertx.core.json.JsonArray(
                List.of(events))).put("enabled", enabled);
        if (secret != null) {
            body.put("secret", secret);
        }
        return given().header("x-api-secret", SECRET).contentType("application/json").body(body.encode())
                .post("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(201)
                .body("$", not(hasKey("secret"))).extract().path("id");
    }

    @Test
    void anEndpointIsRegisteredListedWithoutItsSecretAuditedAndRemoved() {
        String guild = DiscordEvents.guild();
        String id = register(guild, receiver("/a"), "shh", true, "config.changed");
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/notifications/webhooks").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo(id))
                .body("[0].url", equalTo(receiver("/a"))).body("[0].hasSecret", equalTo(true))
                .body("[0].enabled", equalTo(true)).body("[0].events[0]", equalTo("config.changed"))
                .body("[0]", not(hasKey("secret")));
        // kept where the original kept it, so a migrated guild's endpoints are read the same way
        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1 AND key = 'notifications'"
                + " AND value->'webhooks'->0->>'id' = $2 AND value->'webhooks'->0->>'secret' = 'shh'", guild, id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1"
                + " AND action = 'notifications.webhook.create' AND target_id = $2", guild, id)).isEqualTo(1);

        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/notifications/webhooks/" + id)
                .then().statusCode(204);
        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/notifications/webhooks/" + id)
                .then().statusCode(404);
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/notifications/webhooks").then()
                .statusCode(200).body("size()", equalTo(0));
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1"
                + " AND action = 'notifications.webhook.delete' AND target_id = $2", guild, id)).isEqualTo(1);
        given().get("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(401);
    }

    @Test
    void inwardUrlsUnknownEventsAndATwentyFirstEndpointAreRefused() {
        String guild = DiscordEvents.guild();
        for (String url : List.of("https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
                "https://[fd00::1]/hook", "http://example.com/hook", "https://user:pw@example.com/hook", "not a url")) {
            given().header("x-api-secret", SECRET).contentType("application/json")
                    .body(new JsonObject().put("url", url).put("events", List.of("config.changed")).encode())
                    .post("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(400)
                    .body("field", equalTo("url"));
        }
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body(new JsonObject().put("url", receiver("/a")).put("events", List.of("member.joined")).encode())
                .post("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(400)
                .body("field", equalTo("events"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body(new JsonObject().put("url", receiver("/a")).put("events", List.of("config.changed"))
                        .put("secret", 5).encode())
                .post("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(400)
                .body("field", equalTo("secret"));
        for (int i = 0; i < GuildWebhooks.MAX_PER_GUILD; i++) {
            register(guild, receiver("/n" + i), null, true, "config.changed");
        }
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body(new JsonObject().put("url", receiver("/a")).put("events", List.of("config.changed")).encode())
                .post("/api/v1/guilds/" + guild + "/notifications/webhooks").then().statusCode(400)
                .body("error", containsString("at most 20"));
    }

    @Test
    void eachEventGoesToTheEnabledEndpointsSubscribedToItSigned() {
        String guild = DiscordEvents.guild();
        String both = register(guild, receiver("/both"), "s3cret", true, "config.changed", "moderation.action");
        register(guild, receiver("/cases"), null, true, "moderation.action");
        register(guild, receiver("/off"), null, false, "config.changed", "moderation.action");

        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 5}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(200);
        await().atMost(WAIT).until(() -> at("/both", "config.changed").size() == 1);
        Received change = at("/both", "config.changed").get(0);
        assertThat(change.json().getString("guild_id")).isEqualTo(guild);
        assertThat(change.json().getJsonObject("data").getString("path")).isEqualTo("reminders.maxPerUser");
        assertThat(change.headers().get("X-Signature-256"))
                .isEqualTo("sha256=" + WebhookDelivery.hmacHex("s3cret", change.body()));
        assertThat(change.headers().get("User-Agent")).isEqualTo("VolvoxBot-Webhooks/1.0");
        assertThat(change.headers().get("X-Delivery-Id")).isNotBlank();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1"
                + " AND endpoint_id = $2 AND event_type = 'config.changed' AND status = 'success'", guild, both) == 1);

        String target = snowflake();
        DiscordEvent warn = slash(guild, Invoker.admin(), "warn", null, member("user", target),
                string("reason", "rude"));
        send(warn);
        assertThat(reply(warn)).contains("has been warned");
        await().atMost(WAIT).until(() -> at("/both", "moderation.action").size() == 1
                && at("/cases", "moderation.action").size() == 1);
        assertThat(at("/cases", "moderation.action").get(0).json().getJsonObject("data").getString("targetId"))
                .isEqualTo(target);
        assertThat(at("/cases", "moderation.action").get(0).headers()).doesNotContainKey("X-Signature-256");

        // a reset notifies like a write
        DiscordEvent reset = slash(guild, Invoker.admin(), "config", "reset", string("section", "reminders"));
        send(reset);
        assertThat(reply(reset)).contains("Reset");
        await().atMost(WAIT).until(() -> at("/both", "config.changed").size() == 2);
        assertThat(at("/both", "config.changed").get(1).json().getJsonObject("data").getString("path"))
                .isEqualTo("reminders");

        // nothing for the disabled endpoint, nor config.changed for the one subscribed to cases only
        assertThat(at("/off", "config.changed")).isEmpty();
        assertThat(at("/off", "moderation.action")).isEmpty();
        assertThat(at("/cases", "config.changed")).isEmpty();
    }

    @Test
    void aFailedDeliveryIsRetriedAndEveryAttemptLogged() {
        String guild = DiscordEvents.guild();
        String flaky = register(guild, receiver("/flaky"), null, true, "config.changed");
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 6}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(200);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1"
                + " AND endpoint_id = $2", guild, flaky) == 2);
        List<Received> attempts = at("/flaky", "config.changed");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).headers().get("X-Delivery-Id")).isEqualTo(attempts.get(0).headers()
                .get("X-Delivery-Id"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/webhooks/deliveries").then()
                .statusCode(200).body("total", equalTo(2))
                .body("deliveries[0].status", equalTo("success")).body("deliveries[0].attempt", equalTo(2))
                .body("deliveries[1].status", equalTo("failed")).body("deliveries[1].responseCode", equalTo(500))
                .body("deliveries[0].endpointId", equalTo(flaky));
    }

    @Test
    void aTestDeliveryAnswersWhatTheEndpointSaid() {
        String guild = DiscordEvents.guild();
        String id = register(guild, receiver("/probe"), "k", true, "moderation.action");
        given().header("x-api-secret", SECRET).post("/api/v1/guilds/" + guild + "/notifications/webhooks/" + id
                + "/test").then().statusCode(200).body("ok", equalTo(true)).body("status", equalTo(204));
        Received probe = at("/probe", "test").get(0);
        assertThat(probe.headers().get("X-Signature-256")).isEqualTo("sha256=" + WebhookDelivery.hmacHex("k",
                probe.body()));
        given().header("x-api-secret", SECRET).post("/api/v1/guilds/" + guild
                + "/notifications/webhooks/nope/test").then().statusCode(404);
    }

    @Test
    void aGlobalWriteIsAnsweredPerLeafAndNotifiesTheConfigChangeUrl() {
        // the default value: other tests sharing the database see no difference
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 25}}")
                .put("/api/v1/config").then().statusCode(200)
                .body("results[0].path", equalTo("reminders.maxPerUser"))
                .body("results[0].status", equalTo("success"))
                .body("config.reminders.maxPerUser", equalTo(25));
        await().atMost(WAIT).until(() -> !at("/global", "config.changed").isEmpty());
        Received notice = at("/global", "config.changed").get(0);
        assertThat(notice.json().getJsonObject("data").getJsonArray("paths").getList())
                .containsExactly("reminders.maxPerUser");
        assertThat(notice.headers().get("X-Webhook-Signature"))
                .isEqualTo(WebhookDelivery.hmacHex(BOT_SECRET, notice.body()));
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = 'global' AND action = 'config.update'"))
                .isGreaterThanOrEqualTo(1);

        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 500}}")
                .put("/api/v1/config").then().statusCode(400).body("field", equalTo("reminders.maxPerUser"));
        given().header("x-api-secret", SECRET).contentType("application/json").body("{\"nope\": {\"a\": 1}}")
                .put("/api/v1/config").then().statusCode(404);
        given().contentType("application/json").body("{}").put("/api/v1/config").then().statusCode(401);
    }
}
