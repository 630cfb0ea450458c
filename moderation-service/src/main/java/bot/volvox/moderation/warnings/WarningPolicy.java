package bot.volvox.moderation.warnings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import bot.volvox.platform.guildconfig.GuildConfigs;

/** Points and expiry of a new warning. */
public final class WarningPolicy {
    public static final Set<String> SEVERITIES = Set.of("low", "medium", "high");

    public static int points(JsonNode config, String severity) {
        return GuildConfigs.at(config, "moderation.warnings.severityPoints." + severity)
                .filter(JsonNode::isNumber).map(JsonNode::asInt)
                .orElse(switch (severity) {
                    case "medium" -> 2;
                    case "high" -> 3;
                    default -> 1;
                });
    }

    /** {@code now + expiryDays} calendar days (UTC), or null when expiryDays is not a positive number. */
    public static Instant expiresAt(JsonNode config, Instant now) {
        return GuildConfigs.at(config, "moderation.warnings.expiryDays")
                .filter(JsonNode::isNumber).map(JsonNode::asInt).filter(days -> days > 0)
                .map(days -> now.atZone(ZoneOffset.UTC).plusDays(days).toInstant())
                .orElse(null);
    }

    public static WarningDraft draft(JsonNode config, String severity, Instant now) {
        return new WarningDraft(severity, points(config, severity), expiresAt(config, now));
    }

    private WarningPolicy() {
    }
}
