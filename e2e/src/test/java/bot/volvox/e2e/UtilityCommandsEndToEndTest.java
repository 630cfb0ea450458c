package bot.volvox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands every user of the original has: {@code /ping} (gateway-service), {@code /help}, {@code /status},
 * {@code /reload} and {@code /alias} (moderation-service), in the demo guild.
 */
class UtilityCommandsEndToEndTest extends WholeSystemTest {

    @BeforeAll
    static void theDemoMembersAreInTheGuild() {
        List.of("alice", "carol").forEach(users::ensureMember);
    }

    @Test
    void pingShowsTheGatewayAndRestLatency() {
        String reply = users.runAndAwaitReply("alice", "ping", Map.of());

        assertThat(reply).startsWith("🏓 Pong!").containsPattern("Gateway heartbeat: -?\\d+ ms")
                .containsPattern("REST round trip: \\d+ ms");
    }

    @Test
    void helpListsOnlyTheCommandsTheMemberMayRunHere() {
        String member = users.runAndAwaitReply("alice", "help", Map.of());
        String moderator = users.runAndAwaitReply("moderator", "help", Map.of());
        String owner = users.runAndAwaitReply("owner", "help", Map.of());

        assertThat(member).contains("`/rank`", "`/remind`", "`/ping`", "`/help`")
                .doesNotContain("`/warn`", "`/ban`", "`/config`", "`/reload`");
        // the demo guild lets moderators ban; kicking stays admin-only, as in the original
        assertThat(moderator).contains("`/warn`", "`/ban`", "`/rank`").doesNotContain("`/kick`", "`/reload`");
        assertThat(owner).contains("`/kick`", "`/config`", "`/reload`").hasSizeLessThanOrEqualTo(2000);
    }

    @Test
    void statusShowsUptimeVersionAndEveryServiceUp() {
        String reply = users.runAndAwaitReply("admin", "status", Map.of());

        assertThat(reply).contains("Uptime: ").contains("Version: gateway ");
        for (String service : new String[] {"gateway-service", "moderation-service", "ai-service", "analytics-service",
                "scheduler-service"}) {
            assertThat(reply).contains("✅ `" + service + "` 1 replica,");
        }
    }

    @Test
    void reloadIsForBotOwnersAndMakesEveryServiceReadTheDatabaseAgain() throws Exception {
        assertThat(users.runAndAwaitReply("admin", "reload", Map.of())).startsWith("❌").contains("owners");
        // analytics-service memoizes the demo guild's configuration when it answers
        assertThat(users.runAndAwaitReply("alice", "leaderboard", Map.of())).doesNotContain("permission");
        String path = "{allowedCommands,leaderboard}";
        try {
            changeStoredPermission(path, "\"admin\"");
            // nobody announced the change written past the bot: analytics still answers from what it memoized
            assertThat(users.runAndAwaitReply("alice", "leaderboard", Map.of())).doesNotContain("permission");

            assertThat(users.runAndAwaitReply("owner", "reload", Map.of())).startsWith("✅ Configuration reloaded");

            await("analytics-service to read the reloaded configuration").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(users.runAndAwaitReply("alice", "leaderboard", Map.of()))
                            .contains("don't have permission"));
        } finally {
            changeStoredPermission(path, "\"everyone\"");
            users.runAndAwaitReply("owner", "reload", Map.of());
        }
    }

    @Test
    void anAliasIsRegisteredInTheGuildRunsItsCommandAndCanBeRemoved() {
        assertThat(users.runAndAwaitReply("admin", "alias add", Map.of("alias", "w", "command", "warn")))
                .startsWith("✅").contains("`/w`", "`/warn`");
        await("the alias as a guild command").atMost(Duration.ofSeconds(30))
                .until(() -> sandbox.registeredCommandNames().contains("w"));
        assertThat(users.runAndAwaitReply("admin", "alias list", Map.of())).contains("`/w` → `/warn`");

        String warned = users.runAndAwaitReply("moderator", "w", Map.of("user", "alice", "reason", "alias test"));
        assertThat(warned).startsWith("✅").contains("has been warned").containsPattern("Case #\\d+");
        // the alias runs as its command, under its command's access rules
        assertThat(users.runAndAwaitReply("carol", "w", Map.of("user", "alice"))).contains("permission to use `/warn`");

        assertThat(users.runAndAwaitReply("admin", "alias remove", Map.of("alias", "w"))).startsWith("✅");
        await("the alias gone from the guild's commands").atMost(Duration.ofSeconds(30))
                .until(() -> !sandbox.registeredCommandNames().contains("w"));
        assertThat(users.runAndAwaitReply("moderator", "w", Map.of("user", "alice")))
                .isEqualTo("❌ `/w` is no longer a command of this bot.");
    }

    @Test
    void anAliasCannotShadowACommandOrRunAnUnknownOne() {
        assertThat(users.runAndAwaitReply("admin", "alias add", Map.of("alias", "ban", "command", "warn")))
                .isEqualTo("❌ `/ban` is already a command of this bot.");
        assertThat(users.runAndAwaitReply("admin", "alias add", Map.of("alias", "x", "command", "nope")))
                .isEqualTo("❌ `/nope` is not a command an alias can run.");
    }

    private static void changeStoredPermission(String path, String json) throws Exception {
        try (Connection connection = system.database();
             PreparedStatement update = connection.prepareStatement("UPDATE config SET value = jsonb_set(value, "
                     + "?::text[], ?::jsonb) WHERE guild_id = ? AND key = 'permissions'")) {
            update.setString(1, path);
            update.setString(2, json);
            update.setString(3, demo.guildId());
            assertThat(update.executeUpdate()).as("the demo guild's stored permissions").isEqualTo(1);
        }
    }
}
