package bot.volvox.scheduler.reminders;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;
import bot.volvox.scheduler.claims.SchedulerSettings;
import bot.volvox.scheduler.time.CronSchedule;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Due reminders: a DM first ({@code SEND_DM}); {@link ReminderDeliveryResults} falls back to the channel when the DM
 * fails. Firing completes a one-off reminder and moves a recurring one to its next cron match after now (missed
 * occurrences are not replayed). A guild with {@code reminders.enabled = false} keeps its reminders due: they are
 * looked at again after the retry delay.
 */
@ApplicationScoped
public class ReminderWork extends LeasedWork {
    static final String TABLE = "reminders";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "remind_at", "completed = false");

    private static final String COMPLETE = """
            UPDATE reminders SET completed = true, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND claimed_by = $2""";
    private static final String ADVANCE = """
            UPDATE reminders SET remind_at = $3, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND claimed_by = $2""";
    private static final String POSTPONE = """
            UPDATE reminders SET claimed_by = NULL, claimed_until = clock_timestamp() + $3::bigint * interval '1 millisecond'
             WHERE id = $1 AND claimed_by = $2""";

    @Inject
    GuildConfigs configs;

    @Inject
    SchedulerSettings settings;

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
        Set<String> guilds = claimed.stream().map(row -> row.getString("guild_id")).collect(Collectors.toSet());
        return Multi.createFrom().iterable(guilds)
                .onItem().transformToUniAndConcatenate(guild -> configs.effective(guild)
                        .map(config -> Map.entry(guild, config.path("reminders"))))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(sections -> {
            List<Planned> planned = new ArrayList<>();
            for (Row row : claimed) {
                long id = row.getLong("id");
                Instant due = due(row);
                boolean enabled = sections.get(row.getString("guild_id")).path("enabled").asBoolean(false);
                if (!enabled) {
                    planned.add(new Planned(id, due, List.of(), new Completion(POSTPONE,
                            Tuple.of(id, context.replicaId(), context.retryDelay().toMillis()))));
                    continue;
                }
                String cron = row.getString("recurring_cron");
                DiscordAction dm = context.publisher().request(row.getString("guild_id"),
                        Occurrence.sourceEventId(id, due), "dm", null, ReminderMessages.dm(id, row.getString("user_id"), row.getString("message"),
                                row.getInteger("snoozed_count"), cron));
                planned.add(new Planned(id, due, List.of(dm), completion(id, cron, context)));
            }
            return planned;
        });
    }

    private Completion completion(long id, String cron, ClaimContext context) {
        if (cron == null) {
            return new Completion(COMPLETE, Tuple.of(id, context.replicaId()));
        }
        Optional<Instant> next = CronSchedule.parse(cron, settings.zone()).flatMap(s -> s.nextAfter(Instant.now()));
        return next.map(at -> new Completion(ADVANCE,
                        Tuple.of(id, context.replicaId(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC))))
                .orElseGet(() -> new Completion(COMPLETE, Tuple.of(id, context.replicaId())));
    }
}
