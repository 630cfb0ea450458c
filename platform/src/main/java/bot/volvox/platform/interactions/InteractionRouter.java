package bot.volvox.platform.interactions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The one way a domain service answers interactions. It reads {@code discord.interaction} (consumer group = the
 * service), and for each record:
 * <ul>
 * <li>a slash command the {@link CommandRegistry} gives to this service is answered exactly once: in a DM with "only
 * works in a server", without a handler with "not available yet", when the invoker lacks access with the refusal
 * ({@link CommandAccess}), otherwise by its {@link SlashCommandHandler}; a failing handler with a generic error. A
 * handler that failed because a dependency is away (PostgreSQL restarting, Kafka not answering) is run again until
 * it is back, for up to {@link TransientFailures#PATIENCE}, and only then answered "try again in a minute" (so a
 * handler must be idempotent per interaction, as a redelivery of its record already requires). A
 * command owned by another service is left to it;</li>
 * <li>a button, select menu or modal goes to the {@link ComponentHandler} whose prefix its custom id starts with;
 * custom ids no handler claims belong to another service.</li>
 * </ul>
 * The answer is an {@code INTERACTION_FOLLOWUP} (the gateway deferred the interaction) with a deterministic action id
 * ({@link ActionPublisher#REPLY} of the interaction id), published after the handler's effects; the record is acked
 * only after Kafka acked them, so a redelivered interaction requests the same, deduplicated answer.
 *
 * <p>Interactions are handled concurrently on the {@code volvox-interactions} worker pool (its size is
 * {@code smallrye.messaging.worker.volvox-interactions.max-concurrency}): each waits on a few database round trips,
 * so one at a time would cap throughput at the inverse of one command's latency. Offsets are committed only up to
 * the oldest unfinished record, so nothing is acked before its answer.
 */
@ApplicationScoped
@IfBuildProperty(name = ServiceIdentity.ROLE, stringValue = ServiceIdentity.DOMAIN, enableIfMissing = true)
public class InteractionRouter {
    private static final Logger LOG = Logger.getLogger(InteractionRouter.class);
    static final Duration HANDLING_TIMEOUT = Duration.ofMinutes(2);
    public static final String ERROR_TEXT = "An error occurred while executing this command.";
    public static final String UNAVAILABLE_TEXT = "The bot could not finish this right now: a service it needs is "
            + "unavailable. Please try again in a minute.";

    private final Map<String, SlashCommandHandler> commandHandlers = new HashMap<>();
    private final List<ComponentHandler> componentHandlers;
    private final Set<String> owned;
    private final GuildConfigs configs;
    private final CommandAccess access;
    private final ActionPublisher actions;

    @Inject
    InteractionRouter(ServiceIdentity identity, Instance<SlashCommandHandler> commands,
            Instance<ComponentHandler> components, GuildConfigs configs, CommandAccess access,
            ActionPublisher actions) {
        this.configs = configs;
        this.access = access;
        this.actions = actions;
        OwningService service = identity.service();
        owned = CommandRegistry.ownedBy(service).stream().map(SlashCommand::name).collect(Collectors.toSet());
        for (SlashCommandHandler handler : commands) {
            for (String name : handler.commands()) {
                if (!owned.contains(name)) {
                    throw new IllegalStateException(handler.getClass().getName() + " handles /" + name
                            + ", which the command registry does not give to " + service.serviceName());
                }
                SlashCommandHandler previous = commandHandlers.put(name, handler);
                if (previous != null) {
                    throw new IllegalStateException("/" + name + " has two handlers: " + previous.getClass().getName()
                            + " and " + handler.getClass().getName());
                }
            }
        }
        componentHandlers = components.stream()
                .sorted(Comparator.comparing(ComponentHandler::customIdPrefix)).toList();
        for (int i = 1; i < componentHandlers.size(); i++) {
            String previous = componentHandlers.get(i - 1).customIdPrefix();
            String next = componentHandlers.get(i).customIdPrefix();
            if (next.startsWith(previous)) {
                throw new IllegalStateException("component prefixes '" + previous + "' and '" + next
                        + "' overlap: a custom id could reach both handlers");
            }
        }
    }

    @Incoming("interactions")
    @Blocking(value = "volvox-interactions", ordered = false)
    public void onInteraction(DiscordEvent event) {
        route(event).await().atMost(HANDLING_TIMEOUT);
    }

    /** Handles one interaction record; completes when its answer (if this service owns it) is on Kafka. */
    public Uni<Void> route(DiscordEvent event) {
        if (event.payload() instanceof EventPayload.SlashCommand command) {
            if (!owned.contains(command.commandName())) {
                return Uni.createFrom().voidItem();
            }
            return answer(event, ReplyTarget.forCommand(command),
                    () -> slashCommand(event, command), "/" + command.commandName());
        }
        ComponentContext component = ComponentContext.of(event);
        if (component == null) {
            return Uni.createFrom().voidItem();
        }
        Optional<ComponentHandler> handler = componentHandlers.stream()
                .filter(candidate -> component.customId().startsWith(candidate.customIdPrefix())).findFirst();
        if (handler.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return answer(event, component.replyTarget(), () -> handler.get().handle(component),
                "component " + component.customId());
    }

    private Uni<Reply> slashCommand(DiscordEvent event, EventPayload.SlashCommand command) {
        String name = command.commandName();
        if (event.guildId() == null) {
            return Uni.createFrom().item(Reply.error("This command only works in a server."));
        }
        SlashCommandHandler handler = commandHandlers.get(name);
        if (handler == null) {
            return Uni.createFrom().item(Reply.error("`/" + name + "` is not available yet."));
        }
        boolean botOwner = access.isBotOwner(command.interaction());
        return configs.settings(event.guildId()).flatMap(config -> {
            Optional<String> refusal = CommandAccess.refusal(config, command.interaction(), botOwner, name);
            if (refusal.isPresent()) {
                return Uni.createFrom().item(Reply.refused(refusal.get()));
            }
            return handler.handle(new CommandContext(event, command, config, botOwner));
        });
    }

    private Uni<Void> answer(DiscordEvent event, ReplyTarget target, Supplier<Uni<? extends Reply>> handling, String what) {
        return TransientFailures.retried(Uni.createFrom().<Reply> deferred(handling))
                .onFailure().recoverWithItem(failure -> {
                    if (TransientFailures.isTransient(failure)) {
                        LOG.errorf("%s (interaction %s) gave up after %d s without its dependencies: %s", what,
                                event.id(), TransientFailures.PATIENCE.toSeconds(), failure.getMessage());
                        return Reply.error(UNAVAILABLE_TEXT);
                    }
                    LOG.errorf(failure, "%s (interaction %s) failed", what, event.id());
                    return Reply.error(ERROR_TEXT);
                })
                .flatMap(reply -> {
                    if (reply.answersLater()) {
                        return actions.publishAll(reply.effects());
                    }
                    List<DiscordAction> all = new ArrayList<>(reply.effects());
                    all.add(actions.answer(event.guildId(), event.id(), target, reply.body(), reply.completed()));
                    return actions.publishAll(all);
                });
    }

    /** The commands of this service that have a handler. */
    public List<String> handled() {
        return commandHandlers.keySet().stream().sorted().toList();
    }
}
