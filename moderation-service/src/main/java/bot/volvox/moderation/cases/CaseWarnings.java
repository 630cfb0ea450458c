package bot.volvox.moderation.cases;

import java.util.Optional;

import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import bot.volvox.platform.guildconfig.GuildConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Records the warning a case carries, in the case's transaction, and says which operation it escalates to. The
 * warnings feature implements it; cases only call it, so the case flow does not depend on how warnings and
 * escalation work.
 */
public interface CaseWarnings {

    /** An operation to start because the warning crossed an escalation threshold. */
    record Escalated(String operationId, OperationPlan plan) {
    }

    Uni<Optional<Escalated>> record(SqlConnection connection, GuildConfig config, String guildId, CaseDraft draft,
            WarningDraft warning, int caseId);
}
