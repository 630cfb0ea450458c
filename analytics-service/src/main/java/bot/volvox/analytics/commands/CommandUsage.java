package bot.volvox.analytics.commands;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code command_usage}: one row per completed slash command, counted from {@code discord.action-result}. Only the
 * owning service knows whether a command completed (a refusal or a failure is answered too), and only the result of
 * its answer says Discord showed it, so the row is written when the answer's result is {@code OK} and its origin says
 * {@link Origin.AnsweredCommand#completed()}.
 *
 * <p>Idempotent per interaction: the row's id is the answer's action id, which every service derives from the
 * interaction id and the purpose {@code reply} (one answer per interaction), so a redelivered or replayed result
 * finds its row.
 */
@ApplicationScoped
public class CommandUsage {

    @Inject
    Pool pool;

    /** Applies a retained result again (a replay); the records the live consumer dead-lettered are skipped. */
    public Uni<Void> replay(ActionResult result) {
        return problem(result) != null ? Uni.createFrom().voidItem() : write(List.of(result));
    }

    /** The multi-row insert of completed commands, shared with {@code IngestBenchmark}'s baseline. */
    public static final String INSERT_ROWS = """
            INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at)
            SELECT id, g, u, c, ch, COALESCE(t, now())
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                   AS v(id, g, u, c, ch, t)
            ON CONFLICT (id) DO NOTHING""";

    /**
     * A batch of results (up to {@code max.poll.records}) in one multi-row INSERT: one round trip for all the
     * commands a poll brings instead of one each. A record that cannot be counted is nacked on its own (the channel
     * dead-letters it); when the INSERT fails for a reason that is not a dependency being away, the rows are written
     * one by one, so only the one at fault is dead-lettered.
     */
    @Incoming("action-results")
    public Uni<Void> onResults(KafkaRecordBatch<String, ActionResult> batch) {
        List<KafkaRecord<String, ActionResult>> counted = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, ActionResult> record : batch.getRecords()) {
            String problem = problem(record.getPayload());
            if (problem != null) {
                rejected.add(Uni.createFrom().completionStage(() -> record.nack(new IllegalArgumentException(problem))));
            } else if (counts(record.getPayload())) {
                counted.add(record);
            }
        }
        return Multi.createFrom().iterable(rejected).onItem().transformToUniAndConcatenate(uni -> uni)
                .collect().asList()
                .chain(() -> write(counted.stream().map(KafkaRecord::getPayload).toList())
                        .onFailure(failure -> !TransientFailures.isTransient(failure))
                        .recoverWithUni(failure -> Multi.createFrom().iterable(counted)
                                .onItem().transformToUniAndConcatenate(record -> write(List.of(record.getPayload()))
                                        .onFailure(f -> !TransientFailures.isTransient(f))
                                        .recoverWithUni(f -> Uni.createFrom().completionStage(() -> record.nack(f))))
                                .collect().last().replaceWithVoid()))
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** Why a record cannot be counted, or null when it can (results that are not completed commands can). */
    private static String problem(ActionResult result) {
        if (result == null) {
            // SmallRye hands over a record it could not read without a payload
            return "unreadable record (no payload)";
        }
        if (counts(result) && (result.actionId() == null || result.guildId() == null
                || result.origin().command().name() == null || result.origin().command().userId() == null)) {
            // a record that claims to answer a command but cannot say which
            return "command answer result without actionId, guildId, command name or user id";
        }
        return null;
    }

    private static boolean counts(ActionResult result) {
        return result.kind() == ActionKind.INTERACTION_FOLLOWUP && result.status() == ActionStatus.OK
                && result.origin() != null && result.origin().command() != null
                && result.origin().command().completed();
    }

    private Uni<Void> write(List<ActionResult> results) {
        List<ActionResult> rows = results.stream().filter(CommandUsage::counts).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] guilds = new String[n];
        String[] users = new String[n];
        String[] names = new String[n];
        String[] channels = new String[n];
        OffsetDateTime[] usedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ActionResult result = rows.get(i);
            Origin.AnsweredCommand command = result.origin().command();
            ids[i] = result.actionId();
            guilds[i] = result.guildId();
            users[i] = command.userId();
            names[i] = command.name();
            channels[i] = command.channelId();
            usedAt[i] = result.completedAt() == null ? null : result.completedAt().atOffset(ZoneOffset.UTC);
        }
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery(INSERT_ROWS)
                .execute(Tuple.from(new Object[] { ids, guilds, users, names, channels, usedAt }))))
                .replaceWithVoid();
    }
}
