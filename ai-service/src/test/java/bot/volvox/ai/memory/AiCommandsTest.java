package bot.volvox.ai.memory;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AiTestBase;
import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /memory and /tldr through platform's InteractionRouter, as a member runs them. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class AiCommandsTest extends AiTestBase {
    @Inject
    GuildConfigs configs;

    private String reply(DiscordEvent interaction) {
        return await().atMost(WAIT).until(() -> gateway.replies(interaction), list -> !list.isEmpty()).get(0);
    }

    private long optouts(String userId) {
        return rows("SELECT count(*) FROM memory_optouts WHERE user_id = $1", userId).get(0).getLong(0);
    }

    private static DiscordEvent admin(DiscordEvent slash) {
        EventPayload.SlashCommand command = (EventPayload.SlashCommand) slash.payload();
        return DiscordEvent.of(slash.id(), slash.occurredAt(), slash.guildId(), new EventPayload.SlashCommand(
                command.interaction(), command.commandName(), "admin", command.subcommand(), command.options()));
    }

    @Test
    void optoutTogglesOncePerInteractionWithoutAMemoryStore() {
        String guild = DiscordEvents.guild();
        Invoker member = Invoker.plain();
        DiscordEvent first = DiscordEvents.slash(guild, member, "memory", "optout");
        gateway.publish(first);
        assertThat(reply(first)).isEqualTo(MemoryCommands.OPTED_OUT);
        assertThat(optouts(member.id())).isEqualTo(1);

        gateway.publish(first); // redelivered: no second toggle
        DiscordEvent second = DiscordEvents.slash(guild, member, "memory", "optout");
        gateway.publish(second);
        assertThat(reply(second)).isEqualTo(MemoryCommands.OPTED_IN);
        assertThat(optouts(member.id())).isZero();
        assertThat(gateway.replies(first)).containsOnly(MemoryCommands.OPTED_OUT);
    }

    @Test
    void withoutMem0TheOtherSubcommandsSaySoAndAdminOnesNeedAnAdmin() {
        String guild = DiscordEvents.guild();
        DiscordEvent view = DiscordEvents.slash(guild, Invoker.plain(), "memory", "view");
        DiscordEvent forget = DiscordEvents.slash(guild, Invoker.plain(), "memory", "forget",
                DiscordEvents.string("topic", "pets"));
        DiscordEvent notAdmin = admin(DiscordEvents.slash(guild, Invoker.plain(), "memory", "view",
                DiscordEvents.member("user", DiscordEvents.snowflake())));
        DiscordEvent byAdmin = admin(DiscordEvents.slash(guild, Invoker.admin(), "memory", "clear",
                DiscordEvents.member("user", DiscordEvents.snowflake())));
        List.of(view, forget, notAdmin, byAdmin).forEach(gateway::publish);
        assertThat(reply(view)).isEqualTo(MemoryCommands.NOT_CONFIGURED);
        assertThat(reply(forget)).isEqualTo(MemoryCommands.NOT_CONFIGURED);
        assertThat(reply(notAdmin)).isEqualTo(MemoryCommands.ADMINS_ONLY);
        assertThat(reply(byAdmin)).isEqualTo(MemoryCommands.NOT_CONFIGURED);
    }

    @Test
    void tldrSummarisesTheChannelsConversationThenCoolsDown() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.CHANNEL_ID; // where DiscordEvents' commands are used
        rows("DELETE FROM conversations WHERE channel_id = $1", channel);
        rows("INSERT INTO conversations (channel_id, guild_id, role, content, username) VALUES "
                + "($1, $2, 'user', 'shall we ship on friday?', 'alice'), "
                + "($1, $2, 'assistant', 'Friday deploys are risky.', NULL)", channel, guild);
        DiscordEvent tldr = DiscordEvents.slash(guild, Invoker.plain(), "tldr", null);
        gateway.publish(tldr);
        String summary = reply(tldr);
        assertThat(summary).startsWith("📝 **TL;DR**\n[" + AnthropicLocal.LABEL + "]")
                .contains("alice: shall we ship on friday?").contains("Volvox: Friday deploys are risky.");
        Row usage = rows("SELECT * FROM ai_usage WHERE guild_id = $1", guild).get(0);
        assertThat(usage.getString("type")).isEqualTo("tldr");
        assertThat(usage.getInteger("input_tokens")).isPositive();

        DiscordEvent again = DiscordEvents.slash(guild, Invoker.plain(), "tldr", null);
        gateway.publish(again);
        String cooling = reply(again);
        assertThat(cooling).startsWith("⏳ `/tldr` was used in this channel recently");
        // what is left of the default 300 s
        assertThat(Integer.parseInt(cooling.replaceAll("(?s).*try again in ([0-9]+) s\\.$", "$1"))).isBetween(1, 300);
        assertThat(model.requests()).hasSize(1);

        // the cooldown in force is the one configured now: cleared by an administrator, the channel summarises at once
        config(guild, "tldr", "{\"cooldownSeconds\": 0}");
        configs.invalidate(guild).await().atMost(WAIT);
        DiscordEvent afterClearing = DiscordEvents.slash(guild, Invoker.plain(), "tldr", null);
        gateway.publish(afterClearing);
        assertThat(reply(afterClearing)).startsWith("📝 **TL;DR**\n[" + AnthropicLocal.LABEL + "]");
        assertThat(model.requests()).hasSize(2);
    }
}
