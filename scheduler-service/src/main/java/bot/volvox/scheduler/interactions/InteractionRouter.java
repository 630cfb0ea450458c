package bot.volvox.scheduler.interactions;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.scheduler.announcements.AnnounceCommand;
import bot.volvox.scheduler.claims.ActionIds;
import bot.volvox.scheduler.claims.ActionPublisher;
import bot.volvox.scheduler.reminders.RemindCommand;
import bot.volvox.scheduler.reminders.ReminderButtons;
import bot.volvox.scheduler.temproles.TempRoleCommand;
import io.smallrye.mutiny.Uni;

/**
 * Answers this service's slash commands ({@code /remind}, {@code /temprole}, {@code /announce}) and the reminder
 * buttons, from {@code discord.interaction}. Every answer is an ephemeral {@code INTERACTION_FOLLOWUP} whose actionId
 * derives from the interaction id, so a redelivered interaction gets the same (deduplicated) answer; the record is
 * acked only after Kafka acked the answer.
 */
@ApplicationScoped
public class InteractionRouter {
    private static final Logger LOG = Logger.getLogger(InteractionRouter.class);
    public static final String SERVICE = OwningService.SCHEDULER.serviceName();

    @Inject
    CommandAccess access;

    @Inject
    RemindCommand remind;

    @Inject
    ReminderButtons reminderButtons;

    @Inject
    TempRoleCommand tempRole;

    @Inject
    AnnounceCommand announce;

    @Inject
    ActionPublisher publisher;

    @Incoming("interactions")
    public Uni<Void> onInteraction(DiscordEvent event) {
        Uni<Reply> reply;
        Interaction interaction;
        if (event.payload() instanceof EventPayload.SlashCommand command && ownsCommand(command.commandName())) {
            interaction = command.interaction();
            reply = slashCommand(event, command);
        } else if (event.payload() instanceof EventPayload.ButtonClicked button
                && button.customId().startsWith(ReminderButtons.PREFIX)) {
            interaction = button.interaction();
            reply = reminderButtons.handle(button);
        } else {
            return Uni.createFrom().voidItem();
        }
        return reply
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "Interaction %s failed", event.id());
                    return Reply.error("An error occurred while executing this command.");
                })
                .flatMap(answer -> {
                    List<DiscordAction> actions = new ArrayList<>(answer.effects());
                    actions.add(followup(event, interaction, answer.text()));
                    return publisher.publishAll(actions);
                });
    }

    private Uni<Reply> slashCommand(DiscordEvent event, EventPayload.SlashCommand command) {
        if (event.guildId() == null) {
            return Uni.createFrom().item(Reply.error("This command only works in a server."));
        }
        return access.denial(event.guildId(), command.interaction(), command.commandName()).flatMap(denial -> {
            if (denial.isPresent()) {
                return Uni.createFrom().item(Reply.text(denial.get()));
            }
            return switch (command.commandName()) {
                case RemindCommand.NAME -> remind.handle(event, command);
                case TempRoleCommand.NAME -> tempRole.handle(event, command);
                case AnnounceCommand.NAME -> announce.handle(event, command);
                default -> Uni.createFrom().item(Reply.error("Unknown command."));
            };
        });
    }

    private static boolean ownsCommand(String name) {
        return CommandRegistry.find(name).map(c -> c.owner() == OwningService.SCHEDULER).orElse(false);
    }

    /** The ephemeral answer to {@code interaction}. */
    public static DiscordAction followup(DiscordEvent event, Interaction interaction, String text) {
        return DiscordAction.of(ActionIds.forInteraction(interaction.interactionId(), "reply"), event.guildId(), null,
                new Origin(SERVICE, event.id()),
                new ActionParams.InteractionFollowup(interaction.applicationId(), interaction.token(),
                        ActionParams.MessageBody.text(text), true));
    }

    /** The raw value of option {@code name}, or null. */
    public static String option(EventPayload.SlashCommand command, String name) {
        EventPayload.CommandOptionValue value = command.options() == null ? null : command.option(name);
        return value == null ? null : value.value();
    }
}
