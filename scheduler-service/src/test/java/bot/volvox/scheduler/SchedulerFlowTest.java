package bot.volvox.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway.Seen;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import static bot.volvox.platform.testing.discord.DiscordEvents.ADMINISTRATOR;
import static bot.volvox.platform.testing.discord.DiscordEvents.NO_PERMISSIONS;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each kind of due work, end to end through PostgreSQL and Kafka, with the service's own claim loop. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class SchedulerFlowTest {
    /**
     * Never early; late by at most a few claim-loop ticks (1 s each). The bound is loose on purpose: this asserts
     * that a due item is taken by the loop on its own, not how fast a loaded test machine gets there.
     */
    static final Duration ON_TIME = Duration.ofSeconds(5);

    @Inject
    Pool pool;

    Db db;
    KafkaGateway tap;
    String guild;

    @BeforeEach
    void setUp() {
        db = new Db(pool);
        tap = KafkaGateway.get().answering(false);
        guild = "g" + UUID.randomUUID().toString().substring(0, 12);
    }

    // ------------------------------------------------------------------------------------------ moderation

    @Test
    void aTempbanExpiresOnceOnTimeWithTheCaseNumberInTheReason() {
        long caseId = db.row("""
                INSERT INTO mod_cases (guild_id, case_number, action, target_id, target_tag, moderator_id, moderator_tag)
                VALUES ($1, 7, 'tempban', 'u1', 'u1', 'm1', 'm1') RETURNING id""", guild).getInteger("id");
        Row row = db.row("""
                INSERT INTO mod_scheduled_actions (guild_id, action, target_id, case_id, execute_at)
                VALUES ($1, 'unban', 'u1', $2, now() + interval '2 seconds') RETURNING id, execute_at""", guild, caseId);
        Instant due = row.getOffsetDateTime("execute_at").toInstant();

        Seen unban = awaitOne(guild, ActionKind.UNBAN);

        assertThat(((ActionParams.Unban) unban.action().params()).userId()).isEqualTo("u1");
        assertThat(unban.action().reason()).isEqualTo("Tempban expired (case #7)");
        assertThat(unban.action().origin().sourceEventId()).isEqualTo("mod_scheduled_actions:" + row.getInteger("id"));
        assertOnTime(due, unban);
        await().until(() -> db.row("SELECT executed FROM mod_scheduled_actions WHERE id = $1", row.getInteger("id"))
                .getBoolean("executed"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> tap.records(guild).size() == 1);
    }

    @Test
    void overdueItemsAreCaughtUpInDueOrderAfterDowntime() {
        var engine = SchedulerTestSupport.loop().engine();
        engine.stop().await().atMost(Duration.ofSeconds(10));
        try {
            List<Integer> offsets = new ArrayList<>(List.of(40, 5, 22, 31, 9, 18, 2, 27, 13, 36));
            for (int seconds : offsets) {
                db.rows("""
                        INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at)
                        VALUES ($1, 'unban', $2, now() - $3::int * interval '1 second')""",
                        guild, "user" + seconds, seconds);
            }
        } finally {
            engine.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tap.records(guild).size() == 10);
        List<String> targets = tap.records(guild).stream()
                .sorted(Comparator.comparingLong(Seen::offset))
                .map(s -> ((ActionParams.Unban) s.action().params()).userId()).toList();
        assertThat(targets).containsExactly("user40", "user36", "user31", "user27", "user22", "user18", "user13",
                "user9", "user5", "user2");
    }

    @Test
    void aReplicaThatCrashedHoldingClaimsIsTakenOverOnceItsLeaseExpires() {
        List<Integer> ids = db.rows("""
                INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at, claimed_by, claimed_until)
                SELECT $1, 'unban', 'user' || i, now() - interval '1 second', 'crashed-replica', now() + interval '2 seconds'
                  FROM generate_series(0, 4) AS i ORDER BY i
                RETURNING id""", guild).stream().map(row -> row.getInteger("id")).sorted().toList();
        Instant leaseEnd = db.row("SELECT max(claimed_until) AS until FROM mod_scheduled_actions WHERE guild_id = $1",
                guild).getOffsetDateTime("until").toInstant();
        // the crashed replica had already emitted the first one before it died (claim → emit → crash → no mark)
        Row first = db.row("SELECT id, execute_at FROM mod_scheduled_actions WHERE id = $1", ids.get(0));
        DiscordAction firstAction = SchedulerTestSupport.publisher().request(guild,
                "mod_scheduled_actions:" + ids.get(0),
                "unban:" + first.getOffsetDateTime("execute_at").toInstant().toEpochMilli(), "Tempban expired",
                new ActionParams.Unban("user0"));
        UUID firstActionId = firstAction.actionId();
        SchedulerTestSupport.publisher().publish(firstAction).await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> tap.records(guild).size() == 6);

        List<Seen> seen = tap.records(guild);
        assertThat(seen.stream().map(s -> s.action().actionId()).distinct()).hasSize(5);
        assertThat(seen.stream().filter(s -> s.action().actionId().equals(firstActionId))).hasSize(2);
        assertThat(seen.stream().skip(1)).allSatisfy(s -> assertThat(s.sentAt()).isAfterOrEqualTo(leaseEnd.minusMillis(5)));
        await().until(() -> db.row("SELECT count(*) AS n FROM mod_scheduled_actions WHERE guild_id = $1 AND executed",
                guild).getLong("n") == 5);
    }

    // ------------------------------------------------------------------------------------------ reminders

    @Test
    void aReminderIsCreatedByCommandAndDeliveredByDmOnTime() {
        db.enable(guild, "reminders");
        DiscordEvent command = DiscordEvents.slash(guild, Invoker.of("u1", NO_PERMISSIONS), "remind", "me",
                string("when", "2s"), string("message", "stretch"));
        KafkaGateway.get().publish(command);

        String reply = awaitReply(command);
        assertThat(reply).startsWith("✅ Reminder #");
        Row reminder = db.row("SELECT id, remind_at, channel_id FROM reminders WHERE guild_id = $1", guild);
        assertThat(reminder.getString("channel_id")).isEqualTo(DiscordEvents.CHANNEL_ID);

        Seen dm = awaitOne(guild, ActionKind.SEND_DM);
        ActionParams.SendDm params = (ActionParams.SendDm) dm.action().params();
        assertThat(params.userId()).isEqualTo("u1");
        assertThat(params.body().embeds().get(0).description()).isEqualTo("stretch");
        assertThat(params.body().buttons()).extracting(ActionParams.Button::customId)
                .contains("reminder_snooze_" + reminder.getInteger("id") + "_15m");
        assertOnTime(reminder.getOffsetDateTime("remind_at").toInstant(), dm);
        await().until(() -> db.row("SELECT completed FROM reminders WHERE id = $1", reminder.getInteger("id"))
                .getBoolean("completed"));
    }

    @Test
    void aFailedDmFallsBackToTheChannelAndThreeFailedDeliveriesGiveUp() {
        db.enable(guild, "reminders");
        int id = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at)
                VALUES ($1, 'u2', 'c2', 'water the plants', now() + interval '1 second') RETURNING id""", guild)
                .getInteger("id");

        for (int delivery = 1; delivery <= 3; delivery++) {
            int expectedDms = delivery;
            await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_DM).size() == expectedDms);
            DiscordAction dm = actions(ActionKind.SEND_DM).get(delivery - 1).action();
            KafkaGateway.get().publish(ActionResult.failed(dm, ActionStatus.FAILED, 50007,
                    "Cannot send messages to this user", 1));

            await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_MESSAGE).size() == expectedDms);
            DiscordAction post = actions(ActionKind.SEND_MESSAGE).get(delivery - 1).action();
            ActionParams.SendMessage params = (ActionParams.SendMessage) post.params();
            assertThat(params.channelId()).isEqualTo("c2");
            assertThat(params.body().content()).isEqualTo("<@u2>");
            KafkaGateway.get().publish(ActionResult.failed(post, ActionStatus.FAILED, 50013, "Missing Permissions", 1));
            // a replayed result counts nothing twice
            KafkaGateway.get().publish(ActionResult.failed(post, ActionStatus.FAILED, 50013, "Missing Permissions", 1)
                    .asReplay());
            await().atMost(Duration.ofSeconds(10)).until(() -> db.row(
                    "SELECT failed_delivery_count AS n FROM reminders WHERE id = $1", id).getInteger("n") == expectedDms);
        }

        Row given = db.row("SELECT completed, failed_delivery_count FROM reminders WHERE id = $1", id);
        assertThat(given.getBoolean("completed")).isTrue();
        assertThat(given.getInteger("failed_delivery_count")).isEqualTo(3);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> actions(ActionKind.SEND_DM).size() == 3);
    }

    @Test
    void aRecurringReminderMovesToItsNextCronMatch() {
        db.enable(guild, "reminders");
        Row row = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at, recurring_cron)
                VALUES ($1, 'u3', 'c3', 'standup', now() + interval '1 second', '*/5 * * * *') RETURNING id, remind_at""",
                guild);
        Seen dm = awaitOne(guild, ActionKind.SEND_DM);
        assertOnTime(row.getOffsetDateTime("remind_at").toInstant(), dm);

        await().until(() -> !db.row("SELECT remind_at FROM reminders WHERE id = $1", row.getInteger("id"))
                .getOffsetDateTime("remind_at").equals(row.getOffsetDateTime("remind_at")));
        Row next = db.row("SELECT remind_at, completed FROM reminders WHERE id = $1", row.getInteger("id"));
        assertThat(next.getBoolean("completed")).isFalse();
        Instant nextAt = next.getOffsetDateTime("remind_at").toInstant();
        assertThat(nextAt).isAfter(Instant.now());
        assertThat(nextAt.getEpochSecond() % 300).isZero();
    }

    @Test
    void aReminderOfAGuildWithRemindersDisabledStaysDue() {
        int id = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at)
                VALUES ($1, 'u4', 'c4', 'later', now()) RETURNING id""", guild).getInteger("id");
        await().until(() -> db.row("SELECT claimed_until FROM reminders WHERE id = $1", id)
                .getOffsetDateTime("claimed_until") != null);
        assertThat(tap.records(guild)).isEmpty();
        assertThat(db.row("SELECT completed FROM reminders WHERE id = $1", id).getBoolean("completed")).isFalse();

        db.enable(guild, "reminders");
        awaitOne(guild, ActionKind.SEND_DM);
    }

    @Test
    void invalidReminderInputsGetAClearReplyAndChangeNothing() {
        db.enable(guild, "reminders");
        int other = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at)
                VALUES ($1, 'someone-else', 'c', 'theirs', now() + interval '1 hour') RETURNING id""", guild)
                .getInteger("id");

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "me",
                string("when", "yesterday"), string("message", "x")))).startsWith("❌ I couldn't understand the time");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "me",
                string("when", "0s"), string("message", "x")))).contains("in the past");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "me",
                string("when", "400d"), string("message", "x")))).contains("at most 365 days");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "me",
                string("when", "1h"), string("message", "x"), string("cron", "61 * * * *"))))
                .contains("not a valid 5-field cron expression");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "cancel",
                string("id", "999999")))).isEqualTo("❌ There is no reminder #999999 on this server.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "cancel",
                string("id", Integer.toString(other))))).isEqualTo("❌ Reminder #" + other + " is not yours.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u5", NO_PERMISSIONS), "remind", "snooze",
                string("id", Integer.toString(other)), string("duration", "1h"))))
                .isEqualTo("❌ Reminder #" + other + " is not yours.");

        Row theirs = db.row("SELECT count(*) AS n, bool_and(NOT completed) AS active, max(snoozed_count) AS snoozed "
                + "FROM reminders WHERE guild_id = $1", guild);
        assertThat(theirs.getLong("n")).isEqualTo(1);
        assertThat(theirs.getBoolean("active")).isTrue();
        assertThat(theirs.getInteger("snoozed")).isZero();
    }

    @Test
    void remindersCanBeListedSnoozedAndCancelled() {
        db.enable(guild, "reminders");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u6", NO_PERMISSIONS), "remind", "me",
                string("when", "in 2 hours"), string("message", "call mum")))).startsWith("✅ Reminder #");
        int id = db.row("SELECT id FROM reminders WHERE guild_id = $1", guild).getInteger("id");

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u6", NO_PERMISSIONS), "remind", "list")))
                .contains("#" + id, "call mum");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u6", NO_PERMISSIONS), "remind", "snooze",
                string("id", Integer.toString(id)), string("duration", "1d")))).startsWith("💤 Reminder #" + id);
        assertThat(db.row("SELECT snoozed_count FROM reminders WHERE id = $1", id).getInteger("snoozed_count"))
                .isEqualTo(1);
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u6", NO_PERMISSIONS), "remind", "cancel",
                string("id", Integer.toString(id))))).isEqualTo("✅ Reminder #" + id + " cancelled.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u6", NO_PERMISSIONS), "remind", "list")))
                .isEqualTo("You have no active reminders.");
    }

    // ------------------------------------------------------------------------------------------ temp roles

    @Test
    void aTempRoleIsAddedNowAndRemovedOnTime() {
        EventPayload.CommandOptionValue user = new EventPayload.CommandOptionValue("user", "USER", "u7",
                new EventPayload.ResolvedUser(new EventPayload.Author("u7", "seven", null, false, false), null,
                        List.of(), 0, "0"), null, null, null);
        EventPayload.CommandOptionValue role = new EventPayload.CommandOptionValue("role", "ROLE", "r1", null,
                new EventPayload.ResolvedRole("r1", "Helper", 3, false), null, null);
        DiscordEvent command = DiscordEvents.slash(guild, Invoker.of("admin", ADMINISTRATOR), "temprole", "assign", user, role,
                string("duration", "2s"));
        KafkaGateway.get().publish(command);

        Seen add = awaitOne(guild, ActionKind.ADD_ROLE);
        assertThat(add.action().params()).isEqualTo(new ActionParams.AddRole("u7", "r1"));
        // the answer waits for Discord's result
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> answers(command).isEmpty());
        KafkaGateway.get().publish(ActionResult.ok(add.action(), List.of(), 1));
        assertThat(awaitReply(command)).startsWith("✅ Gave **Helper** to <@u7> for 2 seconds");
        Row row = db.row("SELECT id, expires_at FROM temp_roles WHERE guild_id = $1", guild);

        Seen remove = awaitOne(guild, ActionKind.REMOVE_ROLE);
        assertThat(remove.action().params()).isEqualTo(new ActionParams.RemoveRole("u7", "r1"));
        assertOnTime(row.getOffsetDateTime("expires_at").toInstant(), remove);
        await().until(() -> db.row("SELECT removed FROM temp_roles WHERE id = $1", row.getInteger("id"))
                .getBoolean("removed"));
    }

    @Test
    void aTempRoleDiscordRefusesIsAnsweredWithWhyAndNeverRemoved() {
        EventPayload.CommandOptionValue user = new EventPayload.CommandOptionValue("user", "USER", "u9",
                new EventPayload.ResolvedUser(new EventPayload.Author("u9", "nine", null, false, false), null,
                        List.of(), 0, "0"), null, null, null);
        EventPayload.CommandOptionValue role = new EventPayload.CommandOptionValue("role", "ROLE", "r9", null,
                new EventPayload.ResolvedRole("r9", "Admin", 30, false), null, null);
        DiscordEvent command = DiscordEvents.slash(guild, Invoker.of("admin", ADMINISTRATOR), "temprole", "assign",
                user, role, string("duration", "2s"));
        KafkaGateway.get().publish(command);

        Seen add = awaitOne(guild, ActionKind.ADD_ROLE);
        KafkaGateway.get().publish(ActionResult.failed(add.action(), ActionStatus.FAILED, 50013, "Missing Permissions", 1));
        assertThat(awaitReply(command)).isEqualTo("❌ Could not give **Admin** to <@u9>: I don't have permission. I need "
                + "Manage Roles, and my highest role must be above that role. Nothing was changed.");
        Row row = db.row("SELECT removed, last_error FROM temp_roles WHERE guild_id = $1", guild);
        assertThat(row.getBoolean("removed")).isTrue();
        assertThat(row.getString("last_error")).contains("50013");
        // a redelivered result answers nothing new, and the expiry removes nothing
        KafkaGateway.get().publish(ActionResult.failed(add.action(), ActionStatus.FAILED, 50013, "Missing Permissions", 1)
                .asReplay());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> actions(ActionKind.REMOVE_ROLE)
                .isEmpty() && answers(command).stream().map(a -> a.action().actionId()).distinct().count() == 1);
        // a redelivered command finds its own finished row: the same addition again, no second row
        KafkaGateway.get().publish(command);
        await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.ADD_ROLE).size() == 2);
        assertThat(actions(ActionKind.ADD_ROLE).stream().map(a -> a.action().actionId()).distinct()).hasSize(1);
        assertThat(db.row("SELECT count(*) AS n FROM temp_roles WHERE guild_id = $1", guild).getLong("n")).isOne();
    }

    @Test
    void tempRoleCommandsCheckPermissionAndDuration() {
        EventPayload.CommandOptionValue user = new EventPayload.CommandOptionValue("user", "USER", "u8",
                new EventPayload.ResolvedUser(new EventPayload.Author("u8", "eight", null, false, false), null,
                        List.of(), 0, "0"), null, null, null);
        EventPayload.CommandOptionValue role = new EventPayload.CommandOptionValue("role", "ROLE", "r2", null,
                new EventPayload.ResolvedRole("r2", "VIP", 3, false), null, null);

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("nobody", NO_PERMISSIONS), "temprole", "assign", user, role,
                string("duration", "1h")))).startsWith("❌ You don't have permission to use `/temprole`.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("admin", ADMINISTRATOR), "temprole", "assign", user, role,
                string("duration", "400d")))).startsWith("❌ Invalid duration.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("admin", ADMINISTRATOR), "temprole", "revoke",
                string("user", "u8"), string("role", "r2")))).contains("has no active temporary role");
        assertThat(db.row("SELECT count(*) AS n FROM temp_roles WHERE guild_id = $1", guild).getLong("n")).isZero();
        assertThat(tap.records(guild).stream().map(s -> s.action().kind()).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ActionKind.INTERACTION_FOLLOWUP));
    }

    // ------------------------------------------------------------------------------------------ announcements

    @Test
    void announcementsNeedAModeratorAndAreScheduledOnceOrByCron() {
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "once",
                string("time", "in 2h"), string("channel", "c9"), string("message", "hello"))))
                .isEqualTo("❌ Announcements are not enabled on this server.");
        db.enable(guild, "announce");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("member", NO_PERMISSIONS), "announce", "once",
                string("time", "in 2h"), string("channel", "c9"), string("message", "hello"))))
                .startsWith("❌ You don't have permission to use `/announce`.");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "once",
                string("time", "2020-01-01 10:00"), string("channel", "c9"), string("message", "hello"))))
                .contains("in the past");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "recurring",
                string("cron", "every day"), string("channel", "c9"), string("message", "hello"))))
                .contains("not a valid 5-field cron expression");
        assertThat(db.row("SELECT count(*) AS n FROM scheduled_messages WHERE guild_id = $1", guild).getLong("n"))
                .isZero();

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "once",
                string("time", "in 2h"), string("channel", "c9"), string("message", "hello"))))
                .startsWith("✅ Announcement #");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "recurring",
                string("cron", "0 9 * * 1"), string("channel", "c9"), string("message", "weekly"))))
                .startsWith("✅ Announcement #").endsWith("then on `0 9 * * 1` (UTC).");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "list")))
                .contains("hello", "weekly");
        int id = db.row("SELECT id FROM scheduled_messages WHERE guild_id = $1 AND one_time", guild).getInteger("id");
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "cancel",
                string("id", Integer.toString(id))))).isEqualTo("✅ Announcement #" + id + " cancelled.");
    }

    @Test
    void aScheduledMessageFiresOnTimeOnceAndARecurringOneAdvances() {
        Row once = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, next_run, author_id, one_time)
                VALUES ($1, 'c10', 'one shot', now() + interval '2 seconds', 'mod', true) RETURNING id, next_run""",
                guild);
        Row recurring = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, cron_expression, next_run, author_id)
                VALUES ($1, 'c10', 'every minute', '* * * * *', now() + interval '2 seconds', 'mod')
                RETURNING id, next_run""", guild);

        await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_MESSAGE).size() == 2);
        for (Seen sent : actions(ActionKind.SEND_MESSAGE)) {
            assertOnTime(once.getOffsetDateTime("next_run").toInstant(), sent);
        }
        await().until(() -> !db.row("SELECT enabled FROM scheduled_messages WHERE id = $1", once.getInteger("id"))
                .getBoolean("enabled"));
        await().until(() -> !db.row("SELECT next_run FROM scheduled_messages WHERE id = $1", recurring.getInteger("id"))
                .getOffsetDateTime("next_run").equals(recurring.getOffsetDateTime("next_run")));
        Instant next = db.row("SELECT next_run FROM scheduled_messages WHERE id = $1", recurring.getInteger("id"))
                .getOffsetDateTime("next_run").toInstant();
        assertThat(next.getEpochSecond() % 60).isZero();
        assertThat(next).isAfter(Instant.now());
    }

    @Test
    void aTransientlyFailedAnnouncementIsSentAgainAtMostThreeTimesAndAPermanentFailureIsNot() {
        int once = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, next_run, author_id, one_time)
                VALUES ($1, 'c11', 'flaky', now(), 'mod', true) RETURNING id""", guild).getInteger("id");
        for (int send = 1; send <= 4; send++) {
            int expected = send;
            await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_MESSAGE).size() == expected);
            DiscordAction sent = actions(ActionKind.SEND_MESSAGE).get(send - 1).action();
            KafkaGateway.get().publish(ActionResult.failed(sent, ActionStatus.FAILED_TRANSIENT, 503, "Service Unavailable",
                    5));
            // a redelivered result counts once
            KafkaGateway.get().publish(ActionResult.failed(sent, ActionStatus.FAILED_TRANSIENT, 503, "Service Unavailable",
                    5).asReplay());
        }
        assertThat(actions(ActionKind.SEND_MESSAGE).stream().map(s -> s.action().actionId()).distinct()).hasSize(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.row(
                "SELECT failed_attempts FROM scheduled_messages WHERE id = $1", once).getInteger("failed_attempts") == 4);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> actions(ActionKind.SEND_MESSAGE).size() == 4);
        assertThat(db.row("SELECT enabled FROM scheduled_messages WHERE id = $1", once).getBoolean("enabled")).isFalse();

        String other = "g" + UUID.randomUUID().toString().substring(0, 12);
        int gone = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, next_run, author_id, one_time)
                VALUES ($1, 'c12', 'channel deleted', now(), 'mod', true) RETURNING id""", other).getInteger("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> tap.records(other).size() == 1);
        KafkaGateway.get().publish(ActionResult.failed(tap.records(other).get(0).action(), ActionStatus.FAILED, 10003,
                "Unknown Channel", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.row("SELECT last_error FROM scheduled_messages WHERE id = $1",
                gone).getString("last_error") != null);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> tap.records(other).size() == 1);
    }

    @Test
    void aRecurringAnnouncementRetriesThenKeepsItsScheduleAndASuccessEndsTheRunOfFailures() {
        int id = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, cron_expression, next_run, author_id)
                VALUES ($1, 'c13', 'weekly', '0 9 * * 1', now(), 'mod') RETURNING id""", guild).getInteger("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_MESSAGE).size() == 1);
        KafkaGateway.get().publish(ActionResult.failed(actions(ActionKind.SEND_MESSAGE).get(0).action(),
                ActionStatus.FAILED_TRANSIENT, 500, "Internal Server Error", 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> actions(ActionKind.SEND_MESSAGE).size() == 2);
        KafkaGateway.get().publish(ActionResult.ok(actions(ActionKind.SEND_MESSAGE).get(1).action(), List.of("m1"), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.row(
                "SELECT failed_attempts FROM scheduled_messages WHERE id = $1", id).getInteger("failed_attempts") == 0);
        Row row = db.row("SELECT enabled, next_run FROM scheduled_messages WHERE id = $1", id);
        assertThat(row.getBoolean("enabled")).isTrue();
        assertThat(row.getOffsetDateTime("next_run").toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
    }

    // ------------------------------------------------------------------------------------------ buttons

    @Test
    void reminderButtonsAreRefusedWhileRemindersAreDisabledAndNeverReviveACompletedReminder() {
        int active = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at)
                VALUES ($1, 'u12', 'c', 'later', now() + interval '1 hour') RETURNING id""", guild).getInteger("id");
        DiscordEvent disabled = DiscordEvents.button(null, Invoker.of("u12", NO_PERMISSIONS),
                "reminder_snooze_" + active + "_1h");
        KafkaGateway.get().publish(disabled);
        assertThat(awaitAnswer(disabled)).isEqualTo("❌ Reminders are not enabled on this server.");
        assertThat(db.row("SELECT snoozed_count FROM reminders WHERE id = $1", active).getInteger("snoozed_count"))
                .isZero();

        db.enable(guild, "reminders");
        int completed = db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at, completed)
                VALUES ($1, 'u12', 'c', 'done', now() - interval '1 hour', true) RETURNING id""", guild).getInteger("id");
        DiscordEvent stale = DiscordEvents.button(null, Invoker.of("u12", NO_PERMISSIONS),
                "reminder_snooze_" + completed + "_15m");
        KafkaGateway.get().publish(stale);
        assertThat(awaitAnswer(stale)).isEqualTo("❌ This reminder has already been completed.");
        Row row = db.row("SELECT completed, snoozed_count FROM reminders WHERE id = $1", completed);
        assertThat(row.getBoolean("completed")).isTrue();
        assertThat(row.getInteger("snoozed_count")).isZero();

        DiscordEvent snooze = DiscordEvents.button(null, Invoker.of("u12", NO_PERMISSIONS),
                "reminder_snooze_" + active + "_1h");
        KafkaGateway.get().publish(snooze);
        assertThat(awaitAnswer(snooze)).startsWith("💤 Reminder #" + active + " snoozed until");
    }

    // ------------------------------------------------------------------------------------------ time zones

    @Test
    void timesAreTypedAndCronIsReadInTheGuildsTimeZone() {
        db.set(guild, "general", "{\"timezone\": \"Asia/Tokyo\"}");
        db.enable(guild, "announce");
        db.set(guild, "reminders", "{\"enabled\": true}");
        java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
        java.time.LocalDate tomorrow = java.time.LocalDate.now(tokyo).plusDays(1);

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "once",
                string("time", tomorrow + " 18:30"), string("channel", "c14"), string("message", "party"))))
                .startsWith("✅ Announcement #");
        assertThat(db.row("SELECT next_run FROM scheduled_messages WHERE guild_id = $1 AND one_time", guild)
                .getOffsetDateTime("next_run").toInstant()).isEqualTo(tomorrow.atTime(18, 30).atZone(tokyo).toInstant());

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("mod", ADMINISTRATOR), "announce", "recurring",
                string("cron", "0 9 * * *"), string("channel", "c14"), string("message", "morning"))))
                .endsWith("then on `0 9 * * *` (Asia/Tokyo).");
        Instant morning = db.row("SELECT next_run FROM scheduled_messages WHERE guild_id = $1 AND NOT one_time", guild)
                .getOffsetDateTime("next_run").toInstant();
        assertThat(morning.atZone(tokyo).getHour()).isEqualTo(9);
        assertThat(morning.atZone(tokyo).getMinute()).isZero();

        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u13", NO_PERMISSIONS), "remind", "me",
                string("when", "tomorrow at 3pm"), string("message", "call"))))
                .startsWith("✅ Reminder #");
        assertThat(db.row("SELECT remind_at FROM reminders WHERE guild_id = $1", guild).getOffsetDateTime("remind_at")
                .toInstant()).isEqualTo(tomorrow.atTime(15, 0).atZone(tokyo).toInstant());
        assertThat(reply(DiscordEvents.slash(guild, Invoker.of("u13", NO_PERMISSIONS), "remind", "me",
                string("when", "someday"), string("message", "call"))))
                .contains("times are read in Asia/Tokyo, the server's `general.timezone`");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private List<Seen> answers(DiscordEvent interaction) {
        UUID replyId = SchedulerTestSupport.publisher().actionId(interaction.id(), ActionPublisher.REPLY);
        return tap.records(action -> action.actionId().equals(replyId));
    }

    private String awaitAnswer(DiscordEvent interaction) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !answers(interaction).isEmpty());
        return ((ActionParams.InteractionFollowup) answers(interaction).get(0).action().params()).body().content();
    }

    private List<Seen> actions(ActionKind kind) {
        return tap.records(guild).stream().filter(s -> s.action().kind() == kind)
                .sorted(Comparator.comparingLong(Seen::offset)).toList();
    }

    private Seen awaitOne(String guildId, ActionKind kind) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !actions(kind).isEmpty());
        return actions(kind).get(0);
    }

    private static void assertOnTime(Instant due, Seen seen) {
        assertThat(Duration.between(due, seen.sentAt())).as("lateness").isBetween(Duration.ofMillis(-5), ON_TIME);
    }

    private String reply(DiscordEvent command) {
        KafkaGateway.get().publish(command);
        return awaitReply(command);
    }

    private String awaitReply(DiscordEvent command) {
        String interactionId = ((EventPayload.SlashCommand) command.payload()).interaction().interactionId();
        UUID replyId = SchedulerTestSupport.publisher().actionId(interactionId, ActionPublisher.REPLY);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !tap.records(action -> action.actionId().equals(replyId)).isEmpty());
        ActionParams.InteractionFollowup followup = (ActionParams.InteractionFollowup) tap
                .records(action -> action.actionId().equals(replyId)).get(0).action().params();
        assertThat(followup.ephemeral()).isTrue();
        return followup.body().content();
    }
}
