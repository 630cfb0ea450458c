package bot.volvox.ai.triage;

import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AiTestBase;
import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.anthropiclocal.Scenario;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spec §2.10: a vibe channel's classifier says {@code moderate}: the flag goes to the moderation log channel and the
 * flagged message gets a nudge, and nothing is enforced; a protected member is never flagged.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class ModerateVerdictTest extends AiTestBase {

    private static String messageId(DiscordEvent event) {
        return ((EventPayload.MessageCreated) event.payload()).message().messageId();
    }

    private List<ActionParams.SendMessage> sendsTo(String channel) {
        return gateway.actions(action -> action.params() instanceof ActionParams.SendMessage send
                && send.channelId().equals(channel)).stream()
                .map(action -> (ActionParams.SendMessage) action.params()).toList();
    }

    private DiscordEvent insultInVibeChannel(String guild, String channel, String logChannel, List<String> roles) {
        config(guild, "ai", "{\"channelModes\": {\"" + channel + "\": \"vibe\"}}");
        config(guild, "triage", "{\"moderationLogChannel\": \"" + logChannel + "\"}");
        DiscordEvent insult = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(),
                "volvox, everyone here is an idiot", List.of(), roles);
        model.script(Scenario.CLASSIFY_MODERATE, Scenario.SUCCESS);
        gateway.publish(insult);
        return insult;
    }

    @Test
    void aModerateVerdictFlagsTheMessageForHumansNudgesAndEnforcesNothing() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String logChannel = DiscordEvents.snowflake();
        DiscordEvent insult = insultInVibeChannel(guild, channel, logChannel, List.of());

        ActionParams.SendMessage flag = await().atMost(WAIT).until(() -> sendsTo(logChannel), l -> !l.isEmpty())
                .get(0);
        ActionParams.Embed embed = flag.body().embeds().get(0);
        assertThat(embed.title()).isEqualTo("🛡️ Moderation Flag");
        assertThat(embed.fields()).extracting(ActionParams.EmbedField::name, ActionParams.EmbedField::value)
                .contains(org.assertj.core.groups.Tuple.tuple("Recommended action", "warn"),
                        org.assertj.core.groups.Tuple.tuple("Rule", "Rule 1: be respectful"),
                        org.assertj.core.groups.Tuple.tuple("Channel", "<#" + channel + ">"),
                        org.assertj.core.groups.Tuple.tuple("Flagged user", "<@" + insult.payload().actorId()
                                + ">\n> volvox, everyone here is an idiot"));
        // the nudge: a reply to the flagged message, although the verdict's confidence is under the threshold
        ActionParams.SendMessage nudge = await().atMost(WAIT).until(() -> sendsTo(channel), l -> !l.isEmpty()).get(0);
        assertThat(nudge.replyToMessageId()).isEqualTo(messageId(insult));
        assertThat(model.requests()).extracting(RecordedRequest::scenario)
                .containsExactly(Scenario.CLASSIFY_MODERATE, Scenario.SUCCESS);
        // no enforcement: only messages and status reactions, never a delete, timeout, kick or ban
        assertThat(gateway.distinctActions(guild)).extracting(DiscordAction::params)
                .allMatch(params -> params instanceof ActionParams.SendMessage
                        || params instanceof ActionParams.AddReaction || params instanceof ActionParams.RemoveReaction);
    }

    @Test
    void aProtectedMemberIsNotFlagged() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String logChannel = DiscordEvents.snowflake();
        String protectedRole = DiscordEvents.snowflake();
        config(guild, "moderation", "{\"protectRoles\": {\"enabled\": true, \"roleIds\": [\"" + protectedRole
                + "\"]}}");
        insultInVibeChannel(guild, channel, logChannel, List.of(protectedRole));

        // the flag would be requested before the nudge: once the nudge is out, no flag is coming
        await().atMost(WAIT).until(() -> sendsTo(channel), l -> !l.isEmpty());
        assertThat(sendsTo(logChannel)).isEmpty();
    }
}
