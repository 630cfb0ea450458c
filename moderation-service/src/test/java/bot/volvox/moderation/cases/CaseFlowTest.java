package bot.volvox.moderation.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

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
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

import static bot.volvox.platform.testing.discord.DiscordEvents.integer;
import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.nonMember;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class CaseFlowTest extends ModerationTestBase {

    @Inject
    ConfigWriter configs;

    @Test
    void banDmsTheMemberFirstThenBansThenRecordsTheCaseAndAnswers() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        String target = snowflake();
        DiscordEvent ban = slash(guild, admin, "ban", null, member("user", target), string("reason", "spamming"),
                integer("delete_messages", 1));

        send(ban);

        assertThat(reply(ban)).contains("has been banned. (Case #1)");
        List<ActionKind> kinds = actionsOf(ban.id()).stream().map(DiscordAction::kind).distinct().toList();
        assertThat(kinds).containsExactly(ActionKind.SEND_DM, ActionKind.BAN, ActionKind.INTERACTION_FOLLOWUP);
        ActionParams.Ban params = (ActionParams.Ban) actionsOf(ban.id()).stream()
                .filter(a -> a.kind() == ActionKind.BAN).findFirst().orElseThrow().params();
        assertThat(params.deleteMessageSeconds()).isEqualTo(86400);
        ActionParams.SendDm dm = (ActionParams.SendDm) actionsOf(ban.id()).stream()
                .filter(a -> a.kind() == ActionKind.SEND_DM).findFirst().orElseThrow().params();
        assertThat(dm.userId()).isEqualTo(target);
        assertThat(dm.body().embeds().get(0).title()).isEqualTo("You have been banned in " + DiscordEvents.guildName(guild));
        assertThat(dm.body().embeds().get(0).description()).isNull();
        assertThat(dm.body().embeds().get(0).fields().get(0).value()).isEqualTo("spamming");
        Row row = rows("SELECT * FROM mod_cases WHERE guild_id = $1", guild).get(0);
        assertThat(row.getString("action")).isEqualTo("ban");
        assertThat(row.getString("target_id")).isEqualTo(target);
        assertThat(row.getString("moderator_id")).isEqualTo(admin.id());
        assertThat(row.getString("reason")).isEqualTo("spamming");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND action = 'mod.ban'",
                guild) == 1);
    }

    @Test
    void theServerOwnerIsProtectedUnlessIncludeServerOwnerIsOff() {
        String guild = DiscordEvents.guild();
        assertRefused(slash(guild, Invoker.admin(), "kick", null, member("user", DiscordEvents.GUILD_OWNER_ID)),
                "❌ Cannot moderate a protected user.");
        assertRefused(slash(guild, Invoker.admin(), "warn", null, member("user", DiscordEvents.GUILD_OWNER_ID)),
                "❌ Cannot moderate a protected user.");
        assertThat(count("SELECT count(*) FROM mod_operations WHERE guild_id = $1", guild)).isZero();

        configs.set(guild, "moderation.protectRoles.includeServerOwner", VolvoxJson.MAPPER.getNodeFactory()
                .booleanNode(false), "test").await().atMost(Duration.ofSeconds(10));
        DiscordEvent warn = slash(guild, Invoker.admin(), "warn", null, member("user", DiscordEvents.GUILD_OWNER_ID));
        send(warn);
        assertThat(reply(warn)).contains("has been warned. (Case #1)");
    }

    @Test
    void aFailedDiscordActionAnswersWhyAndRecordsNoCase() {
        String guild = DiscordEvents.guild();
        gateway.behaviour(action -> action.guildId().equals(guild) && action.kind() == ActionKind.KICK
                ? KafkaGateway.fail(action, 50013, "Missing Permissions") : null);
        DiscordEvent kick = slash(guild, Invoker.admin(), "kick", null, member("user", snowflake()));

        send(kick);

        assertThat(reply(kick)).contains("my role is not high enough");
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void aMemberAtOrAboveTheBotsTopRoleIsRefusedBeforeAnyDmOrAction() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        int bot = 5;
        assertRefused(slash(guild, admin, bot, "ban", null, member("user", snowflake(), 5, List.of())),
                "❌ I cannot moderate this member — my role is not high enough.");
        assertRefused(slash(guild, admin, bot, "kick", null, member("user", snowflake(), 7, List.of())),
                "❌ I cannot moderate this member — my role is not high enough.");
        assertRefused(slash(guild, admin, bot, "warn", null, member("user", snowflake(), 6, List.of())),
                "my role is not high enough");
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
        assertThat(count("SELECT count(*) FROM mod_operations WHERE guild_id = $1", guild)).isZero();

        DiscordEvent ban = slash(guild, admin, bot, "ban", null, member("user", snowflake(), 4, List.of()));
        send(ban);
        assertThat(reply(ban)).contains("has been banned. (Case #1)");
        assertThat(actionsOf(ban.id()).stream().map(DiscordAction::kind).distinct())
                .containsExactly(ActionKind.SEND_DM, ActionKind.BAN, ActionKind.INTERACTION_FOLLOWUP);
    }

    @Test
    void tempbanSchedulesTheUnban() {
        String guild = DiscordEvents.guild();
        String target = snowflake();
        DiscordEvent tempban = slash(guild, Invoker.admin(), "tempban", null, nonMember("user", target),
                string("duration", "2d"));

        send(tempban);

        assertThat(reply(tempban)).contains("temporarily banned. (Case #1)");
        Row scheduled = rows("SELECT s.*, c.case_number, c.duration FROM mod_scheduled_actions s "
                + "JOIN mod_cases c ON c.id = s.case_id WHERE s.guild_id = $1", guild).get(0);
        assertThat(scheduled.getString("action")).isEqualTo("unban");
        assertThat(scheduled.getString("target_id")).isEqualTo(target);
        assertThat(scheduled.getString("duration")).isEqualTo("2 days");
        assertThat(scheduled.getOffsetDateTime("execute_at").toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(2)).minusSeconds(60), Instant.now().plus(Duration.ofDays(2)));
        // a non-member gets no DM
        assertThat(actionsOf(tempban.id())).noneMatch(a -> a.kind() == ActionKind.SEND_DM);
    }

    @Test
    void warnAndTimeoutAnswerWithoutWaitingForTheirDmWhichFollowsTheAnswer() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        String target = snowflake();
        // No DM is ever answered: the moderator's answer must not depend on it.
        gateway.answering(false);
        DiscordEvent warn = slash(guild, admin, "warn", null, member("user", target), string("reason", "spam"));
        send(warn);
        assertThat(reply(warn)).contains("has been warned. (Case #1)");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                actionsOf(warn.id()).stream().map(DiscordAction::kind).distinct())
                .containsExactly(ActionKind.INTERACTION_FOLLOWUP, ActionKind.SEND_DM));
        ActionParams.SendDm dm = (ActionParams.SendDm) actionsOf(warn.id()).stream()
                .filter(a -> a.kind() == ActionKind.SEND_DM).findFirst().orElseThrow().params();
        assertThat(dm.userId()).isEqualTo(target);
        assertThat(dm.body().embeds().get(0).title()).startsWith("You have been warned in ");

        DiscordEvent timeout = slash(guild, admin, "timeout", null, member("user", target), string("duration", "1h"));
        send(timeout);
        DiscordAction action = await().atMost(WAIT).until(() -> actionsOf(timeout.id()), list -> !list.isEmpty())
                .get(0);
        assertThat(action.kind()).as("the timeout comes first, its DM after the answer").isEqualTo(ActionKind.TIMEOUT);
        gateway.publish(ActionResult.ok(action, List.of(), 1));
        assertThat(reply(timeout)).contains("timed out. (Case #2)");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                actionsOf(timeout.id()).stream().map(DiscordAction::kind).distinct())
                .containsExactly(ActionKind.TIMEOUT, ActionKind.INTERACTION_FOLLOWUP, ActionKind.SEND_DM));
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isEqualTo(2);
    }

    @Test
    void timeoutUntimeoutUnbanAndSoftbanRecordTheirCases() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        String target = snowflake();
        DiscordEvent timeout = slash(guild, admin, "timeout", null, member("user", target), string("duration", "1h"));
        send(timeout);
        assertThat(reply(timeout)).contains("timed out. (Case #1)");
        DiscordEvent untimeout = slash(guild, admin, "untimeout", null, member("user", target));
        send(untimeout);
        assertThat(reply(untimeout)).contains("(Case #2)");
        DiscordEvent softban = slash(guild, admin, "softban", null, member("user", target));
        send(softban);
        assertThat(reply(softban)).contains("softbanned. (Case #3)");
        assertThat(actionsOf(softban.id()).stream().map(DiscordAction::kind).distinct())
                .containsSubsequence(ActionKind.BAN, ActionKind.UNBAN);
        DiscordEvent unban = slash(guild, admin, "unban", null, string("user_id", target));
        send(unban);
        assertThat(reply(unban)).contains("unbanned. (Case #4)");
        assertThat(rows("SELECT action, duration FROM mod_cases WHERE guild_id = $1 ORDER BY case_number", guild)
                .stream().map(r -> r.getString("action") + ":" + r.getString("duration")).toList())
                .containsExactly("timeout:1 hour", "untimeout:null", "softban:null", "unban:null");
    }

    @Test
    void refusalsChangeNothing() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        assertRefused(slash(guild, admin, "kick", null, member("user", admin.id())), "cannot moderate yourself");
        assertRefused(slash(guild, admin, "kick", null, member("user", DiscordEvents.APPLICATION_ID)),
                "cannot moderate myself");
        assertRefused(slash(guild, admin, "ban", null, member("user", snowflake(), 10, List.of())),
                "equal or higher role");
        assertRefused(slash(guild, Invoker.plain(), "ban", null, member("user", snowflake())),
                "You don't have permission to use `/ban`");
        assertRefused(slash(guild, admin, "timeout", null, member("user", snowflake()), string("duration", "5x")),
                "Invalid duration format");
        assertRefused(slash(guild, admin, "timeout", null, member("user", snowflake()), string("duration", "29d")),
                "cannot exceed 28 days");
        assertRefused(slash(guild, admin, "tempban", null, member("user", snowflake()), string("duration", "0d")),
                "Invalid duration format");
        assertRefused(slash(guild, admin, "kick", null, nonMember("user", snowflake())), "not a member");
        assertRefused(slash(guild, admin, "unban", null, string("user_id", "abc")), "not a valid user id");
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
        assertThat(count("SELECT count(*) FROM mod_operations WHERE guild_id = $1", guild)).isZero();
    }

    private void assertRefused(DiscordEvent event, String text) {
        send(event);
        assertThat(reply(event)).contains(text);
        assertThat(actionsOf(event.id())).allMatch(a -> a.kind() == ActionKind.INTERACTION_FOLLOWUP);
        assertThat(answerClaims(event)).as("moderation's commands keep their own record").isZero();
    }

    private long answerClaims(DiscordEvent event) {
        return count("SELECT count(*) FROM processed_events WHERE consumer = 'moderation-service/answers' "
                + "AND event_id = $1", event.id());
    }

    @Test
    void aRedeliveredInteractionCreatesNoSecondCase() {
        String guild = DiscordEvents.guild();
        DiscordEvent kick = slash(guild, Invoker.admin(), "kick", null, member("user", snowflake()));
        send(kick);
        assertThat(reply(kick)).contains("(Case #1)");

        send(kick);
        send(kick);

        await().atMost(WAIT).until(() -> actionsOf(kick.id()).stream()
                .filter(a -> a.kind() == ActionKind.INTERACTION_FOLLOWUP).count() >= 3);
        assertThat(actionsOf(kick.id()).stream().filter(a -> a.kind() == ActionKind.INTERACTION_FOLLOWUP)
                .map(DiscordAction::actionId).distinct()).hasSize(1);
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isOne();
        assertThat(answerClaims(kick)).as("the operation, not an answer claim, dedups the kick").isZero();
    }

    @Test
    void aRedeliveredWarnIsAnsweredAgainFromTheStoredCaseAlone() {
        String guild = DiscordEvents.guild();
        DiscordEvent first = slash(guild, Invoker.admin(), "warn", null, member("user", snowflake()),
                string("reason", "spam"));
        send(first);
        assertThat(reply(first)).contains("has been warned. (Case #1)");
        DiscordEvent other = slash(guild, Invoker.admin(), "warn", null, member("user", snowflake()),
                string("reason", "flood"));
        send(other);
        assertThat(reply(other)).contains("has been warned. (Case #2)");

        // the first start answers from what it wrote, a repeat from what is stored: both say the same
        send(first);
        await().atMost(WAIT).until(() -> replies(first).size() >= 2);
        assertThat(replies(first)).containsOnly(replies(first).get(0));
        assertThat(actionsOf(first.id()).stream().filter(a -> a.kind() == ActionKind.INTERACTION_FOLLOWUP)
                .map(DiscordAction::actionId).distinct()).hasSize(1);
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM warnings WHERE guild_id = $1", guild)).isEqualTo(2);
    }

    @Test
    void aRedeliveredRefusalIsAnsweredAgainUnderTheSameActionId() {
        String guild = DiscordEvents.guild();
        DiscordEvent kick = slash(guild, Invoker.admin(), "kick", null, nonMember("user", snowflake()));
        assertRefused(kick, "not a member");

        send(kick);

        await().atMost(WAIT).until(() -> actionsOf(kick.id()).size() >= 2);
        assertThat(actionsOf(kick.id())).allMatch(a -> a.kind() == ActionKind.INTERACTION_FOLLOWUP);
        assertThat(actionsOf(kick.id()).stream().map(DiscordAction::actionId).distinct()).hasSize(1);
    }

    @Inject
    CaseRepository cases;

    @Test
    void parallelTransactionsOnSeveralConnectionsNeverShareANumberAndADeletedNumberIsNotReused() {
        String guild = DiscordEvents.guild();
        CaseDraft draft = new CaseDraft("warn", snowflake(), "someone", "1", "mod", null, null, null);
        List<Uni<ModCase>> creations = IntStream.range(0, 50)
                .mapToObj(i -> pool.withTransaction(connection -> cases.insert(connection, guild, draft, null))).toList();

        List<ModCase> created = Uni.join().all(creations).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(created.stream().map(ModCase::caseNumber).sorted().toList())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
        pool.withTransaction(connection -> cases.delete(connection, guild, 50)).await().atMost(Duration.ofSeconds(5));
        ModCase next = pool.withTransaction(connection -> cases.insert(connection, guild, draft, null))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(next.caseNumber()).isEqualTo(51);
    }

    @Test
    void fiftyConcurrentCommandsInOneGuildGetDistinctGapFreeNumbers() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        for (int i = 0; i < 50; i++) {
            gateway.publish(slash(guild, admin, "untimeout", null, member("user", snowflake())));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM mod_cases WHERE guild_id = $1",
                guild) == 50);
        assertThat(rows("SELECT case_number FROM mod_cases WHERE guild_id = $1 ORDER BY case_number", guild).stream()
                .map(r -> r.getInteger(0)).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    }
}
