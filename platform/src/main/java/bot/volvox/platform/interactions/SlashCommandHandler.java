package bot.volvox.platform.interactions;

import java.util.Set;

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
     * True when this handler records each of its writes per interaction itself (moderation's operations, keyed by the
     * interaction id, answer a redelivery with the answer they stored) and every answer it gives at once only reads
     * (a refusal, a bad option, a listing). Running it again for a redelivered interaction then changes nothing and
     * repeats its answer under the same action id, which the gateway sends once, so the {@link InteractionRouter}
     * neither claims the interaction nor records its answer in {@code processed_events}: one statement less per
     * command. False (the default) for a handler that writes and answers at once, such as {@code /config set}.
     */
    default boolean keepsItsOwnRecord() {
        return false;
    }
}
