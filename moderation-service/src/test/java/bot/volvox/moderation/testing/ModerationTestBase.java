package bot.volvox.moderation.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the moderation tests share: the fake gateway, the database, and waiting for answers. */
public abstract class ModerationTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    protected Pool pool;

    protected FakeGateway gateway;

    @BeforeEach
    void connectGateway() {
        gateway = FakeGateway.instance(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        gateway.reset();
    }

    @AfterEach
    void resetGateway() {
        gateway.reset();
    }

    protected void send(DiscordEvent event) {
        gateway.publish(event);
        gateway.flush();
    }

    /** The follow-up text of an interaction (waits for it). */
    protected String reply(DiscordEvent interaction) {
        return await().atMost(WAIT).until(() -> replies(interaction), list -> !list.isEmpty()).get(0);
    }

    protected List<String> replies(DiscordEvent interaction) {
        List<String> texts = new ArrayList<>();
        for (DiscordAction action : actionsOf(interaction.id())) {
            if (action.kind() == ActionKind.INTERACTION_FOLLOWUP) {
                ActionParams.InteractionFollowup followup = (ActionParams.InteractionFollowup) action.params();
                texts.add(followup.body().content() != null ? followup.body().content()
                        : followup.body().embeds().get(0).title() + "\n" + followup.body().embeds().get(0).description()
                                + "\n" + followup.body().embeds().get(0).fields());
            }
        }
        return texts;
    }

    /** Actions requested on behalf of a source (interaction or operation id). */
    protected List<DiscordAction> actionsOf(String sourceId) {
        return gateway.actions(action -> action.origin() != null && sourceId.equals(action.origin().sourceEventId()));
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
