package bot.volvox.moderation.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.awaitility.Awaitility.await;

/** What the moderation tests share: the fake gateway, the database, and waiting for answers. */
public abstract class ModerationTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    protected Pool pool;

    protected KafkaGateway gateway;

    @BeforeEach
    void connectGateway() {
        gateway = KafkaGateway.get();
        gateway.reset();
    }

    @AfterEach
    void resetGateway() {
        gateway.reset();
    }

    protected void send(DiscordEvent event) {
        gateway.publish(event);
    }

    /** The follow-up text of an interaction (waits for it). */
    protected String reply(DiscordEvent interaction) {
        return await().atMost(WAIT).until(() -> replies(interaction), list -> !list.isEmpty()).get(0);
    }

    protected List<String> replies(DiscordEvent interaction) {
        return gateway.replies(interaction);
    }

    /** Actions requested on behalf of a source (interaction or operation id). */
    protected List<DiscordAction> actionsOf(String sourceId) {
        return gateway.actionsOf(sourceId);
    }

    protected List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    protected long count(String sql, Object... params) {
        return rows(sql, params).get(0).getLong(0);
    }
}
