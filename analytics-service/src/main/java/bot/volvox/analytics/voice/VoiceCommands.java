package bot.volvox.analytics.voice;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code /voice leaderboard [period]}, {@code /voice stats [user]} and {@code /voice export} (spec §4.2): only closed
 * sessions count, as in the original. Needs {@code voice.enabled}. Read-only, so a redelivered interaction answers
 * the same.
 */
@ApplicationScoped
public class VoiceCommands implements SlashCommandHandler {
    static final String DISABLED = "Voice tracking is not enabled on this server.";
    static final String[] MEDALS = { "🥇", "🥈", "🥉" };
    static final int EXPORT_ROWS = 5000;

    @Inject
    Pool pool;
    @Inject
    VoiceLeaderboards leaderboards;

    /** Read-only. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("voice");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        if (!context.config().voice().enabled()) {
            return Uni.createFrom().item(Reply.error(DISABLED));
        }
        return switch (context.subcommand() == null ? "" : context.subcommand()) {
            case "stats" -> stats(context);
            case "export" -> export(context);
            default -> leaderboard(context);
        };
    }

    /**
     * The guild's closed sessions as a CSV file, newest first, at most {@value #EXPORT_ROWS} rows as the original
     * (about 450 KB, within what a message body may carry).
     */
    private Uni<Reply> export(CommandContext context) {
        return pool.preparedQuery("""
                SELECT id, user_id, channel_id, joined_at, left_at, duration_seconds FROM voice_sessions
                 WHERE guild_id = $1 AND left_at IS NOT NULL ORDER BY joined_at DESC, id DESC LIMIT $2""")
                .execute(Tuple.of(context.guildId(), EXPORT_ROWS))
                .map(rows -> {
                    StringBuilder csv = new StringBuilder("id,userId,channelId,joinedAt,leftAt,durationSeconds\n");
                    for (Row row : rows) {
                        csv.append(row.getValue("id")).append(',').append(row.getString("user_id")).append(',')
                                .append(row.getString("channel_id")).append(',')
                                .append(row.getOffsetDateTime("joined_at").toInstant()).append(',')
                                .append(row.getOffsetDateTime("left_at").toInstant()).append(',')
                                .append(row.getValue("duration_seconds")).append('\n');
                    }
                    int count = rows.rowCount();
                    return Reply.body(ActionParams.MessageBody.withFile("🎙️ **Voice sessions**: " + count
                            + (count == 1 ? " closed session" : " closed sessions")
                            + (count == EXPORT_ROWS ? " (the newest " + EXPORT_ROWS + ")" : ""),
                            "voice-sessions-" + context.guildId() + ".csv",
                            csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                });
    }

    private Uni<Reply> leaderboard(CommandContext context) {
        String name = context.string("period").orElse("week");
        VoiceLeaderboards.Period period = java.util.Arrays.stream(VoiceLeaderboards.Period.values())
                .filter(candidate -> candidate.name().equals(name)).findFirst().orElse(null);
        if (period == null) {
            return Uni.createFrom().item(Reply.error("The period must be week, month or all."));
        }
        return leaderboards.top(context.guildId(), period).map(entries -> Reply.text(leaderboardText(entries, period)));
    }

    static String leaderboardText(List<VoiceLeaderboards.Entry> entries, VoiceLeaderboards.Period period) {
        StringBuilder text = new StringBuilder("🎙️ **Voice leaderboard** · ").append(switch (period) {
            case week -> "last 7 days";
            case month -> "last 30 days";
            case all -> "all time";
        });
        if (entries.isEmpty()) {
            return text.append("\nNo voice sessions in this period.").toString();
        }
        for (int i = 0; i < entries.size(); i++) {
            VoiceLeaderboards.Entry entry = entries.get(i);
            String place = i < MEDALS.length ? MEDALS[i] : "**" + (i + 1) + ".**";
            text.append('\n').append(place).append(" <@").append(entry.userId()).append("> — ")
                    .append(duration(entry.totalSeconds())).append(" · ").append(entry.sessions())
                    .append(entry.sessions() == 1 ? " session" : " sessions");
        }
        return text.toString();
    }

    private Uni<Reply> stats(CommandContext context) {
        String userId = context.user("user").map(ResolvedUser::user).map(user -> user.id())
                .orElse(context.invokerId());
        return pool.preparedQuery("""
                SELECT count(*) AS sessions, coalesce(sum(duration_seconds), 0) AS seconds,
                       (SELECT channel_id FROM voice_sessions f
                         WHERE f.guild_id = $1 AND f.user_id = $2 AND f.left_at IS NOT NULL
                         GROUP BY channel_id ORDER BY sum(duration_seconds) DESC, channel_id LIMIT 1) AS favourite
                  FROM voice_sessions WHERE guild_id = $1 AND user_id = $2 AND left_at IS NOT NULL""")
                .execute(Tuple.of(context.guildId(), userId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long sessions = row.getLong("sessions");
                    if (sessions == 0) {
                        return Reply.text("🎙️ <@" + userId + "> has no voice sessions recorded yet.");
                    }
                    return Reply.text("🎙️ **Voice stats** of <@" + userId + ">\n"
                            + "Time in voice: " + duration(row.getLong("seconds")) + " in " + sessions
                            + (sessions == 1 ? " session" : " sessions") + "\n"
                            + "Favourite channel: <#" + row.getString("favourite") + ">");
                });
    }

    /** {@code 2h 05m}, {@code 7m}, {@code 0m}. */
    static String duration(long seconds) {
        long minutes = seconds / 60;
        return minutes >= 60 ? String.format("%dh %02dm", minutes / 60, minutes % 60) : minutes + "m";
    }
}
