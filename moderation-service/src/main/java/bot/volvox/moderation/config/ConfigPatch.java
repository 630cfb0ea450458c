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

    /** Why {@code value} may not be written at {@code path}, if it may not (its path, not its value). */
    public static Optional<Problem> check(String path, JsonNode value) {
        String pathProblem = ConfigWriter.pathProblem(path);
        if (pathProblem != null) {
            boolean forbidden = pathProblem.startsWith("section");
            return Optional.of(new Problem(path, pathProblem, forbidden));
        }
        if (SENSITIVE_PATHS.contains(path) && value.isTextual() && MASK.equals(value.asText())) {
            return Optional.of(new Problem(path, "is the mask of a secret, not a value", false));
        }
        return Optional.empty();
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
