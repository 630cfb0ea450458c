package bot.volvox.platform.config;

import java.util.function.Function;

/** {@code PG_POOL_SIZE}, {@code PG_IDLE_TIMEOUT_MS}, {@code PG_CONNECTION_TIMEOUT_MS}, {@code PG_SLOW_QUERY_MS}. */
public record PoolSettings(int maxSize, long idleTimeoutMs, long connectionTimeoutMs, long slowQueryMs) {

    public static final String POOL_SIZE = "PG_POOL_SIZE";
    public static final String IDLE_TIMEOUT = "PG_IDLE_TIMEOUT_MS";
    public static final String CONNECTION_TIMEOUT = "PG_CONNECTION_TIMEOUT_MS";
    public static final String SLOW_QUERY = "PG_SLOW_QUERY_MS";

    public static final PoolSettings DEFAULTS = new PoolSettings(5, 30_000, 10_000, 100);

    /**
     * Unset or blank → default. Otherwise a whole number: non-numeric or negative stops startup naming the
     * variable (the original silently used the default); 0 means "no timeout" for the two timeouts and
     * "log every statement" for the slow-query threshold, but a pool of 0 connections is refused.
     */
    public static PoolSettings read(Function<String, String> lookup) {
        return new PoolSettings(
                (int) number(lookup, POOL_SIZE, DEFAULTS.maxSize, 1, 10_000),
                number(lookup, IDLE_TIMEOUT, DEFAULTS.idleTimeoutMs, 0, Integer.MAX_VALUE),
                number(lookup, CONNECTION_TIMEOUT, DEFAULTS.connectionTimeoutMs, 0, Integer.MAX_VALUE),
                number(lookup, SLOW_QUERY, DEFAULTS.slowQueryMs, 0, Integer.MAX_VALUE));
    }

    private static long number(Function<String, String> lookup, String variable, long fallback, long min, long max) {
        String raw = lookup.apply(variable);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(variable, "must be a whole number, got '" + cut(raw) + "'");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(variable, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static String cut(String raw) {
        String trimmed = raw.trim();
        return trimmed.length() > 20 ? trimmed.substring(0, 20) + "…" : trimmed;
    }
}
