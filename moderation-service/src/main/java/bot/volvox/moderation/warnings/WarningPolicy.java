package bot.volvox.moderation.warnings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import bot.volvox.platform.guildconfig.GuildConfig;

/** Points and expiry of a new warning. */
public final class WarningPolicy {
    public static final Set<String> SEVERITIES = Set.of("low", "medium", "high");

    /** The points of a severity; a severity the guild's table lacks counts as the table's {@code low}. */
    public static int points(GuildConfig config, String severity) {
        Map<String, Integer> points = config.moderation().warnings().severityPoints();
        return points.getOrDefault(severity, points.getOrDefault("low", 1));
    }

    /** {@code now + expiryDays} calendar days (UTC), or null when expiryDays is not positive (never expires). */
    public static Instant expiresAt(GuildConfig config, Instant now) {
        int days = config.moderation().warnings().expiryDays();
        return days > 0 ? now.atZone(ZoneOffset.UTC).plusDays(days).toInstant() : null;
    }

    public static WarningDraft draft(GuildConfig config, String severity, Instant now) {
        return new WarningDraft(severity, points(config, severity), expiresAt(config, now));
    }

    private WarningPolicy() {
    }
}
