package bot.volvox.ai.triage;

import java.time.Duration;
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

/** Spec §2.10: the classifier's {@code moderate} verdict flags for the moderators and enforces nothing. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class ModerateVerdictTest extends AiTestBase {

    private long usageRows(String guild, String type) {
        return rows("SELECT count(*) FROM ai_usage WHERE guild_id = $1 AND type = $2", guild, type).get(0).getLong(0);
    }

    @Test
    void aModerateVerdictPostsAFlagInTheModerationLogAndNothingElse() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String modLog = DiscordEvents.snowflake();
        config(guild, "ai", "{\"channelModes\": {\"" + channel + "\": \"vibe\"}}");
        config(guild, "triage", "{\"moderationLogChannel\": \"" + modLog + "\"}");
        DiscordEvent rude = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(),
                "volvox, everyone here is an idiot", List.of(), List.of());
        String author = ((EventPayload.MessageCreated) rude.payload()).message().author().id();
        model.script(Scenario.CLASSIFY_MODERATE);
        gateway.publish(rude);

        DiscordAction flag = await().atMost(WAIT).until(() -> gateway.actionsOf(rude.id()), l -> !l.isEmpty()).get(0);
        ActionParams.SendMessage sent = (ActionParams.SendMessage) flag.params();
        assertThat(sent.channelId()).isEqualTo(modLog);
        assertThat(sent.replyToMessageId()).isNull();
        assertThat(sent.body().content()).startsWith(ModerationFlag.TITLE)
                .contains("Recommended action: warn").contains("Rule: be kind").contains("<#" + channel + ">")
                .contains("<@" + author + ">: volvox, everyone here is an idiot");
        // no answer in the channel, no enforcement (nothing else requested), and only the classify call
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> gateway.actionsOf(rude.id()).size() == 1);
        assertThat(model.requests()).extracting(RecordedRequest::scenario).containsExactly(Scenario.CLASSIFY_MODERATE);
        assertThat(usageRows(guild, "classify")).isEqualTo(1);
        assertThat(usageRows(guild, "respond")).isZero();
    }

    @Test
    void aProtectedMemberIsNotFlagged() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String protectedRole = DiscordEvents.snowflake();
        config(guild, "ai", "{\"channelModes\": {\"" + channel + "\": \"vibe\"}}");
        config(guild, "triage", "{\"moderationLogChannel\": \"" + DiscordEvents.snowflake() + "\"}");
        config(guild, "moderation", "{\"protectRoles\": {\"enabled\": true, \"roleIds\": [\"" + protectedRole
                + "\"]}}");
        DiscordEvent rude = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(),
                "volvox, you are all idiots", List.of(), List.of(protectedRole));
        model.script(Scenario.CLASSIFY_MODERATE);
        gateway.publish(rude);

        await().atMost(WAIT).until(() -> usageRows(guild, "classify") == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> gateway.actionsOf(rude.id()).isEmpty());
    }
}
