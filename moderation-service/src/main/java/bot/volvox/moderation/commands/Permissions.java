package bot.volvox.moderation.commands;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.guildconfig.GuildConfigs;

/** Who may use which command, and whom a moderator may act on (behavior.md §2.1, §2.2). */
public final class Permissions {
    static final int ADMINISTRATOR_BIT = 3;
    static final int MANAGE_GUILD_BIT = 5;

    public static boolean hasBit(String permissions, int bit) {
        if (permissions == null || permissions.isBlank()) {
            return false;
        }
        try {
            return new BigInteger(permissions.trim()).testBit(bit);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Set<String> roleIds(JsonNode config, String listPath, String legacyPath) {
        Set<String> ids = new HashSet<>();
        GuildConfigs.at(config, listPath).filter(JsonNode::isArray).ifPresent(a -> a.forEach(n -> ids.add(n.asText())));
        GuildConfigs.at(config, legacyPath).filter(JsonNode::isTextual).ifPresent(n -> ids.add(n.asText()));
        return ids;
    }

    static Set<String> adminRoles(JsonNode config) {
        return roleIds(config, "permissions.adminRoleIds", "permissions.adminRoleId");
    }

    static Set<String> moderatorRoles(JsonNode config) {
        return roleIds(config, "permissions.moderatorRoleIds", "permissions.moderatorRoleId");
    }

    private static boolean holdsAny(List<String> roles, Set<String> wanted) {
        return roles != null && roles.stream().anyMatch(wanted::contains);
    }

    public static boolean isAdmin(JsonNode config, Interaction invoker, boolean botOwner) {
        return botOwner || hasBit(invoker.permissions(), ADMINISTRATOR_BIT) || holdsAny(invoker.roleIds(), adminRoles(config));
    }

    public static boolean isModerator(JsonNode config, Interaction invoker, boolean botOwner) {
        return isAdmin(config, invoker, botOwner) || hasBit(invoker.permissions(), MANAGE_GUILD_BIT)
                || holdsAny(invoker.roleIds(), moderatorRoles(config));
    }

    /**
     * Null when the invoker may use {@code command}; otherwise the refusal. A command missing from
     * {@code permissions.allowedCommands} is admin-only.
     */
    public static String refusal(JsonNode config, Interaction invoker, boolean botOwner, String command) {
        if (botOwner) {
            return null;
        }
        boolean enabled = GuildConfigs.at(config, "permissions.enabled").map(JsonNode::asBoolean).orElse(true);
        boolean use = GuildConfigs.at(config, "permissions.usePermissions").map(JsonNode::asBoolean).orElse(true);
        if (!enabled || !use) {
            return null;
        }
        Optional<String> level = GuildConfigs.at(config, "permissions.allowedCommands." + command).map(JsonNode::asText);
        boolean allowed = switch (level.orElse("admin")) {
            case "everyone" -> true;
            case "moderator" -> isModerator(config, invoker, false);
            case "admin" -> isAdmin(config, invoker, false);
            default -> false;
        };
        return allowed ? null : "❌ You don't have permission to use `/" + command + "`.\n\nThis command requires "
                + level.orElse("administrator") + " access.";
    }

    /** Protected targets (§2.2): admins/moderators by role, extra roles, the owner; Administrator alone is not. */
    public static boolean isProtected(JsonNode config, ResolvedUser target, boolean targetIsOwner) {
        if (!GuildConfigs.at(config, "moderation.protectRoles.enabled").map(JsonNode::asBoolean).orElse(true)) {
            return false;
        }
        if (targetIsOwner && flag(config, "includeServerOwner")) {
            return true;
        }
        Set<String> roles = new HashSet<>();
        if (flag(config, "includeAdmins")) {
            roles.addAll(adminRoles(config));
        }
        if (flag(config, "includeModerators")) {
            roles.addAll(moderatorRoles(config));
        }
        GuildConfigs.at(config, "moderation.protectRoles.roleIds").filter(JsonNode::isArray)
                .ifPresent(a -> a.forEach(n -> roles.add(n.asText())));
        return holdsAny(target.roleIds(), roles);
    }

    private static boolean flag(JsonNode config, String name) {
        return GuildConfigs.at(config, "moderation.protectRoles." + name).map(JsonNode::asBoolean).orElse(true);
    }

    /** Whether the invoker outranks the target (an owner outranks everyone; a target owner outranks all). */
    public static boolean outranks(Interaction invoker, ResolvedUser target) {
        if (invoker.guildOwner()) {
            return true;
        }
        int targetPosition = target.topRolePosition() == null ? 0 : target.topRolePosition();
        return invoker.topRolePosition() > targetPosition;
    }

    /**
     * Whether the bot's own top role is above the target's, as Discord requires for acting on a member. An event
     * without the bot's position (written before the gateway sent it) leaves the check to Discord.
     */
    public static boolean botOutranks(Interaction invoker, ResolvedUser target) {
        if (invoker.botTopRolePosition() == null) {
            return true;
        }
        int targetPosition = target.topRolePosition() == null ? 0 : target.topRolePosition();
        return invoker.botTopRolePosition() > targetPosition;
    }

    private Permissions() {
    }
}
