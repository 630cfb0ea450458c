package bot.volvox.ai.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.kafka.VolvoxJson;

/**
 * The classify step's answer (spec §3.2 step 3): a JSON verdict, read after stripping code fences; when that is not
 * JSON (models add prose, unquoted keys, trailing commas), a regex recovers the classification alone with confidence
 * 0.5 and no targets. Nothing recoverable: empty, and the message is not answered.
 */
public record Verdict(String classification, double confidence, boolean recovered, List<String> targetMessageIds,
        String recommendedAction, String violatedRule, String reasoning) {
    public static final String IGNORE = "ignore";
    public static final String MODERATE = "moderate";

    /** A verdict that flags nothing for moderation. */
    public Verdict(String classification, double confidence, boolean recovered, List<String> targetMessageIds) {
        this(classification, confidence, recovered, targetMessageIds, null, null, null);
    }

    /** A verdict naming no target message (the evaluation then answers the newest buffered message). */
    public Verdict(String classification, double confidence, boolean recovered) {
        this(classification, confidence, recovered, List.of());
    }

    public boolean moderates() {
        return classification.equals(MODERATE);
    }
    private static final Pattern FENCE = Pattern.compile("```(?:json)?\\s*(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASSIFICATION = Pattern.compile(
            "\"?classification\"?\\s*:\\s*[\"']?(ignore|respond|chime-in|moderate)\\b", Pattern.CASE_INSENSITIVE);

    public boolean answers() {
        return classification.equals("respond") || classification.equals("chime-in");
    }

    public static Optional<Verdict> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher fenced = FENCE.matcher(text);
        String body = fenced.find() ? fenced.group(1) : text;
        int start = body.indexOf('{');
        int end = body.lastIndexOf('}');
        if (start >= 0 && end > start) {
            try {
                JsonNode json = VolvoxJson.MAPPER.readTree(body.substring(start, end + 1));
                String classification = json.path("classification").asText("").toLowerCase(Locale.ROOT);
                if (CLASSIFICATION.matcher("classification: " + classification).matches()) {
                    double confidence = json.path("confidence").isNumber() ? json.path("confidence").asDouble() : 1.0;
                    List<String> targets = new ArrayList<>();
                    json.path("targetMessageIds").forEach(id -> {
                        if (id.isTextual() || id.isIntegralNumber()) {
                            targets.add(id.asText());
                        }
                    });
                    if (classification.equals(MODERATE)) {
                        return Optional.of(new Verdict(classification, confidence, false, List.copyOf(targets),
                                text(json, "recommendedAction"), text(json, "violatedRule"), text(json, "reasoning")));
                    }
                    return Optional.of(new Verdict(classification, confidence, false, List.copyOf(targets)));
                }
            } catch (Exception notJson) {
                // recovered below
            }
        }
        Matcher recovered = CLASSIFICATION.matcher(text);
        return recovered.find()
                ? Optional.of(new Verdict(recovered.group(1).toLowerCase(Locale.ROOT), 0.5, true))
                : Optional.empty();
    }

    private static String text(JsonNode json, String field) {
        return json.path(field).isTextual() ? json.path(field).asText() : null;
    }
}
