package bot.volvox.analytics.engagement;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.webhooks.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class LevelUpWebhookTest extends AnalyticsTestBase {
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start(0);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private List<JsonObject> received() {
        return receiver.received().stream().map(WebhookReceiver.Received::json).toList();
    }

    @Test
    void eachLevelReachedCallsTheWebhookOnceEvenWhenItsBatchIsRedelivered() {
        String guild = DiscordEvents.guild();
        String url = receiver.url("/levelup");
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [300, 300]}");
        configure(guild, "xp", """
                {"enabled": true, "defaultActions": [{"type": "webhook", "url": "%s"}]}""".formatted(url));
        String user = DiscordEvents.snowflake();
        DiscordEvent message = message(guild, user, "a message worth two levels", Instant.now());
        gateway.publish(message);
        // a redelivery (same offsets) is ExactlyOnceTest's: the same event published twice would count twice

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1 "
                + "AND status = 'success'", guild) == 2);
        assertThat(received()).extracting(body -> body.getString("event") + " " + body.getString("guild_id") + " "
                + body.getJsonObject("data").getString("userId") + " " + body.getJsonObject("data").getInteger("level"))
                .containsExactlyInAnyOrder("level.up " + guild + " " + user + " 1", "level.up " + guild + " " + user
                        + " 2");

        assertThat(received()).hasSize(2);
        assertThat(count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1", guild)).isEqualTo(2);
    }

    @Test
    void aPrivateAddressIsRefusedAndLoggedAsFailedWithoutACall() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [150, 150]}");
        configure(guild, "xp", """
                {"enabled": true, "defaultActions": [{"type": "webhook", "url": "https://10.0.0.1/hook"}]}""");
        gateway.publish(message(guild, DiscordEvents.snowflake(), "a message worth one level", Instant.now()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1 "
                + "AND status = 'failed' AND response_code IS NULL AND response_body LIKE 'refused: URL must not "
                + "point to a private%'", guild) == 1);
        assertThat(received()).isEmpty();
    }
}
