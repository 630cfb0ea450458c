package bot.volvox.analytics.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import bot.volvox.platform.api.ApiErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statistics of the tables analytics owns, under {@code /api/v1} with the API secret and rate limit of every
 * service's API (platform's {@code ApiGuard}). Every bad parameter is a 400 {@code {"error", "field"}} naming it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "apiSecret", type = SecuritySchemeType.APIKEY, apiKeyName = "x-api-secret",
        in = SecuritySchemeIn.HEADER)
@SecurityRequirement(name = "apiSecret")
public class StatsResource {
    static final int TOP_COMMANDS = 15;

    @Inject
    Pool pool;

    public record CommandCount(String command, long count) {
    }

    public record Bucket(Instant start, long count) {
    }

    public record Window(String range, Instant from, Instant to, String interval, String channelId) {
    }

    public record CommandUsage(long total, List<CommandCount> top, List<Bucket> volume) {
    }

    public record Voice(long sessions, long totalSeconds, long users) {
    }

    public record Engagement(long users, long messagesSent, long reactionsGiven, long reactionsReceived,
            double avgDaysActive) {
    }

    public record XpEconomy(long users, long totalXp, double avgLevel, int maxLevel, long voiceMinutes) {
    }

    public record Previous(Window window, long commands, Voice voice) {
    }

    public record GuildAnalytics(String guildId, Window window, CommandUsage commandUsage, Voice voice,
            Engagement userEngagement, XpEconomy xpEconomy, Previous previous) {
    }

    @GET
    @Path("/guilds/{guildId}/analytics")
    @Operation(summary = "A guild's command usage and voice activity in a window, engagement and XP economy "
            + "(all-time), optionally compared with the window before")
    @APIResponse(responseCode = "200", description = "the statistics")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    public Uni<GuildAnalytics> analytics(@PathParam("guildId") String guildId,
            @Parameter(description = "today | week | month | custom (default week)") @QueryParam("range") String range,
            @Parameter(description = "custom range start, ISO-8601 date or instant") @QueryParam("from") String from,
            @Parameter(description = "custom range end (≤ 90 days after from)") @QueryParam("to") String to,
            @Parameter(description = "hour | day (default: hour up to 48 h, else day)") @QueryParam("interval")
            String interval,
            @Parameter(description = "1/true/yes/on: add the window just before") @QueryParam("compare") String compare,
            @Parameter(description = "only commands used in this channel") @QueryParam("channelId") String channelId) {
        String guild = guild(guildId);
        StatsRange window = StatsRange.parse(range, from, to, interval, compare, channelId, Instant.now());
        Uni<Previous> previous = window.compare()
                ? commandTotal(guild, window.previous()).flatMap(commands -> voice(guild, window.previous())
                        .map(voice -> new Previous(windowOf(window.previous()), commands, voice)))
                : Uni.createFrom().nullItem();
        return commandUsage(guild, window).flatMap(commands -> voice(guild, window)
                .flatMap(voice -> engagement(guild)
                        .flatMap(engagement -> xpEconomy(guild)
                                .flatMap(xp -> previous.map(before -> new GuildAnalytics(guild, windowOf(window),
                                        commands, voice, engagement, xp, before))))));
    }

    public record VoiceLeader(String userId, long totalSeconds, long sessions) {
    }

    @GET
    @Path("/guilds/{guildId}/voice/leaderboard")
    @Operation(summary = "Members by time in voice (closed sessions that started in the period)")
    @APIResponse(responseCode = "200", description = "the members, most time first")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    public Uni<List<VoiceLeader>> voiceLeaderboard(@PathParam("guildId") String guildId,
            @Parameter(description = "week | month | all (default week)") @QueryParam("period") String period,
            @Parameter(description = "1–100 (default 10)") @QueryParam("limit") Integer limit) {
        String guild = guild(guildId);
        int rows = ApiErrors.limit(limit, 10, 100);
        String name = period == null || period.isBlank() ? "week" : period;
        Instant since = switch (name) {
            case "week" -> Instant.now().minusSeconds(7 * 86_400L);
            case "month" -> Instant.now().minusSeconds(30 * 86_400L);
            case "all" -> Instant.EPOCH;
            default -> throw ApiErrors.badField("period", "period must be one of week, month, all");
        };
        return pool.preparedQuery("""
                SELECT user_id, sum(duration_seconds) AS total, count(*) AS sessions FROM voice_sessions
                 WHERE guild_id = $1 AND left_at IS NOT NULL AND joined_at >= $2
                 GROUP BY user_id ORDER BY total DESC, user_id LIMIT $3""")
                .execute(Tuple.of(guild, since.atOffset(ZoneOffset.UTC), rows))
                .map(result -> {
                    List<VoiceLeader> leaders = new ArrayList<>();
                    for (Row row : result) {
                        leaders.add(new VoiceLeader(row.getString("user_id"), row.getLong("total"),
                                row.getLong("sessions")));
                    }
                    return leaders;
                });
    }

