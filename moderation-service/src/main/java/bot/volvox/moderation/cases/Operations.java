package bot.volvox.moderation.cases;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.moderation.audit.AuditLog;
import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.moderation.notifications.DashboardWebhooks;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs moderation operations across Kafka: a row in {@code mod_operations} per operation (id = the
 * interaction id, or a derived id for automatic ones) holds its {@link OperationPlan} and how far it got. Starting
 * an operation inserts that row ({@code ON CONFLICT DO NOTHING}: a redelivered interaction starts nothing new) and
 * requests its first Discord step; each step's {@code discord.action-result} advances it (a required step that
 * failed fails it, with an answer saying why, and no case); after the last step one transaction records the case
 * (with its warning, escalation, scheduled unban and audit row). What to publish is always derived from the stored
 * state with deterministic action ids, so any redelivery simply publishes the same actions again, which the gateway
 * answers from its own record: nothing is lost if the process dies between a commit and a publish.
 */
@ApplicationScoped
public class Operations {
    private static final Logger LOG = Logger.getLogger(Operations.class);
    public static final String MOD_LOG = "modlog";

    private static final String RUNNING = "running";
    private static final String DONE = "done";

    /** Actions on a channel (purge, lock, unlock, slowmode), whose refusal is about the channel, not a member. */
    private static final Set<ActionKind> CHANNEL_ACTIONS = EnumSet.of(ActionKind.PURGE, ActionKind.BULK_DELETE,
            ActionKind.EDIT_CHANNEL, ActionKind.SET_SLOWMODE, ActionKind.LOCK_CHANNEL, ActionKind.UNLOCK_CHANNEL);

    @Inject
    Pool pool;
    @Inject
    CaseRepository cases;

    @Inject
    DashboardWebhooks dashboard;
    @Inject
    CaseWarnings warnings;
    @Inject
    AuditLog audit;
    @Inject
    ActionPublisher actions;
    @Inject
    GuildConfigs configs;

    /**
     * A {@code mod_operations} row with its case (null when it recorded none; a deleted case sets the row's
     * {@code case_id} to null too) and the operations it started.
     */
    record Operation(String id, String guildId, String parentId, String status, int step, OperationPlan plan,
            String outcome, ModCase modCase, List<String> children) {
    }

    /**
     * Starts an operation once per id; a repeat re-publishes whatever the stored state implies. An operation without
     * Discord steps (a warning) is claimed as done and records its case in the claim's transaction. The first start
     * publishes from what it has just written; only a repeat reads the stored state back.
     */
    public Uni<Void> start(String id, String guildId, OperationPlan plan) {
        boolean immediate = plan.steps().isEmpty();
        String status = immediate ? DONE : RUNNING;
        return configs.settings(guildId)
                .flatMap(config -> pool.withTransaction(connection -> insert(connection, id, guildId, null, plan,
                        status)
                        .flatMap(inserted -> {
                            if (!inserted) {
                                return Uni.createFrom().<Operation>nullItem();
                            }
                            Uni<RecordedCase> recorded = immediate && plan.caseDraft() != null
                                    ? recordCase(connection, config, id, guildId, plan)
                                    : Uni.createFrom().item(RecordedCase.NONE);
                            return recorded.map(written -> new Operation(id, guildId, null, status, 0, plan, null,
                                    written.modCase(), written.children()));
                        })))
                .flatMap(started -> started == null ? publishCurrent(id) : publishCurrent(started));
    }

    /**
     * Runs a write without Discord steps once per id (e.g. {@code /removewarn}): {@code effect} runs in the
     * transaction that claims the id and returns the answer, which is stored so that a repeat answers the same.
     */
    public Uni<Void> runOnce(String id, String guildId, ReplyTarget reply,
            Function<SqlConnection, Uni<String>> effect) {
        OperationPlan plan = new OperationPlan(reply, List.of(), null, null, null, false, null);
        return pool.withTransaction(connection -> insert(connection, id, guildId, null, plan, RUNNING)
                .flatMap(inserted -> !inserted ? Uni.createFrom().voidItem()
                        : effect.apply(connection).flatMap(answer -> connection.preparedQuery(
                                "UPDATE mod_operations SET status = 'done', outcome = $2, updated_at = now() WHERE id = $1")
                                .execute(Tuple.of(id, answer)).replaceWithVoid())))
                .flatMap(ignored -> publishCurrent(id));
    }

