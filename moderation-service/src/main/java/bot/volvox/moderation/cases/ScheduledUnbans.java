package bot.volvox.moderation.cases;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.moderation.discord.BotIdentity;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records the {@code unban} case of an expired tempban (the original never wrote one): scheduler-service executes the
 * {@code mod_scheduled_actions} row as an UNBAN with origin {@code (scheduler-service, "mod_scheduled_actions:<id>")};
 * when its result is OK, an operation without Discord steps records the case (moderator = the bot, reason
 * "Tempban expired (case #N)" with the tempban's case number) and its audit row, then posts it to the mod log.
 * The operation id is derived from the UNBAN's action id, so a redelivered result finds the operation already there
 * and only re-publishes the same mod-log action. A failed unban (10026 Unknown Ban: already unbanned by hand) records
 * nothing.
 */
@ApplicationScoped
public class ScheduledUnbans {
    private static final Logger LOG = Logger.getLogger(ScheduledUnbans.class);
    public static final String SOURCE_PREFIX = "mod_scheduled_actions:";

    @Inject
    Pool pool;
    @Inject
    Operations operations;
    @Inject
    BotIdentity bot;

    public static String operationId(ActionResult result) {
        return "scheduled-unban:" + result.actionId();
    }

    public Uni<Void> onResult(ActionResult result) {
        if (result.kind() != ActionKind.UNBAN || result.origin() == null
                || !OwningService.SCHEDULER.serviceName().equals(result.origin().service())
                || result.origin().sourceEventId() == null
                || !result.origin().sourceEventId().startsWith(SOURCE_PREFIX)) {
            return Uni.createFrom().voidItem();
        }
        String source = result.origin().sourceEventId();
        if (result.status() != ActionStatus.OK) {
            LOG.infof("Scheduled unban %s did not happen (%s %s): no case", source, result.errorCode(),
                    result.errorMessage());
            return Uni.createFrom().voidItem();
        }
        long rowId;
        try {
            rowId = Long.parseLong(source.substring(SOURCE_PREFIX.length()));
        } catch (NumberFormatException e) {
            LOG.warnf("Unreadable scheduled-action source %s on UNBAN result %s", source, result.actionId());
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                SELECT s.guild_id, s.target_id, c.case_number, c.target_tag FROM mod_scheduled_actions s
                  LEFT JOIN mod_cases c ON c.id = s.case_id
                 WHERE s.id = $1""")
                .execute(Tuple.of(rowId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        LOG.warnf("UNBAN result %s names scheduled action %d, which does not exist", result.actionId(),
                                rowId);
                        return Uni.createFrom().voidItem();
                    }
                    Row row = rows.iterator().next();
                    Integer caseNumber = row.getInteger("case_number");
                    String targetId = row.getString("target_id");
                    String targetTag = row.getString("target_tag");
                    CaseDraft draft = new CaseDraft("unban", targetId, targetTag == null ? targetId : targetTag,
                            bot.userId(), bot.tag(),
                            "Tempban expired" + (caseNumber == null ? "" : " (case #" + caseNumber + ")"), null, null);
                    return operations.start(operationId(result), row.getString("guild_id"),
                            new OperationPlan(null, List.of(), draft, null, null, true, null));
                });
    }
}
