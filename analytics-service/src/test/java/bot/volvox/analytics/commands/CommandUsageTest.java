package bot.volvox.analytics.commands;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.KafkaGateway;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class CommandUsageTest extends AnalyticsTestBase {


    @Test
    void aCompletedCommandIsCountedOnceEvenWhenItsResultComesTwice() {
        String guild = DiscordEvents.guild();
        String user = DiscordEvents.snowflake();
        ActionResult result = answered(guild, user, "warn", true);
        gateway.publish(result);
        gateway.publish(result.asReplay());
        // a later command in the same guild: once it is counted, the earlier records have been read
        gateway.publish(answered(guild, user, "warnings", true));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == 2);
        var row = rows("SELECT user_id, command_name, channel_id FROM command_usage WHERE id = $1",
                result.actionId()).get(0);
        assertThat(row.getString("user_id")).isEqualTo(user);
        assertThat(row.getString("command_name")).isEqualTo("warn");
        assertThat(row.getString("channel_id")).isEqualTo(DiscordEvents.CHANNEL_ID);
    }

    @Test
    void aRefusedOrUndeliveredCommandIsNotCounted() {
        String guild = DiscordEvents.guild();
        String user = DiscordEvents.snowflake();
        gateway.publish(answered(guild, user, "warn", false));
        ActionResult completedButNotShown = answered(guild, user, "kick", true);
        DiscordAction action = DiscordAction.of(completedButNotShown.actionId(), guild, null,
                completedButNotShown.origin(), new ActionParams.InteractionFollowup(DiscordEvents.APPLICATION_ID,
                        "token", ActionParams.MessageBody.text("done"), false, user, true));
        gateway.publish(KafkaGateway.fail(action, 10062, "Unknown interaction"));
        gateway.publish(answered(guild, user, "ban", true));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) >= 1);
        assertThat(rows("SELECT command_name FROM command_usage WHERE guild_id = $1", guild))
                .extracting(row -> row.getString("command_name")).containsExactly("ban");
    }

    @Test
    void analyticsOwnCommandsAreCountedOnlyWhenTheyComplete() {
        String guild = DiscordEvents.guild();
        Invoker invoker = Invoker.plain();
        // XP is off by default: /rank is refused
        DiscordEvent refused = DiscordEvents.slash(guild, invoker, "rank", null);
        gateway.publish(refused);
        assertThat(await().atMost(WAIT).until(() -> gateway.replies(refused), list -> !list.isEmpty()).get(0))
                .startsWith("❌");

        configure(guild, "reputation", "{\"enabled\": true}");
        DiscordEvent completed = DiscordEvents.slash(guild, invoker, "rank", null);
        gateway.publish(completed);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == 1);
        var row = rows("SELECT user_id, command_name, used_at FROM command_usage WHERE guild_id = $1", guild).get(0);
        assertThat(row.getString("user_id")).isEqualTo(invoker.id());
        assertThat(row.getString("command_name")).isEqualTo("rank");
        assertThat(row.getOffsetDateTime("used_at").toInstant()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void anUnreadableResultIsDeadLetteredToItsOwnTopicsDeadLetterTopicAndTheConsumerMovesOn() {
        // the channel reads every requester's result topic, so each bad record goes to its own topic's .dlq
        for (String topic : List.of("discord.action-result.moderation-service", "discord.action-result.ai-service")) {
            String marker = "poison-" + UUID.randomUUID();
            try (var dlq = deadLetters(topic + ".dlq")) {
                gateway.publishRaw(topic, "g", "{\"actionId\": \"" + marker + "\", \"kind\": 12");
                assertThat(awaitDeadLetters(dlq, marker).get(0)).isNotBlank();
            }
        }
        String guild = DiscordEvents.guild();
        gateway.publish(answered(guild, DiscordEvents.snowflake(), "warn", true));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == 1);
    }
}
