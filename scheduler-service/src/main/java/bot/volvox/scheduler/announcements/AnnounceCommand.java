package bot.volvox.scheduler.announcements;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.scheduler.announcements.ScheduledMessageRepository.Announcement;
import bot.volvox.scheduler.announcements.ScheduledMessageRepository.NewAnnouncement;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.time.CronSchedule;
import bot.volvox.scheduler.time.WhenParser;

import io.smallrye.mutiny.Uni;

/** {@code /announce once|recurring|list|cancel}: needs {@code announce.enabled} and a moderator. */
@ApplicationScoped
public class AnnounceCommand implements SlashCommandHandler {
    public static final String NAME = "announce";
    static final Duration MAX_AHEAD = Duration.ofDays(365);
    static final int LIST_LIMIT = 1900;

    @Inject
    ScheduledMessageRepository messages;

    @Inject
    SchedulerLoop loop;

    @Override
    public Set<String> commands() {
        return Set.of(NAME);
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        if (!context.config().announce().enabled()) {
            return Uni.createFrom().item(Reply.error("Announcements are not enabled on this server."));
        }
        if (!CommandAccess.isModerator(context.config(), context.interaction(), context.botOwner())) {
            return Uni.createFrom().item(Reply.error("You need moderator permissions to use `/announce`."));
        }
        return switch (context.subcommand()) {
            case "once" -> once(context);
            case "recurring" -> recurring(context);
            case "list" -> list(context);
            case "cancel" -> cancel(context);
            default -> Uni.createFrom().item(Reply.error("Unknown subcommand."));
        };
    }

    private Uni<Reply> once(CommandContext context) {
        String time = context.raw("time");
        ZoneId zone = context.config().general().zone();
        ZonedDateTime now = ZonedDateTime.now(zone);
        Optional<ZonedDateTime> at = WhenParser.announcement(time, now);
        if (at.isEmpty()) {
            return Uni.createFrom().item(Reply.error("I couldn't understand the time `" + time
                    + "`. Use `in 2h30m`, `in 3 hours`, `tomorrow 09:00` or `YYYY-MM-DD HH:MM` ("
                    + WhenParser.zoneNote(zone) + ")."));
        }
        if (!at.get().isAfter(now)) {
            return Uni.createFrom().item(Reply.error("That time is in the past. Announcements must be in the future."));
        }
        if (at.get().toInstant().isAfter(now.toInstant().plus(MAX_AHEAD))) {
            return Uni.createFrom().item(Reply.error("Announcements can be scheduled at most 365 days ahead."));
        }
        return insert(context, at.get().toInstant(), null, true);
    }

    private Uni<Reply> recurring(CommandContext context) {
        String cron = context.raw("cron");
        ZoneId zone = context.config().general().zone();
        Optional<Instant> next = CronSchedule.parse(cron, zone).flatMap(s -> s.nextAfter(Instant.now()));
        if (next.isEmpty()) {
            return Uni.createFrom().item(Reply.error("`" + cron + "` is not a valid 5-field cron expression "
                    + "(minute hour day-of-month month day-of-week), e.g. `0 9 * * 1`."));
        }
        return insert(context, next.get(), cron.trim(), false);
    }

    private Uni<Reply> insert(CommandContext context, Instant at, String cron, boolean oneTime) {
        String channelId = context.raw("channel");
        String message = context.raw("message");
        if (channelId == null || message == null || message.isBlank()) {
            return Uni.createFrom().item(Reply.error("Give a channel and a message."));
        }
        return messages.schedule(new NewAnnouncement(context.guildId(), channelId, message, cron, at,
                        context.invokerId(), oneTime, context.id()))
                .map(scheduled -> {
                    long epoch = scheduled.nextRun().getEpochSecond();
                    return Reply.text("✅ Announcement #" + scheduled.id() + " scheduled in <#" + channelId
                            + "> for <t:" + epoch + ":F>" + (cron == null ? "." : ", then on `" + cron + "` ("
                            + context.config().general().zone().getId() + ")."));
                })
                .invoke(loop::wake);
    }

    private Uni<Reply> list(CommandContext context) {
        return messages.active(context.guildId()).map(announcements -> {
            if (announcements.isEmpty()) {
                return Reply.text("No scheduled announcements.");
            }
            StringBuilder text = new StringBuilder("📢 **Scheduled announcements**\n");
            for (Announcement announcement : announcements) {
                String content = announcement.content();
                String line = "#" + announcement.id() + " — <#" + announcement.channelId() + "> — <t:"
                        + announcement.nextRun().getEpochSecond() + ":R>"
                        + (announcement.cron() == null ? "" : " (`" + announcement.cron() + "` "
                                + context.config().general().zone().getId() + ")")
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

    private Uni<Reply> cancel(CommandContext context) {
        String raw = context.raw("id");
        long id;
        try {
            id = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(Reply.error("Give the announcement's id (see `/announce list`)."));
        }
        return messages.cancel(id, context.guildId())
                .map(cancelled -> !cancelled
                        ? Reply.error("There is no active announcement #" + id + " on this server.")
                        : Reply.text("✅ Announcement #" + id + " cancelled."));
    }
}
