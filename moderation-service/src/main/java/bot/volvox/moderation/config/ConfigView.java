package bot.volvox.moderation.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;

/**
 * {@code /config view} as the original showed it: an embed with one field per section, each a JSON code block of at
 * most {@value #MAX_JSON} characters (cut with "..." inside the block, so the block always closes), the whole embed
 * under Discord's 6000-character and 25-field limits; sections that do not fit are named in a last field that points
 * to {@code /config view section:<name>}.
 */
final class ConfigView {
    static final int MAX_JSON = 1000;
    /** Discord's limit on an embed's characters, less room for the truncation notice and the footer. */
    static final int EMBED_BUDGET = 6000 - 200;
    static final int MAX_FIELDS = 25;
    private static final int COLOR = 0x5865F2;
    private static final String TITLE = "⚙️ Bot Configuration";
    private static final String FOOTER = "Use /config set to modify";

    static Embed all(ObjectNode config) {
        String description = "Current bot configuration";
        List<EmbedField> fields = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        int length = TITLE.length() + description.length() + FOOTER.length();
        Iterator<Map.Entry<String, JsonNode>> sections = config.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            EmbedField field = new EmbedField(section.getKey().toUpperCase(Locale.ROOT), codeBlock(section.getValue()),
                    false);
            int fieldLength = field.name().length() + field.value().length();
            if (!omitted.isEmpty() || length + fieldLength > EMBED_BUDGET || fields.size() == MAX_FIELDS - 1) {
                omitted.add(section.getKey());
                continue;
            }
            length += fieldLength;
            fields.add(field);
        }
        if (!omitted.isEmpty()) {
            fields.add(new EmbedField("⚠️ Truncated", cut("Not shown: " + String.join(", ", omitted)
                    + ". Use `/config view section:<name>` to see them.", 1024), false));
        }
        return new Embed(TITLE, description, COLOR, fields, FOOTER, null, null);
    }

    static Embed section(String name, JsonNode value) {
        return new Embed(TITLE, "**" + name.toUpperCase(Locale.ROOT) + " Configuration**", COLOR,
                List.of(new EmbedField("Settings", codeBlock(value), false)), FOOTER, null, null);
    }

    private static String codeBlock(JsonNode value) {
        String json = value.toPrettyString();
        return "```json\n" + (json.length() > MAX_JSON ? json.substring(0, MAX_JSON - 3) + "..." : json) + "\n```";
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private ConfigView() {
    }
}
