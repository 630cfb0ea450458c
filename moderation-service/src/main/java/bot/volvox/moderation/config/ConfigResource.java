package bot.volvox.moderation.config;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.moderation.audit.AuditEntries;
import bot.volvox.moderation.notifications.DashboardWebhooks;
import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A guild's configuration under {@code /api/v1}: read it (whole, or one path), and write it in the original bot's
 * {@code {path, value}} form (one leaf by {@code PATCH}, several at once by {@code PUT}) or as a deep-merge patch
 * ({@code PATCH} with the sections to change). Rows are read and written as {@link ConfigEntity} through Hibernate
 * Reactive, one transaction per write; every write is validated like {@code /config set} ({@link ConfigWriter#validate}),
 * audited in the same transaction, and after the commit announced on {@code volvox.config} exactly as a command's
 * write ({@link ConfigWriter#published}), so every service's cache drops the old configuration.
 *
 * <p>Concurrent edits: every answer carries an {@code ETag}, the version of the guild's stored sections
 * ({@link ConfigEntries#version}). A write sent with {@code If-Match} is refused with 409 when the stored sections
 * changed since (another API client, {@code /config set}); the check runs with the guild's section rows locked, the
 * lock {@code /config set} takes too, so the check and the write are one step.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiSecret")
public class ConfigResource {
    static final String CONFIG = "/guilds/{guildId}/config";
    static final String GLOBAL_CONFIG = "/config";

    @Inject
    ConfigEntries entries;

    @Inject
    ConfigWriter writer;

    @Inject
    AuditEntries audit;

    @Inject
    DashboardWebhooks dashboard;

    /** The stored rows of the guild and of the global scope, read together, and what they make. */
    private record Stored(List<ConfigEntity> global, List<ConfigEntity> guild) {
        ObjectNode effective() {
            return GuildConfigs.merge(sections(global), sections(guild));
        }

        String version() {
            return ConfigEntries.version(guild);
        }
    }

    @GET
    @Path(CONFIG)
    @WithSession
    @Operation(summary = "The effective configuration of a guild (readable sections, secrets masked)",
            description = "Defaults, then global settings, then the guild's own. The ETag header is the version to "
                    + "send back as If-Match with a write.")
    public Uni<RestResponse<ObjectNode>> config(@PathParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return stored(guild).map(stored -> tagged(ConfigPatch.readable(stored.effective()), stored.version()));
    }

    @GET
    @Path(GLOBAL_CONFIG)
    @WithSession
    @Operation(summary = "The global configuration (defaults, then the global settings; secrets masked)")
    public Uni<ObjectNode> globalConfig() {
        return stored(GuildConfigs.GLOBAL).map(stored -> ConfigPatch.readable(stored.effective()));
    }

    /** The outcome of one leaf of a global write. */
    public record LeafResult(String path, String status, String error) {
    }

    /** A global write's answer: every leaf's outcome, and the global configuration as it is now. */
    public record GlobalWrite(List<LeafResult> results, ObjectNode config) {
    }

    @PUT
    @Path(GLOBAL_CONFIG)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change global settings: {section: {...}}, every leaf written globally",
            description = "The original bot's global write. The whole body is validated first (400 {error, path, "
                    + "field} names the first bad leaf, 403 a read-only section, 404 an unknown one); then each leaf "
                    + "is written on its own, so one failing leaf does not undo the others: 200 when all were written, "
                    + "207 when some were (results[] says which), 500 when none. Audited as config.update (guild "
                    + "global); afterwards a config.changed notice goes to CONFIG_CHANGE_WEBHOOK_URL when set.")
    @APIResponse(responseCode = "200", description = "{results[], config}: every leaf written")
    @APIResponse(responseCode = "207", description = "{results[], config}: some leaves written, results[] says which")
    @APIResponse(responseCode = "400", description = "a bad path or value: {error, path, field} names it")
    @APIResponse(responseCode = "500", description = "{results[], config}: no leaf could be written")
    public Uni<RestResponse<GlobalWrite>> putGlobal(
            @RequestBody(description = "sections to write, e.g. {\"reminders\": {\"maxPerUser\": 10}}")
            JsonNode body) {
        List<ConfigPatch.Problem> problems = new ArrayList<>();
        Map<String, JsonNode> leaves = ConfigPatch.leaves(body, problems);
        refuse(problems, null);
        return writer.validate(GuildConfigs.GLOBAL, leaves)
                .onFailure(InvalidConfigException.class).transform(failure -> {
                    var problem = ((InvalidConfigException) failure).first();
                    return ApiErrors.invalid(400, problem.path(), problem.path(), problem.message());
                })
                .chain(() -> Multi.createFrom().iterable(leaves.entrySet()).onItem().transformToUniAndConcatenate(
                        leaf -> writer.setAll(GuildConfigs.GLOBAL, Map.of(leaf.getKey(), leaf.getValue()),
                                AuditEntries.API_CLIENT, connection -> Uni.createFrom().voidItem())
                                .map(written -> new LeafResult(leaf.getKey(), "success", null))
                                .onFailure().recoverWithItem(failure -> new LeafResult(leaf.getKey(), "error",
                                        failure instanceof InvalidConfigException invalid
                                                ? invalid.first().message() : "the write failed")))
                        .collect().asList())
                .call(results -> Panache.withTransaction(() -> audit.apiChange(GuildConfigs.GLOBAL, "config.update",
                        "config", "config", auditDetails("/api/v1/config", "PUT", leaves))))
                .invoke(results -> dashboard.globalConfigChanged(results.stream()
                        .filter(result -> result.status().equals("success")).map(LeafResult::path).toList(),
                        AuditEntries.API_CLIENT))
                .flatMap(results -> Panache.withSession(() -> stored(GuildConfigs.GLOBAL)).map(stored -> {
                    long written = results.stream().filter(result -> result.status().equals("success")).count();
                    int status = written == results.size() ? 200 : written > 0 ? 207 : 500;
                    return RestResponse.ResponseBuilder.<GlobalWrite>create(status)
                            .entity(new GlobalWrite(results, ConfigPatch.readable(stored.effective()))).build();
                }));
    }

    /** One setting: its dotted path and its effective value. */
    public record Setting(String path, JsonNode value) {
    }

    @GET
    @Path(CONFIG + "/{path}")
    @WithSession
    @Operation(summary = "One setting or section of a guild's effective configuration, by dotted path")
    @APIResponse(responseCode = "200", description = "the setting; ETag: the version of the guild's settings")
    @APIResponse(responseCode = "404", description = "no such section or setting")
    public Uni<RestResponse<Setting>> setting(@PathParam("guildId") String guildId,
            @Parameter(description = "e.g. moderation or moderation.warnings.expiryDays") @PathParam("path")
            String path) {
        String guild = ApiErrors.requireGuild(guildId);
        return stored(guild).map(stored -> {
            JsonNode node = ConfigPatch.readable(stored.effective());
            for (String segment : path.split("\\.", -1)) {
                node = node.isObject() ? node.get(segment) : null;
                if (node == null) {
                    throw ApiErrors.invalid(404, path, "path", "is not a setting of this configuration");
                }
            }
            return tagged(new Setting(path, node), stored.version());
        });
    }

    /** How a write was sent: a deep-merge patch, one {@code {path, value}}, or an array of them. */
    private enum Form {
        MERGE, SINGLE, BULK
    }

    /** The original's single write: one leaf. */
    public record PathValue(String path, JsonNode value) {
    }

    @PATCH
    @Path(CONFIG)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change settings of a guild: {path, value}, or a deep-merge patch",
            description = "Two body forms. The original bot's {\"path\": \"reminders.maxPerUser\", \"value\": 5} sets "
                    + "one leaf and answers its section. A deep-merge patch, e.g. {\"moderation\": {\"logging\": "
                    + "{\"channels\": {\"bans\": \"123456789012345678\"}}}}, sets every leaf it holds (objects merge; "
                    + "arrays, scalars and null replace) and answers the effective configuration. Every leaf is "
                    + "validated before anything is written: 400 {error, path, field} names it, 403 a read-only "
                    + "section, 404 a section the configuration does not have. With If-Match, 409 when the guild's "
                    + "settings changed since that ETag. Audited as config.update; announced on volvox.config.")
    @APIResponse(responseCode = "200", description = "the section ({path, value}) or the effective configuration")
    @APIResponse(responseCode = "400", description = "a bad path or value: {error, path, field} names it")
    @APIResponse(responseCode = "403", description = "a read-only section")
    @APIResponse(responseCode = "404", description = "a section the configuration does not have")
    @APIResponse(responseCode = "409", description = "the settings changed since the If-Match version: read again")
    public Uni<RestResponse<JsonNode>> patch(@PathParam("guildId") String guildId,
            @Parameter(description = "the ETag of the configuration as read; omitted: no version check")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(description = "{path, value}, or sections to merge", content = @Content(schema = @Schema(
                    oneOf = { PathValue.class, Object.class }))) JsonNode body) {
        String guild = ApiErrors.requireGuild(guildId);
        if (body != null && body.isObject() && body.has("path")) {
            PathValue single = pathValue(body, "");
            Map<String, JsonNode> leaf = Map.of(single.path(), single.value());
            String section = single.path().split("\\.")[0];
            return write(guild, leaf, Form.SINGLE, ifMatch)
                    .map(stored -> tagged(ConfigPatch.readable(stored.effective()).get(section), stored.version()));
        }
        List<ConfigPatch.Problem> problems = new ArrayList<>();
        Map<String, JsonNode> leaves = ConfigPatch.leaves(body, problems);
        refuse(problems, null);
        return write(guild, leaves, Form.MERGE, ifMatch)
                .map(stored -> tagged(ConfigPatch.readable(stored.effective()), stored.version()));
    }

    @PUT
    @Path(CONFIG)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change several settings of a guild at once: [{path, value}, …]",
            description = "The original bot's bulk write: all leaves or none, in one transaction. Errors name the "
                    + "element, e.g. field [1].value. Answers the effective configuration.")
    @APIResponse(responseCode = "200", description = "the effective configuration")
    @APIResponse(responseCode = "400", description = "a bad element: {error, path, field} names it, e.g. [1].value")
    @APIResponse(responseCode = "404", description = "a section the configuration does not have")
    @APIResponse(responseCode = "409", description = "the settings changed since the If-Match version: read again")
    public Uni<RestResponse<JsonNode>> put(@PathParam("guildId") String guildId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PathValue.class)))
            JsonNode body) {
        String guild = ApiErrors.requireGuild(guildId);
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw ApiErrors.badField("body", "the body must be a non-empty array of {path, value}");
        }
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            PathValue leaf = pathValue(body.get(i), "[" + i + "].");
            leaves.put(leaf.path(), leaf.value());
        }
        return write(guild, leaves, Form.BULK, ifMatch)
                .map(stored -> tagged(ConfigPatch.readable(stored.effective()), stored.version()));
    }

    /** One {@code {path, value}} element, checked; {@code prefix} names it in errors ({@code [2].}). */
    private static PathValue pathValue(JsonNode element, String prefix) {
        if (element == null || !element.isObject()) {
            throw ApiErrors.badField(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "each element must be an object {path, value}");
        }
        JsonNode path = element.get("path");
        if (path == null || !path.isTextual()) {
            throw ApiErrors.badField(prefix + "path", prefix + "path (a dotted setting path) is required");
        }
        if (!element.has("value")) {
            throw ApiErrors.badField(prefix + "value", prefix + "value is required (null clears a setting)");
        }
        JsonNode value = element.get("value");
        refuse(ConfigPatch.check(path.asText(), value).stream().toList(), prefix);
        return new PathValue(path.asText(), value);
    }

    /** The most severe problem, if any, as the answer: 404 over 403 over 400. */
    private static void refuse(List<ConfigPatch.Problem> problems, String pathValuePrefix) {
        problems.stream().max(Comparator.comparingInt(ConfigPatch.Problem::status)).ifPresent(problem -> {
            String field = pathValuePrefix != null
                    ? pathValuePrefix + (problem.message().startsWith("is the mask") ? "value" : "path")
                    : problem.path().isEmpty() ? "body" : problem.path();
            throw ApiErrors.invalid(problem.status(), problem.path(), field, problem.message());
        });
    }

    /**
     * Validates the leaves, then in one transaction locks the guild's sections, checks {@code If-Match}, sets the
     * leaves and records the audit row; after the commit replaces the shared copy and announces every path. Answers
     * the rows as committed.
     */
    private Uni<Stored> write(String guild, Map<String, JsonNode> leaves, Form form, String ifMatch) {
        if (leaves.isEmpty()) {
            return Panache.withSession(() -> stored(guild));
        }
        return writer.validate(guild, leaves)
                .onFailure(InvalidConfigException.class).transform(failure -> {
                    var problem = ((InvalidConfigException) failure).first();
                    return ApiErrors.invalid(400, problem.path(), valueField(problem.path(), leaves, form),
                            problem.message());
                })
                .chain(() -> Panache.withTransaction(() -> entries.locked(guild).flatMap(sections -> {
                    String current = ConfigEntries.version(sections);
                    if (ifMatch != null && !matches(ifMatch, current)) {
                        throw changed("The guild's settings were changed since version " + ifMatch.strip()
                                + " (now \"" + current + "\"): read them again and repeat your change");
                    }
                    List<ConfigEntity> created = apply(guild, sections, leaves);
                    return (created.isEmpty() ? Uni.createFrom().voidItem() : entries.persist(created))
                            .call(() -> audit.apiChange(guild, "config.update", "config",
                                    "guilds/" + guild + "/config", auditDetails("/api/v1/guilds/" + guild + "/config",
                                    form == Form.BULK ? "PUT" : "PATCH", leaves)))
                            .chain(() -> entries.of(GuildConfigs.GLOBAL))
                            .map(global -> {
                                List<ConfigEntity> all = new ArrayList<>(sections);
                                all.addAll(created);
                                return new Stored(global, all);
                            });
                })))
                .call(() -> writer.published(guild, leaves.keySet(), AuditEntries.API_CLIENT));
    }

    /**
     * The request field of a refused value: in a merge patch the path itself; in the {@code {path, value}} form
     * {@code value}, or {@code [i].value} for the i-th element of a bulk write (the leaf at, above or below the path).
     */
    private static String valueField(String problemPath, Map<String, JsonNode> leaves, Form form) {
        if (form == Form.MERGE) {
            return problemPath;
        }
        if (form == Form.SINGLE) {
            return "value";
        }
        List<String> paths = new ArrayList<>(leaves.keySet());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (problemPath.equals(path) || problemPath.startsWith(path + ".") || problemPath.startsWith(path + "[")
                    || path.startsWith(problemPath + ".")) {
                return "[" + i + "].value";
            }
        }
        return "value";
    }

    /** Sets the leaves into the locked sections; returns the sections that did not exist yet (to persist). */
    private static List<ConfigEntity> apply(String guild, List<ConfigEntity> sections, Map<String, JsonNode> leaves) {
        Map<String, ConfigEntity> bySection = sections.stream()
                .collect(Collectors.toMap(row -> row.section, row -> row));
        Map<String, List<Map.Entry<String, JsonNode>>> touched = leaves.entrySet().stream()
                .collect(Collectors.groupingBy(leaf -> leaf.getKey().split("\\.")[0], TreeMap::new,
                        Collectors.toList()));
        // micros: what PostgreSQL keeps, so the version computed now is the one the next read computes
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ConfigEntity> created = new ArrayList<>();
        touched.forEach((section, sectionLeaves) -> {
            ConfigEntity row = bySection.get(section);
            if (row == null) {
                row = new ConfigEntity();
                row.guildId = guild;
                row.section = section;
                created.add(row);
            }
            ObjectNode value = row.valueObject();
            sectionLeaves.forEach(leaf -> ConfigWriter.setLeaf(value, leaf.getKey().split("\\."), leaf.getValue()));
            row.value = value.toString();
            row.updatedAt = now;
        });
        return created;
    }

    private Uni<Stored> stored(String guild) {
        return entries.list("guildId in ?1", io.quarkus.panache.common.Sort.by("section"),
                List.of(GuildConfigs.GLOBAL, guild)).map(rows -> new Stored(
                        rows.stream().filter(row -> GuildConfigs.GLOBAL.equals(row.guildId)).toList(),
                        GuildConfigs.GLOBAL.equals(guild) ? List.of()
                                : rows.stream().filter(row -> guild.equals(row.guildId)).toList()));
    }

    private static ObjectNode sections(List<ConfigEntity> rows) {
        ObjectNode sections = VolvoxJson.MAPPER.createObjectNode();
        rows.forEach(row -> sections.set(row.section, parse(row.value)));
        return sections;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? VolvoxJson.MAPPER.nullNode() : VolvoxJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // as GuildConfigs: a row that is not JSON is ignored rather than failing every read
            return VolvoxJson.MAPPER.nullNode();
        }
    }

    private static boolean matches(String ifMatch, String current) {
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*")) {
                return true;
            }
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.replace("\"", "").equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static <T> RestResponse<T> tagged(T entity, String version) {
        return RestResponse.ResponseBuilder.ok(entity).header(HttpHeaders.ETAG, "\"" + version + "\"").build();
    }

    private static Map<String, Object> auditDetails(String apiPath, String method, Map<String, JsonNode> leaves) {
        Map<String, Object> masked = new LinkedHashMap<>();
        leaves.forEach((path, value) -> masked.put(path, ConfigPatch.SENSITIVE_PATHS.contains(path) && !value.isNull()
                ? ConfigPatch.MASK : value));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("path", apiPath);
        details.put("changes", masked);
        return details;
    }

    private static WebApplicationException changed(String message) {
        return new WebApplicationException(message, Response.status(409).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message, "field", HttpHeaders.IF_MATCH)).build());
    }

    /**
     * Two writes creating the same section at once: the second insert meets the first's primary key (a command's
     * write waits for the lock instead). The second is answered as any other concurrent edit.
     */
    @ServerExceptionMapper
    public Response concurrentCreation(org.hibernate.exception.ConstraintViolationException failure) {
        return changed("The guild's settings were changed by another write at the same time: read them again and "
                + "repeat your change").getResponse();
    }
}
