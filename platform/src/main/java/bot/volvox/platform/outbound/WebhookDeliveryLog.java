package bot.volvox.platform.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records a {@link WebhookDelivery.Outcome} in {@code webhook_delivery_log}: one row per attempt (status
 * {@code success} or {@code failed}; a refused delivery is one {@code failed} row with no response code and the
 * refusal as body), then keeps only the newest {@value #KEEP_PER_GUILD} rows of the guild, as the original did.
 * {@code (delivery_id, attempt)} is unique, so recording the same outcome twice stores it once.
 */
@ApplicationScoped
public class WebhookDeliveryLog {
    static final int KEEP_PER_GUILD = 100;

    @Inject
    Pool pool;

    public Uni<Void> record(String guildId, String endpointId, String eventType, JsonObject payload,
            WebhookDelivery.Outcome outcome) {
        var rows = new java.util.ArrayList<Tuple>();
        if (outcome.attempts().isEmpty()) {
            rows.add(Tuple.from(java.util.Arrays.asList(guildId, endpointId, eventType, payload, "failed", null,
                    "refused: URL " + outcome.refusal(), 1, outcome.deliveryId())));
        }
        for (WebhookDelivery.Attempt attempt : outcome.attempts()) {
            rows.add(Tuple.from(java.util.Arrays.asList(guildId, endpointId, eventType, payload,
                    attempt.succeeded() ? "success" : "failed", attempt.status(), attempt.body(), attempt.number(),
                    outcome.deliveryId())));
        }
        return pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO webhook_delivery_log (guild_id, endpoint_id, event_type, payload, status, response_code,
                                                  response_body, attempt, delivery_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (delivery_id, attempt) DO NOTHING""").executeBatch(rows)
                .flatMap(ignored -> connection.preparedQuery("""
                        DELETE FROM webhook_delivery_log WHERE guild_id = $1 AND id NOT IN (
                          SELECT id FROM webhook_delivery_log WHERE guild_id = $1
                           ORDER BY delivered_at DESC, id DESC LIMIT $2)""")
                        .execute(Tuple.of(guildId, KEEP_PER_GUILD)))
                .replaceWithVoid());
    }
}
