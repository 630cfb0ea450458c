package bot.volvox.sandbox;

/** Discord permission bits and channel overwrites; {@link PermissionCalculator} applies them. */
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
}
