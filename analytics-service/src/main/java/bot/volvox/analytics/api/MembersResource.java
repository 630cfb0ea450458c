package bot.volvox.analytics.api;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import bot.volvox.analytics.engagement.Levels;
import bot.volvox.analytics.engagement.UserStatsEntities;
import bot.volvox.analytics.engagement.UserStatsEntity;
import bot.volvox.analytics.ranks.ReputationEntities;
import bot.volvox.analytics.ranks.ReputationEntity;
import bot.volvox.analytics.voice.VoiceSessionEntities;
import bot.volvox.analytics.voice.VoiceSessionEntity;
import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.api.Filter;
import bot.volvox.platform.api.ListPage;
import bot.volvox.platform.guildconfig.GuildConfigs;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * The rows a guild dashboard shows of its members (their activity and XP, the XP leaderboard, voice sessions), read
 * through Hibernate Reactive with Panache, one session per request. Read-only: analytics' consumers are the only
 * writers of these tables. Levels are recomputed from XP with the guild's thresholds, as {@code /rank} shows them.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiSecret")
public class MembersResource {

    @Inject
    UserStatsEntities userStats;

    @Inject
    ReputationEntities reputation;

    @Inject
    VoiceSessionEntities voiceSessions;

    @Inject
    GuildConfigs configs;

    /**
     * Where a member stands: {@code level} from XP with the guild's thresholds, {@code rank} as {@code /rank} counts it
     * (1 + the members with more XP; null without XP), {@code levelStartXp}/{@code nextLevelXp} the span of the
     * level (null at the top level).
     */
    public record Standing(long xp, int level, Long rank, int levelStartXp, Integer nextLevelXp) {
    }

    /** A member's rows: {@code activity} (user_stats) and {@code reputation}, each null when the member has none. */
    public record MemberStats(String guildId, String userId, UserStatsEntity activity, ReputationEntity reputation,
            Standing standing) {
    }

    @GET
    @Path("/guilds/{guildId}/members/{userId}/stats")
    @WithSession
    @Operation(summary = "A member's activity counters, XP, level and rank")
    @APIResponse(responseCode = "200", description = "the member's rows and standing")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    @APIResponse(responseCode = "404", description = "analytics has no row of this member in this guild")
    public Uni<MemberStats> memberStats(@PathParam("guildId") String guildId, @PathParam("userId") String userId) {
        String guild = ApiErrors.requireGuild(guildId);
        String user = requireUser(userId);
        return userStats.findById(new UserStatsEntity.Key(guild, user))
                .flatMap(activity -> reputation.of(guild, user).flatMap(xp -> {
                    if (activity == null && xp == null) {
                        throw ApiErrors.of(404, "No statistics of member " + user + " in guild " + guild);
                    }
                    Uni<Long> rank = xp == null ? Uni.createFrom().nullItem() : reputation.rank(guild, xp.xp);
                    return rank.flatMap(position -> configs.settings(guild).map(config -> {
                        List<Integer> thresholds = config.xp().levelThresholds();
                        long points = xp == null ? 0 : xp.xp;
                        int level = Levels.of(points, thresholds);
                        return new MemberStats(guild, user, activity, xp, new Standing(points, level, position,
                                Levels.start(level, thresholds), Levels.next(level, thresholds)));
                    }));
                }));
    }

    /** One row of the XP leaderboard: its place in the order (XP, then user id) and the level recomputed from XP. */
    public record Ranked(long rank, String userId, int xp, int level, int messagesCount, int voiceMinutes,
            Instant lastXpGain) {
    }

    @GET
    @Path("/guilds/{guildId}/reputation/leaderboard")
    @WithSession
    @Operation(summary = "A guild's members by XP, paged (the whole /leaderboard, not only its top 10)")
    @APIResponse(responseCode = "200", description = "one page, best first")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    public Uni<ListPage<Ranked>> leaderboard(@PathParam("guildId") String guildId,
            @Parameter(description = "from 1 (default 1)") @QueryParam("page") Integer page,
            @Parameter(description = "1–100 (default 25)") @QueryParam("limit") Integer limit) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        PanacheQuery<ReputationEntity> query = reputation.find("guildId", Sort.descending("xp").and("userId"), guild)
                .page(Page.of(number - 1, size));
        return query.list().flatMap(rows -> query.count().flatMap(total -> configs.settings(guild).map(config -> {
            List<Integer> thresholds = config.xp().levelThresholds();
            long first = (long) (number - 1) * size + 1;
            List<Ranked> ranked = IntStream.range(0, rows.size()).mapToObj(i -> {
                ReputationEntity row = rows.get(i);
                return new Ranked(first + i, row.userId, row.xp, Levels.of(row.xp, thresholds), row.messagesCount,
                        row.voiceMinutes, row.lastXpGain);
            }).toList();
            return ListPage.of(ranked, total, number, size);
        })));
    }

    @GET
    @Path("/guilds/{guildId}/voice/sessions")
    @WithSession
    @Operation(summary = "A guild's voice sessions, newest first, optionally of one member or channel, open or closed")
    @APIResponse(responseCode = "200", description = "one page, newest first")
    @APIResponse(responseCode = "400", description = "a bad parameter: {\"error\", \"field\"} names it")
    public Uni<ListPage<VoiceSessionEntity>> sessions(@PathParam("guildId") String guildId,
            @Parameter(description = "only this member's sessions") @QueryParam("userId") String userId,
            @Parameter(description = "only sessions in this channel") @QueryParam("channelId") String channelId,
            @Parameter(description = "1/true/yes/on: only open sessions; 0/false/no/off: only closed ones")
            @QueryParam("open") String open,
            @Parameter(description = "from 1 (default 1)") @QueryParam("page") Integer page,
            @Parameter(description = "1–100 (default 25)") @QueryParam("limit") Integer limit) {
        Filter filter = Filter.of("guildId", ApiErrors.requireGuild(guildId))
                .and("userId", ApiErrors.optionalId("userId", userId))
                .and("channelId", ApiErrors.optionalId("channelId", channelId))
                .missing("leftAt", ApiErrors.flag("open", open));
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        PanacheQuery<VoiceSessionEntity> query = voiceSessions.find(filter.query(),
                Sort.descending("joinedAt", "id"), filter.parameters()).page(Page.of(number - 1, size));
        return query.list().flatMap(rows -> query.count().map(total -> ListPage.of(rows, total, number, size)));
    }

    private static String requireUser(String userId) {
        if (userId == null) {
            throw ApiErrors.badField("userId", "userId (a Discord id) is required");
        }
        return ApiErrors.optionalId("userId", userId);
    }
}
