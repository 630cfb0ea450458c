package bot.volvox.moderation.notifications;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.moderation.cases.ModCase;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.ProcessedEvents;
import bot.volvox.platform.outbound.WebhookDelivery;
import bot.volvox.platform.outbound.WebhookDeliveryLog;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The bot's own notices to the dashboard at {@code DASHBOARD_WEBHOOK_URL} (and, for global writes, to
 * {@code CONFIG_CHANGE_WEBHOOK_URL}), each also handed to the guild's own endpoints ({@link GuildWebhooks}):
 * {@code config.changed} after every
 * committed guild configuration write (but {@code logging.*} / {@code notifications.*}, as the original) and
 * {@code moderation.action} after every committed case. Body {@code {event, timestamp, guild_id, data}}, signed with
 * {@code WEBHOOK_SECRET} ({@code X-Webhook-Signature}); each attempt is logged in {@code webhook_delivery_log} under
 * endpoint {@value #ENDPOINT}. Deliveries never hold up the caller: the write or the case is already committed, and a
 * slow receiver (up to 4 attempts over ≈ 13 s) must not delay the moderator's answer.
 */
@ApplicationScoped
public class DashboardWebhooks {
    /** The {@code endpoint_id} of the dashboard's rows in {@code webhook_delivery_log}. */
    public static final String ENDPOINT = "dashboard";
    /** The {@code endpoint_id} of {@code CONFIG_CHANGE_WEBHOOK_URL}'s rows (guild {@code global}). */
    public static final String CONFIG_CHANGE_ENDPOINT = "config-change";
    static final String CLAIMANT = "moderation-dashboard-webhook";
    static final int MAX_ATTEMPTS = 4;
    private static final Logger LOG = Logger.getLogger(DashboardWebhooks.class);

    @ConfigProperty(name = "DASHBOARD_WEBHOOK_URL")
    Optional<String> url;

    @ConfigProperty(name = "CONFIG_CHANGE_WEBHOOK_URL")
    Optional<String> configChangeUrl;

    @Inject
    GuildWebhooks guildWebhooks;

    @Inject
    WebhookDelivery delivery;

    @Inject
    WebhookDeliveryLog deliveryLog;

    @Inject
    ProcessedEvents processed;

    /**
     * After a committed write of {@code paths} in {@code scope} (or a reset: the path is the section, or {@code *}):
     * one {@code config.changed} per guild path, to the dashboard and to the guild's subscribed endpoints.
     */
    public void configChanged(String scope, Collection<String> paths, String changedBy) {
        if (GuildConfigs.GLOBAL.equals(scope)) {
            return;
        }
        guildWebhooks.endpoints(scope).subscribe().with(endpoints -> configChanged(scope, paths, changedBy, endpoints),
                failure -> LOG.warnf("Notification webhooks of guild %s not read: %s", scope,
                        failure.getClass().getSimpleName()));
    }

    /** As {@link #configChanged(String, Collection, String)}, to endpoints read before the change removed them. */
    public void configChanged(String scope, Collection<String> paths, String changedBy,
            List<GuildWebhooks.Endpoint> endpoints) {
        if (GuildConfigs.GLOBAL.equals(scope)) {
            return;
        }
        for (String path : paths) {
            String section = path.split("\\.")[0];
            if (section.equals("logging") || section.equals("notifications")) {
                continue;
            }
            JsonObject data = new JsonObject().put("path", path).put("section", section).put("changedBy", changedBy);
            if (target().isPresent()) {
                send(scope, "config.changed", data);
            }
            guildWebhooks.fire(scope, "config.changed", data, endpoints);
        }
    }

    /**
     * After {@code PUT /api/v1/config} committed: one notice to {@code CONFIG_CHANGE_WEBHOOK_URL} naming the sections
     * and paths written, logged under guild {@code global}, endpoint {@value #CONFIG_CHANGE_ENDPOINT}.
     */
    public void globalConfigChanged(Collection<String> paths, String changedBy) {
        Optional<String> global = configChangeUrl.filter(value -> !value.isBlank());
        if (global.isEmpty() || paths.isEmpty()) {
            return;
        }
        JsonObject data = new JsonObject().put("sections", new io.vertx.core.json.JsonArray(paths.stream()
                .map(path -> path.split("\\.")[0]).distinct().toList()))
                .put("paths", new io.vertx.core.json.JsonArray(List.copyOf(paths))).put("changedBy", changedBy);
        JsonObject payload = GuildWebhooks.payload(GuildConfigs.GLOBAL, "config.changed", data);
        delivery.post(global.get(), payload.encode(), delivery.botSigning(), MAX_ATTEMPTS)
                .flatMap(outcome -> deliveryLog.record(GuildConfigs.GLOBAL, CONFIG_CHANGE_ENDPOINT, "config.changed",
                        payload, outcome))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("Config change webhook not logged: %s", failure.getClass().getSimpleName()));
    }

    /**
     * After a case committed. The operation's results may be redelivered, so the case id is claimed first: the
     * notice goes out once per case, whichever replica sees the result first.
     */
    public Uni<Void> caseCreated(ModCase modCase) {
        return guildWebhooks.subscribed(modCase.guildId(), "moderation.action").flatMap(subscribed -> {
            if (target().isEmpty() && !subscribed) {
                return Uni.createFrom().voidItem();
            }
            return processed.claim(CLAIMANT, "case:" + modCase.id()).map(claim -> {
                if (claim.first()) {
                    JsonObject data = new JsonObject().put("action", modCase.action())
                            .put("caseNumber", modCase.caseNumber()).put("targetId", modCase.targetId())
                            .put("targetTag", modCase.targetTag()).put("moderatorId", modCase.moderatorId())
                            .put("moderatorTag", modCase.moderatorTag()).put("reason", modCase.reason());
                    if (target().isPresent()) {
                        send(modCase.guildId(), "moderation.action", data);
                    }
                    guildWebhooks.fire(modCase.guildId(), "moderation.action", data);
                }
                return null;
            });
        });
    }

    /** A {@code test} notice, awaited: what the receiver answered to its last attempt; empty when no URL is set. */
    public Optional<Uni<WebhookDelivery.Outcome>> test(String guildId) {
        if (target().isEmpty()) {
            return Optional.empty();
        }
        JsonObject payload = payload(guildId, "test", new JsonObject().put("message", "Test delivery from Volvox.Bot"));
        return Optional.of(delivery.post(target().get(), payload.encode(), delivery.botSigning(), 1)
                .call(outcome -> deliveryLog.record(guildId, ENDPOINT, "test", payload, outcome)));
    }

    private static JsonObject payload(String guildId, String event, JsonObject data) {
        return GuildWebhooks.payload(guildId, event, data);
    }

    private Optional<String> target() {
        return url.filter(value -> !value.isBlank());
    }

    private void send(String guildId, String event, JsonObject data) {
        JsonObject payload = payload(guildId, event, data);
        delivery.post(target().get(), payload.encode(), delivery.botSigning(), MAX_ATTEMPTS)
                .flatMap(outcome -> deliveryLog.record(guildId, ENDPOINT, event, payload, outcome))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("Dashboard webhook %s of guild %s not logged: %s", event, guildId,
                        failure.getClass().getSimpleName()));
    }
}
