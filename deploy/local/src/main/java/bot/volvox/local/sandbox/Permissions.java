package bot.volvox.local.sandbox;

import java.util.Collection;

/** Discord permission bits and the documented overwrite algorithm (guild base, then @everyone, roles, member). */
public final class Permissions {
    public static final long KICK_MEMBERS = 1L << 1;
    public static final long BAN_MEMBERS = 1L << 2;
    public static final long ADMINISTRATOR = 1L << 3;
    public static final long MANAGE_CHANNELS = 1L << 4;
    public static final long MANAGE_GUILD = 1L << 5;
    public static final long ADD_REACTIONS = 1L << 6;
    public static final long VIEW_AUDIT_LOG = 1L << 7;
    public static final long VIEW_CHANNEL = 1L << 10;
    public static final long SEND_MESSAGES = 1L << 11;
    public static final long MANAGE_MESSAGES = 1L << 13;
    public static final long EMBED_LINKS = 1L << 14;
    public static final long ATTACH_FILES = 1L << 15;
    public static final long READ_MESSAGE_HISTORY = 1L << 16;
    public static final long MENTION_EVERYONE = 1L << 17;
    public static final long USE_EXTERNAL_EMOJIS = 1L << 18;
    public static final long CONNECT = 1L << 20;
    public static final long SPEAK = 1L << 21;
    public static final long MOVE_MEMBERS = 1L << 24;
    public static final long USE_VAD = 1L << 25;
    public static final long CHANGE_NICKNAME = 1L << 26;
    public static final long MANAGE_NICKNAMES = 1L << 27;
    public static final long MANAGE_ROLES = 1L << 28;
    public static final long USE_APPLICATION_COMMANDS = 1L << 31;
    public static final long MODERATE_MEMBERS = 1L << 40;
    /** Every bit Discord defined when this sandbox was written; what ADMINISTRATOR grants. */
    public static final long ALL = (1L << 51) - 1;

    private Permissions() {
    }

    /** One permission overwrite on a channel: type 0 = role, 1 = member. */
    public record Overwrite(long id, int type, long allow, long deny) {
    }

    static long base(long everyonePermissions, Collection<Long> rolePermissions, boolean owner) {
        if (owner) {
            return ALL;
        }
        long permissions = everyonePermissions;
        for (long rolePermission : rolePermissions) {
            permissions |= rolePermission;
        }
        return (permissions & ADMINISTRATOR) != 0 ? ALL : permissions;
    }

    static long inChannel(long base, long guildId, long userId, Collection<Long> memberRoleIds,
                          Collection<Overwrite> overwrites) {
        if ((base & ADMINISTRATOR) != 0) {
            return ALL;
        }
        long permissions = base;
        for (Overwrite overwrite : overwrites) {
            if (overwrite.type() == 0 && overwrite.id() == guildId) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        long allow = 0;
        long deny = 0;
        for (Overwrite overwrite : overwrites) {
            if (overwrite.type() == 0 && overwrite.id() != guildId && memberRoleIds.contains(overwrite.id())) {
                allow |= overwrite.allow();
                deny |= overwrite.deny();
            }
        }
        permissions = (permissions & ~deny) | allow;
        for (Overwrite overwrite : overwrites) {
            if (overwrite.type() == 1 && overwrite.id() == userId) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        return permissions;
    }
}
