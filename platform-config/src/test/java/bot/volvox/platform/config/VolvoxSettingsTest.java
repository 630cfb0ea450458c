package bot.volvox.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolvoxSettingsTest {

    private static final String SECRET = "s3cr3t-PW";

    private static Map<String, String> properties(String... keyValues) {
        return VolvoxSettings.toQuarkusProperties(env(keyValues)::get).properties();
    }

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://postgres:hunter2@localhost:5432/volvoxbot  | localhost:5432 | volvoxbot | postgres | hunter2",
            "postgres://bot:pw@db.example.com/volvox                | db.example.com:5432 | volvox | bot | pw",
            "postgresql://u%40x:p%3Aw%2Fd%25@[::1]:6543/my%20db     | [::1]:6543 | my db | u@x | p:w/d%",
            "postgresql://u:p+q@h:1/d                              | h:1 | d | u | p+q",
    })
    void parsesDatabaseUrls(String raw, String authority, String database, String user, String password) {
        DatabaseUrl url = DatabaseUrl.parse(raw);
        assertThat(url.authority()).isEqualTo(authority);
        assertThat(url.database()).isEqualTo(database);
        assertThat(url.user()).contains(user);
        assertThat(url.password()).contains(password);
        assertThat(url.toString()).doesNotContain(password);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "mysql://u:" + SECRET + "@h/db", "postgresql://u:" + SECRET + "@/db",
            "postgresql://u:" + SECRET + "@host", "postgresql://u:" + SECRET + "@host:5432/",
            "postgresql://u:" + SECRET + " x@host/db", "postgresql://u:" + SECRET + "%zz@host/db",
            "postgresql://u:" + SECRET + "@host:notaport/db", "not a url " + SECRET })
    void malformedOrMissingDatabaseUrlFailsNamingTheVariableWithoutThePassword(String raw) {
        assertThatThrownBy(() -> properties("DATABASE_URL", raw))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DATABASE_URL ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void unsetDatabaseUrlIsLeftAsAReferenceThatFailsTheFirstReadNamingIt() {
        assertThat(properties()).containsEntry("quarkus.datasource.reactive.url", "${DATABASE_URL}");
        assertThat(properties("volvox.datasource.kind", "jdbc")).doesNotContainKey("quarkus.datasource.jdbc.url")
                .containsEntry(VolvoxSettings.DATABASE_DESCRIPTION_PROPERTY, "DATABASE_URL is not set");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new VolvoxConfigSourceFactory()).build();
        assertThatThrownBy(() -> config.getValue("quarkus.datasource.reactive.url", String.class))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("DATABASE_URL");
    }

    /** The original bot's precedence, plus the URL sslmode enabling values we honour. */
    @ParameterizedTest(name = "[{index}] {0} DATABASE_SSL={1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // 1. sslmode disable family beats everything
            "postgresql://u:p@db.example.com/d?sslmode=disable  | true      | OFF",
            "postgresql://u:p@db.example.com/d?sslmode=OFF      | no-verify | OFF",
            "postgresql://u:p@db.example.com/d?sslmode=%20false | null      | OFF",
            // 2. railway.internal
            "postgresql://u:p@postgres.railway.internal/d       | true      | OFF",
            "postgresql://u:p@db.example.com/d?x=railway.internal | true    | OFF",
            // 3. DATABASE_SSL families
            "postgresql://u:p@db.example.com/d                  | false     | OFF",
            "postgresql://u:p@db.example.com/d                  | ' Off '   | OFF",
            "postgresql://u:p@db.example.com/d                  | disable   | OFF",
            "postgresql://u:p@db.example.com/d                  | 0         | OFF",
            "postgresql://u:p@localhost/d                       | no-verify | NO_VERIFY",
            "postgresql://u:p@localhost/d                       | NO-VERIFY | NO_VERIFY",
            "postgresql://u:p@localhost/d                       | true      | VERIFY_FULL",
            "postgresql://u:p@localhost/d                       | on        | VERIFY_FULL",
            "postgresql://u:p@localhost/d                       | require   | VERIFY_FULL",
            "postgresql://u:p@localhost/d                       | 1         | VERIFY_FULL",
            "postgresql://u:p@db.example.com/d?sslmode=verify-full | false  | OFF",
            // URL sslmode that turns TLS on (the original ignored it)
            "postgresql://u:p@localhost/d?sslmode=require       | null      | VERIFY_FULL",
            "postgresql://u:p@localhost/d?sslmode=verify-full   | null      | VERIFY_FULL",
            "postgresql://u:p@localhost/d?sslmode=no-verify     | null      | NO_VERIFY",
            "postgresql://u:p@localhost/d?sslmode=prefer        | null      | OFF",
            // 5. unset on localhost → off
            "postgresql://u:p@localhost/d                       | null      | OFF",
            "postgresql://u:p@LOCALHOST/d                       | ''        | OFF",
            "postgresql://u:p@127.0.0.1/d                       | null      | OFF",
            "postgresql://u:p@[::1]/d                           | null      | OFF",
            // 6./7. unknown value and remote default → verified
            "postgresql://u:p@localhost/d                       | maybe     | VERIFY_FULL",
            "postgresql://u:p@db.example.com/d                  | null      | VERIFY_FULL",
            "postgresql://u:p@127.0.0.2/d                       | null      | VERIFY_FULL",
    })
    void tlsPrecedence(String url, String databaseSsl, DatabaseTls.Mode expected) {
        assertThat(DatabaseTls.decide(DatabaseUrl.parse(url), url, databaseSsl, null).mode()).isEqualTo(expected);
    }

    @Test
    void unknownDatabaseSslWarnsOnceNamingTheVariableAndTheSecureDefault() {
        var result = VolvoxSettings.toQuarkusProperties(
                env("DATABASE_URL", "postgresql://u:" + SECRET + "@localhost/d", "DATABASE_SSL", "sometimes")::get);
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("DATABASE_SSL", "sometimes", "full certificate verification").doesNotContain(SECRET));
        assertThat(result.properties()).containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
    }

    @Test
    void reactivePropertiesForEachTlsMode(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> off = properties("DATABASE_URL", "postgresql://bot:" + SECRET + "@localhost:5433/volvox");
        assertThat(off).containsEntry("quarkus.datasource.reactive.url", "postgresql://localhost:5433/volvox")
                .containsEntry("quarkus.datasource.username", "bot")
                .containsEntry("quarkus.datasource.password", SECRET)
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "disable")
                .containsEntry("quarkus.datasource.reactive.max-size", "5")
                .containsEntry("quarkus.datasource.reactive.idle-timeout", "PT30S")
                .containsEntry(VolvoxSettings.CONNECTION_TIMEOUT_PROPERTY, "10000")
                .containsEntry(VolvoxSettings.SLOW_QUERY_PROPERTY, "100");
        assertThat(off.get(VolvoxSettings.DATABASE_DESCRIPTION_PROPERTY)).doesNotContain(SECRET).contains("TLS off");

        assertThat(properties("DATABASE_URL", "postgresql://u:p@db/d", "DATABASE_SSL", "no-verify"))
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "require")
                .containsEntry("quarkus.datasource.reactive.trust-all", "true")
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "NONE");

        assertThat(properties("DATABASE_URL", "postgresql://u:p@db/d", "PGSSLROOTCERT", ca.toString()))
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full")
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem", "true")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toAbsolutePath().toString());

        assertThat(properties("DATABASE_URL", "postgresql://u:p@db/d?sslrootcert=" + ca, "PGSSLROOTCERT", "/nope"))
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toAbsolutePath().toString());
    }

    @Test
    void missingCaFileFailsNamingTheVariable() {
        assertThatThrownBy(() -> properties("DATABASE_URL", "postgresql://u:" + SECRET + "@db/d",
                "PGSSLROOTCERT", "/does/not/exist.pem"))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("PGSSLROOTCERT ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void jdbcPropertiesForEachTlsMode(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("root ca.pem"), "x");
        assertThat(properties("volvox.datasource.kind", "jdbc", "DATABASE_URL", "postgresql://u:p@localhost/d"))
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:5432/d?sslmode=disable&connectTimeout=10")
                .containsEntry("quarkus.datasource.jdbc.max-size", "5")
                .containsEntry("quarkus.datasource.username", "u")
                .doesNotContainKey("quarkus.datasource.reactive.url");
        assertThat(properties("volvox.datasource.kind", "JDBC", "DATABASE_URL", "postgresql://u:p@db/d",
                "DATABASE_SSL", "no-verify").get("quarkus.datasource.jdbc.url"))
                .isEqualTo("jdbc:postgresql://db:5432/d?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory&connectTimeout=10");
        assertThat(properties("volvox.datasource.kind", "jdbc", "DATABASE_URL", "postgresql://u:p@db/d",
                "PG_CONNECTION_TIMEOUT_MS", "1500").get("quarkus.datasource.jdbc.url"))
                .isEqualTo("jdbc:postgresql://db:5432/d?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory&connectTimeout=2");
        assertThat(properties("volvox.datasource.kind", "jdbc", "DATABASE_URL", "postgresql://u:p@db/d",
                "PGSSLROOTCERT", ca.toString()).get("quarkus.datasource.jdbc.url"))
                .startsWith("jdbc:postgresql://db:5432/d?sslmode=verify-full&sslrootcert=")
                .contains("root%20ca.pem");
        assertThatThrownBy(() -> properties("volvox.datasource.kind", "blocking", "DATABASE_URL", "postgresql://u:p@db/d"))
                .hasMessageStartingWith("volvox.datasource.kind ");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "PG_POOL_SIZE | 12 | quarkus.datasource.reactive.max-size | 12",
            "PG_POOL_SIZE | ' 7 ' | quarkus.datasource.reactive.max-size | 7",
            "PG_IDLE_TIMEOUT_MS | 1500 | quarkus.datasource.reactive.idle-timeout | PT1.5S",
            "PG_IDLE_TIMEOUT_MS | 0 | quarkus.datasource.reactive.idle-timeout | PT0S",
            "PG_CONNECTION_TIMEOUT_MS | 0 | volvox.datasource.connection-timeout-ms | 0",
            "PG_SLOW_QUERY_MS | 250 | volvox.datasource.slow-query-ms | 250",
            "PG_SLOW_QUERY_MS | '' | volvox.datasource.slow-query-ms | 100",
    })
    void poolVariables(String variable, String value, String property, String expected) {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", variable, value))
                .containsEntry(property, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "PG_POOL_SIZE | 0", "PG_POOL_SIZE | -3", "PG_POOL_SIZE | five", "PG_POOL_SIZE | 2.5",
            "PG_IDLE_TIMEOUT_MS | -1", "PG_IDLE_TIMEOUT_MS | 30s", "PG_CONNECTION_TIMEOUT_MS | abc",
            "PG_SLOW_QUERY_MS | -100", "PG_SLOW_QUERY_MS | 99999999999",
    })
    void badPoolValuesFailNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> properties("DATABASE_URL", "postgresql://u:" + SECRET + "@localhost/d", variable, value))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(variable + " ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "redis://localhost:6379          | redis://localhost:6379",
            "redis://localhost               | redis://localhost:6379",
            "redis://:pw%40x@localhost:6380  | redis://:pw%40x@localhost:6380",
            "rediss://cache.example.com:6380 | rediss://cache.example.com:6380",
            "REDIS://h:1/2                   | redis://h:1/2",
    })
    void redisUrls(String raw, String hosts) {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", "REDIS_URL", raw))
                .containsEntry("quarkus.redis.hosts", hosts)
                .containsEntry(VolvoxSettings.REDIS_ENABLED_PROPERTY, "true");
    }

    @Test
    void unsetRedisUrlMeansInMemory() {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", "REDIS_URL", " "))
                .containsEntry(VolvoxSettings.REDIS_ENABLED_PROPERTY, "false")
                .doesNotContainKey("quarkus.redis.hosts");
    }

    @Test
    void redisDescriptionHidesThePassword() {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", "REDIS_URL", "redis://:" + SECRET + "@h:1")
                .get(VolvoxSettings.REDIS_DESCRIPTION_PROPERTY)).isEqualTo("redis://:***@h:1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://:" + SECRET + "@h:1", "redis://:" + SECRET + "@:1", "redis://:" + SECRET + "@h:1/x",
            "redis://:" + SECRET + " @h", "::" + SECRET})
    void malformedRedisUrlFailsWithoutThePassword(String raw) {
        assertThatThrownBy(() -> properties("DATABASE_URL", "postgresql://u:p@localhost/d", "REDIS_URL", raw))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("REDIS_URL ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "localhost:9092 | localhost:9092",
            "a:1, b.example.com:9093 | a:1,b.example.com:9093",
            "[::1]:9092 | [::1]:9092",
    })
    void kafkaBootstrapServers(String raw, String expected) {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", "KAFKA_BOOTSTRAP_SERVERS", raw))
                .containsEntry("kafka.bootstrap.servers", expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "a:1,,b:2", "h:port", "kafka://h:1"})
    void badKafkaBootstrapServersFailNamingTheVariable(String raw) {
        assertThatThrownBy(() -> properties("DATABASE_URL", "postgresql://u:p@localhost/d", "KAFKA_BOOTSTRAP_SERVERS", raw))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("KAFKA_BOOTSTRAP_SERVERS ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"trace | TRACE", "Debug | DEBUG", " INFO | INFO", "warn | WARN", "error | ERROR"})
    void logLevels(String raw, String expected) {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d", "LOG_LEVEL", raw))
                .containsEntry("quarkus.log.level", expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"verbose", "warning", "5"})
    void badLogLevelFailsNamingTheVariable(String raw) {
        assertThatThrownBy(() -> properties("DATABASE_URL", "postgresql://u:p@localhost/d", "LOG_LEVEL", raw))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("LOG_LEVEL ");
    }

    @Test
    void withoutAnOtlpEndpointNoSpanIsExported() {
        assertThat(properties("DATABASE_URL", "postgresql://u:p@localhost/d"))
                .containsEntry(VolvoxSettings.OTLP_TRACES_ENDPOINT_PROPERTY, VolvoxSettings.NO_EXPORT)
                .doesNotContainKey(VolvoxSettings.OTLP_TRACES_PROTOCOL_PROPERTY)
                .containsEntry("quarkus.otel.instrument.vertx-sql-client", "false")
                .containsEntry("quarkus.otel.instrument.vertx-redis-client", "false");
        assertThat(VolvoxSettings.NO_EXPORT).as("blank once trimmed, but not empty (empty means unset)").isBlank()
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "http://jaeger:4317              | null          | grpc",
            " https://tempo.example.com:4318 | http/protobuf | http/protobuf",
            "http://127.0.0.1:4318           | HTTP/PROTOBUF | http/protobuf",
    }, nullValues = "null")
    void anOtlpEndpointExportsSpansThere(String endpoint, String protocol, String wire) {
        var env = protocol == null ? env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
                : env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        var result = VolvoxSettings.toQuarkusProperties(env::get);
        assertThat(result.properties()).containsEntry(VolvoxSettings.OTLP_TRACES_ENDPOINT_PROPERTY, endpoint.trim())
                .containsEntry(VolvoxSettings.OTLP_TRACES_PROTOCOL_PROPERTY, wire)
                .containsEntry("quarkus.otel.instrument.vertx-sql-client", "true")
                .containsEntry("quarkus.otel.instrument.vertx-redis-client", "true");
        assertThat(result.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "jaeger:4317          | grpc   | OTEL_EXPORTER_OTLP_ENDPOINT",
            "ftp://jaeger:4317    | grpc   | OTEL_EXPORTER_OTLP_ENDPOINT",
            "http://bad host:4317 | grpc   | OTEL_EXPORTER_OTLP_ENDPOINT",
            "http://jaeger:4317   | thrift | OTEL_EXPORTER_OTLP_PROTOCOL",
    })
    void aBadOtlpSettingWarnsNamingTheVariableAndDoesNotExport(String endpoint, String protocol, String variable) {
        var result = VolvoxSettings.toQuarkusProperties(
                env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL", protocol)::get);
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w).startsWith(variable)
                .contains("not exported"));
        assertThat(result.properties()).containsEntry(VolvoxSettings.OTLP_TRACES_ENDPOINT_PROPERTY,
                VolvoxSettings.NO_EXPORT);
    }
}
