package bot.volvox.e2e;

import bot.volvox.sandbox.RecordedCall;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
    void aReminderArrivesAsADirectMessage() {
        String reply = users.runAndAwaitReply("owner", "remind me",
                Map.of("when", "in 3 seconds", "message", "stretch your legs"));

        assertThat(reply).doesNotStartWith("❌");
        await("the reminder in the owner's DMs").atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(sandbox.directMessages("owner")).anySatisfy(dm ->
                        assertThat(dm.content() + dm.embeds()).contains("stretch your legs")));
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
