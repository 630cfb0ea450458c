package bot.volvox.ai.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * A model as {@code provider:model} (spec §3.2: bare names are rejected). The model part may itself contain colons
 * ({@code openrouter:minimax/minimax-m2.5:free}): only the first one separates.
 */
public record ModelRef(String provider, String model) {

    public static Optional<ModelRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ModelRef(trimmed.substring(0, colon).toLowerCase(Locale.ROOT),
                trimmed.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return provider + ":" + model;
    }
}
