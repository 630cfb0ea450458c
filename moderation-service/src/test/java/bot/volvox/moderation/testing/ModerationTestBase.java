package bot.volvox.moderation.testing;

import java.time.Duration;
import java.util.List;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DomainServiceTestBase;

import static org.awaitility.Awaitility.await;

/** What the moderation tests share: the fake gateway, the database, and waiting for answers. */
public abstract class ModerationTestBase extends DomainServiceTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(20);

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
}
