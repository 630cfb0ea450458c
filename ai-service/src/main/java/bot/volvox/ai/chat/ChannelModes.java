package bot.volvox.ai.chat;

import java.util.Locale;

import bot.volvox.platform.guildconfig.GuildConfig;

/** Spec §3.1: the mode of a channel and whether AI may answer there at all. */
public final class ChannelModes {
    public enum Mode { OFF, MENTION, VIBE }

    private ChannelModes() {
    }

    /**
     * Blocked → off; else {@code ai.channelModes[channel]}, else {@code ai.defaultChannelMode}; an invalid value →
     * the default mode ({@code mention}). Threads would inherit their parent's mode, but {@code message.created}
     * carries no parent id yet, so a thread has its own entry.
     */
    public static Mode mode(GuildConfig.Ai ai, String channelId) {
        if (ai.blockedChannelIds().contains(channelId)) {
            return Mode.OFF;
        }
        Mode fallback = parse(ai.defaultChannelMode(), Mode.MENTION);
        String configured = ai.channelModes() == null ? null : ai.channelModes().get(channelId);
        return configured == null ? fallback : parse(configured, fallback);
    }

    /** {@code ai.channels} empty (every channel) or naming this one. */
    public static boolean allowed(GuildConfig.Ai ai, String channelId) {
        return ai.channels().isEmpty() || ai.channels().contains(channelId);
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
