package bot.volvox.scheduler.reminders;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;
import bot.volvox.scheduler.time.CronSchedule;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Due reminders: a DM first ({@code SEND_DM}); {@link ReminderDeliveryResults} falls back to the channel when the DM
 * fails. Firing completes a one-off reminder and moves a recurring one to its next cron match after now (missed
 * occurrences are not replayed). A guild with {@code reminders.enabled = false} keeps its reminders due: they are
 * looked at again after the retry delay.
 */
@ApplicationScoped
public class ReminderWork extends LeasedWork {
    static final String TABLE = "reminders";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "remind_at", "completed", false, null);

    @Inject
    GuildConfigs configs;


    @Override
    public String kind() {
        return "reminder";
    }

    @Override
    protected DueRows dueRows() {
        return DUE_ROWS;
    }

    @Override
    protected Uni<List<Planned>> plan(List<Row> claimed, ClaimContext context) {
        return configs.settingsOf(claimed.stream().map(row -> row.getString("guild_id")).toList())
                .map(configByGuild -> {
            List<Planned> planned = new ArrayList<>();
            for (Row row : claimed) {
                long id = row.getLong("id");
                Instant due = due(row);
                GuildConfig config = configByGuild.get(row.getString("guild_id"));
                if (!config.reminders().enabled()) {
                    planned.add(new Planned(id, due, List.of(), new Completion.Postponed(context.retryDelay())));
                    continue;
                }
                String cron = row.getString("recurring_cron");
                DiscordAction dm = context.publisher().request(row.getString("guild_id"),
                        Occurrence.sourceEventId(id, due), "dm", null, ReminderMessages.dm(id, row.getString("user_id"), row.getString("message"),
                                row.getInteger("snoozed_count"), cron));
                planned.add(new Planned(id, due, List.of(dm), completion(cron, config.general().zone())));
            }
            return planned;
        });
    }

    /** A one-off reminder is finished; a recurring one is due again at its next cron match after now, in its guild's zone. */
    private static Completion completion(String cron, ZoneId zone) {
        if (cron == null) {
            return Completion.FINISHED;
        }
        return CronSchedule.parse(cron, zone).flatMap(schedule -> schedule.nextAfter(Instant.now()))
                .<Completion>map(Completion.DueAgain::new)
                .orElse(Completion.FINISHED);
    }
}
