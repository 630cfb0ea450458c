package bot.volvox.scheduler.reminders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.reminders.ReminderRepository.ActiveReminder;
import bot.volvox.scheduler.reminders.ReminderRepository.NewReminder;
import bot.volvox.scheduler.time.CronSchedule;
import bot.volvox.scheduler.time.WhenParser;

import io.smallrye.mutiny.Uni;

/** {@code /remind me|list|cancel|snooze} (the original's, plus an optional cron and a snooze subcommand). */
@ApplicationScoped
public class RemindCommand implements SlashCommandHandler {
    public static final String NAME = "remind";
    static final Duration MAX_AHEAD = Duration.ofDays(365);

    @Inject
    ReminderRepository reminders;


    @Inject
    SchedulerLoop loop;

    @Override
    public Set<String> commands() {
        return Set.of(NAME);
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        GuildConfig.Reminders reminders = context.config().reminders();
        if (!reminders.enabled()) {
            return Uni.createFrom().item(Reply.error("Reminders are not enabled on this server."));
        }
        return switch (context.subcommand()) {
            case "me" -> create(context, reminders.maxPerUser());
            case "list" -> list(context);
            case "cancel" -> cancel(context);
            case "snooze" -> snooze(context);
            default -> Uni.createFrom().item(Reply.error("Unknown subcommand."));
        };
    }

    private Uni<Reply> create(CommandContext context, int maxPerUser) {
        String when = context.raw("when");
        String message = context.raw("message");
        String cron = context.raw("cron");
        if (when == null || when.length() > 200 || message == null || message.isBlank() || message.length() > 1000) {
            return Uni.createFrom().item(Reply.error("Give a time (up to 200 characters) and a message (up to 1000)."));
        }
        ZoneId zone = context.config().general().zone();
        ZonedDateTime now = ZonedDateTime.now(zone);
        Optional<WhenParser.When> parsed = WhenParser.reminder(when, now);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(Reply.error("I couldn't understand the time `" + when
                    + "`. Try `10m`, `in 2 hours`, `tomorrow at 3pm` or `next monday at 9:30` (" + WhenParser.zoneNote(zone)
                    + ")."));
        }
        Instant at = parsed.get().at().toInstant();
        if (!at.isAfter(now.toInstant())) {
            return Uni.createFrom().item(Reply.error("That time is in the past. Reminders must be in the future."));
        }
        if (at.isAfter(now.toInstant().plus(MAX_AHEAD))) {
            return Uni.createFrom().item(Reply.error("Reminders can be at most 365 days ahead."));
        }
        if (cron != null && CronSchedule.parse(cron, zone).isEmpty()) {
            return Uni.createFrom().item(Reply.error("`" + cron + "` is not a valid 5-field cron expression "
                    + "(minute hour day-of-month month day-of-week), e.g. `0 9 * * 1`."));
        }
        String rest = parsed.get().rest();
        String text = rest.isEmpty() ? message : rest + " " + message;
        return reminders.create(new NewReminder(context.guildId(), context.invokerId(),
                        context.interaction().channelId(), text, at, cron, context.id()), maxPerUser)
                .map(created -> created.map(id -> created(id, at, cron, zone))
                        .orElseGet(() -> Reply.error("You already have " + maxPerUser
                                + " active reminders, the most allowed. Cancel one first.")))
                .invoke(loop::wake);
    }

    private static Reply created(long id, Instant at, String cron, ZoneId zone) {
        long epoch = at.getEpochSecond();
        return Reply.text("✅ Reminder #" + id + " set for <t:" + epoch + ":F> (<t:" + epoch + ":R>)."
                + (cron == null ? "" : " Then repeats on `" + cron + "` (" + zone.getId() + ")."));
    }

    private Uni<Reply> list(CommandContext context) {
        return reminders.active(context.guildId(), context.invokerId()).map(active -> {
            if (active.isEmpty()) {
                return Reply.text("You have no active reminders.");
            }
            StringBuilder text = new StringBuilder("⏰ **Your reminders**\n");
            for (ActiveReminder reminder : active) {
                String message = reminder.message();
                text.append("#").append(reminder.id()).append(" — <t:").append(reminder.remindAt().getEpochSecond())
                        .append(":R> — ").append(message.length() > 60 ? message.substring(0, 57) + "..." : message);
                if (reminder.cron() != null) {
                    text.append(" (repeats `").append(reminder.cron()).append("` ")
                            .append(context.config().general().zone().getId()).append(")");
                }
                text.append('\n');
            }
            return Reply.text(text.toString().strip());
        });
    }

    private Uni<Reply> cancel(CommandContext context) {
        Long id = reminderId(context);
        if (id == null) {
            return Uni.createFrom().item(Reply.error("Give the reminder's id (see `/remind list`)."));
        }
        return reminders.cancel(id, context.guildId(), context.invokerId()).map(change -> switch (change) {
            case NOT_FOUND -> Reply.error("There is no reminder #" + id + " on this server.");
            case NOT_YOURS -> Reply.error("Reminder #" + id + " is not yours.");
            case NO_LONGER_ACTIVE -> Reply.error("Reminder #" + id + " is no longer active.");
            case DONE -> Reply.text("✅ Reminder #" + id + " cancelled.");
        });
    }

    private Uni<Reply> snooze(CommandContext context) {
        Long id = reminderId(context);
        Optional<Duration> duration = Durations.parse(context.raw("duration"));
        if (id == null) {
            return Uni.createFrom().item(Reply.error("Give the reminder's id (see `/remind list`)."));
        }
        if (duration.isEmpty()) {
            return Uni.createFrom().item(Reply.error("Invalid duration. Use e.g. 15m, 1h, 2d (at most 365 days)."));
        }
        return ReminderSnooze.snooze(reminders, id, context.guildId(), context.invokerId(), duration.get())
                .invoke(loop::wake);
    }

    private static Long reminderId(CommandContext context) {
        return context.integer("id").orElse(null);
    }
}
