package bot.volvox.platform.contract;

/**
 * Kafka record keys: one guild's records share a partition so they stay in order; direct messages have no guild and
 * are keyed per user instead.
 */
public final class RecordKeys {
    public static final String DM_PREFIX = "dm:";

    public static String forGuild(String guildId) {
        return guildId;
    }

    public static String forDirectMessage(String userId) {
        return DM_PREFIX + userId;
    }

    /** The key for a record about {@code guildId} (null for a DM) concerning {@code userId}. */
    public static String of(String guildId, String userId) {
        return guildId != null ? forGuild(guildId) : forDirectMessage(userId);
    }

    private RecordKeys() {
    }
}
