package bot.volvox.moderation.notifications;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.outbound.WebhookDelivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A guild's {@code webhook_delivery_log} (one row per attempt, the newest 100 are kept) and a test notice, for the
 * dashboard.
 */
@Path("/api/v1/guilds/{guildId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiSecret")
public class WebhookDeliveriesResource {

    public record DeliveryPage(List<Map<String, Object>> deliveries, long total, int page, int limit, long pages) {
    }

    @Inject
    Pool pool;

    @Inject
    DashboardWebhooks dashboard;

    @GET
    @Path("/deliveries")
    @Operation(summary = "Webhook delivery attempts of a guild, newest first, paged")
    public Uni<DeliveryPage> deliveries(@PathParam("guildId") String guildId, @QueryParam("page") Integer page,
            @QueryParam("limit") Integer limit) {
        String guild = ApiErrors.requireGuild(guildId);
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        return pool.preparedQuery("""
                SELECT id, endpoint_id, event_type, payload, status, response_code, response_body, attempt,
                       delivery_id, delivered_at, count(*) OVER () AS total
                  FROM webhook_delivery_log WHERE guild_id = $1
                 ORDER BY delivered_at DESC, id DESC LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(guild, size, (number - 1) * size))
                .flatMap(rows -> {
                    List<Map<String, Object>> found = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                        found.add(delivery(row));
                    }
                    if (found.isEmpty() && number > 1) {
                        // a page past the end: the total still comes from the table
                        return pool.preparedQuery("SELECT count(*) FROM webhook_delivery_log WHERE guild_id = $1")
                                .execute(Tuple.of(guild))
                                .map(counted -> counted.iterator().next().getLong(0))
                                .map(all -> new DeliveryPage(found, all, number, size, (all + size - 1) / size));
                    }
                    long all = total;
                    return Uni.createFrom().item(new DeliveryPage(found, all, number, size, (all + size - 1) / size));
                });
    }

    @POST
    @Path("/test")
    @Operation(summary = "Send a test notice to DASHBOARD_WEBHOOK_URL; answers {ok, status, body ≤ 500}; 404 when unset")
    public Uni<Map<String, Object>> test(@PathParam("guildId") String guildId) {
        String guild = ApiErrors.requireGuild(guildId);
        return dashboard.test(guild).orElseThrow(() -> ApiErrors.of(404, "No webhook URL is configured"))
                .map(WebhookDeliveriesResource::testAnswer);
    }

    /** What a test delivery answers: {@code {ok, status, body ≤ 500}} of its last attempt, or the URL's refusal. */
    static Map<String, Object> testAnswer(WebhookDelivery.Outcome outcome) {
        WebhookDelivery.Attempt last = outcome.attempts().isEmpty() ? null
                : outcome.attempts().get(outcome.attempts().size() - 1);
        String body = last == null ? "refused: URL " + outcome.refusal() : last.body();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", outcome.delivered());
        answer.put("status", last == null ? null : last.status());
        answer.put("body", body == null || body.length() <= 500 ? body : body.substring(0, 500));
        return answer;
    }

    private static Map<String, Object> delivery(Row row) {
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("id", row.getInteger("id"));
        delivery.put("endpointId", row.getString("endpoint_id"));
        delivery.put("eventType", row.getString("event_type"));
        Object payload = row.getValue("payload");
        delivery.put("payload", payload instanceof io.vertx.core.json.JsonObject json ? json.getMap() : payload);
        delivery.put("status", row.getString("status"));
        delivery.put("responseCode", row.getInteger("response_code"));
        delivery.put("responseBody", row.getString("response_body"));
        delivery.put("attempt", row.getInteger("attempt"));
        java.util.UUID deliveryId = row.getUUID("delivery_id");
        delivery.put("deliveryId", deliveryId == null ? null : deliveryId.toString());
        delivery.put("deliveredAt", row.getOffsetDateTime("delivered_at") == null ? null
                : row.getOffsetDateTime("delivered_at").toInstant().toString());
        return delivery;
    }
}
