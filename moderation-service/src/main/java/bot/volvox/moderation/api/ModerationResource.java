package bot.volvox.moderation.api;

import java.time.Instant;
import java.time.OffsetDateTime;
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
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;


import bot.volvox.moderation.audit.AuditEntries;
import bot.volvox.moderation.audit.AuditEntryEntity;
import bot.volvox.moderation.cases.CaseEntities;
import bot.volvox.moderation.cases.CaseEntity;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.moderation.cases.ScheduledActionEntities;
import bot.volvox.moderation.cases.ScheduledActionEntity;
import bot.volvox.moderation.warnings.WarningEntities;
import bot.volvox.moderation.warnings.WarningEntity;
import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.api.Filter;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Cases (list, detail, reason edits), warnings (list, reason edits), moderation stats and the audit log under
 * {@code /api/v1}; a guild's configuration is {@link bot.volvox.moderation.config.ConfigResource}'s.
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
    CaseEntities caseEntities;

    @Inject
    ScheduledActionEntities scheduledActions;

    @Inject
    WarningEntities warningEntities;

    @Inject
    AuditEntries auditEntries;

    @Inject
    Pool pool;

    /** Discord's limit on an audit-log reason, which a case's reason becomes. */
    static final int MAX_REASON = 512;

    public record CasePage(List<CaseEntity> cases, long total, int page, int limit, long pages) {
    }

    @GET
    @Path("/moderation/cases")
    @WithSession
    @Operation(summary = "Cases of a guild, filtered and paged (newest first unless order=asc)")
    public Uni<CasePage> cases(@QueryParam("guildId") String guildId, @QueryParam("targetId") String targetId,
            @QueryParam("action") String action, @QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
            @QueryParam("order") String order) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        Filter filter = Filter.of("guildId", guild).and("targetId", targetId).and("action", action);
        Sort sort = "asc".equalsIgnoreCase(order) ? Sort.ascending("caseNumber") : Sort.descending("caseNumber");
        PanacheQuery<CaseEntity> query = caseEntities.find(filter.query(), sort, filter.parameters())
                .page(Page.of(number - 1, size));
        return query.list().flatMap(found -> query.count()
                .map(total -> new CasePage(found, total, number, size, (total + size - 1) / size)));
    }

    public record CaseDetail(CaseEntity modCase, List<ScheduledActionEntity> scheduledActions) {
    }

    @GET
    @Path("/moderation/cases/{caseNumber}")
    @WithSession
    @Operation(summary = "One case and its scheduled actions")
    public Uni<CaseDetail> caseDetail(@PathParam("caseNumber") int caseNumber, @QueryParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return caseEntities.byNumber(guild, caseNumber).flatMap(modCase -> {
            if (modCase == null) {
                throw ApiErrors.of(404, "Case #" + caseNumber + " not found in guild " + guild);
            }
            return scheduledActions.ofCase(modCase.id).map(scheduled -> new CaseDetail(modCase, scheduled));
        });
    }

    /**
     * An edit of a row that another moderator may be editing too.
     *
     * @param version the {@code version} of the row as the editor read it: the edit is refused (409) when the row
     *        changed since, instead of overwriting that change
     */
    public record ReasonEdit(String reason, Integer version) {
    }

    @PATCH
    @Path("/moderation/cases/{caseNumber}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Change a case's reason",
            description = "Body: {\"reason\": \"...\", \"version\": <the case's version as read>}. 409 when the "
                    + "case changed since that version (another moderator, a command); 404 for an unknown case. "
                    + "Audited as case.update when the guild's audit log is enabled.")
    public Uni<CaseEntity> editCase(@PathParam("caseNumber") int caseNumber, @QueryParam("guildId") String guildId,
            ReasonEdit edit) {
        String guild = ApiErrors.requireGuild(guildId);
        String reason = reason(edit);
        return caseEntities.byNumber(guild, caseNumber).flatMap(modCase -> {
            if (modCase == null) {
                throw ApiErrors.of(404, "Case #" + caseNumber + " not found in guild " + guild);
            }
            requireVersion(modCase.version, edit.version(), "Case #" + caseNumber);
            String before = modCase.reason;
            modCase.reason = reason;
            return audited(guild, "case.update", "case", Integer.toString(caseNumber),
                    Map.of("reason", Map.of("from", String.valueOf(before), "to", reason))).replaceWith(modCase);
        });
    }

    @PATCH
    @Path("/warnings/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Change a warning's reason",
            description = "Body: {\"reason\": \"...\", \"version\": <the warning's version as read>}. 409 when "
                    + "the warning changed since (an edit, a removal, its expiry); 404 for an unknown warning.")
    public Uni<WarningEntity> editWarning(@PathParam("id") int id, @QueryParam("guildId") String guildId,
            ReasonEdit edit) {
        String guild = ApiErrors.requireGuild(guildId);
        String reason = reason(edit);
        return warningEntities.inGuild(guild, id).flatMap(warning -> {
            if (warning == null) {
                throw ApiErrors.of(404, "Warning #" + id + " not found in guild " + guild);
            }
            requireVersion(warning.version, edit.version(), "Warning #" + id);
            String before = warning.reason;
            warning.reason = reason;
            warning.updatedAt = Instant.now();
            return audited(guild, "warning.update", "warning", Integer.toString(id),
                    Map.of("reason", Map.of("from", String.valueOf(before), "to", reason))).replaceWith(warning);
        });
    }

    private static String reason(ReasonEdit edit) {
        if (edit == null || edit.reason() == null || edit.reason().isBlank()) {
            throw ApiErrors.badField("reason", "reason is required");
        }
        if (edit.reason().length() > MAX_REASON) {
            throw ApiErrors.badField("reason", "reason must be at most " + MAX_REASON + " characters");
        }
        if (edit.version() == null || edit.version() < 0) {
            throw ApiErrors.badField("version", "version (the row's version as you read it) is required");
        }
        return edit.reason().strip();
    }

    private static void requireVersion(int current, int read, String what) {
        if (current != read) {
            throw stale(what + " was changed since you read it (version " + read + ", now " + current
                    + "): read it again and repeat your edit");
        }
    }

    private static WebApplicationException stale(String message) {
        return new WebApplicationException(message, Response.status(409).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message, "field", "version")).build());
    }

    /** Two edits that both read the same version: the second to commit finds the row changed (Hibernate's check). */
    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentEdit(RuntimeException failure) {
        return stale("The row was changed by another edit at the same time: read it again and repeat your edit")
                .getResponse();
    }

    private Uni<Void> audited(String guild, String action, String targetType, String targetId,
            Map<String, Object> changes) {
        return auditEntries.apiChange(guild, action, targetType, targetId, Map.of("changes", changes));
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

    @GET
    @Path("/warnings")
    @WithSession
    @Operation(summary = "Warnings of a guild, filtered and paged (newest first)")
    public Uni<WarningPage> warnings(@QueryParam("guildId") String guildId, @QueryParam("userId") String userId,
            @QueryParam("active") Boolean active, @QueryParam("severity") String severity,
            @QueryParam("page") Integer page, @QueryParam("limit") Integer limit) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        Filter filter = Filter.of("guildId", guild).and("userId", userId).and("active", active)
                .and("severity", severity);
        PanacheQuery<WarningEntity> query = warningEntities.find(filter.query(),
                Sort.descending("createdAt", "id"), filter.parameters()).page(Page.of(number - 1, size));
        return query.list().flatMap(found -> query.count()
                .map(total -> new WarningPage(found, total, number, size, (total + size - 1) / size)));
    }

    public record WarningPage(List<WarningEntity> warnings, long total, int page, int limit, long pages) {
    }

    public record AuditPage(List<Map<String, Object>> entries, long total, int limit, int offset) {
    }

    @GET
    @Path("/guilds/{guildId}/audit-log")
    @WithSession
    @Operation(summary = "Audit log entries of a guild, newest first")
    public Uni<AuditPage> auditLog(@PathParam("guildId") String guildId, @QueryParam("action") String action,
            @QueryParam("userId") String userId, @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int from = offset == null ? 0 : offset;
        if (from < 0) {
            throw ApiErrors.badField("offset", "offset must not be negative");
        }
        Filter filter = Filter.of("guildId", guild).and("action", action).and("userId", userId)
                .from("createdAt", date(startDate, "startDate")).until("createdAt", date(endDate, "endDate"));
        PanacheQuery<AuditEntryEntity> query = auditEntries.find(filter.query(),
                Sort.descending("createdAt", "id"), filter.parameters()).range(from, from + size - 1);
        return query.list().flatMap(found -> query.count().map(total -> new AuditPage(
                found.stream().map(ModerationResource::auditEntry).toList(), total, size, from)));
    }

    private static Map<String, Object> auditEntry(AuditEntryEntity row) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", row.id);
        entry.put("userId", row.userId);
        entry.put("userTag", row.userTag);
        entry.put("action", row.action);
        entry.put("targetType", row.targetType);
        entry.put("targetId", row.targetId);
        entry.put("targetTag", row.targetTag);
        entry.put("details", row.details == null ? null : io.vertx.core.json.Json.decodeValue(row.details));
        entry.put("createdAt", row.createdAt);
        return entry;
    }

    private static Instant date(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            throw ApiErrors.badField(name, name
                    + " must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
