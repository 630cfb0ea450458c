package bot.volvox.moderation.api;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.moderation.audit.AuditLog;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.moderation.cases.ModCase;
import bot.volvox.moderation.config.ConfigPatch;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.config.InvalidConfigException;
import bot.volvox.moderation.warnings.WarningRepository;
import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.guildconfig.GuildConfigs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Read API of cases, warnings, moderation stats and the audit log, and a guild's configuration (read and deep-merge
 * patch), under {@code /api/v1}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "apiSecret", type = SecuritySchemeType.APIKEY, apiKeyName = "x-api-secret",
        in = SecuritySchemeIn.HEADER)
@SecurityRequirement(name = "apiSecret")
public class ModerationResource {

    @Inject
    CaseRepository cases;

    @Inject
    WarningRepository warnings;

    @Inject
    Pool pool;

    @Inject
    GuildConfigs configs;

    @Inject
    ConfigWriter writer;

    @Inject
    AuditLog audit;

    /** Who changed configuration through the API (the secret is the only credential). */
    static final String API_CLIENT = "api-secret";

    public record CasePage(List<ModCase> cases, long total, int page, int limit, long pages) {
    }

    @GET
    @Path("/moderation/cases")
    @Operation(summary = "Cases of a guild, filtered and paged (newest first unless order=asc)")
    public Uni<CasePage> cases(@QueryParam("guildId") String guildId, @QueryParam("targetId") String targetId,
            @QueryParam("action") String action, @QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
            @QueryParam("order") String order) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        return cases.page(new CaseRepository.Filter(guild, targetId, action), !"asc".equalsIgnoreCase(order), size,
                (number - 1) * size)
                .map(result -> new CasePage(result.cases(), result.total(), number, size,
                        (result.total() + size - 1) / size));
    }

    public record CaseDetail(ModCase modCase, List<Map<String, Object>> scheduledActions) {
    }

    @GET
    @Path("/moderation/cases/{caseNumber}")
    @Operation(summary = "One case and its scheduled actions")
    public Uni<CaseDetail> caseDetail(@PathParam("caseNumber") int caseNumber, @QueryParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return cases.byNumber(guild, caseNumber).flatMap(modCase -> {
            if (modCase == null) {
                throw ApiErrors.of(404, "Case #" + caseNumber + " not found in guild " + guild);
            }
            return pool.preparedQuery("SELECT id, action, execute_at, executed FROM mod_scheduled_actions "
                    + "WHERE case_id = $1 ORDER BY id").execute(Tuple.of(modCase.id()))
                    .map(rows -> {
                        List<Map<String, Object>> scheduled = new ArrayList<>();
                        for (Row row : rows) {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("id", row.getInteger("id"));
                            item.put("action", row.getString("action"));
                            item.put("executeAt", row.getOffsetDateTime("execute_at").toInstant());
                            item.put("executed", row.getBoolean("executed"));
                            scheduled.add(item);
                        }
                        return new CaseDetail(modCase, scheduled);
                    });
        });
    }

    @GET
    @Path("/moderation/stats")
    @Operation(summary = "Case counts of a guild: total, per action, last 24 hours and 7 days")
    public Uni<Map<String, Object>> stats(@QueryParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return cases.countsByAction(guild, null).flatMap(byAction -> pool.preparedQuery("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE created_at > now() - interval '24 hours') AS last24h,
                       count(*) FILTER (WHERE created_at > now() - interval '7 days') AS last7d
                FROM mod_cases WHERE guild_id = $1""").execute(Tuple.of(guild)).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("totalCases", row.getLong("total"));
            stats.put("last24Hours", row.getLong("last24h"));
            stats.put("last7Days", row.getLong("last7d"));
            stats.put("byAction", byAction);
            return stats;
        }));
    }

    public record WarningPage(List<bot.volvox.moderation.warnings.Warning> warnings, long total, int page, int limit,
            long pages) {
    }

    @GET
    @Path("/warnings")
    @Operation(summary = "Warnings of a guild, filtered and paged (newest first)")
    public Uni<WarningPage> warnings(@QueryParam("guildId") String guildId, @QueryParam("userId") String userId,
            @QueryParam("active") Boolean active, @QueryParam("severity") String severity,
            @QueryParam("page") Integer page, @QueryParam("limit") Integer limit) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        return warnings.page(guild, userId, active, false, severity, size, (number - 1) * size)
                .map(result -> new WarningPage(result.warnings(), result.total(), number, size,
                        (result.total() + size - 1) / size));
    }

    public record AuditPage(List<Map<String, Object>> entries, long total, int limit, int offset) {
    }

    @GET
    @Path("/guilds/{guildId}/audit-log")
    @Operation(summary = "Audit log entries of a guild, newest first")
    public Uni<AuditPage> auditLog(@PathParam("guildId") String guildId, @QueryParam("action") String action,
            @QueryParam("userId") String userId, @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int from = offset == null ? 0 : offset;
        if (from < 0) {
            throw ApiErrors.of(400, "offset must not be negative");
        }
        OffsetDateTime start = date(startDate, "startDate");
        OffsetDateTime end = date(endDate, "endDate");
        return pool.preparedQuery("""
                SELECT id, user_id, user_tag, action, target_type, target_id, target_tag, details::text AS details,
                       created_at, count(*) OVER () AS total
                FROM audit_logs WHERE guild_id = $1 AND ($2::text IS NULL OR action = $2)
                  AND ($3::text IS NULL OR user_id = $3) AND ($4::timestamptz IS NULL OR created_at >= $4)
                  AND ($5::timestamptz IS NULL OR created_at <= $5)
                ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7""")
                .execute(Tuple.from(new Object[] {guild, action, userId, start, end, size, from}))
                .map(rows -> {
                    List<Map<String, Object>> entries = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("id", row.getInteger("id"));
                        entry.put("userId", row.getString("user_id"));
                        entry.put("userTag", row.getString("user_tag"));
                        entry.put("action", row.getString("action"));
                        entry.put("targetType", row.getString("target_type"));
                        entry.put("targetId", row.getString("target_id"));
                        entry.put("targetTag", row.getString("target_tag"));
                        entry.put("details", row.getString("details") == null ? null
                                : io.vertx.core.json.Json.decodeValue(row.getString("details")));
                        entry.put("createdAt", row.getOffsetDateTime("created_at").toInstant());
                        entries.add(entry);
                        total = row.getLong("total");
                    }
                    return new AuditPage(entries, total, size, from);
                });
    }

    @GET
    @Path("/guilds/{guildId}/config")
    @Operation(summary = "The effective configuration of a guild (readable sections, secrets masked)")
    public Uni<ObjectNode> config(@PathParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return configs.effective(guild).map(ConfigPatch::readable);
    }

    @PATCH
    @Path("/guilds/{guildId}/config")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deep-merge a patch into a guild's configuration overrides",
            description = "Body: sections to change, e.g. {\"moderation\": {\"logging\": {\"channels\": "
                    + "{\"bans\": \"123456789012345678\"}}}}. Objects merge; arrays, scalars and null replace. Every "
                    + "leaf is validated first (400 naming the path; 403 for a section that is not writable); all "
                    + "leaves are written in one transaction and announced on volvox.config. Answers the new "
                    + "effective configuration.")
    public Uni<ObjectNode> patchConfig(@PathParam("guildId") String guildId, JsonNode patch) {
        String guild = ApiErrors.requireGuild(guildId);
        List<ConfigPatch.Problem> problems = new ArrayList<>();
        Map<String, JsonNode> leaves = ConfigPatch.leaves(patch, problems);
        if (!problems.isEmpty()) {
            ConfigPatch.Problem first = problems.stream().filter(ConfigPatch.Problem::forbidden).findFirst()
                    .orElse(problems.get(0));
            throw ApiErrors.invalid(first.forbidden() ? 403 : 400, first.path(), first.message());
        }
        if (leaves.isEmpty()) {
            return configs.effective(guild).map(ConfigPatch::readable);
        }
        return configs.settings(guild).flatMap(before -> writer.setAll(guild, leaves, API_CLIENT,
                connection -> !before.auditLog().enabled()
                        ? Uni.createFrom().voidItem()
                        : audit.record(connection, guild, API_CLIENT, API_CLIENT, "config.update", "config",
                                "guilds/" + guild + "/config", null, auditDetails(guild, leaves))))
                .onFailure(InvalidConfigException.class).transform(failure -> {
                    InvalidConfigException invalid = (InvalidConfigException) failure;
                    return ApiErrors.invalid(400, invalid.first().path(), invalid.first().message());
                })
                .flatMap(written -> configs.effective(guild))
                .map(ConfigPatch::readable);
    }

    private static Map<String, Object> auditDetails(String guild, Map<String, JsonNode> leaves) {
        Map<String, Object> masked = new LinkedHashMap<>();
        leaves.forEach((path, value) -> masked.put(path, ConfigPatch.SENSITIVE_PATHS.contains(path) && !value.isNull()
                ? ConfigPatch.MASK : value));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", "PATCH");
        details.put("path", "/api/v1/guilds/" + guild + "/config");
        details.put("changes", masked);
        return details;
    }

    private static OffsetDateTime date(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (RuntimeException e) {
            throw ApiErrors.of(400, name + " must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
