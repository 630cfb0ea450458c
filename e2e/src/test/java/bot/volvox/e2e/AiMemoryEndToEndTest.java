package bot.volvox.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.mem0local.Mem0Local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ai-service's memory through the whole system: ai-service runs pointed at the local model and the local
 * mem0-compatible store ({@link WholeSystem#aiServiceOn(AnthropicLocal, Mem0Local)}), restored after the class.
 */
class AiMemoryEndToEndTest extends WholeSystemTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static AnthropicLocal model;
    private static Mem0Local memory;
    private static WholeSystem.Replacement localAi;

    @AfterAll
    static void restoreTheSystemsAiService() {
        if (localAi != null) {
            localAi.close();
        }
        if (model != null) {
            model.close();
        }
        if (memory != null) {
            memory.close();
        }
    }

    @Test
    void afterMemoryOptoutAMentionSendsNothingAboutThatMemberToTheStoreWhileOthersAreRemembered()
            throws SQLException {
        model = AnthropicLocal.start(0, Duration.ZERO);
        memory = Mem0Local.start(0);
        localAi = system.aiServiceOn(model, memory);
        String bob = demo.users().get("bob");
        String alice = demo.aliceId();
        assertThat(optedOut(bob)).isFalse();

        assertThat(optout("bob"))
                .startsWith("🔕 You're opted out");
        try {
            assertThat(optedOut(bob)).isTrue();
            String bobsToken = UUID.randomUUID().toString();
            sandbox.sendMessage("bob", "general", "<@" + demo.botUserId() + "> remember that I like dogs "
                    + bobsToken);
            await("the reply to bob").atMost(WAIT).until(() -> botMessageContaining(bobsToken));

            // alice's mention comes after bob's in the guild's partition: once hers is stored, bob's would have been
            String alicesToken = UUID.randomUUID().toString();
            sandbox.sendMessage("alice", "general", "<@" + demo.botUserId() + "> remember that I like cats "
                    + alicesToken);
            await("alice's exchange stored").atMost(WAIT).until(() -> memory.requests().stream()
                    .anyMatch(request -> request.startsWith("POST /v1/memories/ ")
                            && request.contains("\"user_id\":\"" + alice + "\"") && request.contains(alicesToken)));
            // neither a search for context nor an add for bob, and his message is no one's "user" turn (the local
            // model echoes the channel's history, so alice's stored answer may quote him)
            assertThat(memory.requests()).isNotEmpty().noneMatch(request -> request.contains(bob)
                    || request.contains("\"role\":\"user\",\"content\":\"Bob: remember that I like dogs"));
        } finally {
            // the same command opts back in: the other scenarios find bob as he was
            assertThat(optout("bob"))
                    .startsWith("🔔 You're opted in again");
        }
        assertThat(optedOut(bob)).isFalse();
    }

    /**
     * Runs {@code /memory optout} as {@code user} and returns the answer. Not {@link DemoUsers#runAndAwaitReply}: that
     * stops once one of the system's own services is not alive, and the system's ai-service is replaced here.
     */
    private static String optout(String user) {
        String interaction = users.run(user, "memory optout", Map.of());
        return await("the answer to /memory optout").atMost(WAIT)
                .until(() -> sandbox.interaction(interaction).answer(), java.util.Objects::nonNull);
    }

    private static boolean botMessageContaining(String token) {
        return sandbox.messages("general").stream().anyMatch(message -> demo.botUserId().equals(message.authorId())
                && message.content() != null && message.content().contains(token));
    }

    private static boolean optedOut(String userId) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM memory_optouts WHERE user_id = ?)")) {
            query.setString(1, userId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
