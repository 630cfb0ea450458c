package bot.volvox.ai.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 👍/👎 on the bot's AI replies into ai_feedback, through discord.reaction. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class FeedbackTest {
    static final String BOT = "800000000000000042";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private String aiReply(String guild, String channel) {
        String id = DiscordEvents.snowflake();
        rows("INSERT INTO conversations (channel_id, guild_id, role, content, discord_message_id, user_id) "
                + "VALUES ($1, $2, 'assistant', 'an answer', $3, $4)", channel, guild, id, BOT);
        return id;
    }

    private static DiscordEvent added(String guild, String channel, String message, String user, String emoji) {
        return DiscordEvent.of(UUID.randomUUID().toString(), Instant.now(), guild, new EventPayload.ReactionAdded(
                channel, message, BOT, user, new EventPayload.Emoji(emoji, null, false)));
    }

    private static DiscordEvent removed(String guild, String channel, String message, String user, String emoji) {
        return DiscordEvent.of(UUID.randomUUID().toString(), Instant.now(), guild, new EventPayload.ReactionRemoved(
                channel, message, BOT, user, new EventPayload.Emoji(emoji, null, false)));
    }

    private List<String> feedback(String message) {
        return rows("SELECT user_id || ':' || feedback_type FROM ai_feedback WHERE message_id = $1 ORDER BY user_id",
                message).stream().map(row -> row.getString(0)).toList();
    }

    @Test
    void thumbsOnAiRepliesAreUpsertedAndRemoved() {
        KafkaGateway gateway = KafkaGateway.get();
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, 'ai', $2)", guild,
                new JsonObject("{\"feedback\": {\"enabled\": true}}"));
        String reply = aiReply(guild, channel);
        String notAi = DiscordEvents.snowflake();
        String alice = DiscordEvents.snowflake();
        String bob = DiscordEvents.snowflake();

        gateway.publish(added(guild, channel, notAi, alice, "👍"));
        gateway.publish(added(guild, channel, reply, BOT, "👍")); // the bot's own
        gateway.publish(added(guild, channel, reply, alice, "👍"));
        gateway.publish(added(guild, channel, reply, alice, "👎"));
        gateway.publish(added(guild, channel, reply, bob, "👍🏽"));
        gateway.publish(added(guild, channel, reply, bob, "🎉"));
        await().atMost(WAIT).until(() -> feedback(reply).size() == 2);
        assertThat(feedback(reply)).containsExactlyInAnyOrder(alice + ":negative", bob + ":positive");

        gateway.publish(removed(guild, channel, reply, alice, "👍")); // already replaced by 👎: stays
        gateway.publish(removed(guild, channel, reply, bob, "👍🏽"));
        await().atMost(WAIT).until(() -> feedback(reply).size() == 1);
        assertThat(feedback(reply)).containsExactly(alice + ":negative");
        assertThat(feedback(notAi)).isEmpty();
    }

    @Test
    void withFeedbackDisabledNothingIsRecorded() {
        KafkaGateway gateway = KafkaGateway.get();
        String off = DiscordEvents.guild(); // defaults: ai.feedback.enabled false
        String on = DiscordEvents.guild();
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, 'ai', $2)", on,
                new JsonObject("{\"feedback\": {\"enabled\": true}}"));
        String channel = DiscordEvents.snowflake();
        String offReply = aiReply(off, channel);
        String onReply = aiReply(on, channel);
        String user = DiscordEvents.snowflake();
        gateway.publish(added(off, channel, offReply, user, "👍"));
        gateway.publish(added(on, channel, onReply, user, "👍"));
        // one consumer reads both in order when they share a partition; else wait for the enabled one and a little
        await().atMost(WAIT).until(() -> feedback(onReply).size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> feedback(offReply).isEmpty());
    }
}
