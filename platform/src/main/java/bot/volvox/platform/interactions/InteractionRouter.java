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
import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.ProcessedEvents;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The one way a domain service answers interactions. It reads its own {@code discord.interaction.<service>}
 * (consumer group = the service), where the gateway puts only the interactions this service answers (its commands in
 * the {@link CommandRegistry}, its prefixes in {@link ComponentPrefix}), and for each record:
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
 * only after Kafka acked them. The answer and the effects are recorded in {@code processed_events} (consumer
 * {@code <service>/answers}, the interaction id) before they are published, and a redelivered interaction
 * republishes what was recorded instead of running its handler again: a command is applied once even when a
 * restart replays it days later (within the claims' retention). A {@link Reply#LATER} is not recorded: the work that
 * answers later keeps its own record and is asked again. A command that
 * {@linkplain SlashCommandHandler#runsAgainSafely runs again safely} (it only reads, or records its own writes) is not
 * claimed at all. Only a process that dies between the handler's writes and that record runs the handler again,
 * which is why handlers stay idempotent per interaction.
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
    /** The {@code processed_events} consumer of a service's answers: {@code <service>/answers}. */
    public static final String ANSWERS_SUFFIX = "/answers";
    public static final String ERROR_TEXT = "An error occurred while executing this command.";
    public static final String UNAVAILABLE_TEXT = "The bot could not finish this right now: a service it needs is "
            + "unavailable. Please try again in a minute.";

    private final Map<String, SlashCommandHandler> commandHandlers = new HashMap<>();
    private final List<ComponentHandler> componentHandlers;
    private final Set<String> owned;
    private final GuildConfigs configs;
    private final CommandAccess access;
    private final ActionPublisher actions;
    private final ProcessedEvents answers;
    private final String answersConsumer;

    @Inject
    InteractionRouter(ServiceIdentity identity, Instance<SlashCommandHandler> commands,
            Instance<ComponentHandler> components, GuildConfigs configs, CommandAccess access,
            ActionPublisher actions, ProcessedEvents answers) {
        this.configs = configs;
        this.access = access;
        this.actions = actions;
        this.answers = answers;
        this.answersConsumer = identity.name() + ANSWERS_SUFFIX;
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
        Set<String> handledPrefixes = new java.util.HashSet<>();
        for (ComponentHandler handler : componentHandlers) {
            String prefix = handler.customIdPrefix();
            // the gateway sends a component only to the service ComponentPrefix names: any other handler never runs
            if (ComponentPrefix.of(prefix).filter(known -> known.prefix().equals(prefix) && known.owner() == service)
                    .isEmpty()) {
                throw new IllegalStateException(handler.getClass().getName() + " answers components '" + prefix
                        + "', which ComponentPrefix does not give to " + service.serviceName());
            }
            if (!handledPrefixes.add(prefix)) {
                throw new IllegalStateException("components '" + prefix + "' have two handlers");
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
            SlashCommandHandler handler = commandHandlers.get(command.commandName());
            String what = "/" + command.commandName();
            if (handler != null && handler.runsAgainSafely(command)) {
                return answerUnrecorded(event, ReplyTarget.forCommand(command), () -> slashCommand(event, command),
                        what);
            }
            return answer(event, ReplyTarget.forCommand(command), () -> slashCommand(event, command), what);
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
        return TransientFailures.retried(answers.claim(answersConsumer, event.id()))
                .map(claim -> Optional.ofNullable(claim.outcome()))
                .onFailure().recoverWithItem(failure -> {
                    // the handler will meet the same outage and answer "unavailable"; nothing was recorded to replay
                    LOG.warnf("%s (interaction %s): its earlier answer could not be looked up: %s", what, event.id(),
                            failure.getMessage());
                    return Optional.empty();
                })
                .flatMap(earlier -> earlier.isPresent()
                        ? replay(event, earlier.get(), what)
                        : handle(event, handling, what).flatMap(reply -> {
                            if (reply.answersLater()) {
                                // the work that answers later keeps its own record (moderation's operations) and
                                // is asked again on a redelivery, so the answer it stored is the one repeated
                                return actions.publishAll(reply.effects());
                            }
                            return record(event, withAnswer(event, target, reply), what);
                        }));
    }

    /** For a command that {@linkplain SlashCommandHandler#runsAgainSafely runs again safely}: no claim. */
    private Uni<Void> answerUnrecorded(DiscordEvent event, ReplyTarget target,
            Supplier<Uni<? extends Reply>> handling, String what) {
        return handle(event, handling, what).flatMap(reply -> actions.publishAll(
                reply.answersLater() ? reply.effects() : withAnswer(event, target, reply)));
    }

    /** The reply's effects, then its answer (deterministic action id: a repeat is sent once). */
    private List<DiscordAction> withAnswer(DiscordEvent event, ReplyTarget target, Reply reply) {
        List<DiscordAction> all = new ArrayList<>(reply.effects());
        all.add(actions.answer(event.guildId(), event.id(), target, reply.body(), reply.completed()));
        return all;
    }

    /**
     * A repeated delivery (a restart replaying records after the last committed offset, a rebalance) publishes the
     * answer recorded the first time instead of running the handler again: a command that changes something, such
     * as {@code /config set}, is applied once. The actions keep their ids, so the gateway dedups them too.
     */
    private Uni<Void> replay(DiscordEvent event, String recorded, String what) {
        List<DiscordAction> all = RecordedAnswer.read(recorded);
        LOG.debugf("%s (interaction %s) was answered before: republishing its %d actions", what, event.id(),
                all.size());
        return actions.publishAll(all);
    }

    /** Records the answer (first writer wins), then publishes whichever answer was recorded first. */
    private Uni<Void> record(DiscordEvent event, List<DiscordAction> all, String what) {
        return TransientFailures.retried(answers.recordOutcome(answersConsumer, event.id(), RecordedAnswer.write(all)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s (interaction %s): its answer could not be recorded, a redelivery would run it "
                            + "again: %s", what, event.id(), failure.getMessage());
                    return Optional.empty();
                })
                .flatMap(earlier -> actions.publishAll(earlier.map(RecordedAnswer::read).orElse(all)));
    }

    private Uni<Reply> handle(DiscordEvent event, Supplier<Uni<? extends Reply>> handling, String what) {
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
                .map(reply -> (Reply) reply);
    }

    /** The commands of this service that have a handler. */
    public List<String> handled() {
        return commandHandlers.keySet().stream().sorted().toList();
    }
}
