package bot.volvox.scheduler.modactions;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Timed moderation actions created by moderation-service in {@code mod_scheduled_actions}: {@code unban} (tempban
 * expiry) → UNBAN, {@code untimeout} → REMOVE_TIMEOUT, {@code unlock} → UNLOCK_CHANNEL (target = channel). The row
 * is marked executed once the action is on Kafka, whatever Discord later answers (like the original, where an unban
 * error still marks it). Each action's origin is {@code (scheduler-service, "mod_scheduled_actions:<id>")}: the
 * result on {@code discord.action-result} is how moderation-service learns to write the case (e.g. {@code unban},
 * moderator = the bot, reason "Tempban expired (case #N)").
 */
@ApplicationScoped
public class ModActionWork extends LeasedWork {
    private static final Logger LOG = Logger.getLogger(ModActionWork.class);
    public static final String TABLE = "mod_scheduled_actions";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "execute_at", "executed", false, null);
    public static final String SOURCE_PREFIX = TABLE + ":";

    @Override
    public String kind() {
        return "mod_action";
    }

    @Override
    protected DueRows dueRows() {
        return DUE_ROWS;
    }

    @Override
    protected Uni<List<Planned>> plan(List<Row> claimed, ClaimContext context) {
        return caseNumbers(claimed, context.pool()).map(caseNumbers -> claimed.stream().map(row -> {
            long id = row.getLong("id");
            String action = row.getString("action").toLowerCase(Locale.ROOT);
            String target = row.getString("target_id");
            Integer caseNumber = caseNumbers.get(row.getInteger("case_id"));
            String caseText = caseNumber == null ? "" : " (case #" + caseNumber + ")";
            ActionParams params;
            String reason;
            switch (action) {
                case "unban" -> {
                    params = new ActionParams.Unban(target);
                    reason = "Tempban expired" + caseText;
                }
                case "untimeout" -> {
                    params = new ActionParams.RemoveTimeout(target);
                    reason = "Timeout expired" + caseText;
                }
                case "unlock" -> {
                    params = new ActionParams.UnlockChannel(target);
                    reason = "Lock expired" + caseText;
                }
                default -> {
                    LOG.warnf("mod_scheduled_actions row %d has unknown action '%s'; marking it executed", id, action);
                    return new Planned(id, due(row), List.<DiscordAction>of(),
                            new Completion.Abandoned("unknown action '" + action + "'"));
                }
            }
            DiscordAction discordAction = context.publisher().request(row.getString("guild_id"), SOURCE_PREFIX + id,
                    action + ":" + due(row).toEpochMilli(), reason, params);
            return new Planned(id, due(row), List.of(discordAction), Completion.FINISHED);
        }).toList());
    }

    /** The case numbers of the claimed rows' cases (by case id), for the reason the audit log shows. */
    private static Uni<Map<Integer, Integer>> caseNumbers(List<Row> claimed, Pool pool) {
        Integer[] caseIds = claimed.stream().map(row -> row.getInteger("case_id")).filter(Objects::nonNull)
                .distinct().toArray(Integer[]::new);
        if (caseIds.length == 0) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return pool.preparedQuery("SELECT id, case_number FROM mod_cases WHERE id = ANY($1)")
                .execute(Tuple.of(caseIds))
                .map(rows -> {
                    Map<Integer, Integer> numbers = new HashMap<>();
                    rows.forEach(row -> numbers.put(row.getInteger("id"), row.getInteger("case_number")));
                    return numbers;
                });
    }
}
