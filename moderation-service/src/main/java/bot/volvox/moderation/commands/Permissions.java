package bot.volvox.moderation.commands;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;

/**
 * Whom a moderator may act on. Who may use which command is platform's
 * {@link CommandAccess}, shared with the other services.
 */
public final class Permissions {

    /** Protected targets: admins/moderators by role, extra roles, the owner; Administrator alone is not. */
    public static boolean isProtected(JsonNode config, ResolvedUser target, boolean targetIsOwner) {
        if (!GuildConfigs.at(config, "moderation.protectRoles.enabled").map(JsonNode::asBoolean).orElse(true)) {
            return false;
        }
        if (targetIsOwner && flag(config, "includeServerOwner")) {
            return true;
        }
        Set<String> roles = new HashSet<>();
        if (flag(config, "includeAdmins")) {
            roles.addAll(CommandAccess.adminRoleIds(config));
        }
        if (flag(config, "includeModerators")) {
            roles.addAll(CommandAccess.moderatorRoleIds(config));
        }
        GuildConfigs.at(config, "moderation.protectRoles.roleIds").filter(JsonNode::isArray)
                .ifPresent(a -> a.forEach(n -> roles.add(n.asText())));
        return CommandAccess.holdsAny(target.roleIds(), roles);
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
