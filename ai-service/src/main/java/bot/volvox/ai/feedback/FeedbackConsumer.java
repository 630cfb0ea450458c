package bot.volvox.ai.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.ai.chat.BotUser;
import bot.volvox.ai.chat.ConversationLog;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Emoji;
import bot.volvox.platform.contract.EventPayload.ReactionAdded;
import bot.volvox.platform.contract.EventPayload.ReactionRemoved;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfigs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Feedback (spec §3.6, dead code in the original): with {@code ai.feedback.enabled}, 👍/👎 on one of the bot's AI
 * replies upserts that user's {@code ai_feedback} row (changing the emoji overwrites it) and removing that emoji
 * deletes it. A reply is recognised by its {@code assistant} row in {@code conversations} (persisted, so every
 * replica and a restart know it). The bot's own reactions are ignored; the event does not say whether another
 * reactor is a bot. Upsert and delete are idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class FeedbackConsumer {
    static final String UP = "👍";
    static final String DOWN = "👎";

    @Inject
    GuildConfigs configs;
    @Inject
    ConversationLog history;
    @Inject
    BotUser bot;
    @Inject
    Pool pool;

    @Incoming("reactions")
    public Uni<Void> onReaction(DiscordEvent event) {
        if (event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        if (event.payload() instanceof ReactionAdded added && kind(added.emoji()) != null
                && !bot.id().equals(added.userId())) {
            return TransientFailures.retried(Uni.createFrom().deferred(() -> enabledOnAiReply(event.guildId(),
                    added.messageId()).flatMap(yes -> !yes ? Uni.createFrom().voidItem() : pool.preparedQuery("""
                            INSERT INTO ai_feedback (message_id, channel_id, guild_id, user_id, feedback_type, created_at)
                            VALUES ($1, $2, $3, $4, $5, now())
                            ON CONFLICT (message_id, user_id)
                            DO UPDATE SET feedback_type = EXCLUDED.feedback_type, created_at = now()""")
                            .execute(Tuple.of(added.messageId(), added.channelId(), event.guildId(), added.userId(),
                                    kind(added.emoji())))
                            .replaceWithVoid())));
        }
        if (event.payload() instanceof ReactionRemoved removed && kind(removed.emoji()) != null) {
            // only the row of the emoji taken back: removing 👍 after switching to 👎 keeps the 👎
            return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                    DELETE FROM ai_feedback WHERE message_id = $1 AND user_id = $2 AND feedback_type = $3""")
                    .execute(Tuple.of(removed.messageId(), removed.userId(), kind(removed.emoji())))
                    .replaceWithVoid()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Boolean> enabledOnAiReply(String guildId, String messageId) {
        return configs.settings(guildId).flatMap(config -> config.ai().feedback().enabled()
                ? history.isAssistantMessage(messageId) : Uni.createFrom().item(false));
    }

    /** positive, negative, or null for any other emoji (custom emojis included). */
    static String kind(Emoji emoji) {
        if (emoji == null || emoji.id() != null || emoji.name() == null) {
            return null;
        }
        // Discord may send the emoji with a skin-tone modifier
        String name = emoji.name();
        if (name.startsWith(UP)) {
            return "positive";
        }
        return name.startsWith(DOWN) ? "negative" : null;
    }
}
