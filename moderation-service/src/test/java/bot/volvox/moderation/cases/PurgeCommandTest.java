package bot.volvox.moderation.cases;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.integer;
import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class PurgeCommandTest extends ModerationTestBase {
    /** The channel {@link Events#slash} commands are used in. */
    static final String CHANNEL = "700000000000000001";

    @Inject
    ConfigWriter writer;

    /** The gateway deletes {@code deleted} of the scanned messages (as many as the limit). */
    private void gatewayDeletes(int deleted) {
        gateway.behaviour(action -> {
            if (!(action.params() instanceof ActionParams.Purge purge)) {
                return null;
            }
            List<String> ids = java.util.stream.IntStream.range(0, deleted).mapToObj(i -> snowflake()).toList();
            return ActionResult.purged(action, new ActionResult.Purged(purge.limit(), deleted, 0, ids), 1);
        });
    }

    private List<DiscordAction> purges(DiscordEvent command) {
        return actionsOf(command.id()).stream().filter(a -> a.kind() == ActionKind.PURGE).toList();
    }

    private List<String> cases(String guild) {
        return rows("SELECT action, target_id, target_tag, moderator_id, reason FROM mod_cases WHERE guild_id = $1 "
                + "ORDER BY case_number", guild).stream().map(r -> r.getString(0) + " " + r.getString(1) + " "
                        + r.getString(2) + " " + r.getString(3) + " " + r.getString(4)).toList();
    }

    @Test
    void aPurgeDeletesThroughTheGatewayAndRecordsAChannelCaseWithTheCounts() {
        String guild = DiscordEvents.guild();
        String modLog = snowflake();
        writer.set(guild, "moderation.logging.channels.purges", VolvoxJson.MAPPER.getNodeFactory().textNode(modLog),
                "test").await().atMost(Duration.ofSeconds(10));
        gatewayDeletes(3);
        Invoker admin = Invoker.admin();
        String spammer = snowflake();
        DiscordEvent byUser = slash(guild, admin, "purge", "user", member("user", spammer), integer("count", 50));
        send(byUser);

        assertThat(reply(byUser)).isEqualTo("Deleted **3** message(s) from **50** scanned message(s).");
        assertThat(purges(byUser)).singleElement().satisfies(action -> assertThat(action.params())
                .isEqualTo(new ActionParams.Purge(CHANNEL, 50, "user:" + spammer)));
        assertThat(cases(guild)).containsExactly("purge " + CHANNEL + " #" + CHANNEL + " " + admin.id()
                + " 3 message(s) deleted | filter=user:" + spammer + " | scanned=50");
        await().atMost(WAIT).until(() -> actionsOf(byUser.id()).stream().anyMatch(a -> a.kind() == ActionKind.SEND_MESSAGE
                && ((ActionParams.SendMessage) a.params()).channelId().equals(modLog)
                && ((ActionParams.SendMessage) a.params()).body().embeds().get(0).title().equals("Case #1 — PURGE")));
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1", guild))
                .as("the original writes no audit row for a purge").isZero();

        gatewayDeletes(0);
        DiscordEvent contains = slash(guild, admin, "purge", "contains", string("text", "Free NITRO"),
                integer("count", 100));
        send(contains);
        assertThat(reply(contains)).isEqualTo("Deleted **0** message(s) from **100** scanned message(s).");
        assertThat(purges(contains)).singleElement().satisfies(action -> assertThat(action.params())
                .isEqualTo(new ActionParams.Purge(CHANNEL, 100, "contains:free nitro")));
        DiscordEvent bots = slash(guild, admin, "purge", "bot", integer("count", 1));
        send(bots);
        assertThat(reply(bots)).startsWith("Deleted **0**");
        assertThat(purges(bots)).singleElement().satisfies(action -> assertThat(action.params())
                .isEqualTo(new ActionParams.Purge(CHANNEL, 1, "bot")));
        assertThat(cases(guild)).hasSize(3).last().asString()
                .endsWith("0 message(s) deleted | filter=bot | scanned=1");
    }

    @Test
    void aCountOutsideOneToAHundredIsRefusedAndChangesNothing() {
        String guild = DiscordEvents.guild();
        for (long count : List.of(0L, 101L)) {
            DiscordEvent purge = slash(guild, Invoker.admin(), "purge", "all", integer("count", count));
            send(purge);
            assertThat(reply(purge)).isEqualTo("❌ Count must be between 1 and 100.");
            assertThat(purges(purge)).isEmpty();
        }
        assertThat(cases(guild)).isEmpty();
    }

    @Test
    void aMemberWithoutPermissionIsRefused() {
        String guild = DiscordEvents.guild();
        DiscordEvent purge = slash(guild, Invoker.plain(), "purge", "all", integer("count", 10));
        send(purge);
        assertThat(reply(purge)).contains("don't have permission to use `/purge`");
        assertThat(purges(purge)).isEmpty();
        assertThat(cases(guild)).isEmpty();
    }

    @Test
    void aRedeliveredPurgeRequestsTheSameActionOnceAndRecordsOneCase() {
        String guild = DiscordEvents.guild();
        gatewayDeletes(2);
        DiscordEvent purge = slash(guild, Invoker.admin(), "purge", "links", integer("count", 20));
        send(purge);
        assertThat(reply(purge)).isEqualTo("Deleted **2** message(s) from **20** scanned message(s).");

        send(purge);

        List<String> replies = await().atMost(WAIT).until(() -> replies(purge), list -> list.size() >= 2);
        assertThat(replies).containsOnly("Deleted **2** message(s) from **20** scanned message(s).");
        assertThat(purges(purge).stream().map(DiscordAction::actionId).distinct()).hasSize(1);
        assertThat(cases(guild)).singleElement().asString().endsWith("2 message(s) deleted | filter=links | scanned=20");
    }

    @Test
    void aPurgeDiscordRefusesIsAnsweredWithoutACase() {
        String guild = DiscordEvents.guild();
        gateway.behaviour(action -> action.kind() == ActionKind.PURGE
                ? KafkaGateway.fail(action, 50001, "Missing Access") : null);
        DiscordEvent purge = slash(guild, Invoker.admin(), "purge", "attachments", integer("count", 5));
        send(purge);
        assertThat(reply(purge)).startsWith("❌").contains("Missing Access");
        assertThat(cases(guild)).isEmpty();
    }
}
