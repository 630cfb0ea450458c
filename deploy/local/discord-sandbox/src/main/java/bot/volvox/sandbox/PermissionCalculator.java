package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Channel;
import bot.volvox.sandbox.Entities.Member;
import bot.volvox.sandbox.Entities.Role;

import java.util.Collection;

import static bot.volvox.sandbox.Permissions.ADMINISTRATOR;
import static bot.volvox.sandbox.Permissions.ALL;

/**
 * Discord's documented permission algorithm over the sandbox's guild: base permissions (owner, @everyone, roles,
 * ADMINISTRATOR), then a channel's overwrites (@everyone, roles, member), then a timeout; and the role hierarchy
 * that decides whom the bot may act on. Failures are Discord's 403 errors.
 */
final class PermissionCalculator {
    /** What anyone may do in a DM channel. */
    private static final long IN_DM = Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES
            | Permissions.READ_MESSAGE_HISTORY | Permissions.ADD_REACTIONS | Permissions.EMBED_LINKS
            | Permissions.ATTACH_FILES;
    /** What a timed-out member keeps. */
    private static final long WHILE_TIMED_OUT = Permissions.VIEW_CHANNEL | Permissions.READ_MESSAGE_HISTORY;

    private final SandboxState state;

    PermissionCalculator(SandboxState state) {
        this.state = state;
    }

    long base(long userId) {
        Member member = state.members.get(userId);
        if (member == null) {
            return 0;
        }
        if (userId == state.ownerId) {
            return ALL;
        }
        long permissions = state.roles.get(state.guildId).permissions();
        for (long roleId : member.roles()) {
            Role role = state.roles.get(roleId);
            if (role != null) {
                permissions |= role.permissions();
            }
        }
        return (permissions & ADMINISTRATOR) != 0 ? ALL : permissions;
    }

    long inChannel(long userId, Channel channel) {
        if (channel.isDm()) {
            return IN_DM;
        }
        Member member = state.members.get(userId);
        if (member == null) {
            return 0;
        }
        long base = base(userId);
        if ((base & ADMINISTRATOR) != 0) {
            return ALL;
        }
        long permissions = applyOverwrites(base, userId, member.roles(), channel.overwrites().values());
        return member.timedOut(state.now()) ? permissions & WHILE_TIMED_OUT : permissions;
    }

    private long applyOverwrites(long base, long userId, Collection<Long> memberRoleIds,
                                 Collection<Permissions.Overwrite> overwrites) {
        long permissions = base;
        for (Permissions.Overwrite overwrite : overwrites) {
            if (overwrite.type() == 0 && overwrite.id() == state.guildId) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        long allow = 0;
        long deny = 0;
        for (Permissions.Overwrite overwrite : overwrites) {
            if (overwrite.type() == 0 && overwrite.id() != state.guildId && memberRoleIds.contains(overwrite.id())) {
                allow |= overwrite.allow();
                deny |= overwrite.deny();
            }
        }
        permissions = (permissions & ~deny) | allow;
        for (Permissions.Overwrite overwrite : overwrites) {
            if (overwrite.type() == 1 && overwrite.id() == userId) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        return permissions;
    }

    void requireBotInGuild(long permission) {
        if ((base(state.botId) & permission) != permission) {
            throw DiscordApiException.missingPermissions();
        }
    }

    void requireBotInChannel(Channel channel, long permission) {
        long permissions = inChannel(state.botId, channel);
        if ((permissions & Permissions.VIEW_CHANNEL) == 0) {
            throw DiscordApiException.missingAccess();
        }
        if ((permissions & permission) != permission) {
            throw DiscordApiException.missingPermissions();
        }
    }

    int topRolePosition(long userId) {
        Member member = state.members.get(userId);
        int top = 0;
        if (member != null) {
            for (long roleId : member.roles()) {
                Role role = state.roles.get(roleId);
                if (role != null) {
                    top = Math.max(top, role.position());
                }
            }
        }
        return top;
    }

    /** Discord refuses to act on the owner or on anyone whose top role is not below the bot's. */
    void requireBotAbove(long targetUserId) {
        if (targetUserId == state.ownerId || topRolePosition(targetUserId) >= topRolePosition(state.botId)) {
            throw DiscordApiException.missingPermissions();
        }
    }

    void requireBotAboveRole(Role role) {
        if (role.position() >= topRolePosition(state.botId)) {
            throw DiscordApiException.missingPermissions();
        }
    }
}
