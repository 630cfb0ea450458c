package bot.volvox.ai.usage;

import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * When a guild's AI budget stops a call (spec §3.5): at most once an hour per guild, shared by the replicas through
 * the {@link SlidingWindowRateLimiter} (the original's throttle was in memory, so each replica would post), a notice
 * in {@code triage.moderationLogChannel}. Its action id is derived from the guild and the hour, so a retry or a
 * second replica that got past the throttle in the same hour requests the same message, which the gateway sends
 * once.
 */
@ApplicationScoped
public class BudgetNotice {
    private static final Logger LOG = Logger.getLogger(BudgetNotice.class);

    @Inject
    SlidingWindowRateLimiter limiter;
    @Inject
    ActionPublisher actions;

    public Uni<Void> exceeded(String guildId, GuildConfig config, UsageLog.Spend spend) {
        String channel = config.triage().moderationLogChannel();
        LOG.infof("Guild %s: AI budget of %s USD reached (spent %s over 24 h); calls stop", guildId, spend.budget(),
                spend.spent());
        if (channel == null) {
            return Uni.createFrom().voidItem();
        }
        return limiter.tryAcquire("ai:budget-notice:" + guildId, 1, Duration.ofHours(1)).flatMap(decision -> {
            if (!decision.allowed()) {
                return Uni.createFrom().voidItem();
            }
            String text = "⚠️ **AI spend cap reached**: this server's daily budget of $"
                    + spend.budget().setScale(2, RoundingMode.HALF_UP) + " is exceeded (spent $"
                    + spend.spent().setScale(4, RoundingMode.HALF_UP) + " in the last 24 hours). AI replies are "
                    + "paused until older usage leaves that window; raise `triage.dailyBudgetUsd` to resume sooner.";
            long hour = Instant.now().getEpochSecond() / 3600;
            return actions.publish(guildId, "budget:" + guildId + ":" + hour, "notice", "AI budget reached",
                    new ActionParams.SendMessage(channel, ActionParams.MessageBody.text(text), null));
        });
    }
}
