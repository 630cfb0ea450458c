package bot.volvox.moderation.cases;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.channel;
import static bot.volvox.platform.testing.discord.DiscordEvents.integer;
import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ChannelAndCaseCommandsTest extends ModerationTestBase {
    static final String CHANNEL = "720000000000000001";

    @jakarta.inject.Inject
    bot.volvox.moderation.config.ConfigWriter writer;

    private String run(DiscordEvent event) {
        send(event);
        return reply(event);
    }

    private ActionParams.Embed notice(DiscordEvent command) {
        return actionsOf(command.id()).stream().filter(a -> a.kind() == ActionKind.SEND_MESSAGE)
                .map(a -> (ActionParams.SendMessage) a.params()).filter(m -> m.channelId().equals(CHANNEL))
                .findFirst().orElseThrow().body().embeds().get(0);
    }

    @Test
    void lockUnlockAndSlowmodeActOnTheChannelAndRecordChannelCases() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        DiscordEvent lock = slash(guild, admin, "lock", null, channel("channel", CHANNEL, "general"),
                string("reason", "raid"));
        assertThat(run(lock)).contains("has been locked. (Case #1)");
        assertThat(actionsOf(lock.id()).stream().map(a -> a.kind()).distinct())
                .containsSubsequence(ActionKind.LOCK_CHANNEL, ActionKind.SEND_MESSAGE);
        // the mention goes in the description, where Discord renders it (a title would show a raw <@id>)
        assertThat(notice(lock).title()).isNull();
        assertThat(notice(lock).description())
                .isEqualTo("🔒 This channel has been locked by <@" + admin.id() + ">\n**Reason:** raid");
        DiscordEvent unlock = slash(guild, admin, "unlock", null, channel("channel", CHANNEL, "general"));
        assertThat(run(unlock)).contains("unlocked. (Case #2)");
        assertThat(notice(unlock).title()).isNull();
        assertThat(notice(unlock).description()).isEqualTo("🔓 This channel has been unlocked by <@" + admin.id() + ">");
        DiscordEvent slowmode = slash(guild, admin, "slowmode", null, string("duration", "10s"),
                channel("channel", CHANNEL, "general"));
        assertThat(run(slowmode)).contains("set to 10 seconds. (Case #3)");
        assertThat(actionsOf(slowmode.id()).stream().filter(a -> a.kind() == ActionKind.SET_SLOWMODE)
                .map(a -> ((ActionParams.SetSlowmode) a.params()).seconds()).findFirst()).contains(10);
        assertThat(run(slash(guild, admin, "slowmode", null, string("duration", "7h")))).contains("cannot exceed 6 hours");
        assertThat(rows("SELECT action, target_id, target_tag, reason FROM mod_cases WHERE guild_id = $1 "
                + "ORDER BY case_number", guild).stream().map(r -> r.getString(0) + " " + r.getString(1) + " "
                        + r.getString(2) + " " + r.getString(3)).toList())
                .containsExactly("lock " + CHANNEL + " #general raid", "unlock " + CHANNEL + " #general null",
                        "slowmode " + CHANNEL + " #general Slowmode set to 10 seconds");
    }

    @Test
    void aChannelActionDiscordRefusesIsAnsweredAboutTheChannelAndRecordsNoCase() {
        String guild = DiscordEvents.guild();
        gateway.behaviour(action -> action.guildId().equals(guild) && action.kind() == ActionKind.LOCK_CHANNEL
                ? KafkaGateway.fail(action, 50013, "Missing Permissions") : null);
        DiscordEvent lock = slash(guild, Invoker.admin(), "lock", null, channel("channel", CHANNEL, "general"));

        assertThat(run(lock)).contains("❌ I don't have permission to manage this channel.")
                .doesNotContain("member");
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void caseViewListReasonDeleteAndHistory() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        String target = snowflake();
        writer.set(guild, "moderation.logging.channels.default",
                bot.volvox.platform.kafka.VolvoxJson.MAPPER.getNodeFactory().textNode("730000000000000001"), "test")
                .await().atMost(java.time.Duration.ofSeconds(10));
        assertThat(run(slash(guild, admin, "kick", null, member("user", target), string("reason", "first"))))
                .contains("(Case #1)");
        DiscordEvent untimeout = slash(guild, admin, "untimeout", null, member("user", target));
        assertThat(run(untimeout)).contains("(Case #2)");
        await().atMost(WAIT).until(() -> rows("SELECT log_message_id FROM mod_cases WHERE guild_id = $1 "
                + "AND case_number = 1", guild).get(0).getString(0) != null);

        assertThat(run(slash(guild, admin, "case", "view", integer("case_id", 1)))).contains("Case #1 — KICK");
        assertThat(run(slash(guild, admin, "case", "view", integer("case_id", 9)))).contains("Case #9 not found");
        assertThat(run(slash(guild, admin, "case", "list"))).contains("**#2** untimeout", "**#1** kick");
        DiscordEvent reason = slash(guild, admin, "case", "reason", integer("case_id", 1), string("reason", "edited"));
        assertThat(run(reason)).contains("reason updated");
        assertThat(actionsOf(reason.id())).anyMatch(a -> a.kind() == ActionKind.EDIT_MESSAGE);
        assertThat(rows("SELECT reason FROM mod_cases WHERE guild_id = $1 AND case_number = 1", guild).get(0)
                .getString(0)).isEqualTo("edited");
        assertThat(run(slash(guild, admin, "history", null, member("user", target)))).contains("kick: 1", "untimeout: 1");
        assertThat(run(slash(guild, admin, "case", "delete", integer("case_id", 2)))).contains("deleted");
        assertThat(run(slash(guild, admin, "kick", null, member("user", target)))).contains("(Case #3)");
        assertThat(run(slash(guild, Invoker.plain(), "case", "list"))).contains("don't have permission");
    }
}