    /** Advances the operation a result belongs to (results of other services' actions are ignored). */
    public Uni<Void> onResult(ActionResult result) {
        if (result.origin() == null || !actions.isOwnResult(result)
                || result.origin().sourceEventId() == null) {
            return Uni.createFrom().voidItem();
        }
        String id = result.origin().sourceEventId();
        if (result.actionId().equals(actions.actionId(id, ActionPublisher.REPLY))) {
            // no step waits for an answer: its result (one per command) changes nothing, so it is not looked up
            return Uni.createFrom().voidItem();
        }
        return load(id).flatMap(operation -> {
            if (operation == null) {
                return Uni.createFrom().voidItem();
            }
            if (result.actionId().equals(actions.actionId(id, MOD_LOG))) {
                return storeLogMessage(operation, result);
            }
            int index = stepIndex(operation, result.actionId());
            if (index < 0) {
                return Uni.createFrom().voidItem();
            }
            if (!"running".equals(operation.status()) || operation.step() != index) {
                return publishCurrent(operation);
            }
            Step step = operation.plan().steps().get(index);
            boolean ok = result.status() == ActionStatus.OK;
            if (!ok && step.required()) {
                LOG.infof("Operation %s: %s failed (%s %s)", id, step.purpose(), result.errorCode(),
                        result.errorMessage());
                return pool.preparedQuery("UPDATE mod_operations SET status = 'failed', outcome = $3, updated_at = now() "
                        + "WHERE id = $1 AND status = 'running' AND step = $2")
                        .execute(Tuple.of(id, index, failureText(operation.plan(), result)))
                        .flatMap(ignored -> publishCurrent(id));
            }
            String note = !ok && step.failureNote() != null ? step.failureNote() : null;
            if (index + 1 < operation.plan().steps().size()) {
                return pool.preparedQuery("UPDATE mod_operations SET step = $3, outcome = coalesce($4, outcome), "
                        + "updated_at = now() WHERE id = $1 AND status = 'running' AND step = $2")
                        .execute(Tuple.of(id, index, index + 1, note))
                        .flatMap(ignored -> publishCurrent(id));
            }
            // A purge's case and answer carry the counts only its result knows; the completed plan is stored.
            OperationPlan plan = ok && result.purged() != null && operation.plan().caseDraft() != null
                    ? PurgeCommand.completed(operation.plan(), result.purged()) : operation.plan();
            String planJson;
            try {
                planJson = VolvoxJson.MAPPER.writeValueAsString(plan);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            return configs.settings(operation.guildId())
                    .flatMap(config -> pool.withTransaction(connection -> connection.preparedQuery(
                            "UPDATE mod_operations SET outcome = coalesce($2, outcome), plan = $3::text::jsonb "
                                    + "WHERE id = $1 AND status = 'running' AND step = $4")
                            .execute(Tuple.of(id, note, planJson, index))
                            .flatMap(ignored -> complete(connection, config, id, operation.guildId(), plan, index))))
                    .flatMap(ignored -> publishCurrent(id));
        });
    }

    private int stepIndex(Operation operation, UUID actionId) {
        List<Step> steps = operation.plan().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (actions.actionId(operation.id(), steps.get(i).purpose()).equals(actionId)) {
                return i;
            }
        }
        return -1;
    }

