package bot.volvox.gateway.interactions;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import bot.volvox.gateway.events.EventMapper;
import bot.volvox.gateway.events.EventPublisher;
import org.jboss.logging.Logger;

import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.GenericComponentInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * Interactions → the answering service's {@code discord.interaction.<service>} (the command's owner in the
 * {@link CommandRegistry}, the component's in {@link ComponentPrefix}). Discord drops an interaction not acknowledged within 3 s, so each one is
 * acknowledged here, and published only once Discord accepted that (so no answer can overtake it; a slow or absent
 * Kafka never costs the user an answer): slash commands are
 * deferred ("thinking…", ephemeral per the command registry) once the per-user limit allowed them (an answer that
 * arrives later, off the JDA thread, at most 750 ms), buttons and select menus get
 * a deferred update (the owning service may then edit the message), modals a deferred ephemeral reply. Autocomplete
 * cannot be deferred: see {@link PendingAutocompletes}. A command the registry does not know is a guild's alias
 * ({@link GuildCommandAliases}): it is deferred and published as the command it stands for. The commands the
 * registry gives to the gateway itself are answered here ({@link GatewayCommands}), and so is a button, select menu or
 * modal that no service answers (a message of an older release): at once, with {@link #NO_LONGER_HANDLED}.
 */
@Singleton
public class InteractionListener extends ListenerAdapter {
    private static final Logger LOG = Logger.getLogger(InteractionListener.class);
    /** The answer when Kafka did not take an interaction: the owning service never saw it. */
    static final String NOT_TAKEN = "⚠️ The bot could not pass this on right now (its message queue is unavailable), "
            + "so nothing was done. Please try again in a minute.";

    /** The answer to a component whose custom id no {@link ComponentPrefix} claims. */
    public static final String NO_LONGER_HANDLED = "❌ This control no longer does anything. Use the bot's slash commands instead.";

    /** The answer when an alias could not be looked up (the database is unreachable). */
    static final String ALIAS_UNAVAILABLE = "⚠️ The bot could not look this alias up right now, so nothing was done. "
            + "Please try again in a minute, or use the command's own name.";

    @Inject
    EventPublisher publisher;

    @Inject
    GuildCommandAliases aliases;

    @Inject
    GatewayCommands gatewayCommands;

    @Inject
    CommandRateLimit rateLimit;

    @Inject
    PendingAutocompletes autocompletes;

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        rateLimit.waitTime(event.getUser().getId()).subscribe().with(wait -> answer(event, wait));
    }

    private void answer(SlashCommandInteractionEvent event, Duration wait) {
        if (wait != null) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            event.reply("⏳ You're using commands too quickly. Try again in " + seconds + " second"
                    + (seconds == 1 ? "" : "s") + ".").setEphemeral(true).queue();
            return;
        }
        Optional<SlashCommand> registered = CommandRegistry.find(event.getName());
        if (registered.isPresent()) {
            run(event, registered.get());
            return;
        }
        if (event.getGuild() == null) {
            unknown(event);
            return;
        }
        // not in the registry: a guild command, i.e. an alias (/alias), or one an older release registered
        aliases.target(event.getGuild().getId(), event.getName())
                .subscribe().with(target -> target.flatMap(CommandRegistry::find)
                        .ifPresentOrElse(command -> run(event, command), () -> unknown(event)),
                        failure -> {
                            LOG.warnf("Alias /%s of guild %s could not be looked up: %s", event.getName(),
                                    event.getGuild().getId(), failure.getMessage());
                            event.reply(ALIAS_UNAVAILABLE).setEphemeral(true).queue();
                        });
    }

    /** Defers {@code command} and hands it to its owner: the gateway itself for the few it answers, else Kafka. */
    private void run(SlashCommandInteractionEvent event, SlashCommand command) {
        if (command.owner() == OwningService.GATEWAY) {
            gatewayCommands.answer(event, command);
            return;
        }
        // Discord fixed the answer's visibility at the deferral: a public command's notice is public too
        publishOnceDeferred(event.deferReply(command.ephemeral()),
                EventMapper.slashCommand(event, command.name(), command.ephemeral()),
                () -> event.getHook().editOriginal(NOT_TAKEN).queue());
    }

    private static void unknown(SlashCommandInteractionEvent event) {
        event.reply("❌ `/" + event.getName() + "` is no longer a command of this bot.").setEphemeral(true).queue();
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        autocompletes.await(event);
        if (Topics.interactionsForCommand(event.getName()).isEmpty()) {
            return; // an alias or a gateway command: no service suggests anything, and the wait answers no choices
        }
        // suggestions are worthless once the user typed on: never kept
        publisher.publishInteraction(EventMapper.autocomplete(event), () -> {
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        if (noLongerHandled(event)) {
            return;
        }
        publishOnceDeferred(event.deferEdit(), EventMapper.button(event, true),
                () -> event.getHook().sendMessage(NOT_TAKEN).setEphemeral(true).queue());
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        if (noLongerHandled(event)) {
            return;
        }
        publishOnceDeferred(event.deferEdit(), EventMapper.select(event, true),
                () -> event.getHook().sendMessage(NOT_TAKEN).setEphemeral(true).queue());
    }

    @Override
    public void onEntitySelectInteraction(EntitySelectInteractionEvent event) {
        if (noLongerHandled(event)) {
            return;
        }
        publishOnceDeferred(event.deferEdit(), EventMapper.select(event, true),
                () -> event.getHook().sendMessage(NOT_TAKEN).setEphemeral(true).queue());
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        if (Topics.interactionsForComponent(event.getModalId()).isEmpty()) {
            event.reply(NO_LONGER_HANDLED).setEphemeral(true).queue();
            return;
        }
        publishOnceDeferred(event.deferReply(true), EventMapper.modal(event, true, true),
                () -> event.getHook().editOriginal(NOT_TAKEN).queue());
    }

    /** Answers a component no service answers, so its user is not left without a word; true if it did. */
    private static boolean noLongerHandled(GenericComponentInteractionCreateEvent event) {
        if (Topics.interactionsForComponent(event.getComponentId()).isPresent()) {
            return false;
        }
        event.reply(NO_LONGER_HANDLED).setEphemeral(true).queue();
        return true;
    }

    /**
     * Publishes {@code interaction} only once Discord accepted its deferral: published at once, a fast owner's answer
     * could reach Discord before the deferral (e.g. while the deferral waits out a rate limit) and fail with 10062
     * "Unknown interaction". A deferral Discord refused leaves no token to answer with, so nothing is published: the
     * command then has no effect the user was never told of.
     */
    private void publishOnceDeferred(RestAction<?> deferral, DiscordEvent interaction, Runnable notTaken) {
        deferral.queue(accepted -> publisher.publishInteraction(interaction, notTaken),
                failure -> LOG.warnf("Interaction %s not published: its deferral failed: %s", interaction.id(),
                        failure.getMessage()));
    }
}
