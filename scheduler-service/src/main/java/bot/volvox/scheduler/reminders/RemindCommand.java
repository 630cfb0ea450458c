package bot.volvox.scheduler.reminders;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.Durations;
import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.claims.SchedulerSettings;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.scheduler.time.CronSchedule;
import bot.volvox.scheduler.time.WhenParser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code /remind me|list|cancel|snooze} (behavior.md §5.3, plus an optional cron and a snooze subcommand). */
@ApplicationScoped
public class RemindCommand implements SlashCommandHandler {
    public static final String NAME = "remind";
    static final Duration MAX_AHEAD = Duration.ofDays(365);

    @Inject
    Pool pool;

    @Inject
    SchedulerSettings settings;

    @Inject
    SchedulerLoop loop;

    @Override
    public Set<String> commands() {
        return Set.of(NAME);
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        JsonNode section = context.config().path("reminders");
        if (!section.path("enabled").asBoolean(false)) {
            return Uni.createFrom().item(Reply.error("Reminders are not enabled on this server."));
        }
        return switch (context.subcommand()) {
            case "me" -> create(context, section.path("maxPerUser").asInt(25));
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
        ZonedDateTime now = ZonedDateTime.now(settings.zone());
        Optional<WhenParser.When> parsed = WhenParser.reminder(when, now);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(Reply.error("I couldn't understand the time `" + when
                    + "`. Try `10m`, `in 2 hours`, `tomorrow at 3pm` or `next monday at 9:30`."));
        }
        Instant at = parsed.get().at().toInstant();
        if (!at.isAfter(now.toInstant())) {
            return Uni.createFrom().item(Reply.error("That time is in the past. Reminders must be in the future."));
        }
        if (at.isAfter(now.toInstant().plus(MAX_AHEAD))) {
            return Uni.createFrom().item(Reply.error("Reminders can be at most 365 days ahead."));
        }
        if (cron != null && CronSchedule.parse(cron, settings.zone()).isEmpty()) {
            return Uni.createFrom().item(Reply.error("`" + cron + "` is not a valid 5-field cron expression "
                    + "(minute hour day-of-month month day-of-week), e.g. `0 9 * * 1`."));
        }
        String rest = parsed.get().rest();
        String text = rest.isEmpty() ? message : rest + " " + message;
        String guildId = context.guildId();
        String userId = context.invokerId();
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                .execute(Tuple.of(guildId, userId))
                .flatMap(locked -> connection.preparedQuery("""
                        SELECT (SELECT id FROM reminders WHERE source_event_id = $3) AS existing,
                               (SELECT count(*) FROM reminders WHERE guild_id = $1 AND user_id = $2 AND completed = false) AS active""")
                        .execute(Tuple.of(guildId, userId, context.id())))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("existing") != null) {
                        return Uni.createFrom().item(created(row.getLong("existing"), at, cron));
                    }
                    if (row.getLong("active") >= maxPerUser) {
                        return Uni.createFrom().item(Reply.error("You already have " + maxPerUser
                                + " active reminders, the most allowed. Cancel one first."));
                    }
                    return connection.preparedQuery("""
                            INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at, recurring_cron, source_event_id)
                            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                            .execute(Tuple.from(new Object[] {guildId, userId, context.interaction().channelId(), text,
                                    OffsetDateTime.ofInstant(at, ZoneOffset.UTC), cron, context.id()}))
                            .map(inserted -> created(inserted.iterator().next().getLong("id"), at, cron));
                }))
                .invoke(loop::wake);
    }

    private static Reply created(long id, Instant at, String cron) {
        long epoch = at.getEpochSecond();
        return Reply.text("✅ Reminder #" + id + " set for <t:" + epoch + ":F> (<t:" + epoch + ":R>)."
                + (cron == null ? "" : " Then repeats on `" + cron + "`."));
    }

    private Uni<Reply> list(CommandContext context) {
        return pool.preparedQuery("""
                SELECT id, message, remind_at, recurring_cron FROM reminders
                 WHERE guild_id = $1 AND user_id = $2 AND completed = false ORDER BY remind_at, id LIMIT 25""")
                .execute(Tuple.of(context.guildId(), context.invokerId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Reply.text("You have no active reminders.");
                    }
                    StringBuilder text = new StringBuilder("⏰ **Your reminders**\n");
                    for (Row row : rows) {
                        String message = row.getString("message");
                        text.append("#").append(row.getLong("id")).append(" — <t:")
                                .append(row.getOffsetDateTime("remind_at").toEpochSecond()).append(":R> — ")
                                .append(message.length() > 60 ? message.substring(0, 57) + "..." : message);
                        if (row.getString("recurring_cron") != null) {
                            text.append(" (repeats `").append(row.getString("recurring_cron")).append("`)");
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
        String userId = context.invokerId();
        return pool.preparedQuery("""
                WITH target AS (SELECT id, user_id, completed FROM reminders WHERE id = $1 AND guild_id = $2),
                     cancelled AS (UPDATE reminders r SET completed = true, claimed_by = NULL, claimed_until = NULL
                                    FROM target t WHERE r.id = t.id AND t.user_id = $3 AND NOT t.completed
                                    RETURNING r.id)
                SELECT (SELECT user_id FROM target) AS owner, (SELECT completed FROM target) AS completed,
                       (SELECT count(*) FROM cancelled) AS cancelled""")
                .execute(Tuple.of(id, context.guildId(), userId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getString("owner") == null) {
                        return Reply.error("There is no reminder #" + id + " on this server.");
                    }
                    if (!row.getString("owner").equals(userId)) {
                        return Reply.error("Reminder #" + id + " is not yours.");
                    }
                    if (row.getLong("cancelled") == 0) {
                        return Reply.error("Reminder #" + id + " is no longer active.");
                    }
                    return Reply.text("✅ Reminder #" + id + " cancelled.");
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
        return ReminderSnooze.snooze(pool, id, context.guildId(), context.invokerId(), duration.get())
                .invoke(loop::wake);
    }

    private static Long reminderId(CommandContext context) {
        return context.integer("id").orElse(null);
    }
}
