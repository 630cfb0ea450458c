package bot.volvox.moderation.commands;

import java.util.HashSet;
import java.util.Set;

import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfig;

/**
 * Whom a moderator may act on. Who may use which command is platform's
 * {@link CommandAccess}, shared with the other services.
 */
public final class Permissions {

    /** Protected targets: admins/moderators by role, extra roles, the owner; Administrator alone is not. */
    public static boolean isProtected(GuildConfig config, ResolvedUser target, boolean targetIsOwner) {
        GuildConfig.ProtectRoles protect = config.moderation().protectRoles();
        if (!protect.enabled()) {
            return false;
        }
        if (targetIsOwner && protect.includeServerOwner()) {
            return true;
        }
        Set<String> roles = new HashSet<>(protect.roleIds());
        if (protect.includeAdmins()) {
            roles.addAll(CommandAccess.adminRoleIds(config));
        }
        if (protect.includeModerators()) {
            roles.addAll(CommandAccess.moderatorRoleIds(config));
        }
        return CommandAccess.holdsAny(target.roleIds(), roles);
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
