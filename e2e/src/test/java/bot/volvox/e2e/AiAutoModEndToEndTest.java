package bot.volvox.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.anthropiclocal.AnthropicLocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AI auto-moderation through the whole system: a member's toxic message in the sandbox reaches ai-service through
 * the gateway, the local model rates it, ai-service publishes the request on {@code volvox.moderation}, and
 * moderation-service deletes the message, times the member out, records the case and the {@code flagged_messages}
 * row. The system's own ai-service has no provider key, so for this test it is replaced by one pointed at the local
 * Anthropic server ({@link WholeSystem#aiServiceOn}), and restored afterwards.
 */
class AiAutoModEndToEndTest extends WholeSystemTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aToxicMessageIsDeletedItsAuthorTimedOutAndTheCaseRecorded() throws Exception {
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(), """
                {"aiAutoMod": {"enabled": true, "timeoutDurationMs": 600000,
                               "actions": {"toxicity": ["delete", "timeout"]}}}""");
        try (AnthropicLocal model = AnthropicLocal.start(0, Duration.ZERO);
                WholeSystem.Replacement ai = system.aiServiceOn(model)) {
            String messageId = sandbox.sendMessage("carol", "general",
                    "you are all worthless idiots [local:safety-flagged]");

            await("the case of the AI auto-mod").atMost(WAIT).until(() -> caseAction(messageId) != null);
            assertThat(caseAction(messageId)).isEqualTo("timeout");
            assertThat(sandbox.member("carol").timedOut(Instant.now())).isTrue();
            assertThat(sandbox.calls()).anyMatch(call -> call.is("DELETE", ".*/messages/" + messageId));
            assertThat(text("SELECT flagged_by FROM flagged_messages WHERE discord_message_id = ?", messageId))
                    .isEqualTo("ai-automod");
            assertThat(text("SELECT count(*)::text FROM ai_usage WHERE type = 'automod' AND guild_id = ?",
                    demo.guildId())).isNotEqualTo("0");
        } finally {
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"aiAutoMod\": {\"enabled\": false}}");
            // the system is shared by the e2e classes: carol must be able to talk again (the web page test is her)
            sandbox.runSlashCommand("owner", "general", "untimeout",
                    Map.of("user", "carol", "reason", "end of the AI auto-mod test"));
            await("carol's timeout lifted").atMost(WAIT)
                    .until(() -> !sandbox.member("carol").timedOut(Instant.now()));
        }
    }

    /** The action of the case whose reason names the AI auto-mod, recorded for the author of {@code messageId}. */
    private static String caseAction(String messageId) throws SQLException {
        return text("""
                SELECT c.action FROM mod_cases c JOIN flagged_messages f
                  ON f.guild_id = c.guild_id AND f.author_id = c.target_id
                 WHERE f.discord_message_id = ? AND c.reason LIKE 'AI Auto-Mod:%'""", messageId);
    }

    private static String text(String sql, String parameter) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
