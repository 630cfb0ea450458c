package bot.volvox.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.testing.discord.DiscordEvents;

/** An interaction goes to the topic of the one service that answers it, and only there. */
class InteractionTopicsTest {

    @Test
    void everyDomainCommandGoesToItsOwnersTopic() {
        for (SlashCommand command : CommandRegistry.all()) {
            if (command.owner() == OwningService.GATEWAY) {
                assertThat(Topics.interactionsForCommand(command.name())).as("/" + command.name()).isEmpty();
            } else {
                assertThat(Topics.interactionsForCommand(command.name())).as("/" + command.name())
                        .contains("discord.interaction." + command.owner().serviceName());
            }
        }
        assertThat(Topics.interactionsForCommand("warn")).contains(Topics.MODERATION_INTERACTIONS);
        assertThat(Topics.interactionsForCommand("no-such-command")).isEmpty();
    }

    @Test
    void aComponentGoesToTheServiceItsPrefixNames() {
        assertThat(Topics.interactionsForComponent("modlog:category:1:2")).contains(Topics.MODERATION_INTERACTIONS);
        assertThat(Topics.interactionsForComponent("reminder_snooze_42_15m")).contains(Topics.SCHEDULER_INTERACTIONS);
        assertThat(Topics.interactionsForComponent("poll_vote_1")).isEmpty();
        assertThat(Topics.interactionsForComponent(null)).isEmpty();
    }

    @Test
    void noComponentPrefixStartsAnotherSoEachCustomIdHasOneOwner() {
        for (ComponentPrefix one : ComponentPrefix.values()) {
            for (ComponentPrefix other : ComponentPrefix.values()) {
                if (one != other) {
                    assertThat(other.prefix()).as(one + " / " + other).doesNotStartWith(one.prefix());
                }
            }
            assertThat(one.owner()).isNotEqualTo(OwningService.GATEWAY);
        }
    }

    @Test
    void anEventsTopicFollowsItsPayloadAndAnUnansweredOneHasNone() {
        var invoker = DiscordEvents.Invoker.plain();
        assertThat(DiscordEvents.slash("1", invoker, "remind", "list").topic())
                .isEqualTo(Topics.SCHEDULER_INTERACTIONS);
        assertThat(DiscordEvents.button("1", invoker, "reminder_dismiss_7").topic())
                .isEqualTo(Topics.SCHEDULER_INTERACTIONS);
        assertThatThrownBy(() -> DiscordEvents.button("1", invoker, "poll_vote_1").topic())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("poll_vote_1");
        assertThatThrownBy(() -> DiscordEvents.slash("1", invoker, "ping", null).topic())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/ping");
    }
}
