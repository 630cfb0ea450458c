package bot.volvox.platform.contract;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import bot.volvox.platform.commands.OwningService;

/** Kafka topic names (docs/events.md). Every consumer channel's dead-letter topic is {@link #dlq(String)}. */
public final class Topics {
    public static final String MESSAGE = "discord.message";
    public static final String REACTION = "discord.reaction";
    public static final String INTERACTION = "discord.interaction";
    public static final String VOICE = "discord.voice";
    public static final String MEMBER = "discord.member";
    public static final String ACTION = "discord.action";
    public static final String CONFIG = "volvox.config";
    /** AI auto-moderation requests: ai-service judges a message, moderation-service acts on it. */
    public static final String MODERATION = "volvox.moderation";

    /*
     * Results go to a topic of the requesting service (origin.service): a service reads the outcomes of its own actions
     * only, instead of every service reading and dropping everyone else's (with one shared topic, each action result
     * was read five times and used once or twice).
     */
    public static final String MODERATION_RESULTS = "discord.action-result.moderation-service";
    public static final String AI_RESULTS = "discord.action-result.ai-service";
    public static final String ANALYTICS_RESULTS = "discord.action-result.analytics-service";
    public static final String SCHEDULER_RESULTS = "discord.action-result.scheduler-service";

    /** Every requester's result topic: what analytics-service reads to count command usage. */
    public static final List<String> ACTION_RESULTS =
            OwningService.domainServices().stream().map(Topics::actionResults).toList();

    public static final List<String> ALL = Stream.concat(
            Stream.of(MESSAGE, REACTION, INTERACTION, VOICE, MEMBER, ACTION, CONFIG, MODERATION),
            ACTION_RESULTS.stream()).toList();

    public static final String DLQ_SUFFIX = ".dlq";

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The topic of the results of the actions {@code requester} asked for. */
    public static String actionResults(OwningService requester) {
        return switch (requester) {
            case MODERATION -> MODERATION_RESULTS;
            case AI -> AI_RESULTS;
            case ANALYTICS -> ANALYTICS_RESULTS;
            case SCHEDULER -> SCHEDULER_RESULTS;
            case GATEWAY -> throw new IllegalArgumentException("the gateway requests no actions, so it has no results");
        };
    }

    /**
     * The topic of the results of actions whose {@code origin.service} is {@code requester}; empty when that names no
     * service that requests actions (no one would read the result, so the gateway refuses such an action).
     */
    public static Optional<String> actionResultsOf(String requester) {
        return OwningService.named(requester).filter(OwningService.domainServices()::contains).map(Topics::actionResults);
    }

    private Topics() {
    }
}
