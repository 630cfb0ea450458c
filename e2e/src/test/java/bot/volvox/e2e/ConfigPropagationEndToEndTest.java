package bot.volvox.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration change made in moderation-service reaches another process, scheduler-service, within a second:
 * once by an admin's {@code /config set}, once through {@code PATCH /api/v1/guilds/{id}/config}. What the scheduler
 * answers to {@code /remind list} shows which value it holds ("not enabled" or a list).
 */
class ConfigPropagationEndToEndTest extends WholeSystemTest {
    static final Duration PROMISE = Duration.ofSeconds(1);
    static final String NOT_ENABLED = "❌ Reminders are not enabled on this server.";

    @Test
    void aChangeByCommandAndOneByTheApiReachTheSchedulerWithinASecond() {
        try {
            // the scheduler holds the guild's configuration in memory from now on: a change must reach that copy
            assertThat(users.runAndAwaitReply("alice", "remind list", Map.of())).isNotEqualTo(NOT_ENABLED);
            String reply = users.runAndAwaitReply("admin", "config set",
                    Map.of("path", "reminders.enabled", "value", "false"));
            assertThat(reply).startsWith("✅");
            Duration byCommand = untilTheSchedulerAnswers(true);

            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"reminders\": {\"enabled\": true}}");
            Duration byApi = untilTheSchedulerAnswers(false);

            System.out.printf("config propagation to scheduler-service: /config set %d ms, PATCH %d ms%n",
                    byCommand.toMillis(), byApi.toMillis());
            assertThat(byCommand).as("/config set → scheduler").isLessThanOrEqualTo(PROMISE);
            assertThat(byApi).as("PATCH → scheduler").isLessThanOrEqualTo(PROMISE);
        } finally {
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"reminders\": {\"enabled\": true}}");
        }
    }

    /**
     * From now (the change is committed and announced: its writer has answered) until the first {@code /remind
     * list} sent whose answer shows the new value; commands are sent one after another, each awaiting its answer.
     */
    private Duration untilTheSchedulerAnswers(boolean disabled) {
        long changed = System.nanoTime();
        for (int attempt = 0; attempt < 200; attempt++) {
            long sent = System.nanoTime();
            String answer = users.runAndAwaitReply("alice", "remind list", Map.of());
            if (answer.equals(NOT_ENABLED) == disabled) {
                return Duration.ofNanos(sent - changed);
            }
        }
        throw new AssertionError("scheduler-service never saw the change");
    }
}
