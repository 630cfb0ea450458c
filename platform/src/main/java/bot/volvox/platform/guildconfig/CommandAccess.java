package bot.volvox.platform.guildconfig;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.commands.DiscordPermission;
import bot.volvox.platform.contract.EventPayload.Interaction;

/**
 * Who may run which slash command, for every service that handles commands: bot owners
 * ({@code BOT_OWNER_IDS}, comma-separated) always; nobody is checked when {@code permissions.enabled} or
 * {@code permissions.usePermissions} is false; otherwise the level in {@code permissions.allowedCommands.<command>}
 * ({@code everyone} | {@code moderator} | {@code admin}; missing → admin only; anything else → nobody).
 * The static checks take an effective configuration ({@link GuildConfigs#effective}) for callers that already hold it.
 */
@ApplicationScoped
public class CommandAccess {

    @ConfigProperty(name = "bot.owner.ids")
    Optional<List<String>> botOwnerIds;

    public boolean isBotOwner(Interaction interaction) {
        return interaction.user() != null
                && botOwnerIds.map(ids -> ids.stream().map(String::trim).anyMatch(interaction.user().id()::equals))
                        .orElse(false);
    }

    /** The refusal text when the invoker may not use {@code command}, or empty when allowed. */
    public static Optional<String> refusal(JsonNode config, Interaction invoker, boolean botOwner, String command) {
        if (botOwner || !flag(config, "permissions.enabled") || !flag(config, "permissions.usePermissions")) {
            return Optional.empty();
        }
        Optional<String> level = GuildConfigs.at(config, "permissions.allowedCommands." + command)
                .filter(JsonNode::isTextual).map(JsonNode::asText);
        boolean allowed = switch (level.orElse("admin")) {
            case "everyone" -> true;
            case "moderator" -> isModerator(config, invoker, false);
            case "admin" -> isAdmin(config, invoker, false);
            default -> false;
        };
        return allowed ? Optional.empty()
                : Optional.of("❌ You don't have permission to use `/" + command + "`.\n\nThis command requires "
                        + level.orElse("administrator") + " access.");
    }

    /** Bot owner, Administrator, or a role in {@code permissions.adminRoleIds} (or the legacy {@code adminRoleId}). */
    public static boolean isAdmin(JsonNode config, Interaction invoker, boolean botOwner) {
        return botOwner || DiscordPermission.ADMINISTRATOR.grantedIn(invoker.permissions())
                || holdsAny(invoker.roleIds(), adminRoleIds(config));
    }

    /**
     * An admin, Manage Server, or a role in {@code permissions.moderatorRoleIds} (or the legacy
     * {@code moderatorRoleId}).
     */
    public static boolean isModerator(JsonNode config, Interaction invoker, boolean botOwner) {
        return isAdmin(config, invoker, botOwner) || DiscordPermission.MANAGE_SERVER.grantedIn(invoker.permissions())
                || holdsAny(invoker.roleIds(), moderatorRoleIds(config));
    }

    public static Set<String> adminRoleIds(JsonNode config) {
        return roleIds(config, "permissions.adminRoleIds", "permissions.adminRoleId");
    }

    public static Set<String> moderatorRoleIds(JsonNode config) {
        return roleIds(config, "permissions.moderatorRoleIds", "permissions.moderatorRoleId");
    }

    public static boolean holdsAny(List<String> roles, Set<String> wanted) {
        return roles != null && roles.stream().anyMatch(wanted::contains);
    }

    private static Set<String> roleIds(JsonNode config, String listPath, String legacyPath) {
        Set<String> ids = new HashSet<>();
        GuildConfigs.at(config, listPath).filter(JsonNode::isArray).ifPresent(a -> a.forEach(n -> ids.add(n.asText())));
        GuildConfigs.at(config, legacyPath).filter(JsonNode::isTextual).ifPresent(n -> ids.add(n.asText()));
        return ids;
    }

    private static boolean flag(JsonNode config, String path) {
        return GuildConfigs.at(config, path).map(JsonNode::asBoolean).orElse(true);
    }
}
