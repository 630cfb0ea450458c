package bot.volvox.moderation.notifications;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.moderation.audit.AuditEntries;
import bot.volvox.moderation.config.ConfigEntity;
import bot.volvox.moderation.config.ConfigEntries;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.outbound.WebhookDelivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * A guild's notification endpoints ({@link GuildWebhooks}): list, register, remove, test. They are stored in the
 * guild's {@code notifications.webhooks} configuration array, changed under the lock of the guild's configuration rows
 * (as every configuration write) with the audit row in the same transaction. A URL is refused at registration when
 * the SSRF check refuses it (not https, credentials, a private, loopback, link-local or metadata address), and again
 * before every delivery. Secrets are stored, never answered ({@code hasSecret}).
 */
@Path("/api/v1/guilds/{guildId}/notifications/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiSecret")
public class GuildWebhooksResource {
    static final String SECTION = "notifications";
    static final String PATH = "notifications.webhooks";

    /** An endpoint as answered: its secret only as {@code hasSecret}. */
    public record EndpointView(String id, String url, List<String> events, boolean enabled, boolean hasSecret) {
        static EndpointView of(GuildWebhooks.Endpoint endpoint) {
            return new EndpointView(endpoint.id(), endpoint.url(), endpoint.events(), endpoint.enabled(),
                    endpoint.secret() != null && !endpoint.secret().isEmpty());
        }
    }

    /** A registration. */
    public record Registration(String url, List<String> events, String secret, Boolean enabled) {
    }

    @Inject
    GuildWebhooks webhooks;

    @Inject
    WebhookDelivery delivery;

    @Inject
    ConfigEntries entries;

    @Inject
    ConfigWriter writer;

    @Inject
    AuditEntries audit;

    @Inject
    Vertx vertx;

