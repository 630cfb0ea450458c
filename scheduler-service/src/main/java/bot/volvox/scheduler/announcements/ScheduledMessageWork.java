package bot.volvox.scheduler.announcements;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;
import bot.volvox.scheduler.claims.SchedulerSettings;
import bot.volvox.scheduler.time.CronSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Due scheduled messages: {@code SEND_MESSAGE} of the content, then a one-time row is disabled and a cron row moves
 * to its next match after now. A recurring row without a valid cron is disabled instead of re-sending every minute
 * (the original's §9.11).
 */
@ApplicationScoped
public class ScheduledMessageWork extends LeasedWork {
    static final String TABLE = "scheduled_messages";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "next_run", "enabled = true");
    private static final String DISABLE = """
            UPDATE scheduled_messages SET enabled = false, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND claimed_by = $2""";
    private static final String ADVANCE = """
            UPDATE scheduled_messages SET next_run = $3, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND claimed_by = $2""";

    @Inject
    SchedulerSettings settings;

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
        return Uni.createFrom().item(claimed.stream().map(row -> {
            long id = row.getLong("id");
            Instant due = due(row);
            DiscordAction send = context.publisher().request(row.getString("guild_id"),
                    TABLE + ":" + id + ":" + due.toEpochMilli(), "send", null, new ActionParams.SendMessage(row.getString("channel_id"),
                            ActionParams.MessageBody.text(row.getString("content")), null));
            return new Planned(id, due, List.of(send), completion(row, context));
        }).toList());
    }

    private Completion completion(Row row, ClaimContext context) {
        long id = row.getLong("id");
        Optional<Instant> next = row.getBoolean("one_time") ? Optional.empty()
                : CronSchedule.parse(row.getString("cron_expression"), settings.zone())
                        .flatMap(schedule -> schedule.nextAfter(Instant.now()));
        return next.map(at -> new Completion(ADVANCE,
                        Tuple.of(id, context.replicaId(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC))))
                .orElseGet(() -> new Completion(DISABLE, Tuple.of(id, context.replicaId())));
    }
}