    private static String guild(String guildId) {
        if (guildId == null || !guildId.matches("\\d{1,20}")) {
            throw ApiErrors.badField("guildId", "guildId must be a Discord id (1 to 20 digits)");
        }
        return guildId;
    }

    private static Window windowOf(StatsRange range) {
        return new Window(range.range(), range.from(), range.to(), range.interval(), range.channelId());
    }

    private static Tuple window(String guild, StatsRange range) {
        return Tuple.of(guild, range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC),
                range.channelId());
    }

    private static final String COMMANDS_IN_WINDOW = """
            FROM command_usage WHERE guild_id = $1 AND used_at >= $2 AND used_at < $3
             AND ($4::text IS NULL OR channel_id = $4)""";

    private Uni<CommandUsage> commandUsage(String guild, StatsRange range) {
        Uni<List<CommandCount>> top = pool.preparedQuery("SELECT command_name, count(*) AS n " + COMMANDS_IN_WINDOW
                + " GROUP BY command_name ORDER BY n DESC, command_name LIMIT " + TOP_COMMANDS)
                .execute(window(guild, range))
                .map(rows -> {
                    List<CommandCount> counts = new ArrayList<>();
                    rows.forEach(row -> counts.add(new CommandCount(row.getString("command_name"), row.getLong("n"))));
                    return counts;
                });
        // the interval is one of two literals checked by StatsRange, never the caller's text
        Uni<List<Bucket>> volume = pool.preparedQuery("SELECT date_trunc('" + range.interval()
                + "', used_at AT TIME ZONE 'UTC') AS bucket, count(*) AS n " + COMMANDS_IN_WINDOW
                + " GROUP BY bucket ORDER BY bucket")
                .execute(window(guild, range))
                .map(rows -> {
                    List<Bucket> buckets = new ArrayList<>();
                    rows.forEach(row -> buckets.add(new Bucket(row.getLocalDateTime("bucket").toInstant(ZoneOffset.UTC),
                            row.getLong("n"))));
                    return buckets;
                });
        return commandTotal(guild, range).flatMap(total -> top.flatMap(counts -> volume
                .map(buckets -> new CommandUsage(total, counts, buckets))));
    }

    private Uni<Long> commandTotal(String guild, StatsRange range) {
        return pool.preparedQuery("SELECT count(*) AS n " + COMMANDS_IN_WINDOW).execute(window(guild, range))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    private Uni<Voice> voice(String guild, StatsRange range) {
        return pool.preparedQuery("""
                SELECT count(*) AS sessions, COALESCE(sum(duration_seconds), 0) AS seconds,
                       count(DISTINCT user_id) AS users
                  FROM voice_sessions WHERE guild_id = $1 AND left_at IS NOT NULL AND joined_at >= $2 AND joined_at < $3""")
                .execute(Tuple.of(guild, range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Voice(row.getLong("sessions"), row.getLong("seconds"), row.getLong("users"));
                });
    }

    private Uni<Engagement> engagement(String guild) {
        return pool.preparedQuery("""
                SELECT count(*) AS users, COALESCE(sum(messages_sent), 0) AS messages,
                       COALESCE(sum(reactions_given), 0) AS given, COALESCE(sum(reactions_received), 0) AS received,
                       COALESCE(avg(days_active), 0)::float8 AS days
                  FROM user_stats WHERE guild_id = $1""")
                .execute(Tuple.of(guild))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Engagement(row.getLong("users"), row.getLong("messages"), row.getLong("given"),
                            row.getLong("received"), row.getDouble("days"));
                });
    }

    private Uni<XpEconomy> xpEconomy(String guild) {
        return pool.preparedQuery("""
                SELECT count(*) AS users, COALESCE(sum(xp), 0) AS xp, COALESCE(avg(level), 0)::float8 AS avg_level,
                       COALESCE(max(level), 0) AS max_level, COALESCE(sum(voice_minutes), 0) AS voice_minutes
                  FROM reputation WHERE guild_id = $1""")
                .execute(Tuple.of(guild))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new XpEconomy(row.getLong("users"), row.getLong("xp"), row.getDouble("avg_level"),
                            row.getInteger("max_level"), row.getLong("voice_minutes"));
                });
    }
}
