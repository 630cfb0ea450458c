package bot.volvox.ai.chat;

import java.util.Locale;

import bot.volvox.platform.guildconfig.GuildConfig;

/** Spec §3.1: the mode of a channel and whether AI may answer there at all. */
public final class ChannelModes {
    public enum Mode { OFF, MENTION, VIBE }

    private ChannelModes() {
    }

    /**
     * Spec §3.1 {@code getChannelMode}: the channel or, for a thread, its parent blocked → off; else
     * {@code ai.channelModes[parent]} (a thread inherits its channel's mode), else {@code ai.channelModes[channel]},
     * else {@code ai.defaultChannelMode}; an invalid value → the default mode ({@code mention}).
     *
     * @param parentChannelId the thread's channel ({@code message.created}'s {@code parentChannelId}), null outside
     *        threads
     */
    public static Mode mode(GuildConfig.Ai ai, String channelId, String parentChannelId) {
        if (ai.blockedChannelIds().contains(channelId)
                || parentChannelId != null && ai.blockedChannelIds().contains(parentChannelId)) {
            return Mode.OFF;
        }
        Mode fallback = parse(ai.defaultChannelMode(), Mode.MENTION);
        String inherited = ai.channelModes() == null || parentChannelId == null ? null
                : ai.channelModes().get(parentChannelId);
        String configured = inherited != null ? inherited
                : ai.channelModes() == null ? null : ai.channelModes().get(channelId);
        return configured == null ? fallback : parse(configured, fallback);
    }

    /** {@code ai.channels} empty (every channel) or naming this one (for a thread: its parent). */
    public static boolean allowed(GuildConfig.Ai ai, String channelId, String parentChannelId) {
        return ai.channels().isEmpty() || ai.channels().contains(parentChannelId != null ? parentChannelId : channelId);
    }

    private static Mode parse(String value, Mode fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
