package bot.volvox.e2e;

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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-service in the whole system: command usage from the owners' answers, voice sessions and XP across a
 * {@code kill -9} of the service, {@code /rank} and {@code /leaderboard}.
 */
class AnalyticsEndToEndTest extends WholeSystemTest {
    private static final int BURST = 10_000;
    private static final int TALKERS = 10;
    private static final int XP_PER_MESSAGE = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(150);

    @BeforeAll
    static void trackEverything() {
        Map.of("engagement.enabled", "true", "reputation.enabled", "true", "voice.enabled", "true",
                "reputation.xpPerMessage", "[" + XP_PER_MESSAGE + ", " + XP_PER_MESSAGE + "]",
                "reputation.xpCooldownSeconds", "0").forEach((path, value) -> {
                    String reply = users.runAndAwaitReply("admin", "config set", Map.of("path", path, "value", value));
                    assertThat(reply).as("/config set " + path).startsWith("✅");
                });
    }

    @Test
    void aCompletedWarnIsCountedOnceAndARefusedOneNotAtAll() throws Exception {
        // carol may not warn: refused, so not counted; then the moderator's warn completes
        String refused = users.runAndAwaitReply("carol", "warn", Map.of("user", "admin", "reason", "e2e refused"));
        assertThat(refused).startsWith("❌");
        long before = count("SELECT count(*) FROM command_usage WHERE command_name = 'warn' AND user_id = ?",
                demo.moderatorId());
        String done = users.runAndAwaitReply("moderator", "warn", Map.of("user", "carol", "reason", "e2e counted"));
        assertThat(done).doesNotStartWith("❌");

        await("the completed /warn in command_usage").atMost(PATIENCE).until(() -> count(
                "SELECT count(*) FROM command_usage WHERE command_name = 'warn' AND user_id = ?",
                demo.moderatorId()) == before + 1);
        // results are consumed in order per guild, so carol's earlier refusal has been seen too
        assertThat(count("SELECT count(*) FROM command_usage WHERE command_name = 'warn' AND user_id = ?",
                demo.carolId())).isZero();
    }

    /**
     * alice joins voice; a burst of messages from new members starts; half-way through analytics-service is killed
     * with SIGKILL and started again; alice leaves once it is back. Exactly one closed session with the time between
     * the join and the leave, and every message counted and its XP earned exactly once.
     */
    @Test
    void voiceAndABurstOfMessagesSurviveAKillNineOfTheService() throws Exception {
        Instant joinedAround = Instant.now();
        sandbox.joinVoice("alice", "Lounge");
        await("alice's open session").atMost(PATIENCE).until(() -> count(
                "SELECT count(*) FROM voice_sessions WHERE user_id = ? AND left_at IS NULL", demo.aliceId()) == 1);
        long aliceSessionsBefore = count("SELECT count(*) FROM voice_sessions WHERE user_id = ?", demo.aliceId());

        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> talkers = new ArrayList<>();
        for (int i = 0; i < TALKERS; i++) {
            talkers.add(sandbox.memberJoin("burst-" + run + "-" + i));
        }
        long started = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
            if (i == BURST / 2) {
                system.kill("analytics-service");
                system.restart("analytics-service");
            }
            sandbox.sendMessage(talkers.get(i % TALKERS), "general", "burst message number " + i);
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;

        await("analytics-service ready again").atMost(PATIENCE)
                .until(() -> !system.notReady().contains("analytics-service"));
        sandbox.leaveVoice("alice");
        Instant leftAround = Instant.now();

        await("every message of the burst counted").atMost(PATIENCE).until(() -> sum(
                "SELECT coalesce(sum(messages_sent), 0) FROM user_stats WHERE user_id = ANY (?)", talkers) >= BURST);
        double countedSeconds = (System.nanoTime() - started) / 1e9;
        int each = BURST / TALKERS;
        for (String talker : talkers) {
            assertThat(row("SELECT s.messages_sent || ':' || r.xp || ':' || r.messages_count FROM user_stats s "
                    + "JOIN reputation r USING (guild_id, user_id) WHERE s.user_id = ?", talker))
                    .as("messages, XP and XP-earning messages of " + talker)
                    .isEqualTo(each + ":" + each * XP_PER_MESSAGE + ":" + each);
        }

        await("alice's session closed").atMost(PATIENCE).until(() -> count(
                "SELECT count(*) FROM voice_sessions WHERE user_id = ? AND left_at IS NULL", demo.aliceId()) == 0);
        assertThat(count("SELECT count(*) FROM voice_sessions WHERE user_id = ?", demo.aliceId()))
                .as("one session, closed").isEqualTo(aliceSessionsBefore);
        long duration = count("SELECT duration_seconds FROM voice_sessions WHERE user_id = ? "
                + "ORDER BY joined_at DESC LIMIT 1", demo.aliceId());
        long measured = Duration.between(joinedAround, leftAround).toSeconds();
        assertThat(duration).as("session length against the test's clock (%d s)", measured)
                .isBetween(measured - 5, measured + 1);
        System.out.printf("burst of %,d messages with a kill -9 of analytics-service: sent in %.1f s, all counted "
                + "after %.1f s; alice's session %d s%n", BURST, sendSeconds, countedSeconds, duration);
    }

    @Test
    void rankAndLeaderboardAnswer() {
        sandbox.sendMessage("alice", "general", "a message long enough to earn XP");
        await("alice's XP").atMost(PATIENCE).until(() -> count(
                "SELECT count(*) FROM reputation WHERE user_id = ? AND xp > 0", demo.aliceId()) == 1);
        assertThat(users.runAndAwaitReply("alice", "rank", Map.of())).contains("<@" + demo.aliceId() + ">")
                .contains("**Level").contains("Rank #");
        assertThat(users.runAndAwaitReply("moderator", "leaderboard", Map.of())).startsWith("🏆 **Leaderboard**")
                .contains("<@" + demo.aliceId() + ">");
    }

    private static long count(String sql, String parameter) throws SQLException {
        return Long.parseLong(row(sql, parameter));
    }

    private static String row(String sql, String parameter) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static long sum(String sql, List<String> users) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("text", users.toArray()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
