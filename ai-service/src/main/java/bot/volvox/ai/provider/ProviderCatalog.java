package bot.volvox.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.kafka.VolvoxJson;

/**
 * The providers ai-service knows (default base URL, how the key is sent, default model) and the price table, read
 * from {@code bot/volvox/ai/providers.json}: prices change more often than code, so they are data.
 */
public final class ProviderCatalog {
    static final String RESOURCE = "/bot/volvox/ai/providers.json";
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** @param bearer true: {@code Authorization: Bearer}; false: Anthropic's {@code x-api-key} */
    public record Provider(String name, String baseUrl, boolean bearer, String defaultModel) {
    }

    /** USD per 1 M tokens. */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
    }

    private final Map<String, Provider> providers;
    private final Map<String, Price> prices;

    private ProviderCatalog(Map<String, Provider> providers, Map<String, Price> prices) {
        this.providers = providers;
        this.prices = prices;
    }

    public static ProviderCatalog load() {
        try (InputStream in = ProviderCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            JsonNode root = VolvoxJson.MAPPER.readTree(in);
            Map<String, Provider> providers = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("providers").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode p = entry.getValue();
                providers.put(entry.getKey(), new Provider(entry.getKey(), p.path("baseUrl").asText(),
                        p.path("auth").asText().equals("bearer"), p.path("defaultModel").asText()));
            }
            Map<String, Price> prices = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("prices").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode p = entry.getValue();
                prices.put(entry.getKey().toLowerCase(Locale.ROOT), new Price(p.get(0).decimalValue(),
                        p.get(1).decimalValue(), p.get(2).decimalValue(), p.get(3).decimalValue()));
            }
            return new ProviderCatalog(Map.copyOf(providers), Map.copyOf(prices));
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " cannot be read", e);
        }
    }

    /** Providers in the file's order. */
    public Iterable<Provider> providers() {
        return providers.values();
    }

    public Optional<Provider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Case-insensitive, then without a trailing {@code -YYYYMMDD} (spec §3.5). */
    public Optional<Price> price(ModelRef model) {
        String key = model.toString().toLowerCase(Locale.ROOT);
        Price price = prices.get(key);
        if (price == null) {
            price = prices.get(DATE_SUFFIX.matcher(key).replaceFirst(""));
        }
        return Optional.ofNullable(price);
    }

    /**
     * The cost of one call (spec §3.5): input tokens are the provider's total, of which cache reads and writes are
     * priced apart. Unknown model: empty.
     */
    public Optional<BigDecimal> cost(ModelRef model, TokenUsage usage) {
        return price(model).map(p -> {
            long regular = Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheCreationTokens());
            BigDecimal total = p.input().multiply(BigDecimal.valueOf(regular))
                    .add(p.cacheRead().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                    .add(p.cacheWrite().multiply(BigDecimal.valueOf(usage.cacheCreationTokens())))
                    .add(p.output().multiply(BigDecimal.valueOf(usage.outputTokens())));
            return total.divide(MILLION, 6, RoundingMode.HALF_UP);
        });
    }
}
