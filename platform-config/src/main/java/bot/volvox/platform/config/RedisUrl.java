package bot.volvox.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed {@code REDIS_URL}: {@code redis://host:port}, {@code redis://:password@host:port},
 * {@code rediss://host:port} (TLS), optionally {@code /db}. {@link #toString()} hides the password.
 */
public record RedisUrl(String normalized, boolean tls, boolean hasPassword, String host, int port) {

    public static final String VARIABLE = "REDIS_URL";
    public static final int DEFAULT_PORT = 6379;

    public static RedisUrl parse(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(VARIABLE,
                    "is not a valid URL (expected redis://host:port, redis://:password@host:port or rediss://host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new InvalidSettingException(VARIABLE, "must start with redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidSettingException(VARIABLE, "has no host name");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.matches("/\\d*")) {
            throw new InvalidSettingException(VARIABLE, "may only end with a database number, e.g. /0");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String userInfo = uri.getRawUserInfo();
        String normalized = scheme + "://" + (userInfo == null ? "" : userInfo + "@") + uri.getHost() + ":" + port + path;
        return new RedisUrl(normalized, scheme.equals("rediss"), userInfo != null && userInfo.contains(":"),
                uri.getHost(), port);
    }

    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + (hasPassword ? ":***@" : "") + host + ":" + port;
    }
}
