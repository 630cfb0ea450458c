package bot.volvox.scheduler.announcements;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;
import bot.volvox.scheduler.time.CronSchedule;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Due scheduled messages: {@code SEND_MESSAGE} of the content, then a one-time row is disabled and a cron row moves
 * to its next match after now. A recurring row without a valid cron is disabled instead of re-sending every minute
 * (as the original did).
 */
@ApplicationScoped
public class ScheduledMessageWork extends LeasedWork {
    static final String TABLE = "scheduled_messages";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "next_run", "enabled", true, null);

    @Inject
    GuildConfigs configs;

    @Override
    public String kind() {
        return "scheduled_message";
    }

    @Override
    protected DueRows dueRows() {
        return DUE_ROWS;
    }

    @Override
    protected Uni<List<Planned>> plan(List<Row> claimed, ClaimContext context) {
        return configs.settingsOf(claimed.stream().map(row -> row.getString("guild_id")).toList())
                .map(configByGuild -> claimed.stream().map(row -> {
                    long id = row.getLong("id");
                    Instant due = due(row);
                    DiscordAction send = context.publisher().request(row.getString("guild_id"),
                            ScheduledMessageResults.sourceEventId(id, due), "send", null,
                            new ActionParams.SendMessage(row.getString("channel_id"),
                                    ActionParams.MessageBody.text(row.getString("content")), null));
                    return new Planned(id, due, List.of(send), completion(row, configByGuild.get(row.getString("guild_id")).general().zone()));
                }).toList());
    }

    /** A one-time row is finished (disabled); a cron row is due again at its next match after now, in its guild's zone. */
    private static Completion completion(Row row, ZoneId zone) {
        if (row.getBoolean("one_time")) {
            return Completion.FINISHED;
        }
        return CronSchedule.parse(row.getString("cron_expression"), zone)
                .flatMap(schedule -> schedule.nextAfter(Instant.now()))
                .<Completion>map(Completion.DueAgain::new)
                .orElse(Completion.FINISHED);
    }
}
