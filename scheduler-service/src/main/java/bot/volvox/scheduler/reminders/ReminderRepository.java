package bot.volvox.scheduler.reminders;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The rows of {@code reminders}, as {@code /remind}, the reminder buttons and the delivery results change them. */
@ApplicationScoped
public class ReminderRepository {

    @Inject
    Pool pool;

    /** A reminder to create; {@code sourceEventId} (the interaction id) makes a redelivered command a repeat. */
    public record NewReminder(String guildId, String userId, String channelId, String message, Instant remindAt,
            String cron, String sourceEventId) {
    }

    /** The created reminder's id (the earlier one on a repeat), or empty when the user is at {@code maxPerUser}. */
    public Uni<Optional<Long>> create(NewReminder reminder, int maxPerUser) {
        return pool.withTransaction(connection -> connection
                // one user's creations are serialised, so two concurrent commands cannot both pass the limit
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                .execute(Tuple.of(reminder.guildId(), reminder.userId()))
                .flatMap(locked -> connection.preparedQuery("""
                        SELECT (SELECT id FROM reminders WHERE source_event_id = $3) AS existing,
                               (SELECT count(*) FROM reminders WHERE guild_id = $1 AND user_id = $2 AND completed = false) AS active""")
                        .execute(Tuple.of(reminder.guildId(), reminder.userId(), reminder.sourceEventId())))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("existing") != null) {
                        return Uni.createFrom().item(Optional.of(row.getLong("existing")));
                    }
                    if (row.getLong("active") >= maxPerUser) {
                        return Uni.createFrom().item(Optional.<Long>empty());
                    }
                    return connection.preparedQuery("""
                            INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at, recurring_cron, source_event_id)
                            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                            .execute(Tuple.from(new Object[] {reminder.guildId(), reminder.userId(),
                                    reminder.channelId(), reminder.message(),
                                    OffsetDateTime.ofInstant(reminder.remindAt(), ZoneOffset.UTC), reminder.cron(),
                                    reminder.sourceEventId()}))
                            .map(inserted -> Optional.of(inserted.iterator().next().getLong("id")));
                }));
    }

    public record ActiveReminder(long id, String message, Instant remindAt, String cron) {
    }

    /** Up to 25 active reminders of a user in a guild, soonest first. */
    public Uni<List<ActiveReminder>> active(String guildId, String userId) {
        return pool.preparedQuery("""
                SELECT id, message, remind_at, recurring_cron FROM reminders
                 WHERE guild_id = $1 AND user_id = $2 AND completed = false ORDER BY remind_at, id LIMIT 25""")
                .execute(Tuple.of(guildId, userId))
                .map(rows -> {
                    List<ActiveReminder> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new ActiveReminder(row.getLong("id"), row.getString("message"),
                            row.getOffsetDateTime("remind_at").toInstant(), row.getString("recurring_cron"))));
                    return list;
                });
    }

    /** What happened to a change asked for by a user on one reminder. */
    public enum Change {
        NOT_FOUND, NOT_YOURS, NO_LONGER_ACTIVE, DONE
    }

    /** Cancels the user's active reminder {@code id} in the guild. */
    public Uni<Change> cancel(long id, String guildId, String userId) {
        return pool.preparedQuery("""
                WITH target AS (SELECT id, user_id, completed FROM reminders WHERE id = $1 AND guild_id = $2),
                     cancelled AS (UPDATE reminders r SET completed = true, claimed_by = NULL, claimed_until = NULL
                                    FROM target t WHERE r.id = t.id AND t.user_id = $3 AND NOT t.completed
                                    RETURNING r.id)
                SELECT (SELECT user_id FROM target) AS owner, (SELECT count(*) FROM cancelled) AS cancelled""")
                .execute(Tuple.of(id, guildId, userId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getString("owner") == null) {
                        return Change.NOT_FOUND;
                    }
                    if (!row.getString("owner").equals(userId)) {
                        return Change.NOT_YOURS;
                    }
                    return row.getLong("cancelled") == 0 ? Change.NO_LONGER_ACTIVE : Change.DONE;
                });
    }

    /** The outcome of a snooze, with the new time when it was done. */
    public record Snooze(Change change, Instant until) {
    }

    /**
     * Snoozing: {@code remind_at = now + duration}, {@code snoozed_count + 1}. Only the owner may snooze, and only a
     * reminder that is not completed (as in the original: a stale button never brings a finished reminder back);
     * {@code guildId} null matches any guild (buttons in DMs carry none).
     */
    public Uni<Snooze> snooze(long id, String guildId, String userId, Duration duration) {
        return pool.preparedQuery("""
                WITH target AS (SELECT id, user_id, completed FROM reminders
                                 WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)),
                     snoozed AS (UPDATE reminders r
                                    SET remind_at = clock_timestamp() + $4::bigint * interval '1 millisecond',
                                        snoozed_count = snoozed_count + 1,
                                        claimed_by = NULL, claimed_until = NULL
                                   FROM target t WHERE r.id = t.id AND t.user_id = $3 AND r.completed = false
                                   RETURNING r.remind_at)
                SELECT (SELECT user_id FROM target) AS owner, (SELECT remind_at FROM snoozed) AS remind_at""")
                .execute(Tuple.of(id, guildId, userId, duration.toMillis()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getString("owner") == null) {
                        return new Snooze(Change.NOT_FOUND, null);
                    }
                    if (!row.getString("owner").equals(userId)) {
                        return new Snooze(Change.NOT_YOURS, null);
                    }
                    if (row.getOffsetDateTime("remind_at") == null) {
                        return new Snooze(Change.NO_LONGER_ACTIVE, null);
                    }
                    return new Snooze(Change.DONE, row.getOffsetDateTime("remind_at").toInstant());
                });
    }

    /** The guild of reminder {@code id}, if there is such a reminder. */
    public Uni<Optional<String>> guildOf(long id) {
        return pool.preparedQuery("SELECT guild_id FROM reminders WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty()
                        : Optional.of(rows.iterator().next().getString("guild_id")));
    }

    /** Completes the user's reminder {@code id} (its Dismiss button); false when it is not theirs. */
    public Uni<Boolean> dismiss(long id, String userId) {
        return pool.preparedQuery("""
                UPDATE reminders SET completed = true, claimed_by = NULL, claimed_until = NULL
                 WHERE id = $1 AND user_id = $2 RETURNING id""")
                .execute(Tuple.of(id, userId))
                .map(rows -> rows.size() > 0);
    }

    /** What a delivery in the reminder's channel needs. */
    public record Delivery(long id, String guildId, String userId, String channelId, String message,
            int snoozedCount, String cron) {
    }

    public Uni<Optional<Delivery>> delivery(long id) {
        return pool.preparedQuery("""
                SELECT id, guild_id, user_id, channel_id, message, snoozed_count, recurring_cron
                  FROM reminders WHERE id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.<Delivery>empty() : Optional.of(delivery(rows.iterator().next())));
    }

    /**
     * Counts a failed delivery of one occurrence (once, however often its result is redelivered): after
     * {@code maxFailures} the reminder is completed, before that it is retried after {@code retryDelay}.
     */
    public Uni<Void> countFailedDelivery(long id, Instant occurrence, int maxFailures, Duration retryDelay,
            String error) {
        return pool.preparedQuery("""
                UPDATE reminders
                   SET failed_delivery_count = failed_delivery_count + 1,
                       last_failed_occurrence = $2,
                       completed = failed_delivery_count + 1 >= $3,
                       remind_at = CASE WHEN failed_delivery_count + 1 >= $3 THEN remind_at
                                        ELSE clock_timestamp() + $4::bigint * interval '1 millisecond' END,
                       claimed_by = NULL, claimed_until = NULL,
                       last_error = left($5, 500)
                 WHERE id = $1 AND last_failed_occurrence IS DISTINCT FROM $2""")
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(occurrence, ZoneOffset.UTC), maxFailures,
                        retryDelay.toMillis(), error))
                .replaceWithVoid();
    }

    private static Delivery delivery(Row row) {
        return new Delivery(row.getLong("id"), row.getString("guild_id"), row.getString("user_id"),
                row.getString("channel_id"), row.getString("message"), row.getInteger("snoozed_count"),
                row.getString("recurring_cron"));
    }
}
