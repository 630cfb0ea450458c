package bot.volvox.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code DATABASE_URL} ({@code postgresql://user:password@host:port/database?sslmode=...}).
 * {@link #toString()} never shows the password.
 */
public record DatabaseUrl(String host, int port, String database, Optional<String> user, Optional<String> password,
        Map<String, String> parameters) {

    public static final String VARIABLE = "DATABASE_URL";
    public static final int DEFAULT_PORT = 5432;

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidSettingException(VARIABLE,
                    "is not set: the services need PostgreSQL (e.g. postgresql://user:password@localhost:5432/volvoxbot)");
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            // the parser's own message repeats the input, password included: never pass it on
            throw malformed("is not a valid URL (special characters in the user name or password must be percent-encoded)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw malformed("must start with postgresql:// or postgres://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw malformed("has no host name");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String database = uri.getRawPath() == null ? "" : decode(uri.getRawPath()).replaceFirst("^/", "");
        if (database.isEmpty() || database.contains("/")) {
            throw malformed("has no database name (postgresql://user:password@host:port/database)");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!rawUser.isEmpty()) {
                user = Optional.of(decode(rawUser));
            }
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        return new DatabaseUrl(host.toLowerCase(Locale.ROOT), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                database, user, password, queryParameters(uri.getRawQuery()));
    }

    /** Lower-cased, trimmed query parameter, as the SSL rules read it. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name)).map(v -> v.trim()).filter(v -> !v.isEmpty());
    }

    /** host:port as a URL authority (IPv6 literals in brackets). */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            parameters.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Map.copyOf(parameters);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("contains a broken percent-encoding");
        }
    }

    private static InvalidSettingException malformed(String problem) {
        return new InvalidSettingException(VARIABLE, problem);
    }

    @Override
    public String toString() {
        return "postgresql://" + user.map(u -> u + (password.isPresent() ? ":***" : "") + "@").orElse("")
                + authority() + "/" + database;
    }
}
