package bot.volvox.moderation.notifications;

import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** A {@code DASHBOARD_WEBHOOK_URL} on a private address is refused at send time and logged as failed. */
@QuarkusTest
@TestProfile(PrivateDashboardUrlTest.PrivateReceiver.class)
@QuarkusTestResource(VolvoxStackTestResource.class)
class PrivateDashboardUrlTest extends ModerationTestBase {

    public static class PrivateReceiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DASHBOARD_WEBHOOK_URL", "https://10.1.2.3/hook");
        }
    }

    @Test
    void aPrivateUrlIsRefusedAndLoggedAsFailed() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", DashboardWebhooksTest.SECRET).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 5}}")
                .patch("/api/v1/guilds/" + guild + "/config").then().statusCode(200);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1",
                guild) == 1);
        given().header("x-api-secret", DashboardWebhooksTest.SECRET)
                .get("/api/v1/guilds/" + guild + "/webhooks/deliveries").then().statusCode(200)
                .body("total", equalTo(1))
                .body("deliveries[0].status", equalTo("failed"))
                .body("deliveries[0].responseCode", nullValue())
                .body("deliveries[0].responseBody", startsWith("refused: URL"))
                .body("deliveries[0].eventType", equalTo("config.changed"));
        given().header("x-api-secret", DashboardWebhooksTest.SECRET)
                .post("/api/v1/guilds/" + guild + "/webhooks/test").then().statusCode(200)
                .body("ok", equalTo(false)).body("status", nullValue()).body("body", startsWith("refused: URL"));
    }
}
