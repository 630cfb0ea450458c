package bot.volvox.platform.guildconfig;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The deep merge of configuration scopes: objects merge key by key, recursively; arrays and scalars
 * replace; an explicit null replaces too. Keys that could poison a JavaScript reader of the same JSON
 * ({@code __proto__}, {@code constructor}, {@code prototype}) are ignored.
 */
public final class ConfigMerge {
    static final Set<String> IGNORED_KEYS = Set.of("__proto__", "constructor", "prototype");

    /** Merges {@code override} into {@code base} (modified and returned). */
    public static ObjectNode into(ObjectNode base, JsonNode override) {
        if (override == null || !override.isObject()) {
            return base;
        }
        override.fields().forEachRemaining(field -> {
            String key = field.getKey();
            if (IGNORED_KEYS.contains(key)) {
                return;
            }
            JsonNode value = field.getValue();
            JsonNode current = base.get(key);
            if (value.isObject() && current != null && current.isObject()) {
                into((ObjectNode) current, value);
            } else {
                base.set(key, value.deepCopy());
            }
        });
        return base;
    }

    private ConfigMerge() {
    }
}
