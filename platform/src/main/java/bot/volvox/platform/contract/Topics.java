package bot.volvox.platform.contract;

import java.util.List;

/** Kafka topic names (docs/events.md). Every consumer channel's dead-letter topic is {@link #dlq(String)}. */
public final class Topics {
    public static final String MESSAGE = "discord.message";
    public static final String REACTION = "discord.reaction";
    public static final String INTERACTION = "discord.interaction";
    public static final String VOICE = "discord.voice";
    public static final String MEMBER = "discord.member";
    public static final String ACTION = "discord.action";
    public static final String ACTION_RESULT = "discord.action-result";
    public static final String CONFIG = "volvox.config";
    /** AI auto-moderation requests: ai-service judges a message, moderation-service acts on it. */
    public static final String MODERATION = "volvox.moderation";

    public static final List<String> ALL =
            List.of(MESSAGE, REACTION, INTERACTION, VOICE, MEMBER, ACTION, ACTION_RESULT, CONFIG, MODERATION);

    public static final String DLQ_SUFFIX = ".dlq";

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    private Topics() {
    }
}
