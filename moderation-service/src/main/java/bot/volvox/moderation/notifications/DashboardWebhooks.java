package bot.volvox.moderation.notifications;

import java.time.Instant;
import java.util.Collection;
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
 * The bot's own notices to the dashboard at {@code DASHBOARD_WEBHOOK_URL}: {@code config.changed} after every
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
    static final String CLAIMANT = "moderation-dashboard-webhook";
    static final int MAX_ATTEMPTS = 4;
    private static final Logger LOG = Logger.getLogger(DashboardWebhooks.class);

    @ConfigProperty(name = "DASHBOARD_WEBHOOK_URL")
    Optional<String> url;

    @Inject
    WebhookDelivery delivery;

    @Inject
    WebhookDeliveryLog deliveryLog;

    @Inject
    ProcessedEvents processed;

    /** After a committed write of {@code paths} in {@code scope}: one {@code config.changed} per guild path. */
    public void configChanged(String scope, Collection<String> paths, String changedBy) {
        if (target().isEmpty() || GuildConfigs.GLOBAL.equals(scope)) {
            return;
        }
        for (String path : paths) {
            if (path.startsWith("logging.") || path.startsWith("notifications.")) {
                continue;
            }
            send(scope, "config.changed", new JsonObject().put("path", path).put("section", path.split("\\.")[0])
                    .put("changedBy", changedBy));
        }
    }

    /**
     * After a case committed. The operation's results may be redelivered, so the case id is claimed first: the
     * notice goes out once per case, whichever replica sees the result first.
     */
    public Uni<Void> caseCreated(ModCase modCase) {
        if (target().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return processed.claim(CLAIMANT, "case:" + modCase.id()).map(claim -> {
            if (claim.first()) {
                send(modCase.guildId(), "moderation.action", new JsonObject().put("action", modCase.action())
                        .put("caseNumber", modCase.caseNumber()).put("targetId", modCase.targetId())
                        .put("targetTag", modCase.targetTag()).put("moderatorId", modCase.moderatorId())
                        .put("moderatorTag", modCase.moderatorTag()).put("reason", modCase.reason()));
            }
            return null;
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
        return new JsonObject().put("event", event).put("timestamp", Instant.now().toString())
                .put("guild_id", guildId).put("data", data);
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
