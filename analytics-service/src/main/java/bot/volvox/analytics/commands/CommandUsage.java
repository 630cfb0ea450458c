package bot.volvox.analytics.commands;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Uni;
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
        return onResult(result).onFailure(IllegalArgumentException.class).recoverWithNull();
    }

    @Incoming("action-results")
    public Uni<Void> onResult(ActionResult result) {
        if (result == null) {
            // SmallRye hands over a record it could not read without a payload: the channel dead-letters it
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable record (no payload)"));
        }
        if (result.kind() != ActionKind.INTERACTION_FOLLOWUP || result.status() != ActionStatus.OK
                || result.origin() == null || result.origin().command() == null
                || !result.origin().command().completed()) {
            return Uni.createFrom().voidItem();
        }
        Origin.AnsweredCommand command = result.origin().command();
        if (result.actionId() == null || result.guildId() == null || command.name() == null
                || command.userId() == null) {
            // a record that claims to answer a command but cannot say which: dead-lettered by the channel's strategy
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "command answer result without actionId, guildId, command name or user id"));
        }
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                INSERT INTO command_usage (id, guild_id, user_id, command_name, channel_id, used_at)
                VALUES ($1, $2, $3, $4, $5, COALESCE($6, now())) ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.from(new Object[] { result.actionId(), result.guildId(), command.userId(),
                        command.name(), command.channelId(),
                        result.completedAt() == null ? null : result.completedAt().atOffset(ZoneOffset.UTC) }))))
                .replaceWithVoid();
    }
}
