package bot.volvox.platform.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one translation of the product's environment variables onto Quarkus properties. Pure: reads
 * through {@code lookup}, returns the properties and the warnings to log; throws
 * {@link InvalidSettingException} for a value the services cannot start with.
 */
public final class VolvoxSettings {

    public static final String KIND_PROPERTY = "volvox.datasource.kind";
    public static final String REDIS_ENABLED_PROPERTY = "volvox.redis.enabled";
    public static final String REDIS_DESCRIPTION_PROPERTY = "volvox.redis.description";
    public static final String CONNECTION_TIMEOUT_PROPERTY = "volvox.datasource.connection-timeout-ms";
    public static final String SLOW_QUERY_PROPERTY = "volvox.datasource.slow-query-ms";
    public static final String DATABASE_DESCRIPTION_PROPERTY = "volvox.datasource.description";
    public static final String KAFKA_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String LOG_LEVEL_VARIABLE = "LOG_LEVEL";
    public static final String OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String OTLP_PROTOCOL_VARIABLE = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** Where Quarkus sends spans; a blank value is the one that leaves Quarkus without a span exporter. */
    public static final String OTLP_TRACES_ENDPOINT_PROPERTY = "quarkus.otel.exporter.otlp.traces.endpoint";
    public static final String OTLP_TRACES_PROTOCOL_PROPERTY = "quarkus.otel.exporter.otlp.traces.protocol";
    /**
     * Quarkus falls back to {@code http://localhost:4317} when no endpoint is set and would then log a failed export
     * every few seconds on every machine without a collector. Only a value that is blank once trimmed switches its
     * exporter off (SmallRye Config treats an empty value as unset), hence one space.
     */
    static final String NO_EXPORT = " ";
    /**
     * Client spans of the PostgreSQL and Redis clients: one per statement or command, each parsing its SQL for a
     * name, worth having only where spans leave the process. Without an exporter they took about 8 % of moderation's
     * CPU at 200 {@code /warn}s per second and never reached anyone; the spans that carry a trace across Kafka do
     * not depend on them.
     */
    public static final List<String> CLIENT_SPAN_PROPERTIES = List.of("quarkus.otel.instrument.vertx-sql-client",
            "quarkus.otel.instrument.vertx-redis-client");

    /** Every variable this class reads, so a config source can resolve them all up front. */
    public static final List<String> VARIABLES = List.of(DatabaseUrl.VARIABLE, DatabaseTls.SSL_VARIABLE,
            DatabaseTls.CA_VARIABLE, PoolSettings.POOL_SIZE, PoolSettings.IDLE_TIMEOUT,
            PoolSettings.CONNECTION_TIMEOUT, PoolSettings.SLOW_QUERY, RedisUrl.VARIABLE, KAFKA_VARIABLE,
            LOG_LEVEL_VARIABLE, OTLP_ENDPOINT_VARIABLE, OTLP_PROTOCOL_VARIABLE, KIND_PROPERTY);

    public enum DatasourceKind {
        REACTIVE, JDBC
    }

    public record Result(Map<String, String> properties, List<String> warnings) {
    }

    private VolvoxSettings() {
    }

    public static Result toQuarkusProperties(Function<String, String> lookup) {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        database(lookup, properties, warnings);
        redis(lookup.apply(RedisUrl.VARIABLE), properties);
        kafka(lookup.apply(KAFKA_VARIABLE), properties);
        logLevel(lookup.apply(LOG_LEVEL_VARIABLE), properties);
        tracing(lookup.apply(OTLP_ENDPOINT_VARIABLE), lookup.apply(OTLP_PROTOCOL_VARIABLE), properties, warnings);
        return new Result(Map.copyOf(properties), List.copyOf(warnings));
    }

