package bot.volvox.moderation.warnings;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.CaseWarnings;
import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import bot.volvox.moderation.escalation.Escalation;
import bot.volvox.platform.guildconfig.GuildConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** A case's warning: inserted with the case, then escalation is evaluated in that same transaction. */
@ApplicationScoped
public class WarningsOfCases implements CaseWarnings {

    @Inject
    WarningRepository warnings;

    @Inject
    Escalation escalation;

    @Override
    public Uni<Optional<Escalated>> record(SqlConnection connection, GuildConfig config, String guildId, CaseDraft draft,
            WarningDraft warning, int caseId) {
        return warnings.insert(connection, guildId, draft, warning, caseId)
                .flatMap(warningId -> escalation.evaluate(connection, config, guildId, draft.targetId(),
                        draft.targetTag(), warningId))
                .map(firing -> firing.map(f -> new Escalated(f.operationId(), f.plan())));
    }
}
