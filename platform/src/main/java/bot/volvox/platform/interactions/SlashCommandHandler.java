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
}