    private Uni<Void> storeLogMessage(Operation operation, ActionResult result) {
        if (result.status() != ActionStatus.OK || operation.modCase() == null || result.createdIds() == null
                || result.createdIds().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return cases.setLogMessageId(operation.modCase().id(), result.createdIds().get(0));
    }

    /** The last step succeeded: record the case and its consequences, once (guarded by status and step). */
    private Uni<Void> complete(SqlConnection connection, GuildConfig config, String id, String guildId,
            OperationPlan plan, int lastStep) {
        int finalStep = plan.steps().size();
        return connection.preparedQuery("UPDATE mod_operations SET status = 'done', step = $3, updated_at = now() "
                + "WHERE id = $1 AND status = 'running' AND step = $2")
                .execute(Tuple.of(id, lastStep, finalStep))
                .flatMap(updated -> updated.rowCount() == 0 || plan.caseDraft() == null
                        ? Uni.createFrom().voidItem()
                        : recordCase(connection, config, id, guildId, plan).replaceWithVoid());
    }

    /** A case recorded by an operation, and the operations it started (an escalation), as a reload would list them. */
    private record RecordedCase(ModCase modCase, List<String> children) {
        static final RecordedCase NONE = new RecordedCase(null, List.of());
    }

    private Uni<RecordedCase> recordCase(SqlConnection connection, GuildConfig config, String id, String guildId,
            OperationPlan plan) {
        CaseDraft draft = plan.caseDraft();
        return cases.insert(connection, guildId, draft, id).flatMap(modCase -> {
            List<String> children = new ArrayList<>(1);
            Uni<Void> chain = Uni.createFrom().voidItem();
            if (plan.warning() != null) {
                chain = chain.flatMap(ignored -> warnings.record(connection, config, guildId, draft, plan.warning(),
                                modCase.id()))
                        .flatMap(escalated -> {
                            if (escalated.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            children.add(escalated.get().operationId());
                            return insert(connection, escalated.get().operationId(), guildId, id,
                                    escalated.get().plan(), RUNNING).replaceWithVoid();
                        });
            }
            if (plan.unbanAt() != null) {
                chain = chain.flatMap(ignored -> connection.preparedQuery("""
                        INSERT INTO mod_scheduled_actions (guild_id, action, target_id, case_id, execute_at)
                        VALUES ($1, 'unban', $2, $3, $4)""")
                        .execute(Tuple.of(guildId, draft.targetId(), modCase.id(),
                                OffsetDateTime.ofInstant(plan.unbanAt(), ZoneOffset.UTC)))
                        .replaceWithVoid());
            }
            if (plan.audit() && config.auditLog().enabled()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("caseNumber", modCase.caseNumber());
                details.put("reason", draft.reason());
                if (draft.duration() != null) {
                    details.put("duration", draft.duration());
                }
                if (draft.expiresAt() != null) {
                    details.put("expiresAt", draft.expiresAt().toString());
                }
                chain = chain.flatMap(ignored -> audit.record(connection, guildId, draft.moderatorId(),
                        draft.moderatorTag(), "mod." + draft.action(), "member", draft.targetId(), draft.targetTag(),
                        details));
            }
            return chain.map(ignored -> new RecordedCase(modCase, List.copyOf(children)));
        });
    }

    Uni<Void> publishCurrent(String id) {
        return load(id).flatMap(operation -> operation == null ? Uni.createFrom().voidItem() : publishCurrent(operation));
    }

    private Uni<Void> publishCurrent(Operation operation) {
        OperationPlan plan = operation.plan();
        ReplyTarget reply = plan.reply();
        String guildId = operation.guildId();
        switch (operation.status()) {
            case "running" -> {
                if (operation.step() >= plan.steps().size()) {
                    return Uni.createFrom().voidItem();
                }
                Step step = plan.steps().get(operation.step());
                return actions.publish(guildId, operation.id(), step.purpose(), step.reason(), step.params());
            }
            case "failed" -> {
                return reply == null ? Uni.createFrom().voidItem()
                        : actions.reply(guildId, operation.id(), reply, MessageBody.text(operation.outcome()), false);
            }
            default -> {
                Uni<Void> own = operation.modCase() == null
                        ? (reply == null || operation.outcome() == null ? Uni.createFrom().voidItem()
                                : actions.reply(guildId, operation.id(), reply, MessageBody.text(operation.outcome()),
                                        // a write without Discord steps stores its refusals ("❌ …") as outcomes too
                                        !operation.outcome().startsWith("❌")))
                        : announceCase(operation, operation.modCase())
                                .call(() -> dashboard.caseCreated(operation.modCase()));
                return own.flatMap(ignored -> publishAfterwards(operation))
                        .flatMap(ignored -> publishAll(operation.children()));
            }
        }
    }

    /** After the answer: only a completed case gets them (a refused timeout sends no DM). */
    private Uni<Void> publishAfterwards(Operation operation) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (operation.modCase() == null) {
            return chain;
        }
        for (Step step : operation.plan().afterwards()) {
            chain = chain.flatMap(ignored -> actions.publish(operation.guildId(), operation.id(), step.purpose(),
                    step.reason(), step.params()));
        }
        return chain;
    }

    private Uni<Void> publishAll(List<String> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String child : ids) {
            chain = chain.flatMap(ignored -> publishCurrent(child));
        }
        return chain;
    }

