package bot.volvox.moderation.commands;

import java.util.Set;

import io.smallrye.mutiny.Uni;

/** Handles some of moderation's slash commands, after the router checked the invoker may use them. */
public interface CommandHandler {

    /** The command names this handler answers. */
    Set<String> commands();

    Uni<Void> handle(CommandContext context);
}
