package bot.volvox.ai.provider;

import java.util.List;

/**
 * What one call sends: a system prompt and the turns, oldest first (roles {@code user} and {@code assistant};
 * consecutive turns of one role are allowed, the provider joins them).
 */
public record Prompt(String system, List<Turn> turns, int maxTokens) {

    public record Turn(boolean assistant, String text) {
    }

    public Prompt {
        turns = List.copyOf(turns);
    }

    public static Prompt of(String system, String userText, int maxTokens) {
        return new Prompt(system, List.of(new Turn(false, userText)), maxTokens);
    }
}
