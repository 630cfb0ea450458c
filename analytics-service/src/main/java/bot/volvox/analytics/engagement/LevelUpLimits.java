package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.analytics.engagement.Activity.Key;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The original's per-user windows on level-up actions (spec §4.5): at most {@value #ROLE_CHANGES} role changes
 * (a {@code grantRole} with the removals that unstack it, or a {@code removeRole}) per 60 s per guild and user, and
 * at most one level-up DM per 60 s per guild, user and scope {@code levelUpDm:<L>}. The windows are platform's
 * {@link SlidingWindowRateLimiter} (Redis shared by the replicas, memory without it), on the wall clock: they limit
 * what Discord is asked in a burst (a backlog or {@code xpCooldownSeconds} 0), which event time cannot.
 *
 * <p>Each place is taken with a call id derived from the action (guild, user, level, the action's place), so a batch
 * processed again after a failed commit finds its places already held and requests the same actions, instead of
 * consuming the window a second time and refusing its own role changes.
 */
@ApplicationScoped
public class LevelUpLimits {
    static final int ROLE_CHANGES = 2;
    static final int LEVEL_DMS = 1;
    static final Duration WINDOW = Duration.ofSeconds(60);

    /** A window: its key and how many calls it allows per {@link #WINDOW}. */
    record Scope(String key, int limit) {
    }

    @Inject
    SlidingWindowRateLimiter limiter;

    static Scope roleChanges(Key user) {
        return new Scope("analytics:levelup:roles:" + user.guildId() + ":" + user.userId(), ROLE_CHANGES);
    }

    static Scope levelDm(Key user, int level) {
        return new Scope("analytics:levelup:dm:" + user.guildId() + ":" + user.userId() + ":levelUpDm:" + level,
                LEVEL_DMS);
    }

    /** The planned actions the windows allow, in their order (one place per call, asked in order). */
    Uni<List<DiscordAction>> allowed(List<LevelUps.Planned> planned) {
        if (planned.stream().allMatch(p -> p.scope() == null)) {
            return Uni.createFrom().item(planned.stream().map(LevelUps.Planned::action).toList());
        }
        Map<String, Boolean> decided = new HashMap<>();
        List<DiscordAction> allowed = new ArrayList<>();
        return Multi.createFrom().iterable(planned)
                .onItem().transformToUniAndConcatenate(p -> decide(p, decided).invoke(ok -> {
                    if (ok) {
                        allowed.add(p.action());
                    }
                }))
                .collect().last()
                .map(ignored -> allowed);
    }

    private Uni<Boolean> decide(LevelUps.Planned planned, Map<String, Boolean> decided) {
        if (planned.scope() == null) {
            return Uni.createFrom().item(true);
        }
        String call = planned.scope().key() + "|" + planned.call();
        Boolean known = decided.get(call);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return limiter.tryAcquire(planned.scope().key(), planned.scope().limit(), WINDOW, planned.call())
                .map(decision -> {
                    decided.put(call, decision.allowed());
                    return decision.allowed();
                });
    }
}
