package bot.volvox.scheduler.reminders;

import java.time.Duration;

import bot.volvox.platform.interactions.Reply;

import io.smallrye.mutiny.Uni;

/** The answer to a snooze, from {@code /remind snooze} or a reminder's snooze buttons. */
final class ReminderSnooze {

    private ReminderSnooze() {
    }

    static Uni<Reply> snooze(ReminderRepository reminders, long id, String guildId, String userId, Duration duration) {
        return reminders.snooze(id, guildId, userId, duration).map(snooze -> switch (snooze.change()) {
            case NOT_FOUND -> Reply.error("There is no reminder #" + id + ".");
            case NO_LONGER_ACTIVE -> Reply.error("This reminder has already been completed.");
            case NOT_YOURS -> Reply.error("Reminder #" + id + " is not yours.");
            case DONE -> {
                long epoch = snooze.until().getEpochSecond();
                yield Reply.text("💤 Reminder #" + id + " snoozed until <t:" + epoch + ":F> (<t:" + epoch + ":R>).");
            }
        });
    }
}
