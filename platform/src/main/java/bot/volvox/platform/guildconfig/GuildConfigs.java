package bot.volvox.platform.guildconfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.redis.SharedCache;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The read side of per-guild configuration, shared by every service: table {@code config} holds one
 * row per top-level section per scope ({@code global} defaults, or a guild's overrides); the effective configuration
 * of a guild is the built-in defaults ({@code defaults.json}) deep-merged with the global rows and then with the
 * guild's rows ({@link ConfigMerge}).
 *
 * <p>Caching: the rows of each scope are shared by all replicas in {@link SharedCache} (Redis, or memory without it)
 * under {@code config:rows:<scope>} for {@link #SHARED_TTL}; each replica memoizes merged results for up to
 * {@value #MEMORY_MAX_GUILDS} guilds. A writer calls {@link #invalidate} after committing (which replaces the shared
 * copy) and announces the change on {@code volvox.config}; {@link ConfigChangeListener} drops the memoized results of
 * every replica when it sees that record (a global change drops all guilds). The memory entries also expire after {@link #MEMORY_TTL}, a bound on
 * staleness should an announcement ever be lost.
 *
 * <p>The returned nodes are shared: callers must not modify them ({@link JsonNode#deepCopy()} first).
 */
@ApplicationScoped
public class GuildConfigs {
    public static final String GLOBAL = "global";
    static final Duration SHARED_TTL = Duration.ofMinutes(10);
    static final Duration MEMORY_TTL = Duration.ofMinutes(5);
    static final int MEMORY_MAX_GUILDS = 500;
    private static final Logger LOG = Logger.getLogger(GuildConfigs.class);
    private static final ObjectNode DEFAULTS = loadDefaults();

    private final Cache<String, Effective> merged = Caffeine.newBuilder()
            .maximumSize(MEMORY_MAX_GUILDS)
            .expireAfterWrite(MEMORY_TTL)
            .build();
    /** Bumped by every invalidation: a load that started before one must not memoize what it read. */
    private final AtomicLong generation = new AtomicLong();

    @Inject
    Pool pool;

    @Inject
    SharedCache shared;

    @Inject
    ConfigChangeListener listener;

    /** The built-in defaults (a copy). */
    public static ObjectNode defaults() {
        return DEFAULTS.deepCopy();
    }

    /** A scope's merged JSON and its typed reading, computed together once. */
    private record Effective(ObjectNode json, GuildConfig settings) {
    }

    /**
     * The settings of {@code guildId} (or of {@link #GLOBAL}), typed: what behaviour reads. A section that cannot be
     * read (a stored value of the wrong type) falls back to its defaults, with a warning naming the guild and section.
     */
    public Uni<GuildConfig> settings(String guildId) {
        return load(guildId).map(Effective::settings);
    }

    /**
     * The settings of each of {@code guildIds}, read one guild after another (most come from memory): for work that
     * handles rows of several guilds at once.
     */
    public Uni<Map<String, GuildConfig>> settingsOf(Collection<String> guildIds) {
        return Multi.createFrom().iterable(Set.copyOf(guildIds))
                .onItem().transformToUniAndConcatenate(guild -> settings(guild).map(config -> Map.entry(guild, config)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The effective configuration of {@code guildId} (or of {@link #GLOBAL}) as JSON: for showing and patching it. */
    public Uni<ObjectNode> effective(String guildId) {
        return load(guildId).map(Effective::json);
    }

    private Uni<Effective> load(String guildId) {
        String scope = guildId == null ? GLOBAL : guildId;
        Effective cached = merged.getIfPresent(scope);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        listener.ensureStarted();
        long startedAt = generation.get();
        Uni<ObjectNode> global = rows(GLOBAL);
        Uni<ObjectNode> guild = GLOBAL.equals(scope) ? Uni.createFrom().item(VolvoxJson.MAPPER.createObjectNode())
                : rows(scope);
        return Uni.combine().all().unis(global, guild).asTuple().map(both -> {
            ObjectNode json = merge(both.getItem1(), both.getItem2());
            Effective result = new Effective(json, read(json, scope));
            if (generation.get() == startedAt) {
                merged.put(scope, result);
            }
            return result;
        });
    }

    /**
     * The effective configuration of a scope from its stored rows ({@code {section: value}}): the built-in defaults,
     * then the global rows, then the scope's (empty for {@link #GLOBAL} itself). Whoever reads the rows (this class,
     * an API reading them as entities) merges them this way.
     */
    public static ObjectNode merge(JsonNode globalRows, JsonNode scopeRows) {
        return ConfigMerge.into(ConfigMerge.into(defaults(), globalRows), scopeRows);
    }

    /** The stored rows of one scope as {@code {section: value}} (a guild's overrides only, not merged). */
    public Uni<ObjectNode> rows(String scope) {
        String key = sharedKey(scope);
        return shared.get(key).flatMap(hit -> hit.isPresent()
                ? Uni.createFrom().item(parse(hit.get()))
                : loadRows(scope).call(rows -> shared.putIfAbsent(key, rows.toString(), SHARED_TTL)));
    }

    /**
     * Call after committing a write of {@code scope}: drops this replica's memoized copy and replaces the shared copy
     * with the rows now committed. Replacing, not deleting: a reader that loaded the rows before the commit stores them
     * only into an empty key, so it cannot leave its older copy behind for {@link #SHARED_TTL}.
     */
    public Uni<Void> invalidate(String scope) {
        invalidateLocal(scope);
        return loadRows(scope).flatMap(rows -> shared.put(sharedKey(scope), rows.toString(), SHARED_TTL));
    }

    /**
     * Drops what this replica memoized for {@code scope} (all guilds for {@link #GLOBAL}), including its own copy of
     * the rows kept while Redis is away; the shared copy is the writer's to replace.
     */
    public void invalidateLocal(String scope) {
        shared.forgetLocal(sharedKey(scope == null ? GLOBAL : scope));
        generation.incrementAndGet();
        if (scope == null || GLOBAL.equals(scope)) {
            merged.invalidateAll();
        } else {
            merged.invalidate(scope);
        }
    }

    /** Whether this replica currently memoizes the merged configuration of {@code scope} (for tests and probes). */
    public boolean isMemoized(String scope) {
        return merged.getIfPresent(scope) != null;
    }

    static String sharedKey(String scope) {
        return "config:rows:" + scope;
    }

    private Uni<ObjectNode> loadRows(String scope) {
        return pool.preparedQuery("SELECT key, value::text AS value FROM config WHERE guild_id = $1")
                .execute(Tuple.of(scope))
                .map(rowSet -> {
                    ObjectNode rows = VolvoxJson.MAPPER.createObjectNode();
                    for (Row row : rowSet) {
                        String section = row.getString("key");
                        if (!ConfigMerge.IGNORED_KEYS.contains(section)) {
                            rows.set(section, parseValue(row.getString("value"), scope, section));
                        }
                    }
                    return rows;
                });
    }

    private static JsonNode parseValue(String json, String scope, String section) {
        try {
            return VolvoxJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            LOG.warnf("config row (%s, %s) is not JSON; ignored", scope, section);
            return VolvoxJson.MAPPER.nullNode();
        }
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = VolvoxJson.MAPPER.readTree(json);
            return node.isObject() ? (ObjectNode) node : VolvoxJson.MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cached config rows are not JSON", e);
        }
    }

    private static ObjectNode loadDefaults() {
        try (InputStream in = GuildConfigs.class.getResourceAsStream("defaults.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource defaults.json in platform guildconfig");
            }
            return (ObjectNode) VolvoxJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The typed reading of a merged configuration; an unreadable section is replaced by its defaults. */
    public static GuildConfig read(ObjectNode json, String scope) {
        ObjectNode readable = json.deepCopy();
        for (RecordComponent section : GuildConfig.class.getRecordComponents()) {
            JsonNode value = readable.get(section.getName());
            String problem = value == null || !value.isObject() ? "not an object" : null;
            if (problem == null) {
                try {
                    VolvoxJson.MAPPER.treeToValue(value, section.getType());
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                LOG.warnf("configuration section %s of %s cannot be read (%s); its defaults apply",
                        section.getName(), scope, problem);
                readable.set(section.getName(), DEFAULTS.get(section.getName()).deepCopy());
            }
        }
        try {
            return VolvoxJson.MAPPER.treeToValue(readable, GuildConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the built-in configuration defaults cannot be read: " + e.getMessage(), e);
        }
    }

    /** A value at a dotted path of a configuration, if present and not null. */
    public static Optional<JsonNode> at(JsonNode config, String dottedPath) {
        JsonNode node = config;
        for (String segment : dottedPath.split("\\.")) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(segment);
        }
        return node == null || node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }
}