    private Uni<Void> announceCase(Operation operation, ModCase modCase) {
        OperationPlan plan = operation.plan();
        return configs.settings(operation.guildId()).flatMap(config -> {
            Optional<String> channel = ModLog.channel(config, modCase.action());
            Uni<Void> log = channel.isEmpty() ? Uni.createFrom().voidItem()
                    : actions.publish(operation.guildId(), operation.id(), MOD_LOG, null,
                            new ActionParams.SendMessage(channel.get(),
                                    new MessageBody(null, List.of(ModLog.embed(modCase)), List.of()), null));
            if (plan.reply() == null || plan.successText() == null) {
                return log;
            }
            String text = plan.successText().replace("{case}", Integer.toString(modCase.caseNumber()))
                    + (operation.outcome() == null ? "" : "\n" + operation.outcome());
            return log.flatMap(ignored -> actions.reply(operation.guildId(), operation.id(), plan.reply(),
                    MessageBody.text(text), true));
        });
    }

    private static String failureText(OperationPlan plan, ActionResult result) {
        Integer code = result.errorCode();
        if (code != null) {
            switch (code) {
                case 50013:
                    return CHANNEL_ACTIONS.contains(result.kind())
                            ? "❌ I don't have permission to manage this channel."
                            : "❌ I cannot moderate this member — my role is not high enough (or I lack the permission).";
                case 10007:
                    return "❌ That user is not a member of this server.";
                case 10026:
                    return "❌ That user is not banned.";
                case 10013:
                    return "❌ Unknown user.";
                default:
                    break;
            }
        }
        String what = plan.caseDraft() == null ? "the action" : plan.caseDraft().action();
        return "❌ Discord refused to " + what + (result.errorMessage() == null ? "." : ": " + result.errorMessage());
    }

    private Uni<Boolean> insert(SqlConnection connection, String id, String guildId, String parentId,
            OperationPlan plan, String status) {
        String json;
        try {
            json = VolvoxJson.MAPPER.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return connection.preparedQuery("""
                INSERT INTO mod_operations (id, guild_id, parent_id, plan, status)
                VALUES ($1, $2, $3, $4::text::jsonb, $5)
                ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.of(id, guildId, parentId, json, status))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The operation with its case and children in one round trip (it runs once per command and per result). */
    Uni<Operation> load(String id) {
        return pool.preparedQuery("""
                SELECT o.id AS operation_id, o.guild_id AS operation_guild_id, o.parent_id, o.status, o.step,
                       o.plan::text AS plan, o.outcome,
                       ARRAY(SELECT child.id FROM mod_operations child WHERE child.parent_id = o.id
                              ORDER BY child.id) AS children,
                       recorded.*
                  FROM mod_operations o
                  LEFT JOIN LATERAL (SELECT\s""" + ModCase.COLUMNS + """
                                      FROM mod_cases WHERE mod_cases.id = o.case_id) recorded ON true
                 WHERE o.id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    OperationPlan plan;
                    try {
                        plan = VolvoxJson.MAPPER.readValue(row.getString("plan"), OperationPlan.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("unreadable plan of operation " + id, e);
                    }
                    return new Operation(row.getString("operation_id"), row.getString("operation_guild_id"),
                            row.getString("parent_id"), row.getString("status"), row.getInteger("step"), plan,
                            row.getString("outcome"),
                            row.getInteger("id") == null ? null : ModCase.from(row),
                            List.of(row.getArrayOfStrings("children")));
                });
    }
}
