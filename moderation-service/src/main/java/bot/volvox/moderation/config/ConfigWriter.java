package bot.volvox.moderation.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.moderation.notifications.DashboardWebhooks;
import bot.volvox.moderation.notifications.GuildWebhooks;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.ConfigChanged;
import bot.volvox.platform.guildconfig.ConfigMerge;
import bot.volvox.platform.guildconfig.ConfigValidation;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.tracing.RecordTracing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The write side of configuration: sets one leaf of a scope's section row under a row lock
 * ({@code SELECT … FOR UPDATE}, then upsert), then drops the cached copies and announces the change on
 * {@code volvox.config}, where every replica of every service ({@code platform}'s ConfigChangeListener) drops its
 * memoized configuration of that scope.
 */
@ApplicationScoped
public class ConfigWriter {
    /**
     * Sections writable through /config and the API: the original's {@code SAFE_CONFIG_KEYS}, plus {@code general}
     * (the guild's time zone, which the original did not have).
     */
    public static final Set<String> WRITABLE_SECTIONS = Set.of("ai", "welcome", "spam", "moderation", "triage",
            "starboard", "permissions", "memory", "help", "announce", "snippet", "poll", "showcase", "tldr", "afk",
            "reputation", "engagement", "voice", "github", "challenges", "review", "auditLog", "reminders", "aiAutoMod",
            "botStatus", "quietMode", "xp", "general");

    @Inject
    Pool pool;

    @Inject
    GuildConfigs configs;

    @Inject
    ConfigValidation validation;

    @Inject
    DashboardWebhooks dashboard;

    @Inject
    GuildWebhooks guildWebhooks;

    @Inject
    @Channel("config-changes")
    MutinyEmitter<DiscordEvent> changes;

    /** Why a path cannot be written, or null when it can. */
    public static String pathProblem(String path) {
        if (path == null || path.length() > 200 || !path.contains(".")) {
            return "the path must look like section.key (at most 200 characters)";
        }
        String[] segments = path.split("\\.", -1);
        if (segments.length > 10) {
            return "the path has more than 10 segments";
        }
        for (String segment : segments) {
            if (segment.isEmpty() || Set.of("__proto__", "constructor", "prototype").contains(segment)) {
                return "the path has an empty or forbidden segment";
            }
        }
        if (!WRITABLE_SECTIONS.contains(segments[0])) {
            return "section `" + segments[0] + "` is not writable";
        }
        return null;
    }

    /** {@code "true"} → true, {@code "null"} → null, numbers, and JSON in quotes/brackets/braces, as the original's /config set. */
    public static JsonNode coerce(String text) {
        String value = text.trim();
        switch (value) {
            case "true":
                return VolvoxJson.MAPPER.getNodeFactory().booleanNode(true);
            case "false":
                return VolvoxJson.MAPPER.getNodeFactory().booleanNode(false);
            case "null":
                return VolvoxJson.MAPPER.getNodeFactory().nullNode();
            default:
                break;
        }
        if (value.matches("-?\\d+(\\.\\d+)?")) {
            if (value.contains(".")) {
                return VolvoxJson.MAPPER.getNodeFactory().numberNode(Double.parseDouble(value));
            }
            if (value.replace("-", "").length() <= 15) {
                return VolvoxJson.MAPPER.getNodeFactory().numberNode(Long.parseLong(value));
            }
            return VolvoxJson.MAPPER.getNodeFactory().textNode(value);
        }
        if ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("[") && value.endsWith("]"))
                || (value.startsWith("{") && value.endsWith("}"))) {
            try {
                return VolvoxJson.MAPPER.readTree(value);
            } catch (Exception e) {
                return VolvoxJson.MAPPER.getNodeFactory().textNode(value);
            }
        }
        return VolvoxJson.MAPPER.getNodeFactory().textNode(value);
    }

    /** Sets {@code path} to {@code value} in {@code scope}; returns the section's new stored value. */
    public Uni<JsonNode> set(String scope, String path, JsonNode value, String changedBy) {
        return setAll(scope, Map.of(path, value), changedBy, connection -> Uni.createFrom().voidItem())
                .map(written -> written.get(path.split("\\.")[0]));
    }

    /**
     * Sets several leaves of one scope in one transaction: each
     * section row is locked in sorted order, so concurrent writers cannot deadlock; {@code alongside} runs in the same
     * transaction (e.g. the audit row). Returns the new stored value of each section written.
     */
    public Uni<Map<String, JsonNode>> setAll(String scope, Map<String, JsonNode> leaves, String changedBy,
            Function<SqlConnection, Uni<Void>> alongside) {
        return validate(scope, leaves).flatMap(valid -> write(scope, leaves, changedBy, alongside));
    }

    /**
     * Fails with {@link InvalidConfigException} when the scope's configuration with {@code leaves} applied would not
     * read or would break a constraint at one of the written paths (problems elsewhere, stored before validation
     * existed, do not block an unrelated write). Every writer checks this first: {@link #setAll} and the REST API's
     * entity writes.
     */
    public Uni<Void> validate(String scope, Map<String, JsonNode> leaves) {
        return configs.effective(scope).map(effective -> {
            // as it will be read: the written leaves merged into the effective configuration
            ObjectNode written = VolvoxJson.MAPPER.createObjectNode();
            leaves.forEach((path, value) -> {
                String[] segments = path.split("\\.");
                setLeaf(written.withObject("/" + segments[0]), segments, value);
            });
            ObjectNode candidate = ConfigMerge.into(effective.deepCopy(), written);
            List<ConfigValidation.Problem> problems = ConfigValidation.concerning(validation.problems(candidate),
                    leaves.keySet());
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return null;
        });
    }

    private Uni<Map<String, JsonNode>> write(String scope, Map<String, JsonNode> leaves, String changedBy,
            Function<SqlConnection, Uni<Void>> alongside) {
        Map<String, Map<String, JsonNode>> bySection = new TreeMap<>();
        leaves.forEach((path, value) -> bySection
                .computeIfAbsent(path.split("\\.")[0], section -> new LinkedHashMap<>()).put(path, value));
        return pool.withTransaction(connection -> {
            Uni<Map<String, JsonNode>> chain = Uni.createFrom().item(new TreeMap<>());
            for (Map.Entry<String, Map<String, JsonNode>> section : bySection.entrySet()) {
                chain = chain.flatMap(written -> write(connection, scope, section.getKey(), section.getValue())
                        .map(stored -> {
                            written.put(section.getKey(), stored);
                            return written;
                        }));
            }
            return chain.call(() -> alongside.apply(connection));
        })
                .call(() -> published(scope, leaves.keySet(), changedBy));
    }

    /**
     * After a write of {@code paths} in {@code scope} committed, whoever wrote it: replaces the shared copy of the
     * scope's rows, then announces each path on {@code volvox.config}, so every replica of every service drops its
     * memoized copy exactly as after {@code /config set}; then notifies the dashboard's webhook.
     */
    public Uni<Void> published(String scope, java.util.Collection<String> paths, String changedBy) {
        return configs.invalidate(scope).call(() -> {
            Uni<Void> announcements = Uni.createFrom().voidItem();
            for (String path : paths) {
                announcements = announcements.call(() -> announce(scope, path.split("\\.")[0], path, changedBy));
            }
            return announcements;
        }).invoke(() -> dashboard.configChanged(scope, paths, changedBy));
    }

    /**
     * The section row is created empty first when missing, so that it can be locked: two writers creating one section
     * at once (two commands, a command and the API) then take turns instead of the second overwriting the first's
     * leaves with its own copy.
     */
    private Uni<JsonNode> write(SqlConnection connection, String scope, String section, Map<String, JsonNode> leaves) {
        return connection.preparedQuery("""
                INSERT INTO config (guild_id, key, value, updated_at) VALUES ($1, $2, '{}'::jsonb, now())
                ON CONFLICT (guild_id, key) DO NOTHING""")
                .execute(Tuple.of(scope, section))
                .flatMap(created -> connection.preparedQuery(
                        "SELECT value::text AS value FROM config WHERE guild_id = $1 AND key = $2 FOR UPDATE")
                        .execute(Tuple.of(scope, section)))
                .flatMap(rows -> {
                    ObjectNode root = VolvoxJson.MAPPER.createObjectNode();
                    if (rows.size() > 0) {
                        try {
                            JsonNode stored = VolvoxJson.MAPPER.readTree(rows.iterator().next().getString("value"));
                            if (stored.isObject()) {
                                root = (ObjectNode) stored;
                            }
                        } catch (Exception e) {
                            return Uni.createFrom().failure(e);
                        }
                    }
                    for (Map.Entry<String, JsonNode> leaf : leaves.entrySet()) {
                        setLeaf(root, leaf.getKey().split("\\."), leaf.getValue());
                    }
                    return upsert(connection, scope, section, root);
                });
    }

    /**
     * Deletes a guild's overrides (one section, or all); returns how many sections were reset. Notifies
     * {@code config.changed} like a write, to the endpoints the guild had before: a full reset removes them too.
     */
    public Uni<Integer> reset(String scope, String section, String changedBy) {
        String path = section == null ? "*" : section;
        return guildWebhooks.endpoints(scope).flatMap(endpointsBefore -> pool
                .preparedQuery("DELETE FROM config WHERE guild_id = $1 AND ($2::text IS NULL OR key = $2)")
                .execute(Tuple.of(scope, section))
                .map(rows -> rows.rowCount())
                .call(() -> configs.invalidate(scope))
                .call(() -> announce(scope, path, path, changedBy))
                .invoke(() -> dashboard.configChanged(scope, List.of(path), changedBy, endpointsBefore)));
    }

    /**
     * {@code /reload}: the shared copies of the global and of every guild's rows are read afresh from the database,
     * and one announcement of the global scope makes every replica of every service drop all it memoized. Returns how
     * many scopes were re-read.
     */
    public Uni<Integer> reloadEverywhere(String changedBy) {
        return pool.query("SELECT DISTINCT guild_id FROM config").execute()
                .map(rows -> {
                    Set<String> scopes = new TreeSet<>();
                    scopes.add(GuildConfigs.GLOBAL);
                    rows.forEach(row -> scopes.add(row.getString("guild_id")));
                    return scopes;
                })
                .call(scopes -> Multi.createFrom().iterable(scopes).onItem().transformToUniAndConcatenate(
                        configs::invalidate).collect().last())
                .call(() -> announce(GuildConfigs.GLOBAL, "*", "*", changedBy))
                .map(Set::size);
    }

    /** Sets the leaf named by {@code segments} (the section first, skipped) inside a section's value. */
    public static void setLeaf(ObjectNode root, String[] segments, JsonNode value) {
        JsonNode node = root;
        for (int i = 1; i < segments.length - 1; i++) {
            JsonNode next = node.get(segments[i]);
            if (next == null || !(next.isObject() || next.isArray())) {
                ObjectNode created = VolvoxJson.MAPPER.createObjectNode();
                set(node, segments[i], created);
                next = created;
            }
            node = next;
        }
        set(node, segments[segments.length - 1], value);
    }

    private static void set(JsonNode container, String key, JsonNode value) {
        if (container instanceof ArrayNode array && key.matches("\\d+")) {
            int index = Integer.parseInt(key);
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
        } else if (container instanceof ObjectNode object) {
            object.set(key, value);
        }
    }

    private Uni<JsonNode> upsert(SqlConnection connection, String scope, String section, ObjectNode value) {
        return connection.preparedQuery("""
                INSERT INTO config (guild_id, key, value, updated_at) VALUES ($1, $2, $3::text::jsonb, now())
                ON CONFLICT (guild_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()""")
                .execute(Tuple.of(scope, section, value.toString()))
                .replaceWith(value);
    }

    private Uni<Void> announce(String scope, String section, String path, String changedBy) {
        DiscordEvent event = DiscordEvent.of(UUID.randomUUID().toString(), Instant.now(), scope,
                new ConfigChanged(section, path, changedBy));
        // continues the trace of what asked for the change (a /config command, or none for the REST API's own)
        return changes.sendMessage(RecordTracing.continuingCurrentTrace(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(scope).build())));
    }
}
