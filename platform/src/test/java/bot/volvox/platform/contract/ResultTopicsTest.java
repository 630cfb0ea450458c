package bot.volvox.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams.MessageBody;

/** A result goes to the topic of the service that requested its action, and only a domain service has one. */
class ResultTopicsTest {

    @Test
    void eachDomainServiceHasItsOwnResultTopic() {
        assertThat(Topics.ACTION_RESULTS).containsExactlyInAnyOrder(
                "discord.action-result.moderation-service", "discord.action-result.ai-service",
                "discord.action-result.analytics-service", "discord.action-result.scheduler-service");
        assertThat(Topics.ALL).containsAll(Topics.ACTION_RESULTS);
        for (OwningService requester : OwningService.domainServices()) {
            assertThat(Topics.actionResults(requester)).as("named after the requester, like its consumer group")
                    .isEqualTo("discord.action-result." + requester.serviceName());
        }
    }

    @Test
    void aResultGoesToItsRequestersTopic() {
        assertThat(result(new Origin("scheduler-service", "reminders:1")).topic())
                .isEqualTo("discord.action-result.scheduler-service");
    }

    @Test
    void anOriginThatNamesNoDomainServiceHasNoResultTopic() {
        assertThat(Topics.actionResultsOf("gateway-service")).isEmpty();
        assertThat(Topics.actionResultsOf("bench")).isEmpty();
        assertThat(Topics.actionResultsOf(null)).isEmpty();
        assertThatThrownBy(() -> result(new Origin("bench", "1")).topic())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("origin.service bench");
        assertThatThrownBy(() -> result(null).topic()).isInstanceOf(IllegalStateException.class);
    }

    private static ActionResult result(Origin origin) {
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), "111", null, origin,
                new ActionParams.SendMessage("222", MessageBody.text("hi"), null));
        return ActionResult.ok(action, java.util.List.of("333"), 1);
    }
}
