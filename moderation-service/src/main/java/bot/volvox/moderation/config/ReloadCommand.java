package bot.volvox.moderation.config;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;

import io.smallrye.mutiny.Uni;

/**
 * {@code /reload} (bot owners, {@code BOT_OWNER_IDS}, on top of {@code permissions.allowedCommands.reload}): every
 * service re-reads the configuration from the database ({@link ConfigWriter#reloadEverywhere}). The original also
 * re-registered the slash commands; here the gateway registers them at every start, from the registry.
 */
@ApplicationScoped
public class ReloadCommand implements SlashCommandHandler {

    @Inject
    ConfigWriter writer;

    @Override
    public Set<String> commands() {
        return Set.of("reload");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        if (!context.botOwner()) {
            return Uni.createFrom().item(Reply.error("Only the bot's owners can use `/reload`."));
        }
        return writer.reloadEverywhere(context.invokerId()).map(scopes -> Reply.text("✅ Configuration reloaded: "
                + scopes + " scope" + (scopes == 1 ? "" : "s") + " re-read from the database; every service "
                + "drops what it had cached."));
    }
}
