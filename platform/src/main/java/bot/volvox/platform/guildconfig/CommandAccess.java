package bot.volvox.platform.guildconfig;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
    public static Optional<String> refusal(GuildConfig config, Interaction invoker, boolean botOwner, String command) {
        GuildConfig.Permissions permissions = config.permissions();
        if (botOwner || !permissions.enabled() || !permissions.usePermissions()) {
            return Optional.empty();
        }
        Optional<String> level = Optional.ofNullable(permissions.allowedCommands().get(command));
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
    public static boolean isAdmin(GuildConfig config, Interaction invoker, boolean botOwner) {
        return botOwner || DiscordPermission.ADMINISTRATOR.grantedIn(invoker.permissions())
                || holdsAny(invoker.roleIds(), adminRoleIds(config));
    }

    /**
     * An admin, Manage Server, or a role in {@code permissions.moderatorRoleIds} (or the legacy
     * {@code moderatorRoleId}).
     */
    public static boolean isModerator(GuildConfig config, Interaction invoker, boolean botOwner) {
        return isAdmin(config, invoker, botOwner) || DiscordPermission.MANAGE_SERVER.grantedIn(invoker.permissions())
                || holdsAny(invoker.roleIds(), moderatorRoleIds(config));
    }

    public static Set<String> adminRoleIds(GuildConfig config) {
        return roleIds(config.permissions().adminRoleIds(), config.permissions().adminRoleId());
    }

    public static Set<String> moderatorRoleIds(GuildConfig config) {
        return roleIds(config.permissions().moderatorRoleIds(), config.permissions().moderatorRoleId());
    }

    public static boolean holdsAny(List<String> roles, Set<String> wanted) {
        return roles != null && roles.stream().anyMatch(wanted::contains);
    }

    private static Set<String> roleIds(List<String> list, String legacy) {
        Set<String> ids = new HashSet<>(list);
        if (legacy != null) {
            ids.add(legacy);
        }
        return ids;
    }
}
