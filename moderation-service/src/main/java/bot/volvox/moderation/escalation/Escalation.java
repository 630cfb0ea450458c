package bot.volvox.moderation.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.moderation.cases.OperationPlan;
import bot.volvox.moderation.discord.BotIdentity;
import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.guildconfig.GuildConfig.Threshold;
import bot.volvox.platform.guildconfig.GuildConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Escalation after a warning, evaluated in the warning's transaction.
 *
 * <p>Config {@code moderation.escalation}: {@code enabled}, and {@code thresholds}, each with {@code warns} (a count,
 * like the original and MEE6) and/or {@code points} (a points total, like Red-DiscordBot), an optional
 * {@code withinDays} window (absent: all warnings in force), {@code action} ({@code timeout|kick|ban}) and, for a
 * timeout, {@code duration} ({@code 1h}).
 *
 * <p>The rule (the original re-fired a threshold on every further warning): only warnings in force (active, not expired) count, and for each threshold only those
 * created <em>after that threshold last fired for the user</em> — a warning that helped fire a threshold never
 * counts toward the same threshold again, so the next warning does not re-fire it; the count starts afresh. The
 * first threshold (in array order) that is reached fires; the others wait for the next warning. With the defaults
 * (3 in 7 days → timeout, 5 in 30 days → ban), the 3rd warning times out, the 4th does nothing, the 5th (within 30
 * days) bans. Firings are recorded in {@code mod_escalations}.
 */
@ApplicationScoped
public class Escalation {

    @Inject
    BotIdentity bot;

    /** A threshold that fired: the operation to run (its id is unique per warning and threshold). */
    public record Firing(String operationId, OperationPlan plan) {
    }

    public Uni<Optional<Firing>> evaluate(SqlConnection connection, GuildConfig config, String guildId, String userId,
            String userTag, int warningId) {
        GuildConfig.Escalation escalation = config.moderation().escalation();
        if (!escalation.enabled()) {
            return Uni.createFrom().item(Optional.empty());
        }
        List<Candidate> candidates = candidates(escalation.thresholds());
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        // every threshold's count in one round trip: nothing is written before the first one reached fires, so
        // counting them together sees what counting them one after the other would
        Integer[] withinDays = candidates.stream().map(Candidate::withinDays).toArray(Integer[]::new);
        String[] keys = candidates.stream().map(Candidate::key).toArray(String[]::new);
        return connection.preparedQuery("""
                SELECT threshold.ordinal, count(w.id) AS warns, coalesce(sum(w.points), 0) AS points
                  FROM unnest($3::int[], $4::text[]) WITH ORDINALITY AS threshold(within_days, threshold_key, ordinal)
                  LEFT JOIN warnings w
                    ON w.guild_id = $1 AND w.user_id = $2 AND w.active
                   AND (w.expires_at IS NULL OR w.expires_at > now())
                   AND (threshold.within_days IS NULL
                        OR w.created_at > clock_timestamp() - make_interval(days => threshold.within_days))
                   AND w.created_at > coalesce((SELECT max(fired_at) FROM mod_escalations
                                                 WHERE guild_id = $1 AND user_id = $2
                                                   AND threshold_key = threshold.threshold_key),
                                               '-infinity'::timestamptz)
                 GROUP BY threshold.ordinal
                 ORDER BY threshold.ordinal""")
                .execute(Tuple.of(guildId, userId, withinDays, keys))
                .flatMap(rows -> {
                    for (Row row : rows) {
                        Candidate candidate = candidates.get(row.getLong("ordinal").intValue() - 1);
                        long count = row.getLong("warns");
                        long total = row.getLong("points");
                        boolean byCount = candidate.warns() != null && count >= candidate.warns();
                        if (byCount || candidate.points() != null && total >= candidate.points()) {
                            return fire(connection, guildId, userId, userTag, warningId, candidate, count, total,
                                    byCount);
                        }
                    }
                    return Uni.createFrom().item(Optional.<Firing>empty());
                });
    }

    /** A threshold that can fire, with its position in the guild's list (part of the firing's operation id). */
    private record Candidate(int index, Integer warns, Integer points, Integer withinDays, String action,
            Duration timeout, String rawDuration) {
        String key() {
            return Escalation.key(warns, points, withinDays, action);
        }
    }

    private static List<Candidate> candidates(List<Threshold> thresholds) {
        List<Candidate> candidates = new ArrayList<>();
        for (int index = 0; index < thresholds.size(); index++) {
            Threshold threshold = thresholds.get(index);
            Integer warns = positive(threshold.warns());
            Integer points = positive(threshold.points());
            String action = threshold.action() == null ? "" : threshold.action();
            Optional<Duration> timeout = Durations.parse(threshold.duration());
            boolean usable = (warns != null || points != null) && switch (action) {
                case "kick", "ban" -> true;
                case "timeout" -> timeout.isPresent() && timeout.get().compareTo(Duration.ofDays(28)) <= 0;
                default -> false;
            };
            if (usable) {
                candidates.add(new Candidate(index, warns, points, positive(threshold.withinDays()), action,
                        timeout.orElse(null), threshold.duration()));
            }
        }
        return candidates;
    }

    private Uni<Optional<Firing>> fire(SqlConnection connection, String guildId, String userId, String userTag,
            int warningId, Candidate candidate, long count, long total, boolean byCount) {
        return connection.preparedQuery("""
                INSERT INTO mod_escalations (guild_id, user_id, threshold_key, action, warning_id, fired_at)
                VALUES ($1, $2, $3, $4, $5, clock_timestamp())""")
                .execute(Tuple.of(guildId, userId, candidate.key(), candidate.action(), warningId))
                .map(ignored -> Optional.of(firing(guildId, userId, userTag, warningId, candidate, count, total,
                        byCount)));
    }

    private Firing firing(String guildId, String userId, String userTag, int warningId, Candidate threshold,
            long count, long points, boolean byCount) {
        String action = threshold.action();
        Duration timeout = threshold.timeout();
        String window = threshold.withinDays() == null ? "" : " in " + threshold.withinDays() + " days";
        String reason = byCount ? "Auto-escalation: " + count + " active warns" + window
                : "Auto-escalation: " + points + " warning points" + window;
        Instant until = timeout == null ? null : Instant.now().plus(timeout);
        ActionParams params = switch (action) {
            case "timeout" -> new ActionParams.Timeout(userId, until);
            case "kick" -> new ActionParams.Kick(userId);
            default -> new ActionParams.Ban(userId, 0);
        };
        CaseDraft draft = new CaseDraft(action, userId, userTag, bot.userId(), bot.tag(), reason,
                "timeout".equals(action) ? threshold.rawDuration() : null, until);
        OperationPlan plan = new OperationPlan(null, List.of(new Step("action", params, reason, true, null)), draft,
                null, null, true, null);
        return new Firing("escalation:" + guildId + ":" + warningId + ":" + threshold.index(), plan);
    }

    static String key(Integer warns, Integer points, Integer withinDays, String action) {
        return (warns == null ? "-" : warns) + "w/" + (points == null ? "-" : points) + "p/"
                + (withinDays == null ? "-" : withinDays) + "d/" + action;
    }

    /** A threshold field that counts: stored rows written before validation may hold zero or less. */
    private static Integer positive(Integer value) {
        return value != null && value > 0 ? value : null;
    }
}
