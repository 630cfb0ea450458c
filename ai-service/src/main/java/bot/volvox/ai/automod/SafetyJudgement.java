package bot.volvox.ai.automod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.kafka.VolvoxJson;

/**
 * The content-safety verdict and what it asks for (spec §2.9 steps 3–5), apart from any I/O so every threshold and
 * action rule is unit-tested. Scores are read from the first balanced {@code {…}} of the model's answer (top-level,
 * aliased or nested under {@code scores|score|ratings|analysis}); an answer without one fails closed: flagged with no
 * category, so only the guild-wide {@code flag}/{@code autoDelete} actions run.
 *
 * @param flagged whether anything is to be done
 * @param categories the categories whose score reached their threshold, in {@link #CATEGORIES} order
 * @param scores every category's score (0 when absent or not a number), clamped to [0, 1]
 * @param actions the actions in execution order, duplicates removed
 * @param reason the model's reason, at most 512 characters
 * @param unreadable whether the answer had no readable JSON (failing closed)
 */
public record SafetyJudgement(boolean flagged, List<String> categories, Map<String, Double> scores,
        List<String> actions, String reason, boolean unreadable) {

    public static final List<String> CATEGORIES = List.of("toxicity", "spam", "harassment", "hateSpeech",
            "sexualContent", "violence", "selfHarm");
    static final Set<String> ACTIONS = Set.of("flag", "delete", "warn", "timeout", "kick", "ban");
    private static final Map<String, List<String>> ALIASES = Map.of("hateSpeech", List.of("hate_speech", "hate"),
            "sexualContent", List.of("sexual_content", "sexual"), "selfHarm", List.of("self_harm", "self-harm"));
    private static final List<String> NESTED = List.of("scores", "score", "ratings", "analysis");

    public static final SafetyJudgement CLEAN = new SafetyJudgement(false, List.of(), Map.of(), List.of(), "", false);

    /** Judges {@code answer} with the guild's {@code aiAutoMod} settings. */
    public static SafetyJudgement judge(String answer, GuildConfig.AiAutoMod settings) {
        Optional<JsonNode> json = firstObject(answer);
        if (json.isEmpty()) {
            List<String> actions = globalActions(new ArrayList<>(), settings);
            return new SafetyJudgement(true, List.of(), Map.of(), actions, "unreadable moderation verdict", true);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> triggered = new ArrayList<>();
        LinkedHashSet<String> actions = new LinkedHashSet<>();
        for (String category : CATEGORIES) {
            double score = score(json.get(), category);
            scores.put(category, score);
            if (score >= threshold(settings, category)) {
                triggered.add(category);
                actions.addAll(actionsOf(settings, category));
            }
        }
        String reason = json.get().path("reason").asText("");
        reason = reason.length() > 512 ? reason.substring(0, 512) : reason;
        if (triggered.isEmpty()) {
            return new SafetyJudgement(false, List.of(), scores, List.of(), reason, false);
        }
        return new SafetyJudgement(true, List.copyOf(triggered), scores,
                globalActions(new ArrayList<>(actions), settings), reason, false);
    }

    /**
     * Adds {@code flag} when a flag channel is set and {@code delete} when {@code autoDelete} is on (right after flag,
     * else first), and drops {@code flag} when there is no channel to post to.
     */
    private static List<String> globalActions(List<String> actions, GuildConfig.AiAutoMod settings) {
        boolean channel = settings.flagChannelId() != null && !settings.flagChannelId().isBlank();
        if (channel && !actions.contains("flag")) {
            actions.add(0, "flag");
        }
        if (!channel) {
            actions.remove("flag");
        }
        if (settings.autoDelete() && !actions.contains("delete")) {
            actions.add(actions.indexOf("flag") + 1, "delete");
        }
        return List.copyOf(actions);
    }

    static double threshold(GuildConfig.AiAutoMod settings, String category) {
        Double value = settings.thresholds().get(category);
        // a category missing from a guild's map would never trigger; the schema's defaults always hold every one
        return value == null ? 1.0 : value;
    }

    /** A category's list: a string or an array; {@code none} and unknown names dropped. */
    static List<String> actionsOf(GuildConfig.AiAutoMod settings, String category) {
        Object value = settings.actions().get(category);
        List<Object> raw = value instanceof List<?> list ? new ArrayList<>(list)
                : value == null ? List.of() : List.of(value);
        List<String> actions = new ArrayList<>();
        for (Object item : raw) {
            String action = String.valueOf(item).trim().toLowerCase(Locale.ROOT);
            if (ACTIONS.contains(action) && !actions.contains(action)) {
                actions.add(action);
            }
        }
        return actions;
    }

    private static double score(JsonNode json, String category) {
        List<String> names = new ArrayList<>();
        names.add(category);
        names.addAll(ALIASES.getOrDefault(category, List.of()));
        List<JsonNode> places = new ArrayList<>();
        places.add(json);
        NESTED.forEach(key -> places.add(json.path(key)));
        for (JsonNode place : places) {
            for (String name : names) {
                JsonNode value = place.get(name);
                if (value != null && !value.isNull()) {
                    double number = value.isNumber() ? value.asDouble()
                            : value.isTextual() ? parse(value.asText()) : 0;
                    return Math.max(0, Math.min(1, Double.isNaN(number) ? 0 : number));
                }
            }
        }
        return 0;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    /** The first balanced {@code {…}} (braces inside strings ignored) that is a JSON object. */
    static Optional<JsonNode> firstObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    try {
                        JsonNode node = VolvoxJson.MAPPER.readTree(text.substring(start, i + 1));
                        if (node.isObject()) {
                            return Optional.of(node);
                        }
                    } catch (Exception notJson) {
                        // try the next opening brace
                    }
                    break;
                }
            }
        }
        return Optional.empty();
    }
}
