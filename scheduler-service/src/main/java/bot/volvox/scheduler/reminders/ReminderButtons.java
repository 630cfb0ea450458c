package bot.volvox.scheduler.reminders;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.interactions.ComponentContext;
import bot.volvox.platform.interactions.ComponentHandler;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.scheduler.claims.SchedulerLoop;

import io.smallrye.mutiny.Uni;

/**
 * The buttons under a delivered reminder: {@code reminder_snooze_<id>_15m|_1h|_tomorrow}, {@code reminder_dismiss_<id>}.
 * Refused while the reminder's guild has {@code reminders.enabled} off, and a snooze of a completed reminder is
 * refused, as in the original.
 */
@ApplicationScoped
public class ReminderButtons implements ComponentHandler {
    public static final String PREFIX = ComponentPrefix.REMINDER.prefix();

    @Inject
    ReminderRepository reminders;

    @Inject
    SchedulerLoop loop;

    @Inject
    GuildConfigs configs;

    @Override
    public String customIdPrefix() {
        return PREFIX;
    }

    @Override
    public Uni<Reply> handle(ComponentContext button) {
        String[] parts = button.customIdAfter(PREFIX).split("_");
        long id;
        try {
            id = Long.parseLong(parts.length >= 2 ? parts[1] : "");
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(Reply.error("Unknown reminder button."));
        }
        // a button in a DM carries no guild: the reminder's guild decides whether reminders are on
        return reminders.guildOf(id).flatMap(guild -> guild.isEmpty()
                ? Uni.createFrom().item(Reply.error("Reminder not found."))
                : configs.settings(guild.get()).flatMap(config -> config.reminders().enabled()
                        ? press(button, parts)
                        : Uni.createFrom().item(Reply.error("Reminders are not enabled on this server."))));
    }

    private Uni<Reply> press(ComponentContext button, String[] parts) {
        String userId = button.userId();
        try {
            if (parts.length == 3 && parts[0].equals("snooze")) {
                Duration duration = switch (parts[2]) {
                    case "15m" -> Duration.ofMinutes(15);
                    case "1h" -> Duration.ofHours(1);
                    case "tomorrow" -> Duration.ofHours(24);
                    default -> null;
                };
                if (duration != null) {
                    return ReminderSnooze.snooze(reminders, Long.parseLong(parts[1]), null, userId, duration)
                            .invoke(loop::wake);
                }
            } else if (parts.length == 2 && parts[0].equals("dismiss")) {
                long id = Long.parseLong(parts[1]);
                return reminders.dismiss(id, userId)
                        .map(dismissed -> !dismissed ? Reply.error("Reminder #" + id + " is not yours.")
                                : Reply.text("✅ Reminder #" + id + " dismissed."));
            }
        } catch (NumberFormatException e) {
            // an id that is not a number is an unknown button, answered below
        }
        return Uni.createFrom().item(Reply.error("Unknown reminder button."));
    }
}
