package bot.volvox.e2e;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.sandbox.DiscordSandbox.SandboxFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /voice export} through the whole system: analytics answers with a CSV file, the gateway uploads it the way
 * Discord takes files (multipart/form-data, {@code payload_json} and the file), and the answer in Discord carries it.
 */
class VoiceExportEndToEndTest extends WholeSystemTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void theExportArrivesAsAFileWithEveryClosedSession() throws Exception {
        String reply = users.runAndAwaitReply("admin", "config set", Map.of("path", "voice.enabled", "value", "true"));
        assertThat(reply).startsWith("✅");
        long before = closedSessions();
        sandbox.joinVoice("alice", "Lounge");
        await("alice's open session").atMost(PATIENCE).until(() -> openSessions() == 1);
        sandbox.leaveVoice("alice");
        await("alice's closed session").atMost(PATIENCE).until(() -> closedSessions() == before + 1);

        String interaction = users.run("admin", "voice export", Map.of());
        String answer = users.awaitReply(interaction);
        long closed = closedSessions();
        assertThat(answer).isEqualTo("🎙️ **Voice sessions**: " + closed + (closed == 1 ? " closed session"
                : " closed sessions"));

        List<SandboxFile> files = sandbox.answerFiles(interaction);
        assertThat(files).singleElement().satisfies(file ->
                assertThat(file.filename()).isEqualTo("voice-sessions-" + demo.guildId() + ".csv"));
        List<String> lines = new String(files.get(0).data(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,userId,channelId,joinedAt,leftAt,durationSeconds");
        assertThat(lines).hasSize((int) closed + 1);
        // newest first: alice's session just closed, as stored
        assertThat(lines.get(1)).isEqualTo(newestClosedSession());
    }

    private static long openSessions() throws SQLException {
        return Long.parseLong(one("SELECT count(*) FROM voice_sessions WHERE guild_id = ? AND user_id = '"
                + demo.aliceId() + "' AND left_at IS NULL"));
    }

    private static long closedSessions() throws SQLException {
        return Long.parseLong(one("SELECT count(*) FROM voice_sessions WHERE guild_id = ? AND left_at IS NOT NULL"));
    }

    /** The newest closed session as the export writes it (instants in ISO-8601, as Java prints them). */
    private static String newestClosedSession() throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement("""
                SELECT id, user_id, channel_id, joined_at, left_at, duration_seconds FROM voice_sessions
                 WHERE guild_id = ? AND left_at IS NOT NULL ORDER BY joined_at DESC, id DESC LIMIT 1""")) {
            query.setString(1, demo.guildId());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return String.join(",", row.getString("id"), row.getString("user_id"), row.getString("channel_id"),
                        row.getObject("joined_at", java.time.OffsetDateTime.class).toInstant().toString(),
                        row.getObject("left_at", java.time.OffsetDateTime.class).toInstant().toString(),
                        row.getString("duration_seconds"));
            }
        }
    }

    private static String one(String sql) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, demo.guildId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
