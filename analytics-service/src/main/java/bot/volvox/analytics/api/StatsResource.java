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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    static final int TOP_CHANNELS = 10;

    static final int CACHE_SECONDS = 60;
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(CACHE_SECONDS);

    @Inject
    Pool pool;

    @Inject
    bot.volvox.platform.redis.SharedCache cache;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

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

    /**
     * The guild's provider calls recorded by ai-service in {@code ai_usage} in the window (failed calls counted in
     * {@code requests} and {@code failed}, with no tokens and no cost); {@code costUsd} sums the recorded costs.
     */
    public record AiUsage(long requests, long failed, long inputTokens, long outputTokens, long cacheCreationTokens,
            long cacheReadTokens, java.math.BigDecimal costUsd) {
    }

    @Schema(description = "A channel and the messages counted in it in the window")
    public record ChannelCount(String channelId, long messages) {
    }

    @Schema(description = "Messages sent in the window on one day of the week at one hour (UTC)")
    public record HeatmapCell(@Schema(description = "ISO day of the week, 1 = Monday … 7 = Sunday") int dayOfWeek,
            @Schema(description = "hour of the day, 0–23") int hour, long messages) {
    }

    /**
     * Messages counted in the window (as {@code user_stats.messages_sent}: guild messages of members, with
     * {@code engagement.trackMessages}), by the UTC hour they were sent in: the top {@value #TOP_CHANNELS} channels
     * and the day-of-week × hour heatmap (cells with messages only).
     */
    @Schema(description = "Messages counted in the window (guild messages of members, with engagement.trackMessages), "
            + "by the UTC hour they were sent in")
    public record Messages(long total,
            @Schema(description = "the 10 channels with the most messages, most first") List<ChannelCount> topChannels,
            @Schema(description = "day-of-week × hour cells with messages") List<HeatmapCell> heatmap) {
    }

    public record GuildAnalytics(String guildId, Window window, CommandUsage commandUsage, Voice voice,
            AiUsage aiUsage, Engagement userEngagement, XpEconomy xpEconomy, Messages messages,
            @Schema(description = "members (not bots) who joined in the window") long newMembers,
            Previous previous) {
    }

    @GET
    @Path("/guilds/{guildId}/analytics")
    @Operation(summary = "A guild's command usage, voice activity, messages (top channels, day-of-week × hour "
            + "heatmap) and new members in a window, engagement and XP economy (all-time), optionally compared with "
            + "the window before")
    @APIResponse(responseCode = "200", description = "the statistics")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    public Uni<GuildAnalytics> analytics(@PathParam("guildId") String guildId,
            @Parameter(description = "today | week | month | custom (default week)") @QueryParam("range") String range,
            @Parameter(description = "custom range start, ISO-8601 date or instant") @QueryParam("from") String from,
            @Parameter(description = "custom range end (≤ 90 days after from)") @QueryParam("to") String to,
            @Parameter(description = "hour | day (default: hour up to 48 h, else day)") @QueryParam("interval")
            String interval,
            @Parameter(description = "1/true/yes/on: add the window just before") @QueryParam("compare") String compare,
            @Parameter(description = "only commands used and messages sent in this channel") @QueryParam("channelId")
            String channelId) {
        String guild = guild(guildId);
        StatsRange window = StatsRange.parse(range, from, to, interval, compare, channelId, Instant.now());
        // a named range moves with the clock: the key names the range, so its answer is at most CACHE_TTL old
        String key = "analytics:stats:" + guild + ":" + window.range() + ":"
                + ("custom".equals(window.range()) ? window.from() + ":" + window.to() : "") + ":" + window.interval()
                + ":" + window.compare() + ":" + window.channelId();
        return cached(key, GuildAnalytics.class, () -> compute(guild, window));
    }

    private Uni<GuildAnalytics> compute(String guild, StatsRange window) {
        Uni<Previous> previous = window.compare()
                ? commandTotal(guild, window.previous()).flatMap(commands -> voice(guild, window.previous())
                        .map(voice -> new Previous(windowOf(window.previous()), commands, voice)))
                : Uni.createFrom().nullItem();
        return commandUsage(guild, window).flatMap(commands -> voice(guild, window)
                .flatMap(voice -> aiUsage(guild, window).flatMap(ai -> engagement(guild)
                        .flatMap(engagement -> xpEconomy(guild)
                                .flatMap(xp -> messages(guild, window).flatMap(messages -> newMembers(guild, window)
                                        .flatMap(joined -> previous.map(before -> new GuildAnalytics(guild,
                                                windowOf(window), commands, voice, ai, engagement, xp, messages,
                                                joined, before)))))))));
    }

    /**
     * Answers are kept {@value #CACHE_SECONDS} s in platform's {@code SharedCache} (Redis shared by the replicas,
     * memory without it). Analytics' tables change with every batch, so instead of being invalidated on each write an
     * answer lives no longer than a dashboard's refresh: a number is at most a minute old.
     */
    private <T> Uni<T> cached(String key, Class<T> type, java.util.function.Supplier<Uni<T>> compute) {
        return cache.get(key).flatMap(hit -> {
            if (hit.isPresent()) {
                try {
                    return Uni.createFrom().item(json.readValue(hit.get(), type));
                } catch (java.io.IOException olderShape) {
                    // an answer of an older version: computed again and replaced below
                }
            }
            return compute.get().call(answer -> {
                try {
                    return cache.put(key, json.writeValueAsString(answer), CACHE_TTL);
                } catch (java.io.IOException e) {
                    return Uni.createFrom().voidItem();
                }
            });
        });
    }

    public record DailyCommands(java.time.LocalDate day, long commands) {
    }

    /** The original's public {@code GET /stats}, from the tables analytics owns. */
    public record PublicStats(long servers, long commandsServed, long messagesCounted, long voiceSeconds,
            List<DailyCommands> last7Days) {
    }

    @GET
    @Path("/stats")
    @SecurityRequirement(name = "none")
    @Operation(summary = "Public statistics, without the API secret: guilds with analytics rows, completed commands, "
            + "messages counted, seconds in voice, completed commands per UTC day over the last 7 days")
    @APIResponse(responseCode = "200", description = "the statistics")
    public Uni<PublicStats> publicStats() {
        return cached("analytics:stats:public", PublicStats.class, () -> pool.query("""
                SELECT (SELECT count(*) FROM (SELECT guild_id FROM command_usage UNION SELECT guild_id FROM user_stats
                          UNION SELECT guild_id FROM voice_sessions) g) AS servers,
                       (SELECT count(*) FROM command_usage) AS commands,
                       (SELECT COALESCE(sum(messages_sent), 0) FROM user_stats) AS messages,
                       (SELECT COALESCE(sum(duration_seconds), 0) FROM voice_sessions WHERE left_at IS NOT NULL) AS voice""")
                .execute()
                .flatMap(totals -> pool.query("""
                        SELECT d::date AS day, count(c.id) AS n
                          FROM generate_series((now() AT TIME ZONE 'UTC')::date - 6, (now() AT TIME ZONE 'UTC')::date,
                                               interval '1 day') AS d
                          LEFT JOIN command_usage c ON c.used_at >= d AT TIME ZONE 'UTC'
                                                   AND c.used_at < (d + interval '1 day') AT TIME ZONE 'UTC'
                         GROUP BY d ORDER BY d""").execute().map(days -> {
                    Row row = totals.iterator().next();
                    List<DailyCommands> daily = new ArrayList<>();
                    days.forEach(day -> daily.add(new DailyCommands(day.getLocalDate("day"), day.getLong("n"))));
                    return new PublicStats(row.getLong("servers"), row.getLong("commands"), row.getLong("messages"),
                            row.getLong("voice"), daily);
                })));
    }

    private Uni<AiUsage> aiUsage(String guild, StatsRange range) {
        return pool.preparedQuery("""
                SELECT count(*) AS requests, count(error) AS failed,
                       COALESCE(sum(input_tokens), 0) AS input, COALESCE(sum(output_tokens), 0) AS output,
                       COALESCE(sum(cache_creation_tokens), 0) AS cache_creation,
                       COALESCE(sum(cache_read_tokens), 0) AS cache_read, COALESCE(sum(cost_usd), 0) AS cost
                  FROM ai_usage WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3""")
                .execute(Tuple.of(guild, range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new AiUsage(row.getLong("requests"), row.getLong("failed"), row.getLong("input"),
                            row.getLong("output"), row.getLong("cache_creation"), row.getLong("cache_read"),
                            row.getBigDecimal("cost"));
                });
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

    private static final String MESSAGES_IN_WINDOW = """
            FROM channel_activity WHERE guild_id = $1 AND hour >= $2 AND hour < $3
             AND ($4::text IS NULL OR channel_id = $4)""";

    private Uni<Messages> messages(String guild, StatsRange range) {
        Uni<List<ChannelCount>> top = pool.preparedQuery("SELECT channel_id, sum(messages) AS n " + MESSAGES_IN_WINDOW
                + " GROUP BY channel_id ORDER BY n DESC, channel_id LIMIT " + TOP_CHANNELS)
                .execute(window(guild, range))
                .map(rows -> {
                    List<ChannelCount> counts = new ArrayList<>();
                    rows.forEach(row -> counts.add(new ChannelCount(row.getString("channel_id"), row.getLong("n"))));
                    return counts;
                });
        Uni<List<HeatmapCell>> heatmap = pool.preparedQuery("""
                SELECT extract(isodow FROM hour AT TIME ZONE 'UTC')::int AS dow,
                       extract(hour FROM hour AT TIME ZONE 'UTC')::int AS h, sum(messages) AS n\s"""
                + MESSAGES_IN_WINDOW + " GROUP BY dow, h ORDER BY dow, h")
                .execute(window(guild, range))
                .map(rows -> {
                    List<HeatmapCell> cells = new ArrayList<>();
                    rows.forEach(row -> cells.add(new HeatmapCell(row.getInteger("dow"), row.getInteger("h"),
                            row.getLong("n"))));
                    return cells;
                });
        return top.flatMap(channels -> heatmap.map(cells -> new Messages(
                cells.stream().mapToLong(HeatmapCell::messages).sum(), channels, cells)));
    }

    private Uni<Long> newMembers(String guild, StatsRange range) {
        return pool.preparedQuery("""
                SELECT count(*) AS n FROM member_joins WHERE guild_id = $1 AND joined_at >= $2 AND joined_at < $3""")
                .execute(Tuple.of(guild, range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC)))
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