    @GET
    @Operation(summary = "The guild's notification webhook endpoints (secrets hidden: hasSecret)")
    public Uni<List<EndpointView>> list(@PathParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return webhooks.endpoints(guild).map(all -> all.stream().map(EndpointView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a notification webhook endpoint",
            description = "Body {url, events[], secret?, enabled?}. url must be https and reach a public address; "
                    + "events from: bot.disconnected, bot.reconnected, bot.error, moderation.action, health.degraded, "
                    + "config.changed, member.flagged (only moderation.action and config.changed are sent). With a "
                    + "secret, deliveries carry X-Signature-256: sha256=<hex HMAC-SHA256 of the body>. At most "
                    + GuildWebhooks.MAX_PER_GUILD + " per guild. Audited as notifications.webhook.create.")
    @APIResponse(responseCode = "201", description = "the endpoint, secret hidden")
    @APIResponse(responseCode = "400", description = "a bad field ({error, field}: url, events, secret, enabled), "
            + "or the guild already has " + GuildWebhooks.MAX_PER_GUILD + " endpoints")
    public Uni<RestResponse<EndpointView>> register(@PathParam("guildId") String guildId,
            @RequestBody(content = @Content(schema = @Schema(implementation = Registration.class))) JsonNode body) {
        String guild = ApiErrors.requireGuild(guildId);
        if (body == null || !body.isObject()) {
            throw ApiErrors.badField("body", "the body must be an object {url, events, secret?, enabled?}");
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank() || url.asText().length() > 2048) {
            throw ApiErrors.badField("url", "url (an https URL, at most 2048 characters) is required");
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ApiErrors.badField("events", "events must be a non-empty array of event names");
        }
        List<String> eventNames = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.isTextual() || !GuildWebhooks.EVENTS.contains(event.asText())) {
                throw ApiErrors.badField("events", "events may only hold "
                        + String.join(", ", GuildWebhooks.EVENTS.stream().sorted().toList()) + "; not " + event);
            }
            if (!eventNames.contains(event.asText())) {
                eventNames.add(event.asText());
            }
        }
        JsonNode secret = body.get("secret");
        if (secret != null && !secret.isNull() && (!secret.isTextual() || secret.asText().length() > 256)) {
            throw ApiErrors.badField("secret", "secret must be a string of at most 256 characters");
        }
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw ApiErrors.badField("enabled", "enabled must be true or false");
        }
        String target = url.asText().strip();
        // the check resolves the host name: off the event loop, back on it for the transaction
        return vertx.executeBlocking(Uni.createFrom().item(() -> delivery.refusal(target)))
                .flatMap(refusal -> {
                    if (refusal.isPresent()) {
                        throw ApiErrors.badField("url", "url " + refusal.get());
                    }
                    ObjectNode endpoint = VolvoxJson.MAPPER.createObjectNode();
                    endpoint.put("id", UUID.randomUUID().toString());
                    endpoint.put("url", target);
                    endpoint.set("events", VolvoxJson.MAPPER.valueToTree(eventNames));
                    if (secret != null && secret.isTextual() && !secret.asText().isEmpty()) {
                        endpoint.put("secret", secret.asText());
                    }
                    endpoint.put("enabled", enabled == null || enabled.isNull() || enabled.asBoolean());
                    endpoint.put("createdAt", Instant.now().toString());
                    return change(guild, hooks -> {
                        if (hooks.size() >= GuildWebhooks.MAX_PER_GUILD) {
                            throw ApiErrors.of(400, "A guild has at most " + GuildWebhooks.MAX_PER_GUILD
                                    + " notification webhooks: delete one first");
                        }
                        hooks.add(endpoint);
                        return true;
                    }, "notifications.webhook.create", endpoint.get("id").asText(), details(target, eventNames))
                            .map(ignored -> RestResponse.status(RestResponse.Status.CREATED,
                                    EndpointView.of(GuildWebhooks.Endpoint.of(endpoint))));
                });
    }

    @DELETE
    @Path("/{endpointId}")
    @Operation(summary = "Remove a notification webhook endpoint (audited as notifications.webhook.delete)")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "the guild has no such endpoint")
    public Uni<RestResponse<Void>> remove(@PathParam("guildId") String guildId,
            @PathParam("endpointId") String endpointId) {
        String guild = ApiErrors.requireGuild(guildId);
        return change(guild, hooks -> {
            for (int i = 0; i < hooks.size(); i++) {
                if (endpointId.equals(hooks.get(i).path("id").asText(null))) {
                    hooks.remove(i);
                    return true;
                }
            }
            throw ApiErrors.of(404, "No notification webhook " + endpointId + " in this guild");
        }, "notifications.webhook.delete", endpointId, Map.of("endpointId", endpointId))
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{endpointId}/test")
    @Operation(summary = "Send one test delivery to the endpoint; answers {ok, status, body ≤ 500} of its answer")
    @APIResponse(responseCode = "200", description = "{ok, status, body}: what the endpoint answered")
    @APIResponse(responseCode = "404", description = "the guild has no such endpoint")
    public Uni<Map<String, Object>> test(@PathParam("guildId") String guildId,
            @PathParam("endpointId") String endpointId) {
        String guild = ApiErrors.requireGuild(guildId);
        return webhooks.endpoints(guild).flatMap(all -> {
            GuildWebhooks.Endpoint endpoint = all.stream().filter(candidate -> endpointId.equals(candidate.id()))
                    .findFirst().orElseThrow(() -> ApiErrors.of(404, "No notification webhook " + endpointId
                            + " in this guild"));
            return webhooks.test(guild, endpoint).map(WebhookDeliveriesResource::testAnswer);
        });
    }

    /**
     * Changes the guild's endpoint array with the guild's configuration rows locked, audits in the same transaction,
     * then publishes the change as every configuration write (caches dropped on every replica).
     */
    private Uni<Void> change(String guild, java.util.function.Function<ArrayNode, Boolean> edit, String action,
            String endpointId, Map<String, Object> details) {
        return Panache.withTransaction(() -> entries.locked(guild).flatMap(sections -> {
            ConfigEntity row = sections.stream().filter(section -> SECTION.equals(section.section)).findFirst()
                    .orElse(null);
            boolean created = row == null;
            if (created) {
                row = new ConfigEntity();
                row.guildId = guild;
                row.section = SECTION;
            }
            ObjectNode value = row.valueObject();
            JsonNode stored = value.get("webhooks");
            ArrayNode hooks = stored instanceof ArrayNode array ? array : value.putArray("webhooks");
            edit.apply(hooks);
            row.value = value.toString();
            row.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            ConfigEntity toSave = row;
            return (created ? entries.persist(toSave).replaceWithVoid() : Uni.createFrom().voidItem())
                    .call(() -> audit.apiChange(guild, action, "webhook", endpointId, details));
        })).call(() -> writer.published(guild, List.of(PATH), AuditEntries.API_CLIENT));
    }

    private static Map<String, Object> details(String url, List<String> events) {
        Map<String, Object> details = new LinkedHashMap<>();
        // paths and queries of webhook URLs often carry tokens: the audit log keeps the host only
        details.put("url", WebhookDelivery.redacted(url));
        details.put("events", events);
        return details;
    }
}
