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


/**
 * A deep-merge patch of a guild's configuration (REST {@code PATCH /guilds/{id}/config}):
 * {@code {"moderation": {"logging": {"channels": {"bans": "123…"}}}}} sets {@code moderation.logging.channels.bans}
 * and leaves every other setting alone. Objects merge; arrays, scalars and null replace. Each leaf's path is checked
 * here (a writable section, a safe path, no write-back of a masked secret); its value is checked against the typed
 * configuration when it is written ({@link ConfigWriter}: types, ranges, Discord ids).
 */
public final class ConfigPatch {
    /** Shown instead of a secret on read; writing it back is refused rather than storing the mask. */
    public static final String MASK = "••••••••";
    public static final Set<String> SENSITIVE_PATHS = Set.of("triage.classifyApiKey", "triage.respondApiKey",
            "triage.classifyBaseUrl", "triage.respondBaseUrl");


    /** Sections that can be read but not written (the original's {@code READABLE_CONFIG_KEYS} minus the safe ones). */
    public static final Set<String> READ_ONLY_SECTIONS = Set.of("logging");

    /**
     * Why a leaf may not be written, and the HTTP status that says so: 400 a malformed path or value, 403 a section
     * that is read-only, 404 a section the configuration does not have.
     */
    public record Problem(String path, String message, int status) {
    }

    /** Whether {@code section} is one of the configuration's sections an API client may read. */
    public static boolean readable(String section) {
        return ConfigWriter.WRITABLE_SECTIONS.contains(section) || READ_ONLY_SECTIONS.contains(section);
    }

    /** The leaves of a patch ({@code dotted path → value}); adds every problem found to {@code problems}. */
    public static Map<String, JsonNode> leaves(JsonNode patch, List<Problem> problems) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        if (patch == null || !patch.isObject() || patch.isEmpty()) {
            problems.add(new Problem("", "the body must be a non-empty JSON object of sections", 400));
            return leaves;
        }
        Iterator<Map.Entry<String, JsonNode>> sections = patch.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!section.getValue().isObject()) {
                problems.add(new Problem(section.getKey(), "a section must be an object of settings", 400));
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

    /** Why {@code value} may not be written at {@code path}, if it may not (its path, not its value). */
    public static Optional<Problem> check(String path, JsonNode value) {
        String pathProblem = ConfigWriter.pathProblem(path);
        if (pathProblem != null) {
            String section = path == null ? "" : path.split("\\.", -1)[0];
            if (!pathProblem.startsWith("section")) {
                return Optional.of(new Problem(path == null ? "" : path, pathProblem, 400));
            }
            return Optional.of(READ_ONLY_SECTIONS.contains(section) ? new Problem(path, pathProblem, 403)
                    : new Problem(path, "is not a setting: the configuration has no section `" + section + "`", 404));
        }
        if (SENSITIVE_PATHS.contains(path) && value != null && value.isTextual() && MASK.equals(value.asText())) {
            return Optional.of(new Problem(path, "is the mask of a secret, not a value", 400));
        }
        return Optional.empty();
    }

    /** The readable part of an effective configuration with secrets masked. */
    public static ObjectNode readable(ObjectNode effective) {
        ObjectNode readable = effective.deepCopy();
        List<String> hidden = new ArrayList<>();
        readable.fieldNames().forEachRemaining(section -> {
            if (!readable(section)) {
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
