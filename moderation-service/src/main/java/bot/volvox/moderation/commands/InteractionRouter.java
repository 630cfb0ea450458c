package bot.volvox.moderation.commands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.moderation.config.ModLogSetup;
import bot.volvox.moderation.discord.ActionPublisher;
import bot.volvox.moderation.discord.ActionPublisher.ReplyTarget;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.SelectMenuChosen;
import bot.volvox.platform.contract.EventPayload.SlashCommand;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Reads {@code discord.interaction}, keeps the slash commands the registry gives to moderation, checks that the
 * invoker may use the command (behavior.md §2.1) and hands it to its {@link CommandHandler}. Commands are answered
 * with {@code INTERACTION_FOLLOWUP} actions (the gateway deferred them already).
 */
@ApplicationScoped
public class InteractionRouter {
    private static final Logger LOG = Logger.getLogger(InteractionRouter.class);
    static final java.time.Duration HANDLING_TIMEOUT = java.time.Duration.ofMinutes(2);
    static final String ERROR_TEXT = "❌ An error occurred while executing this command.";

    private final Map<String, CommandHandler> handlers = new HashMap<>();
    private final Set<String> owned;

    @Inject
    GuildConfigs configs;

    @Inject
    ActionPublisher actions;

    @Inject
    CommandAccess access;

    @Inject
    ModLogSetup modLogSetup;

    @Inject
    InteractionRouter(Instance<CommandHandler> all) {
        all.forEach(handler -> handler.commands().forEach(name -> {
            CommandHandler previous = handlers.put(name, handler);
            if (previous != null) {
                throw new IllegalStateException("/" + name + " has two handlers");
            }
        }));
        owned = CommandRegistry.ownedBy(OwningService.MODERATION).stream()
                .map(bot.volvox.platform.commands.SlashCommand::name).collect(Collectors.toSet());
    }

    /**
     * Commands of different guilds (and of one guild) are handled concurrently on a worker pool
     * ({@code moderation-commands}, see application.properties): each waits on a few database round trips, so one at a
     * time would cap throughput at the inverse of one command's latency. Correctness does not depend on order: case
     * numbers come from the per-guild counter row lock, and each interaction is claimed once. Offsets are committed
     * only up to the oldest unfinished record (the throttled commit strategy), so nothing is acked before its write.
     */
    @Incoming("interactions")
    @Blocking(value = "moderation-commands", ordered = false)
    public void onInteraction(DiscordEvent event) {
        handle(event).await().atMost(HANDLING_TIMEOUT);
    }

    Uni<Void> handle(DiscordEvent event) {
        if (event.payload() instanceof SelectMenuChosen select && select.customId().startsWith(ModLogSetup.PREFIX)
                && event.guildId() != null) {
            return modLogSetup.onSelect(event, select).onFailure().call(failure -> {
                LOG.errorf(failure, "mod-log menu %s (interaction %s) failed", select.customId(), event.id());
                return actions.reply(event.guildId(), event.id(), ReplyTarget.of(select.interaction()),
                        MessageBody.text(ERROR_TEXT)).onFailure().recoverWithNull();
            });
        }
        if (!(event.payload() instanceof SlashCommand command) || !owned.contains(command.commandName())
                || event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        CommandHandler handler = handlers.get(command.commandName());
        if (handler == null) {
            return actions.reply(event.guildId(), event.id(), command.interaction(),
                    "❌ `/" + command.commandName() + "` is not available yet.");
        }
        boolean owner = access.isBotOwner(command.interaction());
        return configs.effective(event.guildId()).flatMap(config -> {
            Optional<String> refusal = CommandAccess.refusal(config, command.interaction(), owner,
                    command.commandName());
            if (refusal.isPresent()) {
                return actions.reply(event.guildId(), event.id(), command.interaction(), refusal.get());
            }
            return handler.handle(new CommandContext(event, command, config, owner));
        }).onFailure().call(failure -> {
            LOG.errorf(failure, "/%s (interaction %s) failed", command.commandName(), event.id());
            return actions.reply(event.guildId(), event.id(), command.interaction(), ERROR_TEXT)
                    .onFailure().recoverWithNull();
        });
    }

    /** The moderation commands that have a handler (for tests and the README). */
    public List<String> handled() {
        return handlers.keySet().stream().sorted().toList();
    }
}
