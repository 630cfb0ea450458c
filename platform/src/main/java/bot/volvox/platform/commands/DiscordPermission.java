package bot.volvox.platform.commands;

/** The Discord permissions the registry refers to, with their bit offsets (names as JDA's {@code Permission}). */
public enum DiscordPermission {
    KICK_MEMBERS(1),
    BAN_MEMBERS(2),
    ADMINISTRATOR(3),
    MANAGE_CHANNEL(4),
    MANAGE_SERVER(5),
    VIEW_CHANNEL(10),
    MESSAGE_SEND(11),
    MESSAGE_MANAGE(13),
    MESSAGE_EMBED_LINKS(14),
    MESSAGE_HISTORY(16),
    MANAGE_ROLES(28),
    MODERATE_MEMBERS(40);

    private final int offset;

    DiscordPermission(int offset) {
        this.offset = offset;
    }

    public long bit() {
        return 1L << offset;
    }

    /** Whether Discord's permission bit set (decimal string, as in interaction events) grants this permission. */
    public boolean grantedIn(String permissions) {
        long bits = permissions == null ? 0 : Long.parseUnsignedLong(permissions);
        return (bits & ADMINISTRATOR.bit()) != 0 || (bits & bit()) != 0;
    }
}
