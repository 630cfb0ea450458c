package bot.volvox.analytics.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;


import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DomainServiceTestBase;
import io.quarkus.arc.Arc;
import io.vertx.core.json.JsonObject;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** What the analytics tests share: the fake gateway, the database, guild settings and dead letters. */
public abstract class AnalyticsTestBase extends DomainServiceTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** {@code BOT_API_SECRET} of the test profile. */
    protected static final String SECRET = "test-secret";

    /** Asserts that the API refuses {@code url} with a 400 naming {@code field}. */
    protected static void badRequest(String url, String field) {
        given().header("x-api-secret", SECRET).urlEncodingEnabled(false).when().get(url)
                .then().statusCode(400).body("field", equalTo(field));
    }

    /** Writes a guild's config section as moderation-service's writer would, then drops the cached copy. */
    protected void configure(String guildId, String section, String json) {
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, $2, $3::jsonb) "
                + "ON CONFLICT (guild_id, key) DO UPDATE SET value = EXCLUDED.value", guildId, section,
                new JsonObject(json)); // a String would be stored as a JSON string
        Arc.container().instance(GuildConfigs.class).get().invalidate(guildId).await().atMost(Duration.ofSeconds(10));
    }

    /** A guild message by {@code authorId} at {@code at}. */
    protected static DiscordEvent message(String guildId, String authorId, String content, Instant at) {
        return message(guildId, DiscordEvents.CHANNEL_ID, authorId, content, at);
    }

    /** A guild message by {@code authorId} in {@code channelId} at {@code at}. */
    protected static DiscordEvent message(String guildId, String channelId, String authorId, String content,
            Instant at) {
        String id = DiscordEvents.snowflake();
        EventPayload.Message message = new EventPayload.Message(channelId, id,
                DiscordEvents.author(authorId, "user"), content, List.of(), List.of(), List.of(), false, null, null,
                List.of(), at, null);
        return DiscordEvent.of(id, at, guildId, new EventPayload.MessageCreated(message));
    }

    /** A voice event (any {@code discord.voice} payload) at {@code at}. */
    protected static DiscordEvent voice(String guildId, Instant at, EventPayload payload) {
        return DiscordEvent.of(UUID.randomUUID().toString(), at, guildId, payload);
    }

    /** The result of another service's answer to {@code /command}, as the gateway publishes it. */
    protected static ActionResult answered(String guildId, String userId, String command, boolean completed) {
        DiscordAction answer = DiscordAction.of(UUID.randomUUID(), guildId, null,
                new Origin("moderation-service", DiscordEvents.snowflake(),
                        new Origin.AnsweredCommand(command, userId, DiscordEvents.CHANNEL_ID, completed)),
                new ActionParams.InteractionFollowup(DiscordEvents.APPLICATION_ID, "token",
                        ActionParams.MessageBody.text("done"), false, userId, true));
        return ActionResult.ok(answer, List.of("1"), 1);
    }

    protected static DiscordEvent reaction(String guildId, String userId, String messageAuthorId, Instant at) {
        return DiscordEvent.of(UUID.randomUUID().toString(), at, guildId, new EventPayload.ReactionAdded(
                DiscordEvents.CHANNEL_ID, DiscordEvents.snowflake(), messageAuthorId, userId,
                new EventPayload.Emoji("👍", null, false)));
    }
}
