package bot.volvox.ai.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.ai.provider.AiFailure;
import bot.volvox.ai.provider.AiProviders;
import bot.volvox.ai.provider.Completion;
import bot.volvox.ai.provider.ModelRef;
import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code ai_usage}: one row for every provider call, answered or failed (spec §3.5 wrote rows for answered triage
 * calls only), with tokens including cache tokens, duration and cost from the price table; and the rolling 24 h per-guild budget read from
 * those rows.
 */
@ApplicationScoped
public class UsageLog {
    private static final Logger LOG = Logger.getLogger(UsageLog.class);

    public enum Budget { OK, WARNING, EXCEEDED }

    /** The level and what the guild spent over the last 24 h. */
    public record Spend(Budget level, BigDecimal spent, BigDecimal budget) {
    }

    @Inject
    Pool pool;
    @Inject
    AiProviders providers;

    /**
     * Runs one provider call and records it, answered or not: an answered call with its tokens and cost, a failed one
     * (after the SDK's retries: rate limited, unavailable, timeout, rejected, malformed) with no tokens, cost 0, its
     * duration and {@code error} = the failure's kind. A call that was never made (no provider key) is not recorded.
     * The call's own result or failure is passed on.
     *
     * @param type classify, respond, tldr, automod or memory (020_ai-usage-types)
     */
    public Uni<Completion> metered(String guildId, String channelId, String type, String userId, ModelRef model,
            Supplier<Uni<Completion>> call) {
        long started = System.nanoTime();
        return Uni.createFrom().<Completion>deferred(call::get)
                .call(answer -> TransientFailures.retried(Uni.createFrom().deferred(
                        () -> record(guildId, channelId, type, answer, userId))))
                .onFailure(failure -> failure instanceof AiFailure ai && ai.kind() != AiFailure.Kind.NOT_CONFIGURED)
                .call(failure -> TransientFailures.retried(Uni.createFrom().deferred(() -> failed(guildId, channelId,
                        type, model, Duration.ofNanos(System.nanoTime() - started), userId,
                        ((AiFailure) failure).kind()))));
    }

    private Uni<Void> failed(String guildId, String channelId, String type, ModelRef model, Duration duration,
            String userId, AiFailure.Kind kind) {
        return pool.preparedQuery("""
                INSERT INTO ai_usage (guild_id, channel_id, type, model, cost_usd, duration_ms, user_id, error)
                VALUES ($1, $2, $3, $4, 0, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] {guildId, channelId, type, model.toString(),
                        (int) Math.min(Integer.MAX_VALUE, duration.toMillis()), userId,
                        kind.name().toLowerCase(Locale.ROOT)}))
                .replaceWithVoid();
    }

    /** An answered call (use {@link #metered}, which records failed calls too). */
    Uni<Void> record(String guildId, String channelId, String type, Completion call, String userId) {
        BigDecimal cost = providers.catalog().cost(call.model(), call.usage()).orElseGet(() -> {
            LOG.warnf("No price for %s in the price table: its calls are counted at 0 USD", call.model());
            return BigDecimal.ZERO;
        });
        return pool.preparedQuery("""
                INSERT INTO ai_usage (guild_id, channel_id, type, model, input_tokens, output_tokens,
                  cache_creation_tokens, cache_read_tokens, cost_usd, duration_ms, user_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
                .execute(Tuple.from(new Object[] {guildId, channelId, type, call.model().toString(),
                        (int) call.usage().inputTokens(), (int) call.usage().outputTokens(),
                        (int) call.usage().cacheCreationTokens(), (int) call.usage().cacheReadTokens(), cost,
                        (int) Math.min(Integer.MAX_VALUE, call.duration().toMillis()), userId}))
                .replaceWithVoid();
    }

    /** The guild's spend over the rolling last 24 h against {@code budgetUsd} (0 or less: no limit). */
    public Uni<Budget> budget(String guildId, BigDecimal budgetUsd) {
        return spend(guildId, budgetUsd).map(Spend::level);
    }

    public Uni<Spend> spend(String guildId, BigDecimal budgetUsd) {
        if (budgetUsd == null || budgetUsd.signum() <= 0) {
            return Uni.createFrom().item(new Spend(Budget.OK, BigDecimal.ZERO, budgetUsd));
        }
        return pool.preparedQuery("""
                SELECT COALESCE(SUM(cost_usd), 0) AS spent FROM ai_usage
                 WHERE guild_id = $1 AND created_at > now() - interval '24 hours'""")
                .execute(Tuple.of(guildId))
                .map(rows -> {
                    BigDecimal spent = rows.iterator().next().getBigDecimal("spent");
                    BigDecimal share = spent.divide(budgetUsd, 6, RoundingMode.HALF_UP);
                    if (share.compareTo(BigDecimal.ONE) >= 0) {
                        return new Spend(Budget.EXCEEDED, spent, budgetUsd);
                    }
                    if (share.compareTo(new BigDecimal("0.8")) >= 0) {
                        LOG.warnf("Guild %s has used %s of its daily AI budget (%s USD)", guildId,
                                share.movePointRight(2).setScale(0, RoundingMode.DOWN) + "%", budgetUsd);
                        return new Spend(Budget.WARNING, spent, budgetUsd);
                    }
                    return new Spend(Budget.OK, spent, budgetUsd);
                });
    }
}
