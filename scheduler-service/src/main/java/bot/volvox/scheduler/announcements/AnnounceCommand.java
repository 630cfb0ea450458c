package bot.volvox.scheduler.announcements;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.SlashCommand;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.claims.SchedulerSettings;
import bot.volvox.scheduler.interactions.Reply;
import bot.volvox.scheduler.time.CronSchedule;
import bot.volvox.scheduler.time.WhenParser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static bot.volvox.scheduler.interactions.InteractionRouter.option;

/** {@code /announce once|recurring|list|cancel} (behavior.md §5.4): needs {@code announce.enabled} and a moderator. */
@ApplicationScoped
public class AnnounceCommand {
    public static final String NAME = "announce";
    static final Duration MAX_AHEAD = Duration.ofDays(365);
    static final int LIST_LIMIT = 1900;

    @Inject
    Pool pool;

    @Inject
    GuildConfigs configs;

    @Inject
    CommandAccess access;

    @Inject
    SchedulerSettings settings;

    @Inject
    SchedulerLoop loop;

    public Uni<Reply> handle(DiscordEvent event, SlashCommand command) {
        return configs.effective(event.guildId()).map(config -> config.path("announce"))
                .flatMap(section -> access.isModerator(event.guildId(), command.interaction())
                        .flatMap(moderator -> {
                            if (!section.path("enabled").asBoolean(false)) {
                                return Uni.createFrom().item(Reply.error("Announcements are not enabled on this server."));
                            }
                            if (!moderator) {
                                return Uni.createFrom().item(Reply.error("You need moderator permissions to use `/announce`."));
                            }
                            String subcommand = command.subcommand() == null ? "" : command.subcommand();
                            return switch (subcommand) {
                                case "once" -> once(event, command);
                                case "recurring" -> recurring(event, command);
                                case "list" -> list(event);
                                case "cancel" -> cancel(event, command);
                                default -> Uni.createFrom().item(Reply.error("Unknown subcommand."));
                            };
                        }));
    }

    private Uni<Reply> once(DiscordEvent event, SlashCommand command) {
        String time = option(command, "time");
        ZonedDateTime now = ZonedDateTime.now(settings.zone());
        Optional<ZonedDateTime> at = WhenParser.announcement(time, now);
        if (at.isEmpty()) {
            return Uni.createFrom().item(Reply.error("I couldn't understand the time `" + time
                    + "`. Use `in 2h30m`, `in 3 hours`, `tomorrow 09:00` or `YYYY-MM-DD HH:MM` (" + settings.zone() + ")."));
        }
        if (!at.get().isAfter(now)) {
            return Uni.createFrom().item(Reply.error("That time is in the past. Announcements must be in the future."));
        }
        if (at.get().toInstant().isAfter(now.toInstant().plus(MAX_AHEAD))) {
            return Uni.createFrom().item(Reply.error("Announcements can be scheduled at most 365 days ahead."));
        }
        return insert(event, command, at.get().toInstant(), null, true);
    }

    private Uni<Reply> recurring(DiscordEvent event, SlashCommand command) {
        String cron = option(command, "cron");
        Optional<Instant> next = CronSchedule.parse(cron, settings.zone()).flatMap(s -> s.nextAfter(Instant.now()));
        if (next.isEmpty()) {
            return Uni.createFrom().item(Reply.error("`" + cron + "` is not a valid 5-field cron expression "
                    + "(minute hour day-of-month month day-of-week), e.g. `0 9 * * 1`."));
        }
        return insert(event, command, next.get(), cron.trim(), false);
    }

    private Uni<Reply> insert(DiscordEvent event, SlashCommand command, Instant at, String cron, boolean oneTime) {
        String channelId = option(command, "channel");
        String message = option(command, "message");
        if (channelId == null || message == null || message.isBlank()) {
            return Uni.createFrom().item(Reply.error("Give a channel and a message."));
        }
        return pool.preparedQuery("""
                WITH inserted AS (
                  INSERT INTO scheduled_messages (guild_id, channel_id, content, cron_expression, next_run, author_id,
                                                  one_time, source_event_id)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                  ON CONFLICT (source_event_id) WHERE source_event_id IS NOT NULL DO NOTHING
                  RETURNING id, next_run)
                SELECT id, next_run FROM inserted
                UNION ALL SELECT id, next_run FROM scheduled_messages WHERE source_event_id = $8""")
                .execute(Tuple.from(new Object[] {event.guildId(), channelId, message, cron,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), command.interaction().user().id(), oneTime,
                        event.id()}))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long epoch = row.getOffsetDateTime("next_run").toEpochSecond();
                    return Reply.text("✅ Announcement #" + row.getLong("id") + " scheduled in <#" + channelId + "> for <t:"
                            + epoch + ":F>" + (cron == null ? "." : ", then on `" + cron + "`."));
                })
                .invoke(loop::wake);
    }

    private Uni<Reply> list(DiscordEvent event) {
        return pool.preparedQuery("""
                SELECT id, channel_id, content, cron_expression, next_run FROM scheduled_messages
                 WHERE guild_id = $1 AND enabled = true ORDER BY next_run, id""")
                .execute(Tuple.of(event.guildId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Reply.text("No scheduled announcements.");
                    }
                    StringBuilder text = new StringBuilder("📢 **Scheduled announcements**\n");
                    for (Row row : rows) {
                        String content = row.getString("content");
                        String line = "#" + row.getLong("id") + " — <#" + row.getString("channel_id") + "> — <t:"
                                + row.getOffsetDateTime("next_run").toEpochSecond() + ":R>"
                                + (row.getString("cron_expression") == null ? "" : " (`" + row.getString("cron_expression") + "`)")
                                + " — " + (content.length() > 50 ? content.substring(0, 47) + "..." : content) + "\n";
                        if (text.length() + line.length() > LIST_LIMIT) {
                            text.append("…");
                            break;
                        }
                        text.append(line);
                    }
                    return Reply.text(text.toString().strip());
                });
    }

    private Uni<Reply> cancel(DiscordEvent event, SlashCommand command) {
        String raw = option(command, "id");
        long id;
        try {
            id = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(Reply.error("Give the announcement's id (see `/announce list`)."));
        }
        return pool.preparedQuery("""
                UPDATE scheduled_messages SET enabled = false, claimed_by = NULL, claimed_until = NULL
                 WHERE id = $1 AND guild_id = $2 AND enabled = true RETURNING id""")
                .execute(Tuple.of(id, event.guildId()))
                .map(rows -> rows.size() == 0
                        ? Reply.error("There is no active announcement #" + id + " on this server.")
                        : Reply.text("✅ Announcement #" + id + " cancelled."));
    }
}
