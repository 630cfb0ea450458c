package bot.volvox.moderation.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.guildconfig.GuildConfigs;

/**
 * A deep-merge patch of a guild's configuration (REST {@code PATCH /guilds/{id}/config}):
 * {@code {"moderation": {"logging": {"channels": {"bans": "123…"}}}}} sets {@code moderation.logging.channels.bans}
 * and leaves every other setting alone. Objects merge; arrays, scalars and null replace. Each leaf is checked before
 * anything is written: a writable section, a safe path, the type of the built-in default, the documented ranges, Discord
 * ids where a channel is expected, and no write-back of a masked secret.
 */
public final class ConfigPatch {
    /** Shown instead of a secret on read; writing it back is refused rather than storing the mask. */
    public static final String MASK = "••••••••";
    public static final Set<String> SENSITIVE_PATHS = Set.of("triage.classifyApiKey", "triage.respondApiKey",
            "triage.classifyBaseUrl", "triage.respondBaseUrl");

    private static final ObjectNode DEFAULTS = GuildConfigs.defaults();
    private static final Map<String, long[]> RANGES = Map.of(
            "ai.historyLength", new long[] {1, 100},
            "ai.historyTTLDays", new long[] {1, 365},
            "triage.defaultInterval", new long[] {1, 3600},
            "triage.timeout", new long[] {1000, 300_000},
            "aiAutoMod.timeoutDurationMs", new long[] {1000, 2_419_200_000L},
            "reminders.maxPerUser", new long[] {1, 100},
            "auditLog.retentionDays", new long[] {1, 365},
            "quietMode.maxDurationMinutes", new long[] {1, 10_080},
            "moderation.warnings.expiryDays", new long[] {1, 3650});

    /** Why a leaf may not be written. */
    public record Problem(String path, String message, boolean forbidden) {
    }

    /** The leaves of a patch ({@code dotted path → value}); adds every problem found to {@code problems}. */
    public static Map<String, JsonNode> leaves(JsonNode patch, List<Problem> problems) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        if (patch == null || !patch.isObject() || patch.isEmpty()) {
            problems.add(new Problem("", "the body must be a non-empty JSON object of sections", false));
            return leaves;
        }
        Iterator<Map.Entry<String, JsonNode>> sections = patch.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!section.getValue().isObject()) {
                problems.add(new Problem(section.getKey(), "a section must be an object of settings", false));
                continue;
            }
            collect(section.getKey(), section.getValue(), leaves);
        }
        leaves.forEach((path, value) -> check(path, value).ifPresent(problems::add));
        return leaves;
    }

    private static void collect(String prefix, JsonNode object, Map<String, JsonNode> leaves) {
        object.fields().forEachRemaining(field -> {
            String path = prefix + "." + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                collect(path, field.getValue(), leaves);
            } else {
                leaves.put(path, field.getValue());
            }
        });
    }

    /** Why {@code value} may not be written at {@code path}, if it may not. */
    public static Optional<Problem> check(String path, JsonNode value) {
        String pathProblem = ConfigWriter.pathProblem(path);
        if (pathProblem != null) {
            boolean forbidden = pathProblem.startsWith("section");
            return Optional.of(new Problem(path, pathProblem, forbidden));
        }
        if (SENSITIVE_PATHS.contains(path) && value.isTextual() && MASK.equals(value.asText())) {
            return Optional.of(new Problem(path, "is the mask of a secret, not a value", false));
        }
        if (expectsChannel(path)) {
            return value.isNull() || value.isTextual() && value.asText().matches("\\d{17,20}") ? Optional.empty()
                    : Optional.of(new Problem(path, "must be a channel id (17 to 20 digits) or null", false));
        }
        Optional<JsonNode> fallback = GuildConfigs.at(DEFAULTS, path);
        if (fallback.isPresent()) {
            String expected = typeOf(fallback.get());
            if (!expected.equals(typeOf(value))) {
                return Optional.of(new Problem(path, "must be " + expected, false));
            }
        }
        long[] range = RANGES.get(path);
        if (range != null) {
            if (!value.isIntegralNumber() || value.asLong() < range[0] || value.asLong() > range[1]) {
                return Optional.of(new Problem(path, "must be an integer from " + range[0] + " to " + range[1],
                        false));
            }
        }
        return Optional.empty();
    }

    private static boolean expectsChannel(String path) {
        return path.startsWith("moderation.logging.channels.") || path.endsWith("ChannelId")
                || path.endsWith(".channelId");
    }

    private static String typeOf(JsonNode node) {
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    /** The readable part of an effective configuration with secrets masked. */
    public static ObjectNode readable(ObjectNode effective) {
        ObjectNode readable = effective.deepCopy();
        List<String> hidden = new ArrayList<>();
        readable.fieldNames().forEachRemaining(section -> {
            if (!ConfigWriter.WRITABLE_SECTIONS.contains(section) && !"logging".equals(section)) {
                hidden.add(section);
            }
        });
        readable.remove(hidden);
        for (String path : SENSITIVE_PATHS) {
            String[] segments = path.split("\\.");
            JsonNode parent = readable.path(segments[0]);
            if (parent instanceof ObjectNode object && object.hasNonNull(segments[1])) {
                object.put(segments[1], MASK);
            }
        }
        return readable;
    }

    private ConfigPatch() {
    }
}
