package bot.volvox.moderation.api;

import java.time.Instant;

import io.quarkus.panache.common.Parameters;

/** An HQL {@code where} built from optional request filters: a null filter does not filter. */
final class Filter {
    private final StringBuilder query = new StringBuilder();
    private final Parameters parameters = new Parameters();
    private int count;

    private Filter() {
    }

    static Filter of(String field, Object value) {
        return new Filter().and(field, value);
    }

    Filter and(String field, Object value) {
        return condition(field, "=", value);
    }

    /** {@code field >= value}. */
    Filter from(String field, Instant value) {
        return condition(field, ">=", value);
    }

    /** {@code field <= value}. */
    Filter until(String field, Instant value) {
        return condition(field, "<=", value);
    }

    private Filter condition(String field, String operator, Object value) {
        if (value != null) {
            String name = "p" + count++;
            query.append(query.isEmpty() ? "" : " and ").append(field).append(' ').append(operator).append(" :")
                    .append(name);
            parameters.and(name, value);
        }
        return this;
    }

    String query() {
        return query.toString();
    }

    Parameters parameters() {
        return parameters;
    }
}
