package bot.volvox.platform.contract;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;

/** Kafka topic names (docs/events.md). Every consumer channel's dead-letter topic is {@link #dlq(String)}. */
public final class Topics {
    public static final String MESSAGE = "discord.message";
    public static final String REACTION = "discord.reaction";
    public static final String VOICE = "discord.voice";
    public static final String MEMBER = "discord.member";
    public static final String ACTION = "discord.action";
    public static final String CONFIG = "volvox.config";
    /** AI auto-moderation requests: ai-service judges a message, moderation-service acts on it. */
    public static final String MODERATION = "volvox.moderation";

    /*
     * Interactions go to a topic of the service that answers them (the command's owner in the CommandRegistry, the
     * component's in ComponentPrefix), so a service reads only its own: with one shared topic every service read and
     * decoded every interaction to find out that most were not its own.
     */
    public static final String MODERATION_INTERACTIONS = "discord.interaction.moderation-service";
    public static final String AI_INTERACTIONS = "discord.interaction.ai-service";
    public static final String ANALYTICS_INTERACTIONS = "discord.interaction.analytics-service";
    public static final String SCHEDULER_INTERACTIONS = "discord.interaction.scheduler-service";

    /** Every answering service's interaction topic. */
    public static final List<String> INTERACTIONS =
            OwningService.domainServices().stream().map(Topics::interactions).toList();

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
            Stream.of(MESSAGE, REACTION, VOICE, MEMBER, ACTION, CONFIG, MODERATION),
            Stream.concat(INTERACTIONS.stream(), ACTION_RESULTS.stream())).toList();

    public static final String DLQ_SUFFIX = ".dlq";

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The topic of the interactions {@code owner} answers. */
    public static String interactions(OwningService owner) {
        return switch (owner) {
            case MODERATION -> MODERATION_INTERACTIONS;
            case AI -> AI_INTERACTIONS;
            case ANALYTICS -> ANALYTICS_INTERACTIONS;
            case SCHEDULER -> SCHEDULER_INTERACTIONS;
            case GATEWAY -> throw new IllegalArgumentException("the gateway answers its commands itself, off Kafka");
        };
    }

    /** The topic of slash command (or autocomplete of) {@code name}; empty when no domain service answers it. */
    public static Optional<String> interactionsForCommand(String name) {
        return CommandRegistry.find(name).map(SlashCommand::owner).filter(OwningService.domainServices()::contains)
                .map(Topics::interactions);
    }

    /** The topic of a button, select menu or modal; empty when no prefix of {@link ComponentPrefix} claims it. */
    public static Optional<String> interactionsForComponent(String customId) {
        return ComponentPrefix.of(customId).map(ComponentPrefix::owner).map(Topics::interactions);
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
