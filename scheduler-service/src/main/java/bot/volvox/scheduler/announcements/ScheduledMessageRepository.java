package bot.volvox.scheduler.announcements;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The rows of {@code scheduled_messages} that {@code /announce} creates, lists and cancels. */
@ApplicationScoped
public class ScheduledMessageRepository {

    @Inject
    Pool pool;

    /** A new announcement; {@code sourceEventId} (the interaction id) makes a redelivered command create nothing new. */
    public record NewAnnouncement(String guildId, String channelId, String content, String cron, Instant firstRun,
            String authorId, boolean oneTime, String sourceEventId) {
    }

    public record Announcement(long id, String channelId, String content, String cron, Instant nextRun) {
    }

    /** Inserts the announcement once per source event; returns it as stored (the earlier one on a repeat). */
    public Uni<Announcement> schedule(NewAnnouncement announcement) {
        return pool.preparedQuery("""
                WITH inserted AS (
                  INSERT INTO scheduled_messages (guild_id, channel_id, content, cron_expression, next_run, author_id,
                                                  one_time, source_event_id)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                  ON CONFLICT (source_event_id) WHERE source_event_id IS NOT NULL DO NOTHING
                  RETURNING id, channel_id, content, cron_expression, next_run)
                SELECT * FROM inserted
                UNION ALL SELECT id, channel_id, content, cron_expression, next_run FROM scheduled_messages
                 WHERE source_event_id = $8""")
                .execute(Tuple.from(new Object[] {announcement.guildId(), announcement.channelId(),
                        announcement.content(), announcement.cron(),
                        OffsetDateTime.ofInstant(announcement.firstRun(), ZoneOffset.UTC), announcement.authorId(),
                        announcement.oneTime(), announcement.sourceEventId()}))
                .map(rows -> announcement(rows.iterator().next()));
    }

    /** The guild's active announcements, next first. */
    public Uni<List<Announcement>> active(String guildId) {
        return pool.preparedQuery("""
                SELECT id, channel_id, content, cron_expression, next_run FROM scheduled_messages
                 WHERE guild_id = $1 AND enabled = true ORDER BY next_run, id""")
                .execute(Tuple.of(guildId))
                .map(rows -> {
                    List<Announcement> list = new ArrayList<>();
                    rows.forEach(row -> list.add(announcement(row)));
                    return list;
                });
    }

    /** Disables active announcement {@code id} of the guild; false when there is none. */
    public Uni<Boolean> cancel(long id, String guildId) {
        return pool.preparedQuery("""
                UPDATE scheduled_messages SET enabled = false, claimed_by = NULL, claimed_until = NULL
                 WHERE id = $1 AND guild_id = $2 AND enabled = true RETURNING id""")
                .execute(Tuple.of(id, guildId))
                .map(rows -> rows.size() > 0);
    }

    private static Announcement announcement(Row row) {
        return new Announcement(row.getLong("id"), row.getString("channel_id"), row.getString("content"),
                row.getString("cron_expression"), row.getOffsetDateTime("next_run").toInstant());
    }
}
