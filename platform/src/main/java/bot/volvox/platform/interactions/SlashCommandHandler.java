package bot.volvox.platform.interactions;

import java.util.Set;

import bot.volvox.platform.contract.EventPayload;

import io.smallrye.mutiny.Uni;

/**
 * Answers some of the slash commands that the command registry gives to this service. Implementations are CDI beans;
 * the {@link InteractionRouter} finds them, checks guild and access first, and publishes the {@link Reply}.
 */
public interface SlashCommandHandler {

    /** The command names this handler answers; each must be registered and owned by this service. */
    Set<String> commands();

    Uni<Reply> handle(CommandContext context);

    /**
     * True when running {@code command} again for a redelivered interaction changes nothing and is answered under the
     * same action id (which the gateway sends once): the command only reads, or each of its writes is recorded per
     * interaction by the handler itself (moderation's operations, keyed by the interaction id, answer a redelivery with
     * the answer they stored) and its immediate answers only read. The {@link InteractionRouter} then neither claims the
     * interaction nor records its answer in {@code processed_events}: two statements less per read and one less per
     * operation. False (the default) for a command that writes and answers at once, such as {@code /config set}, whose
     * redelivery must republish the recorded answer instead of running again.
     */
    default boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return false;
    }
}
