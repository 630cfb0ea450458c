package bot.volvox.ai.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.ai.provider.Prompt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code conversations} (spec §3.4): every user message the bot answered and every assistant chunk it sent, with
 * {@code discord_message_id} and {@code user_id}. The rows are the prompt's history and tell whether a message is
 * the bot's (a reply to it counts as a mention), so that survives restarts and works across replicas.
 */
@ApplicationScoped
public class ConversationLog {
    @Inject
    Pool pool;

    /** A stored row, oldest first in {@link #recent}. */
    public record Entry(boolean assistant, String content, String username, String messageId) {
    }

    public Uni<List<Entry>> recent(String channelId, int limit, int ttlDays) {
        return pool.preparedQuery("""
                SELECT role, content, username, discord_message_id FROM conversations
                 WHERE channel_id = $1 AND created_at > now() - make_interval(days => $2)
                 ORDER BY created_at DESC, id DESC LIMIT $3""")
                .execute(Tuple.of(channelId, ttlDays, limit))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry("assistant".equals(row.getString("role")), row.getString("content"),
                                row.getString("username"), row.getString("discord_message_id")));
                    }
                    Collections.reverse(entries);
                    return entries;
                });
    }

    /** Stores a user message once, however often it is delivered. */
    public Uni<Void> addUser(String guildId, String channelId, String content, String username, String messageId,
            String userId) {
        return insert(pool, guildId, channelId, "user", content, username, messageId, userId);
    }

    /** Stores a sent assistant chunk once (username null, user_id the bot, as the original did). */
    public Uni<Void> addAssistant(SqlClient client, String guildId, String channelId, String content,
            String messageId, String botUserId) {
        return insert(client, guildId, channelId, "assistant", content, null, messageId, botUserId);
    }

    private static Uni<Void> insert(SqlClient client, String guildId, String channelId, String role, String content,
            String username, String messageId, String userId) {
        return client.preparedQuery("""
                INSERT INTO conversations (channel_id, guild_id, role, content, username, discord_message_id, user_id)
                SELECT $1, $2, $3, $4, $5, $6, $7
                 WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE discord_message_id = $6 AND role = $3)""")
                .execute(Tuple.from(new Object[] {channelId, guildId, role, content, username, messageId, userId}))
                .replaceWithVoid();
    }

    /** Whether {@code messageId} is a chunk the bot sent. */
    public Uni<Boolean> isAssistantMessage(String messageId) {
        return pool.preparedQuery("""
                SELECT EXISTS (SELECT 1 FROM conversations WHERE discord_message_id = $1 AND role = 'assistant')""")
                .execute(Tuple.of(messageId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The history as provider turns: user rows as {@code name: text}, consecutive turns of one role joined (not every
     * provider accepts two in a row), and starting with a user turn as the Messages API requires.
     */
    public static List<Prompt.Turn> turns(List<Entry> entries) {
        List<Prompt.Turn> turns = new ArrayList<>();
        for (Entry entry : entries) {
            String text = entry.assistant() || entry.username() == null ? entry.content()
                    : entry.username() + ": " + entry.content();
            if (turns.isEmpty() && entry.assistant()) {
                continue;
            }
            int last = turns.size() - 1;
            if (last >= 0 && turns.get(last).assistant() == entry.assistant()) {
                turns.set(last, new Prompt.Turn(entry.assistant(), turns.get(last).text() + "\n" + text));
            } else {
                turns.add(new Prompt.Turn(entry.assistant(), text));
            }
        }
        return turns;
    }
}
