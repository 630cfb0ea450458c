package bot.volvox.analytics.ranks;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.analytics.engagement.Levels;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code /rank [user]}, {@code /leaderboard} and {@code /profile [user]} (spec §4.6, §4.3). Levels are recomputed from
 * XP with the guild's thresholds, never read from the stored column, as the original's display code did. Read-only,
 * so a redelivered interaction answers the same.
 */
@ApplicationScoped
public class RankCommands implements SlashCommandHandler {
    static final String DISABLED = "The XP system is not enabled on this server.";
    static final String[] MEDALS = { "🥇", "🥈", "🥉" };
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    @Inject
    Pool pool;
    @Inject
    Leaderboards leaderboards;

    /** Read-only. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("rank", "leaderboard", "profile");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        return switch (context.name()) {
            case "rank" -> rank(context);
            case "leaderboard" -> leaderboard(context);
            default -> profile(context);
        };
    }

    private Uni<Reply> rank(CommandContext context) {
        GuildConfig config = context.config();
        if (!config.reputation().enabled()) {
            return Uni.createFrom().item(Reply.error(DISABLED));
        }
        String userId = target(context);
        return pool.preparedQuery("""
                SELECT r.xp, r.messages_count,
                       1 + (SELECT count(*) FROM reputation o WHERE o.guild_id = r.guild_id AND o.xp > r.xp) AS rank
                  FROM reputation r WHERE r.guild_id = $1 AND r.user_id = $2""")
                .execute(Tuple.of(context.guildId(), userId))
                .map(rows -> {
                    Row row = first(rows);
                    long xp = row == null ? 0 : row.getInteger("xp");
                    String rank = row == null ? "unranked" : "#" + row.getLong("rank");
                    return Reply.text(rankText(userId, xp, rank, config.xp().levelThresholds()));
                });
    }

    static String rankText(String userId, long xp, String rank, List<Integer> thresholds) {
        int level = Levels.of(xp, thresholds);
        Integer next = Levels.next(level, thresholds);
        StringBuilder text = new StringBuilder();
        text.append("🏅 <@").append(userId).append("> — **Level ").append(level).append("** · Rank ").append(rank)
                .append('\n');
        if (next == null) {
            text.append("XP: ").append(xp).append(" · max level reached\n").append("▓".repeat(10)).append(" 100%");
            return text.toString();
        }
        int start = Levels.start(level, thresholds);
        long inLevel = xp - start;
        long span = Math.max(1, next - start);
        int percent = (int) Math.min(100, inLevel * 100 / span);
        int filled = Math.min(10, percent / 10);
        text.append("XP: ").append(xp).append(" / ").append(next).append(" (").append(next - xp)
                .append(" to level ").append(level + 1).append(")\n")
                .append("▓".repeat(filled)).append("░".repeat(10 - filled)).append(' ').append(percent).append('%');
        return text.toString();
    }

    private Uni<Reply> leaderboard(CommandContext context) {
        GuildConfig config = context.config();
        if (!config.reputation().enabled()) {
            return Uni.createFrom().item(Reply.error(DISABLED));
        }
        return leaderboards.top(context.guildId()).map(entries -> {
            if (entries.isEmpty()) {
                return Reply.text("🏆 **Leaderboard**\nNo one has earned XP yet.");
            }
            StringBuilder text = new StringBuilder("🏆 **Leaderboard**");
            for (int i = 0; i < entries.size(); i++) {
                Leaderboards.Entry entry = entries.get(i);
                String place = i < MEDALS.length ? MEDALS[i] : "**" + (i + 1) + ".**";
                text.append('\n').append(place).append(" <@").append(entry.userId()).append("> — Level ")
                        .append(Levels.of(entry.xp(), config.xp().levelThresholds())).append(" · ")
                        .append(entry.xp()).append(" XP");
            }
            return Reply.text(text.toString());
        });
    }

    private Uni<Reply> profile(CommandContext context) {
        GuildConfig config = context.config();
        if (!config.engagement().enabled()) {
            return Uni.createFrom().item(Reply.error("Engagement tracking is not enabled on this server."));
        }
        String userId = target(context);
        return pool.preparedQuery("""
                SELECT s.messages_sent, s.reactions_given, s.reactions_received, s.days_active, s.first_seen,
                       s.last_active, r.xp
                  FROM user_stats s LEFT JOIN reputation r ON r.guild_id = s.guild_id AND r.user_id = s.user_id
                 WHERE s.guild_id = $1 AND s.user_id = $2""")
                .execute(Tuple.of(context.guildId(), userId))
                .map(rows -> {
                    Row row = first(rows);
                    if (row == null) {
                        return Reply.text("📊 <@" + userId + "> has no activity recorded yet.");
                    }
                    int days = zeroIfNull(row.getInteger("days_active"));
                    Integer xp = row.getInteger("xp");
                    StringBuilder text = new StringBuilder("📊 **Profile** of <@").append(userId).append(">\n")
                            .append(badge(days, config.engagement().activityBadges())).append('\n')
                            .append("Messages: ").append(zeroIfNull(row.getInteger("messages_sent"))).append('\n')
                            .append("Reactions given: ").append(zeroIfNull(row.getInteger("reactions_given")))
                            .append(" · received: ").append(zeroIfNull(row.getInteger("reactions_received")))
                            .append('\n')
                            .append("Days active: ").append(days).append('\n');
                    if (config.reputation().enabled()) {
                        long points = xp == null ? 0 : xp;
                        text.append("Level ").append(Levels.of(points, config.xp().levelThresholds())).append(" · ")
                                .append(points).append(" XP\n");
                    }
                    if (row.getOffsetDateTime("first_seen") != null) {
                        text.append("First seen: ").append(DAY.format(row.getOffsetDateTime("first_seen").toInstant()));
                    }
                    return Reply.text(text.toString().strip());
                });
    }

    /** The highest activity badge whose days are reached (the original's tiers). */
    static String badge(int daysActive, List<GuildConfig.ActivityBadge> badges) {
        GuildConfig.ActivityBadge best = null;
        for (GuildConfig.ActivityBadge badge : badges) {
            if (daysActive >= badge.days() && (best == null || badge.days() > best.days())) {
                best = badge;
            }
        }
        return best == null ? "" : best.label();
    }

    private static String target(CommandContext context) {
        return context.user("user").map(ResolvedUser::user).map(user -> user.id()).orElse(context.invokerId());
    }

    private static Row first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
