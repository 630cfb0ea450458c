package bot.volvox.ai.provider;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import bot.volvox.platform.config.InvalidSettingException;

/**
 * ai-service's environment variables, read and checked once at startup: a bad value stops the service with a message
 * naming the variable (never its value when it is a key).
 *
 * <ul>
 * <li>{@code <PROVIDER>_API_KEY}, {@code <PROVIDER>_BASE_URL} for each provider of {@link ProviderCatalog} (e.g.
 * {@code ANTHROPIC_API_KEY}, {@code MINIMAX_BASE_URL}); a provider without a key is not configured.</li>
 * <li>{@code AI_DEFAULT_MODEL}: {@code provider:model} used when a guild names none; default: the first provider
 * with a key, with its catalog model.</li>
 * <li>{@code AI_TIMEOUT_MS} (default 30000, the spec's {@code triage.timeout}), {@code AI_MAX_RETRIES} (default 2: 3
 * attempts, spec §3.2), {@code AI_MAX_TOKENS} (default 1024).</li>
 * </ul>
 */
public record AiSettings(Map<String, ProviderSettings> providers, Optional<ModelRef> defaultModel, Duration timeout,
        int maxRetries, int maxTokens) {

    /** A provider's connection; {@code apiKey} empty when it is not configured. */
    public record ProviderSettings(ProviderCatalog.Provider provider, String baseUrl, Optional<String> apiKey) {
        @Override
        public String toString() {
            // never the key
            return provider.name() + " at " + baseUrl + (apiKey.isPresent() ? " (key set)" : " (no key)");
        }
    }

    public static final String DEFAULT_MODEL = "AI_DEFAULT_MODEL";
    public static final String TIMEOUT = "AI_TIMEOUT_MS";
    public static final String MAX_RETRIES = "AI_MAX_RETRIES";
    public static final String MAX_TOKENS = "AI_MAX_TOKENS";

    public static String keyVariable(String provider) {
        return provider.toUpperCase(Locale.ROOT) + "_API_KEY";
    }

    public static String baseUrlVariable(String provider) {
        return provider.toUpperCase(Locale.ROOT) + "_BASE_URL";
    }

    public static AiSettings read(ProviderCatalog catalog, Function<String, String> lookup) {
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        for (ProviderCatalog.Provider provider : catalog.providers()) {
            String urlVariable = baseUrlVariable(provider.name());
            String url = blankToNull(lookup.apply(urlVariable));
            String baseUrl = url == null ? provider.baseUrl() : checkedUrl(urlVariable, url);
            Optional<String> key = Optional.ofNullable(blankToNull(lookup.apply(keyVariable(provider.name()))));
            providers.put(provider.name(), new ProviderSettings(provider, baseUrl, key));
        }
        Optional<ModelRef> defaultModel = Optional.empty();
        String rawDefault = blankToNull(lookup.apply(DEFAULT_MODEL));
        if (rawDefault != null) {
            ModelRef model = ModelRef.parse(rawDefault).orElseThrow(() -> new InvalidSettingException(DEFAULT_MODEL,
                    "must be provider:model (e.g. minimax:MiniMax-M2.7), got '" + rawDefault + "'"));
            if (!providers.containsKey(model.provider())) {
                throw new InvalidSettingException(DEFAULT_MODEL, "names an unknown provider '" + model.provider()
                        + "' (known: " + String.join(", ", providers.keySet()) + ")");
            }
            defaultModel = Optional.of(model);
        } else {
            defaultModel = providers.values().stream().filter(p -> p.apiKey().isPresent()).findFirst()
                    .map(p -> new ModelRef(p.provider().name(), p.provider().defaultModel()));
        }
        int timeoutMs = number(lookup, TIMEOUT, 30_000, 100, 600_000);
        int retries = number(lookup, MAX_RETRIES, 2, 0, 10);
        int maxTokens = number(lookup, MAX_TOKENS, 1024, 1, 64_000);
        return new AiSettings(Map.copyOf(providers), defaultModel, Duration.ofMillis(timeoutMs), retries, maxTokens);
    }

    /** Whether any provider has a key. */
    public boolean anyConfigured() {
        return providers.values().stream().anyMatch(p -> p.apiKey().isPresent());
    }

    private static String checkedUrl(String variable, String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidSettingException(variable, "must be an http(s) URL, got '" + value + "'");
    }

    private static int number(Function<String, String> lookup, String variable, int fallback, int min, int max) {
        String value = blankToNull(lookup.apply(variable));
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidSettingException(variable, "must be a whole number from " + min + " to " + max + ", got '"
                + value + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
