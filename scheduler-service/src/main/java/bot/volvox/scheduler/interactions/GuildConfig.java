package bot.volvox.scheduler.interactions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.kafka.VolvoxJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the effective configuration sections this service needs (behavior.md §6.1): the documented defaults, deep-
 * merged with the {@code global} row, deep-merged with the guild's override (objects merge, arrays and scalars
 * replace). Read per use, so a write by any service applies at once.
 */
@ApplicationScoped
public class GuildConfig {

    public static final String GLOBAL = "global";

    private static final Map<String, String> DEFAULTS = Map.of(
            "reminders", "{\"enabled\": false, \"maxPerUser\": 25}",
            "announce", "{\"enabled\": false}",
            "permissions", """
                    {"enabled": true, "usePermissions": true, "adminRoleIds": [], "moderatorRoleIds": [],
                     "allowedCommands": {"remind": "everyone", "announce": "moderator"}}""");

    @Inject
    Pool pool;

    /** The effective section for one guild. */
    public Uni<JsonNode> section(String guildId, String section) {
        return sections(Set.of(guildId), section).map(bySection -> bySection.get(guildId));
    }

    /** The effective section for each of {@code guildIds}. */
    public Uni<Map<String, JsonNode>> sections(Set<String> guildIds, String section) {
        List<String> scopes = new ArrayList<>(guildIds);
        scopes.add(GLOBAL);
        return pool.preparedQuery("SELECT guild_id, value::text AS value FROM config WHERE key = $1 AND guild_id = ANY($2)")
                .execute(Tuple.of(section, scopes.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, JsonNode> stored = new HashMap<>();
                    for (Row row : rows) {
                        stored.put(row.getString("guild_id"), parse(row.getString("value")));
                    }
                    JsonNode global = merge(parse(DEFAULTS.getOrDefault(section, "{}")), stored.get(GLOBAL));
                    Map<String, JsonNode> result = new HashMap<>();
                    for (String guildId : guildIds) {
                        result.put(guildId, merge(global.deepCopy(), stored.get(guildId)));
                    }
                    return result;
                });
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (override == null || override.isNull() && !base.isObject()) {
            return base;
        }
        if (base instanceof ObjectNode target && override.isObject()) {
            override.fields().forEachRemaining(field -> {
                JsonNode existing = target.get(field.getKey());
                target.set(field.getKey(), existing != null && existing.isObject() && field.getValue().isObject()
                        ? merge(existing, field.getValue()) : field.getValue());
            });
            return target;
        }
        return override;
    }

    private static JsonNode parse(String json) {
        try {
            return VolvoxJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config value is not JSON", e);
        }
    }
}
