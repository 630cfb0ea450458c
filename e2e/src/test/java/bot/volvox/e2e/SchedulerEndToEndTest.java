package bot.volvox.e2e;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import bot.volvox.local.LocalStack;
import bot.volvox.sandbox.DiscordSandbox.SandboxMessage;
import bot.volvox.sandbox.RecordedCall;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Due work: moderation-service schedules it, scheduler-service fires it on time, the gateway carries it out. */
class SchedulerEndToEndTest extends WholeSystemTest {

    @Test
    void aShortTempbanBansTheMemberAndUnbansThemWhenItExpires() throws SQLException {
        String reply = users.runAndAwaitReply("moderator", "tempban",
                Map.of("user", "alice", "duration", "5s", "reason", "cool off"));

        assertThat(reply).contains("alice").contains("Case #");
        assertThat(sandbox.bans()).containsKey(demo.aliceId());
        Instant expiresAt = scheduledUnbanOf(demo.aliceId());

        await("the unban when the tempban expires").atMost(Duration.ofSeconds(40))
                .until(() -> !sandbox.bans().containsKey(demo.aliceId()));
        RecordedCall unban = sandbox.calls().stream()
                .filter(call -> call.is("DELETE", "guilds/" + demo.guildId() + "/bans/" + demo.aliceId()))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(unban.at()).as("not unbanned before the tempban expired").isAfterOrEqualTo(expiresAt);
        System.out.printf("tempban of 5 s: unbanned %d ms after it expired%n",
                Duration.between(expiresAt, unban.at()).toMillis());
        await("the scheduled unban marked done").atMost(Duration.ofSeconds(10))
                .until(() -> pendingUnbansOf(demo.aliceId()) == 0);
        await("moderation's unban case in #mod-log").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sandbox.messages("mod-log")).anySatisfy(post -> assertThat(post.embeds())
                        .contains("— UNBAN").contains(demo.aliceId()).contains("Tempban expired")));
    }

    @Test
    void aReminderArrivesAsADirectMessageOnceNotBeforeItIsDueAndWithinASecondOfIt() throws Exception {
        String text = "stretch your legs " + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, byte[]> actions = actionsFromNow()) {
            String reply = users.runAndAwaitReply("owner", "remind me", Map.of("when", "in 3 seconds", "message", text));
            assertThat(reply).startsWith("✅ Reminder #");
            Instant due = reminderDueAt(text);

            List<ConsumerRecord<String, byte[]>> dms = new ArrayList<>();
            await("the reminder's DM on discord.action").atMost(Duration.ofSeconds(40)).until(() -> {
                actions.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(text)) {
                        dms.add(record);
                    }
                });
                return !dms.isEmpty();
            });
            Instant emitted = Instant.ofEpochMilli(dms.get(0).timestamp());
            System.out.printf("/remind in 3 s: the DM action was on Kafka %d ms after the reminder was due%n",
                    Duration.between(due, emitted).toMillis());
            assertThat(emitted).as("not emitted before it was due").isAfterOrEqualTo(due.minusMillis(1));
            assertThat(Duration.between(due, emitted)).as("the scheduler's promise: within a second of due")
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));

            await("the reminder in the owner's DMs").atMost(Duration.ofSeconds(20)).until(() ->
                    sandbox.directMessages("owner").stream().anyMatch(dm -> (dm.content() + dm.embeds()).contains(text)));
            SandboxMessage delivered = sandbox.directMessages("owner").stream()
                    .filter(dm -> (dm.content() + dm.embeds()).contains(text)).findFirst().orElseThrow();
            assertThat(delivered.timestamp()).as("not delivered before it was due").isAfterOrEqualTo(due.minusMillis(1));

            // exactly once: no second DM or second action shows up in the following seconds
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
                actions.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(text)) {
                        dms.add(record);
                    }
                });
                return sandbox.directMessages("owner").stream()
                        .filter(dm -> (dm.content() + dm.embeds()).contains(text)).count() == 1;
            });
            assertThat(dms.stream().map(record -> actionId(record)).distinct()).hasSize(1);
        }
    }

    private static KafkaConsumer<String, byte[]> actionsFromNow() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.forTests().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-reminder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.ACTION));
        await("the action consumer's partitions").atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static String actionId(ConsumerRecord<String, byte[]> record) {
        try {
            return VolvoxJson.MAPPER.readTree(record.value()).path("actionId").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant reminderDueAt(String text) throws SQLException {
        try (Connection connection = system.database();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT remind_at FROM reminders WHERE message = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, text);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("the reminder row").isTrue();
                return row.getTimestamp(1).toInstant();
            }
        }
    }

    private static Instant scheduledUnbanOf(String userId) throws SQLException {
        return unbansOf(userId, "SELECT max(execute_at) FROM mod_scheduled_actions WHERE action = 'unban' AND target_id = ?",
                row -> row.getTimestamp(1).toInstant());
    }

    private static int pendingUnbansOf(String userId) throws SQLException {
        return unbansOf(userId, "SELECT count(*) FROM mod_scheduled_actions WHERE action = 'unban' AND target_id = ?"
                + " AND executed IS NOT TRUE", row -> row.getInt(1));
    }

    private interface Column<T> {
        T read(ResultSet row) throws SQLException;
    }

    private static <T> T unbansOf(String userId, String sql, Column<T> column) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, userId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return column.read(row);
            }
        }
    }
}
