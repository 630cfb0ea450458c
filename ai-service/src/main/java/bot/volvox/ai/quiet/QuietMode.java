package bot.volvox.ai.quiet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.redis.SharedCache;
import io.smallrye.mutiny.Uni;

/**
 * Quiet mode (spec §3.8): with {@code quietMode.enabled}, "@bot quiet [30m]" silences the bot's AI in a channel for
 * a while, "@bot unquiet" lifts it, "@bot status" tells how long is left. The state is the original's key
 * {@code quiet:{guildId}:{channelId}} in {@link SharedCache} (Redis, this replica's memory while Redis is away), so
 * every replica honours it. Permission by roles ({@code quietMode.allowedRoles}); a message carries no permission
 * bits, so Administrator alone does not count, only the configured admin/moderator roles.
 */
@ApplicationScoped
public class QuietMode {
    static final Set<String> ON = Set.of("quiet", "shush", "silence", "stop", "hush", "mute");
    static final Set<String> OFF = Set.of("unquiet", "resume", "unshush", "unmute", "wake", "start");
    static final Set<String> STATUS = Set.of("status", "time", "remaining");
    static final Duration MIN = Duration.ofSeconds(60);
    static final Duration MAX = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile(
            "(\\d{1,9})\\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\\b", Pattern.CASE_INSENSITIVE);

    @Inject
    SharedCache cache;

    static String key(String guildId, String channelId) {
        return "quiet:" + guildId + ":" + channelId;
    }

    public Uni<Boolean> isQuiet(String guildId, String channelId) {
        return cache.get(key(guildId, channelId)).map(value -> value.filter(v -> until(v).isAfter(Instant.now()))
                .isPresent());
    }

    /**
     * The answer when {@code text} (the message without the bot's mention) is a quiet-mode command, which then
     * consumes the message; empty otherwise.
     */
    public Uni<Optional<String>> command(GuildConfig config, String guildId, String channelId, String userId,
            List<String> roleIds, String text) {
        String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        boolean on = ON.contains(first);
        boolean off = OFF.contains(first);
        if (!on && !off && !STATUS.contains(first)) {
            return Uni.createFrom().item(Optional.empty());
        }
        String key = key(guildId, channelId);
        if (!on && !off) {
            return cache.get(key).map(value -> Optional.of(value.map(QuietMode::until)
                    .filter(until -> until.isAfter(Instant.now()))
                    .map(until -> "🤫 Quiet in this channel until <t:" + until.getEpochSecond() + ":t> ("
                            + Durations.format(Duration.ofSeconds(Math.max(1,
                                    until.getEpochSecond() - Instant.now().getEpochSecond()))) + " left).")
                    .orElse("🔊 I'm not quiet in this channel.")));
        }
        if (!allowed(config, roleIds)) {
            return Uni.createFrom().item(Optional.of("❌ You can't change quiet mode here."));
        }
        if (off) {
            return cache.invalidate(key).replaceWith(Optional.of("👋 I'm back: quiet mode lifted in this channel."));
        }
        Duration duration = duration(text, config.quietMode());
        Instant until = Instant.now().plus(duration);
        String value = "{\"until\": " + until.toEpochMilli() + ", \"by\": \"" + userId + "\"}";
        return cache.put(key, value, duration).replaceWith(Optional.of("🤫 Going quiet in this channel for "
                + Durations.format(duration) + " (until <t:" + until.getEpochSecond() + ":t>). Mention me with "
                + "`unquiet` to lift it."));
    }

    /** The duration in the text (30m, 2h, 1 day, 45 minutes…), else the default; clamped to [60 s, max]. */
    static Duration duration(String text, GuildConfig.QuietMode settings) {
        Duration max = Duration.ofMinutes(settings.maxDurationMinutes());
        max = max.compareTo(MAX) < 0 ? max : MAX;
        Duration wanted = Duration.ofMinutes(settings.defaultDurationMinutes());
        Matcher found = DURATION.matcher(text);
        if (found.find()) {
            Optional<Duration> parsed = Durations.parse(found.group(1)
                    + found.group(2).toLowerCase(Locale.ROOT).charAt(0));
            if (parsed.isPresent()) {
                wanted = parsed.get();
            }
        }
        if (wanted.compareTo(MIN) < 0) {
            return MIN;
        }
        return wanted.compareTo(max) > 0 ? max : wanted;
    }

    static boolean allowed(GuildConfig config, List<String> roleIds) {
        List<String> roles = roleIds == null ? List.of() : roleIds;
        Set<String> wanted = new HashSet<>();
        for (String allowed : config.quietMode().allowedRoles()) {
            switch (allowed) {
                case "any" -> {
                    return true;
                }
                case "admin" -> wanted.addAll(CommandAccess.adminRoleIds(config));
                case "moderator" -> {
                    wanted.addAll(CommandAccess.adminRoleIds(config));
                    wanted.addAll(CommandAccess.moderatorRoleIds(config));
                }
                default -> wanted.add(allowed);
            }
        }
        return CommandAccess.holdsAny(roles, wanted);
    }

    private static Instant until(String json) {
        Matcher millis = Pattern.compile("\"until\"\\s*:\\s*(\\d+)").matcher(json);
        return millis.find() ? Instant.ofEpochMilli(Long.parseLong(millis.group(1))) : Instant.EPOCH;
    }
}
