package bot.volvox.platform.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HQL {@code where} of the REST APIs, built from optional request filters: a null filter does not filter. The named
 * parameters go to Panache's {@code find(query, sort, parameters)}.
 */
public final class Filter {
    private final StringBuilder query = new StringBuilder();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private int count;

    private Filter() {
    }

    public static Filter of(String field, Object value) {
        return new Filter().and(field, value);
    }

    public Filter and(String field, Object value) {
        return condition(field, "=", value);
    }

    /** {@code field >= value}. */
    public Filter from(String field, Instant value) {
        return condition(field, ">=", value);
    }

    /** {@code field <= value}. */
    public Filter until(String field, Instant value) {
        return condition(field, "<=", value);
    }

    /** {@code field is null} when {@code missing} is true, {@code field is not null} when false; null: no filter. */
    public Filter missing(String field, Boolean missing) {
        if (missing != null) {
            query.append(query.isEmpty() ? "" : " and ").append(field).append(missing ? " is null" : " is not null");
        }
        return this;
    }

    private Filter condition(String field, String operator, Object value) {
        if (value != null) {
            String name = "p" + count++;
            query.append(query.isEmpty() ? "" : " and ").append(field).append(' ').append(operator).append(" :")
                    .append(name);
            parameters.put(name, value);
        }
        return this;
    }

    public String query() {
        return query.toString();
    }

    public Map<String, Object> parameters() {
        return parameters;
    }
}