    public static DatasourceKind kind(String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("reactive")) {
            return DatasourceKind.REACTIVE;
        }
        if (raw.trim().equalsIgnoreCase("jdbc")) {
            return DatasourceKind.JDBC;
        }
        throw new InvalidSettingException(KIND_PROPERTY, "must be 'reactive' or 'jdbc', got '" + raw.trim() + "'");
    }

    private static void database(Function<String, String> lookup, Map<String, String> out, List<String> warnings) {
        DatasourceKind kind = kind(lookup.apply(KIND_PROPERTY));
        String raw = lookup.apply(DatabaseUrl.VARIABLE);
        if (raw == null || raw.isBlank()) {
            // Quarkus also builds its configuration while packaging, where no database exists, so a missing
            // DATABASE_URL cannot throw here. Services: an unresolvable reference fails the first real read of
            // the pool URL at startup, with SmallRye's message naming DATABASE_URL ("Could not expand value
            // DATABASE_URL in property quarkus.datasource.reactive.url"). db-migrations: the JDBC URL stays
            // unset, the datasource inactive, and its command line reports "DATABASE_URL is not set".
            if (kind == DatasourceKind.REACTIVE) {
                out.put("quarkus.datasource.reactive.url", "${" + DatabaseUrl.VARIABLE + "}");
            }
            out.put(DATABASE_DESCRIPTION_PROPERTY, DatabaseUrl.VARIABLE + " is not set");
            return;
        }
        DatabaseUrl url = DatabaseUrl.parse(raw);
        DatabaseTls tls = DatabaseTls.decide(url, raw, lookup.apply(DatabaseTls.SSL_VARIABLE),
                lookup.apply(DatabaseTls.CA_VARIABLE));
        tls.warning().ifPresent(warnings::add);
        PoolSettings pool = PoolSettings.read(lookup);

        url.user().ifPresent(user -> out.put("quarkus.datasource.username", user));
        url.password().ifPresent(password -> out.put("quarkus.datasource.password", password));
        out.put(DATABASE_DESCRIPTION_PROPERTY, url + " (TLS " + tls.mode().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + tls.caFile().map(ca -> ", CA " + ca).orElse("") + ")");
        out.put(CONNECTION_TIMEOUT_PROPERTY, Long.toString(pool.connectionTimeoutMs()));
        out.put(SLOW_QUERY_PROPERTY, Long.toString(pool.slowQueryMs()));
        if (kind == DatasourceKind.REACTIVE) {
            reactive(url, tls, pool, out);
        } else {
            jdbc(url, tls, pool, out);
        }
    }

    private static void reactive(DatabaseUrl url, DatabaseTls tls, PoolSettings pool, Map<String, String> out) {
        String prefix = "quarkus.datasource.reactive.";
        out.put(prefix + "url", "postgresql://" + url.authority() + "/" + encode(url.database()));
        out.put(prefix + "max-size", Integer.toString(pool.maxSize()));
        out.put(prefix + "idle-timeout", Duration.ofMillis(pool.idleTimeoutMs()).toString());
        switch (tls.mode()) {
            case OFF -> out.put(prefix + "postgresql.ssl-mode", "disable");
            case NO_VERIFY -> {
                out.put(prefix + "postgresql.ssl-mode", "require");
                out.put(prefix + "trust-all", "true");
                out.put(prefix + "hostname-verification-algorithm", "NONE");
            }
            case VERIFY_FULL -> {
                out.put(prefix + "postgresql.ssl-mode", "verify-full");
                out.put(prefix + "trust-all", "false");
                out.put(prefix + "hostname-verification-algorithm", "HTTPS");
                tls.caFile().ifPresent(ca -> {
                    out.put(prefix + "trust-certificate-pem", "true");
                    out.put(prefix + "trust-certificate-pem.certs", ca.toString());
                });
            }
        }
    }

    private static void jdbc(DatabaseUrl url, DatabaseTls tls, PoolSettings pool, Map<String, String> out) {
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(url.authority()).append('/')
                .append(encode(url.database()));
        switch (tls.mode()) {
            case OFF -> jdbc.append("?sslmode=disable");
            case NO_VERIFY -> jdbc.append("?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory");
            case VERIFY_FULL -> {
                jdbc.append("?sslmode=verify-full");
                // without a CA file pgjdbc would insist on ~/.postgresql/root.crt; the JVM trust store is the
                // equivalent of the original's system CA list
                jdbc.append(tls.caFile().map(ca -> "&sslrootcert=" + encode(ca.toString()))
                        .orElse("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"));
            }
        }
        // pgjdbc counts its connect timeout in whole seconds
        jdbc.append("&connectTimeout=").append((pool.connectionTimeoutMs() + 999) / 1000);
        out.put("quarkus.datasource.jdbc.url", jdbc.toString());
        out.put("quarkus.datasource.jdbc.max-size", Integer.toString(pool.maxSize()));
        if (pool.connectionTimeoutMs() > 0) {
            out.put("quarkus.datasource.jdbc.acquisition-timeout", Duration.ofMillis(pool.connectionTimeoutMs()).toString());
        }
    }

    private static void redis(String raw, Map<String, String> out) {
        if (raw == null || raw.isBlank()) {
            out.put(REDIS_ENABLED_PROPERTY, "false");
            return;
        }
        RedisUrl url = RedisUrl.parse(raw);
        out.put(REDIS_ENABLED_PROPERTY, "true");
        out.put(REDIS_DESCRIPTION_PROPERTY, url.toString());
        out.put("quarkus.redis.hosts", url.normalized());
    }

    private static void kafka(String raw, Map<String, String> out) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        List<String> servers = new ArrayList<>();
        for (String entry : raw.split(",")) {
            String server = entry.trim();
            if (!server.matches("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):\\d{1,5}")) {
                throw new InvalidSettingException(KAFKA_VARIABLE,
                        "must be a comma-separated list of host:port, got '" + server + "'");
            }
            servers.add(server);
        }
        out.put("kafka.bootstrap.servers", String.join(",", servers));
    }

    private static void logLevel(String raw, Map<String, String> out) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        String level = raw.trim().toUpperCase(Locale.ROOT);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw new InvalidSettingException(LOG_LEVEL_VARIABLE,
                    "must be one of trace, debug, info, warn, error, got '" + raw.trim() + "'");
        }
        out.put("quarkus.log.level", level);
    }

    /**
     * Spans leave the process only where {@value #OTLP_ENDPOINT_VARIABLE} names an OTLP receiver (Jaeger, Tempo, an
     * OpenTelemetry Collector); the {@code traceparent} headers on Kafka records are written either way. Tracing is an
     * aid, not a dependency: a value that cannot be used warns, naming the variable, and the service runs without
     * exporting instead of refusing to start.
     */
    private static void tracing(String endpoint, String protocol, Map<String, String> out, List<String> warnings) {
        out.put(OTLP_TRACES_ENDPOINT_PROPERTY, NO_EXPORT);
        CLIENT_SPAN_PROPERTIES.forEach(property -> out.put(property, "false"));
        if (endpoint == null || endpoint.isBlank()) {
            return;
        }
        String url = endpoint.trim();
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
            warnings.add(OTLP_ENDPOINT_VARIABLE + " must be an http:// or https:// URL such as http://jaeger:4317, got '"
                    + url + "'; spans are not exported");
            return;
        }
        String wire = protocol == null || protocol.isBlank() ? "grpc" : protocol.trim().toLowerCase(Locale.ROOT);
        if (!List.of("grpc", "http/protobuf").contains(wire)) {
            warnings.add(OTLP_PROTOCOL_VARIABLE + " must be grpc or http/protobuf, got '" + protocol.trim()
                    + "'; spans are not exported");
            return;
        }
        out.put(OTLP_TRACES_ENDPOINT_PROPERTY, url);
        out.put(OTLP_TRACES_PROTOCOL_PROPERTY, wire);
        CLIENT_SPAN_PROPERTIES.forEach(property -> out.put(property, "true"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
