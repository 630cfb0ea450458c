package bot.volvox.moderation.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.guildconfig.GuildConfig;

/** The mod-log post of a case. */
public final class ModLog {

    /** The {@code moderation.logging.channels} key of an action. */
    public static String category(String action) {
        return switch (action) {
            case "warn" -> "warns";
            case "kick" -> "kicks";
            case "timeout", "untimeout" -> "timeouts";
            case "ban", "tempban", "unban", "softban" -> "bans";
            case "purge" -> "purges";
            case "lock", "unlock", "slowmode" -> "locks";
            default -> "default";
        };
    }

    /** The channel a case is posted to: its category's, else the default one; none when both are unset. */
    public static Optional<String> channel(GuildConfig config, String action) {
        Map<String, String> channels = config.moderation().logging().channels();
        return Optional.ofNullable(channels.get(category(action))).filter(id -> !id.isBlank())
                .or(() -> Optional.ofNullable(channels.get("default")).filter(id -> !id.isBlank()));
    }

    public static int color(String action) {
        return switch (action) {
            case "warn" -> 0xFEE75C;
            case "kick", "ban", "tempban", "softban" -> 0xED4245;
            case "timeout", "lock" -> 0xE67E22;
            case "untimeout", "unban", "unlock" -> 0x57F287;
            default -> 0x5865F2;
        };
    }

    public static Embed embed(ModCase modCase) {
        List<EmbedField> fields = new ArrayList<>();
        boolean channelTarget = modCase.targetTag() != null && modCase.targetTag().startsWith("#");
        fields.add(new EmbedField("Target", (channelTarget ? "<#" : "<@") + modCase.targetId() + "> ("
                + modCase.targetTag() + ")", true));
        fields.add(new EmbedField("Moderator", "<@" + modCase.moderatorId() + "> (" + modCase.moderatorTag() + ")",
                true));
        fields.add(new EmbedField("Reason", modCase.reason() == null ? "No reason provided" : modCase.reason(), false));
        if (modCase.duration() != null) {
            fields.add(new EmbedField("Duration", modCase.duration(), true));
        }
        return new Embed("Case #" + modCase.caseNumber() + " — " + modCase.action().toUpperCase(Locale.ROOT), null,
                color(modCase.action()), fields, "Case #" + modCase.caseNumber(), modCase.createdAt(), null);
    }

    private ModLog() {
    }
}
