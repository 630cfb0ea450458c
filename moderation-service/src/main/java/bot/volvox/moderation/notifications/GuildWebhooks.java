package bot.volvox.moderation.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.outbound.WebhookDelivery;
import bot.volvox.platform.outbound.WebhookDeliveryLog;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * A guild's own notification endpoints, kept where the original kept them: the {@code notifications.webhooks} array of
 * the guild's configuration, each element {@code {id, url, events[], secret?, enabled}}, so a guild migrated from the
 * original keeps its endpoints. Each event goes to every enabled endpoint subscribed to it, signed with the endpoint's
 * own secret ({@code X-Signature-256: sha256=<hex>}), up to {@value #MAX_ATTEMPTS} attempts, every attempt logged in
 * {@code webhook_delivery_log} under the endpoint's id. Deliveries never hold up the caller.
 */
@ApplicationScoped
public class GuildWebhooks {
    /** The events an endpoint may subscribe to: the original's list, so its stored endpoints stay valid. */
    public static final Set<String> EVENTS = Set.of("bot.disconnected", "bot.reconnected", "bot.error",
            "moderation.action", "health.degraded", "config.changed", "member.flagged");
    public static final int MAX_PER_GUILD = 20;
    static final int MAX_ATTEMPTS = 4;
    private static final Logger LOG = Logger.getLogger(GuildWebhooks.class);

    /** One stored endpoint, as read from the guild's configuration. */
    public record Endpoint(String id, String url, List<String> events, String secret, boolean enabled) {
        static Endpoint of(JsonNode node) {
            List<String> events = new ArrayList<>();
            node.path("events").forEach(event -> events.add(event.asText()));
            JsonNode secret = node.get("secret");
            return new Endpoint(node.path("id").asText(null), node.path("url").asText(null), List.copyOf(events),
                    secret == null || secret.isNull() ? null : secret.asText(),
                    !node.has("enabled") || node.get("enabled").asBoolean(true));
        }

        boolean receives(String event) {
            return enabled && id != null && url != null && events.contains(event);
        }
    }

    @Inject
    GuildConfigs configs;

    @Inject
    WebhookDelivery delivery;

    @Inject
    WebhookDeliveryLog deliveryLog;

    /** The guild's endpoints (its own overrides: a global {@code notifications} section is not inherited). */
    public Uni<List<Endpoint>> endpoints(String guildId) {
        return configs.rows(guildId).map(GuildWebhooks::endpointsOf);
    }

    /** The endpoints in a scope's rows ({@code {section: value}}). */
    public static List<Endpoint> endpointsOf(JsonNode rows) {
        List<Endpoint> endpoints = new ArrayList<>();
        rows.path("notifications").path("webhooks").forEach(node -> {
            if (node.isObject()) {
                endpoints.add(Endpoint.of(node));
            }
        });
        return endpoints;
    }

    /** Whether any enabled endpoint of the guild is subscribed to {@code event}. */
    public Uni<Boolean> subscribed(String guildId, String event) {
        return endpoints(guildId).map(all -> all.stream().anyMatch(endpoint -> endpoint.receives(event)));
    }

    /** Sends {@code event} to the guild's endpoints subscribed to it, in the background. */
    public void fire(String guildId, String event, JsonObject data) {
        endpoints(guildId).subscribe().with(all -> fire(guildId, event, data, all),
                failure -> LOG.warnf("Notification webhooks of guild %s not read: %s", guildId,
                        failure.getClass().getSimpleName()));
    }

    /** As {@link #fire(String, String, JsonObject)}, to endpoints read earlier (before a reset removed them). */
    public void fire(String guildId, String event, JsonObject data, List<Endpoint> endpoints) {
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.receives(event)) {
                continue;
            }
            JsonObject payload = payload(guildId, event, data);
            delivery.post(endpoint.url(), payload.encode(), WebhookDelivery.Signing.endpoint(endpoint.secret()),
                    MAX_ATTEMPTS)
                    .flatMap(outcome -> deliveryLog.record(guildId, endpoint.id(), event, payload, outcome))
                    .subscribe().with(ignored -> {
                    }, failure -> LOG.warnf("Notification webhook %s of guild %s not logged: %s", event, guildId,
                            failure.getClass().getSimpleName()));
        }
    }

    /** One {@code test} delivery to {@code endpoint}, awaited, logged like any other. */
    public Uni<WebhookDelivery.Outcome> test(String guildId, Endpoint endpoint) {
        JsonObject payload = payload(guildId, "test", new JsonObject().put("message",
                "Test delivery from Volvox.Bot"));
        return delivery.post(endpoint.url(), payload.encode(), WebhookDelivery.Signing.endpoint(endpoint.secret()), 1)
                .call(outcome -> deliveryLog.record(guildId, endpoint.id(), "test", payload, outcome));
    }

    /** The body of every notice: {@code {event, timestamp, guild_id, data}}, as the original. */
    static JsonObject payload(String guildId, String event, JsonObject data) {
        return new JsonObject().put("event", event).put("timestamp", Instant.now().toString())
                .put("guild_id", guildId).put("data", data);
    }
}
