package bot.volvox.scheduler.reminders;

import java.time.Duration;

import bot.volvox.platform.interactions.Reply;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Snoozing: {@code remind_at = now + duration}, {@code snoozed_count + 1}, active again (a delivered one-off reminder
 * is snoozed from its message's buttons). Only the owner may snooze; {@code guildId} null matches any guild (buttons
 * in DMs carry none).
 */
final class ReminderSnooze {

    private ReminderSnooze() {
    }

    static Uni<Reply> snooze(Pool pool, long id, String guildId, String userId, Duration duration) {
        return pool.preparedQuery("""
                WITH target AS (SELECT id, user_id FROM reminders WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)),
                     snoozed AS (UPDATE reminders r
                                    SET remind_at = clock_timestamp() + $4::bigint * interval '1 millisecond',
                                        snoozed_count = snoozed_count + 1, completed = false,
                                        claimed_by = NULL, claimed_until = NULL
                                   FROM target t WHERE r.id = t.id AND t.user_id = $3
                                   RETURNING r.remind_at)
                SELECT (SELECT user_id FROM target) AS owner, (SELECT remind_at FROM snoozed) AS remind_at""")
                .execute(Tuple.of(id, guildId, userId, duration.toMillis()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getString("owner") == null) {
                        return Reply.error("There is no reminder #" + id + ".");
                    }
                    if (!row.getString("owner").equals(userId)) {
                        return Reply.error("Reminder #" + id + " is not yours.");
                    }
                    long epoch = row.getOffsetDateTime("remind_at").toEpochSecond();
                    return Reply.text("💤 Reminder #" + id + " snoozed until <t:" + epoch + ":F> (<t:" + epoch + ":R>).");
                });
    }
}
