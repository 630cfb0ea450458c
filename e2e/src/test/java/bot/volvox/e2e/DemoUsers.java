package bot.volvox.e2e;

import bot.volvox.sandbox.DiscordSandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** What a demo user of the sandbox guild does: run a slash command and read the bot's answer. */
final class DemoUsers {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final WholeSystem system;

    DemoUsers(WholeSystem system) {
        this.system = system;
    }

    /** Runs {@code command} as {@code user} in #general and returns the interaction id at once. */
    String run(String user, String command, Map<String, ?> options) {
        return runIn("general", user, command, options);
    }

    String runIn(String channel, String user, String command, Map<String, ?> options) {
        return system.sandbox().runSlashCommand(user, channel, command, options);
    }

    /**
     * Runs {@code command} and waits for the bot's answer: the edited deferred reply, or else its first
     * follow-up message.
     */
    String runAndAwaitReply(String user, String command, Map<String, ?> options) {
        return awaitReply(run(user, command, options));
    }

    /**
     * Puts demo user {@code user} back into the guild, as the demo starts: other scenarios ban, tempban or kick the
     * demo members. A ban is lifted by the admin's {@code /unban}.
     */
    void ensureMember(String user) {
        DiscordSandbox sandbox = system.sandbox();
        String id = sandbox.demo().users().get(user);
        if (sandbox.bans().containsKey(id)) {
            String reply = runAndAwaitReply("admin", "unban", Map.of("user_id", id));
            if (!reply.startsWith("✅")) {
                throw new IllegalStateException("could not unban " + user + ": " + reply);
            }
        }
        sandbox.memberJoin(user);
    }

    String awaitReply(String interactionId) {
        DiscordSandbox sandbox = system.sandbox();
        AtomicReference<String> reply = new AtomicReference<>();
        await("the bot's answer to interaction " + interactionId).atMost(REPLY_TIMEOUT)
                .failFast("a service exited", () -> !system.allAlive())
                .until(() -> {
                    reply.set(sandbox.interaction(interactionId).answer());
                    return reply.get() != null;
                });
        return reply.get();
    }
}
