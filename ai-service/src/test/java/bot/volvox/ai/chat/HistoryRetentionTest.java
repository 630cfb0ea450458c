package bot.volvox.ai.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class HistoryRetentionTest {
    @Inject
    Pool pool;
    @Inject
    HistoryRetention retention;

    private List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private int row(String channel, String content, int daysOld) {
        return rows("INSERT INTO conversations (channel_id, guild_id, role, content, created_at) "
                + "VALUES ($1, 'g', 'user', $2, now() - make_interval(days => $3)) RETURNING id", channel, content,
                daysOld).get(0).getInteger(0);
    }

    @Test
    void oldRowsGoButAFlaggedOneStaysAndNoLongerBlocksTheDelete() {
        String channel = DiscordEvents.snowflake();
        row(channel, "old", 31);
        int flagged = row(channel, "old and flagged", 40);
        row(channel, "recent", 29);
        rows("INSERT INTO flagged_messages (guild_id, conversation_first_id, message_id, flagged_by, reason) "
                + "VALUES ('g', $1, $1, 'test', 'evidence')", flagged);

        int deleted = retention.deleteExpired().await().atMost(Duration.ofSeconds(10));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(rows("SELECT content FROM conversations WHERE channel_id = $1 ORDER BY id", channel))
                .extracting(r -> r.getString(0)).containsExactly("old and flagged", "recent");
    }
}
