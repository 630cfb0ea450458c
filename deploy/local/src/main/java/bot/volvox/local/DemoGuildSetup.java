package bot.volvox.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;

/**
 * What the demo guild's admin does first, so that every example the demo prints works: through {@code /config set}
 * in the sandbox, as a real admin would. Only the sandbox's demo guild is configured this way; a real guild keeps the
 * original bot's defaults (no moderator role, ban admin-only, no mod-log channel, reminders and announcements off).
 * Setting the same values again is harmless, so it runs at every start of {@code ./volvox run}.
 */
public final class DemoGuildSetup {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    private static final Pattern TRY_AGAIN = Pattern.compile("Try again in (\\d+) second");

    private DemoGuildSetup() {
    }

    /** The demo guild's settings, path → value as typed into {@code /config set}. */
    public static Map<String, String> settings(DemoGuild demo) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("permissions.moderatorRoleId", demo.moderatorRoleId());
        // admin-only by default, as in the original: the demo's moderator bans too
        settings.put("permissions.allowedCommands.ban", "moderator");
        settings.put("permissions.allowedCommands.tempban", "moderator");
        // admin-only by default, as in the original: every demo user may ask what they can run
        settings.put("permissions.allowedCommands.help", "everyone");
        settings.put("moderation.logging.channels.default", demo.modLogChannelId());
        settings.put("reminders.enabled", "true");
        settings.put("announce.enabled", "true");
        return settings;
    }

    /** Runs the admin's {@code /config set} for each setting and waits for each answer; fails on a refusal. */
    public static void configure(DiscordSandbox sandbox) {
        settings(sandbox.demo()).forEach((path, value) -> {
            String answer = configSet(sandbox, path, value);
            if (!answer.startsWith("✅")) {
                throw new IllegalStateException("the demo guild's /config set " + path + " was refused: " + answer);
            }
        });
    }

    private static String configSet(DiscordSandbox sandbox, String path, String value) {
        while (true) {
            String id = sandbox.runSlashCommand("admin", "general", "config set", Map.of("path", path, "value", value));
            AtomicReference<String> answer = new AtomicReference<>();
            Await.until("the answer to the demo admin's /config set " + path, ANSWER_WITHIN, () -> {
                answer.set(sandbox.interaction(id).answer());
                return answer.get() != null;
            }, () -> { }, () -> "");
            Matcher limited = TRY_AGAIN.matcher(answer.get());
            if (!answer.get().startsWith("⏳") || !limited.find()) {
                return answer.get();
            }
            // the per-user command limit (5 in 10 s) holds for the demo admin too: wait as a person would
            LockSupport.parkNanos(Duration.ofSeconds(Long.parseLong(limited.group(1))).toNanos());
        }
    }
}
