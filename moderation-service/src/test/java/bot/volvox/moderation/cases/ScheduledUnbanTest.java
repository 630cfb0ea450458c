package bot.volvox.moderation.cases;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.discord.BotIdentity;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

import static bot.volvox.platform.testing.discord.DiscordEvents.nonMember;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The unban case of an expired tempban, written when scheduler-service's UNBAN result arrives. */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ScheduledUnbanTest extends ModerationTestBase {
    private static final String MOD_LOG_CHANNEL = "730000000000000099";

    @Inject
    ConfigWriter writer;

    @Inject
    BotIdentity bot;

    @Test
    void aSuccessfulScheduledUnbanRecordsOneCaseAuditRowAndModLogPostEvenWhenRedelivered() {
        String guild = DiscordEvents.guild();
        String target = snowflake();
        long scheduledId = tempban(guild, target);
        ActionResult result = schedulerUnbanResult(guild, target, scheduledId, null);

        gateway.publish(result);

        await().atMost(WAIT).until(() -> rows("SELECT log_message_id FROM mod_cases WHERE guild_id = $1 "
                + "AND action = 'unban'", guild), found -> found.size() == 1 && found.get(0).getString(0) != null);
        Row unban = rows("SELECT * FROM mod_cases WHERE guild_id = $1 AND action = 'unban'", guild).get(0);
        assertThat(unban.getInteger("case_number")).isEqualTo(2);
        assertThat(unban.getString("target_id")).isEqualTo(target);
        assertThat(unban.getString("target_tag")).isEqualTo("user" + target.substring(target.length() - 4));
        assertThat(unban.getString("moderator_id")).isEqualTo(bot.userId());
        assertThat(unban.getString("moderator_tag")).isEqualTo(bot.tag());
        assertThat(unban.getString("reason")).isEqualTo("Tempban expired (case #1)");
        List<DiscordAction> posts = actionsOf(ScheduledUnbans.operationId(result));
        assertThat(posts).isNotEmpty().allMatch(action -> action.kind() == ActionKind.SEND_MESSAGE
                && ((ActionParams.SendMessage) action.params()).channelId().equals(MOD_LOG_CHANNEL));
        assertThat(((ActionParams.SendMessage) posts.get(0).params()).body().embeds().get(0).title())
                .isEqualTo("Case #2 — UNBAN");
        assertThat(unban.getString("log_message_id"))
                .isEqualTo(gateway.resultOf(posts.get(0).actionId()).createdIds().get(0));
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND action = 'mod.unban'", guild))
                .isEqualTo(1);

        int postsBefore = posts.size();
        gateway.publish(result);
        gateway.publish(result.asReplay());

        // the redeliveries re-request the same mod-log post (same action id), which shows they were processed
        await().atMost(WAIT).until(() -> actionsOf(ScheduledUnbans.operationId(result)).size() >= postsBefore + 2);
        assertThat(actionsOf(ScheduledUnbans.operationId(result))).extracting(DiscordAction::actionId)
                .containsOnly(posts.get(0).actionId());
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'unban'", guild))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND action = 'mod.unban'", guild))
                .isEqualTo(1);
    }

    @Test
    void aFailedScheduledUnbanRecordsNoCase() {
        String guild = DiscordEvents.guild();
        String target = snowflake();
        long scheduledId = tempban(guild, target);
        ActionResult unknownBan = schedulerUnbanResult(guild, target, scheduledId, 10026);
        // a marker published after the failed result on the same key (same partition): once its case exists, the
        // failed result before it has been processed too
        String otherTarget = snowflake();
        long otherScheduledId = tempban(guild, otherTarget);
        ActionResult marker = schedulerUnbanResult(guild, otherTarget, otherScheduledId, null);

        gateway.publish(unknownBan);
        gateway.publish(marker);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 "
                + "AND action = 'unban' AND target_id = $2", guild, otherTarget) == 1);
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'unban' AND target_id = $2",
                guild, target)).isZero();
        assertThat(actionsOf(ScheduledUnbans.operationId(unknownBan))).isEmpty();
    }

    /** A tempban through the command, as in production; returns its mod_scheduled_actions row id. */
    private long tempban(String guild, String target) {
        writer.set(guild, "moderation.logging.channels.bans",
                VolvoxJson.MAPPER.getNodeFactory().textNode(MOD_LOG_CHANNEL), "test").await().atMost(Duration.ofSeconds(10));
        DiscordEvent tempban = slash(guild, Invoker.admin(), "tempban", null, nonMember("user", target),
                string("duration", "1d"));
        send(tempban);
        assertThat(reply(tempban)).contains("temporarily banned.");
        return rows("SELECT id FROM mod_scheduled_actions WHERE guild_id = $1 AND target_id = $2", guild, target)
                .get(0).getLong("id");
    }

    /** What the gateway answers to scheduler-service's UNBAN of a due row (null error code: success). */
    private static ActionResult schedulerUnbanResult(String guild, String target, long scheduledId, Integer errorCode) {
        DiscordAction unban = DiscordAction.of(UUID.randomUUID(), guild, "Tempban expired",
                new Origin("scheduler-service", ScheduledUnbans.SOURCE_PREFIX + scheduledId),
                new ActionParams.Unban(target));
        return errorCode == null ? ActionResult.ok(unban, List.of(), 1)
                : KafkaGateway.fail(unban, errorCode, "Unknown Ban");
    }
}
