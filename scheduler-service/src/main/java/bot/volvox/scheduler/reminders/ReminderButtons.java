package bot.volvox.scheduler.reminders;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.interactions.ComponentContext;
import bot.volvox.platform.interactions.ComponentHandler;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.scheduler.claims.SchedulerLoop;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The buttons under a delivered reminder: {@code reminder_snooze_<id>_15m|_1h|_tomorrow}, {@code reminder_dismiss_<id>}. */
@ApplicationScoped
public class ReminderButtons implements ComponentHandler {
    public static final String PREFIX = "reminder_";

    @Inject
    Pool pool;

    @Inject
    SchedulerLoop loop;

    @Override
    public String customIdPrefix() {
        return PREFIX;
    }

    @Override
    public Uni<Reply> handle(ComponentContext button) {
        String[] parts = button.customIdAfter(PREFIX).split("_");
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
                    return ReminderSnooze.snooze(pool, Long.parseLong(parts[1]), null, userId, duration)
                            .invoke(loop::wake);
                }
            } else if (parts.length == 2 && parts[0].equals("dismiss")) {
                long id = Long.parseLong(parts[1]);
                return pool.preparedQuery("""
                        UPDATE reminders SET completed = true, claimed_by = NULL, claimed_until = NULL
                         WHERE id = $1 AND user_id = $2 RETURNING id""")
                        .execute(Tuple.of(id, userId))
                        .map(rows -> rows.size() == 0 ? Reply.error("Reminder #" + id + " is not yours.")
                                : Reply.text("✅ Reminder #" + id + " dismissed."));
            }
        } catch (NumberFormatException e) {
            // an id that is not a number is an unknown button, answered below
        }
        return Uni.createFrom().item(Reply.error("Unknown reminder button."));
    }
}
