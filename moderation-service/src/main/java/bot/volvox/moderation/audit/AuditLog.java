package bot.volvox.moderation.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.platform.kafka.VolvoxJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes {@code audit_logs} rows inside the caller's transaction. */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> record(SqlConnection connection, String guildId, String userId, String userTag, String action,
            String targetType, String targetId, String targetTag, Map<String, ?> details) {
        String json;
        try {
            json = VolvoxJson.MAPPER.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return connection.preparedQuery("""
                INSERT INTO audit_logs (guild_id, user_id, user_tag, action, target_type, target_id, target_tag, details)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)""")
                .execute(Tuple.from(new Object[] {guildId, userId, truncate(userTag, 100), action, targetType,
                        targetId, truncate(targetTag == null ? "" : targetTag, 255), json}))
                .replaceWithVoid();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
