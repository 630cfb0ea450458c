package bot.volvox.moderation.notifications;

import java.net.URI;
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
import static org.hamcrest.Matchers.equalTo;

/** {@code DASHBOARD_WEBHOOK_URL}: one signed notice per config write and per case, at a local receiver. */
@QuarkusTest
@TestProfile(DashboardWebhooksTest.Receiving.class)
@QuarkusTestResource(VolvoxStackTestResource.class)
class DashboardWebhooksTest extends ModerationTestBase {
    static final String SECRET = "test-secret";
    static final String HOOK_SECRET = "hook-secret";

    /** The receiver's port is picked here, before the application starts with it in its configuration. */
    public static class Receiving implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = Ports.orFree(0);
            return Map.of("DASHBOARD_WEBHOOK_URL", "http://127.0.0.1:" + port + "/hook",
                    "WEBHOOK_SECRET", HOOK_SECRET,
                    "volvox.webhooks.test-only.allow-loopback-receiver", "true",
                    "volvox.webhooks.retry-base-delay", "100ms");
        }
    }

    static WebhookReceiver server;

    @BeforeEach
    void startReceiver() {
        if (server == null) {
            URI url = URI.create(ConfigProvider.getConfig().getValue("DASHBOARD_WEBHOOK_URL", String.class));
            server = WebhookReceiver.start(url.getPort());
        }
    }

    @AfterAll
    static void stopReceiver() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static List<Received> of(String guild, String event) {
        return server.received().stream().filter(received -> received.json().getString("guild_id").equals(guild)
                && received.json().getString("event").equals(event)).toList();
    }

    private static void assertSigned(Received received) {
        assertThat(received.headers().get("X-Webhook-Signature")).isEqualTo(WebhookDelivery.hmacHex(HOOK_SECRET, received.body()));
        assertThat(received.headers().get("X-Delivery-Id")).isNotBlank();
    }

    @Test
    void anApiWriteAndACommandWriteEachNotifyOnce() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 5}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(200);
        await().atMost(WAIT).until(() -> of(guild, "config.changed").size() == 1);
        Received api = of(guild, "config.changed").get(0);
        assertSigned(api);
        assertThat(api.json().getJsonObject("data").getString("path")).isEqualTo("reminders.maxPerUser");
        assertThat(api.json().getString("timestamp")).isNotBlank();

        DiscordEvent set = slash(guild, Invoker.admin(), "config", "set", string("path", "reminders.enabled"),
                string("value", "true"));
        send(set);
        assertThat(reply(set)).contains("set to `true`");
        await().atMost(WAIT).until(() -> of(guild, "config.changed").size() == 2);
        assertThat(of(guild, "config.changed").get(1).json().getJsonObject("data").getString("path"))
                .isEqualTo("reminders.enabled");

        // the log lists both deliveries, newest first
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1",
                guild) == 2);
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/webhooks/deliveries")
                .then().statusCode(200).body("total", equalTo(2))
                .body("deliveries[0].eventType", equalTo("config.changed"))
                .body("deliveries[0].status", equalTo("success"))
                .body("deliveries[0].responseCode", equalTo(204))
                .body("deliveries[0].endpointId", equalTo(DashboardWebhooks.ENDPOINT))
                .body("deliveries[0].payload.data.path", equalTo("reminders.enabled"));
    }

    @Test
    void aCaseNotifiesOnceEvenWhenItsCommandIsRedelivered() {
        String guild = DiscordEvents.guild();
        String target = snowflake();
        DiscordEvent warn = slash(guild, Invoker.admin(), "warn", null, member("user", target),
                string("reason", "rude"));
        send(warn);
        assertThat(reply(warn)).contains("has been warned");
        await().atMost(WAIT).until(() -> of(guild, "moderation.action").size() == 1);
        send(warn);
        await().during(java.time.Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> of(guild, "moderation.action").size() == 1);
        Received received = of(guild, "moderation.action").get(0);
        assertSigned(received);
        JsonObject data = received.json().getJsonObject("data");
        assertThat(data.getString("action")).isEqualTo("warn");
        assertThat(data.getInteger("caseNumber")).isEqualTo(1);
        assertThat(data.getString("targetId")).isEqualTo(target);
        assertThat(data.getString("reason")).isEqualTo("rude");
    }

    @Test
    void aTestDeliveryAnswersWhatTheReceiverSaid() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).post("/api/v1/guilds/" + guild + "/webhooks/test").then()
                .statusCode(200).body("ok", equalTo(true)).body("status", equalTo(204));
        assertThat(of(guild, "test")).hasSize(1);
        assertSigned(of(guild, "test").get(0));
    }

    @Test
    void theDeliveryLogIsPagedAndChecksItsParameters() {
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + DiscordEvents.guild()
                + "/webhooks/deliveries").then().statusCode(200).body("total", equalTo(0));
        given().header("x-api-secret", SECRET).queryParam("limit", 0).get("/api/v1/guilds/" + DiscordEvents.guild()
                + "/webhooks/deliveries").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/api/v1/guilds/" + DiscordEvents.guild() + "/webhooks/deliveries").then().statusCode(401);
    }
}
