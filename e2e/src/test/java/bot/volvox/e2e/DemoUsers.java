package bot.volvox.e2e;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;

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

    String awaitReply(String interactionId) {
        DiscordSandbox sandbox = system.sandbox();
        AtomicReference<String> reply = new AtomicReference<>();
        await("the bot's answer to interaction " + interactionId).atMost(REPLY_TIMEOUT)
                .failFast("a service exited", () -> !system.allAlive())
                .until(() -> {
                    InteractionState state = sandbox.interaction(interactionId);
                    String answer = state.originalContent() != null ? state.originalContent()
                            : state.followups().isEmpty() ? state.callbackContent() : state.followups().get(0).content();
                    reply.set(answer);
                    return answer != null;
                });
        return reply.get();
    }
}
