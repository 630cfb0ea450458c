package bot.volvox.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bot.volvox.local.PostgresServer;
import bot.volvox.platform.database.PostgresVersionGuard;
import bot.volvox.platform.database.VolvoxPgPoolCreator;
import bot.volvox.platform.testing.PlatformStack;
import bot.volvox.platform.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS proof against a real PostgreSQL 17 with a certificate from a throw-away CA: the
 * properties platform-config emits, applied to the Vert.x PG client field by field as Quarkus's
 * reactive-pg-client applies them, plus the trust-store step of {@link VolvoxPgPoolCreator}.
 * {@code bot.volvox.platform.database.VerifiedTlsQuarkusTest} runs the verified case through Quarkus itself.
 */
class DatabaseTlsConnectionTest {

    private static PostgresServer server;
    private static TestCertificates certificates;
    private static Vertx vertx;

    @BeforeAll
    static void startTlsPostgres() {
        server = PlatformStack.tlsPostgres();
        certificates = PlatformStack.tlsCertificates();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private static String url() {
        return "postgresql://postgres:postgres@localhost:" + server.port() + "/postgres";
    }

    @Test
    void noVerifyConnectsEncrypted() throws Exception {
        assertThat(sslInUse(Map.of("DATABASE_URL", url(), "DATABASE_SSL", "no-verify"))).isTrue();
    }

    @Test
    void verifiedTlsWithoutTheCaFailsWithAClearError() {
        assertThatThrownBy(() -> sslInUse(Map.of("DATABASE_URL", url(), "DATABASE_SSL", "true")))
                .satisfies(e -> assertThat(PostgresVersionGuard.describe(e))
                        .startsWith("VertxException: SSL handshake failed")
                        .contains("set PGSSLROOTCERT to the CA file", "DATABASE_SSL=no-verify")
                        .doesNotContain(PostgresServer.PASSWORD));
    }

    @Test
    void verifiedTlsWithPgSslRootCertConnects() throws Exception {
        assertThat(sslInUse(Map.of("DATABASE_URL", url(), "DATABASE_SSL", "true",
                "PGSSLROOTCERT", certificates.caCertificate().toString()))).isTrue();
    }

    @Test
    void plainConnectionWhenTlsIsOff() throws Exception {
        assertThat(sslInUse(Map.of("DATABASE_URL", url()))).isFalse();
    }

    private static boolean sslInUse(Map<String, String> env) throws Exception {
        Map<String, String> properties = VolvoxSettings.toQuarkusProperties(env::get).properties();
        String prefix = "quarkus.datasource.reactive.";
        PgConnectOptions options = PgConnectOptions.fromUri(properties.get(prefix + "url"))
                .setUser(properties.get("quarkus.datasource.username"))
                .setPassword(properties.get("quarkus.datasource.password"))
                .setSslMode(SslMode.of(properties.get(prefix + "postgresql.ssl-mode")))
                .setTrustAll(Boolean.parseBoolean(properties.getOrDefault(prefix + "trust-all", "false")))
                .setConnectTimeout(5000);
        String algorithm = properties.getOrDefault(prefix + "hostname-verification-algorithm", "HTTPS");
        options.setHostnameVerificationAlgorithm(algorithm.equals("NONE") ? "" : algorithm);
        if (Boolean.parseBoolean(properties.getOrDefault(prefix + "trust-certificate-pem", "false"))) {
            options.setPemTrustOptions(new PemTrustOptions().addCertPath(properties.get(prefix + "trust-certificate-pem.certs")));
        }
        VolvoxPgPoolCreator.trustJvmCertificatesWhenNoneGiven(options);
        Pool pool = PgDriver.INSTANCE.createPool(vertx, java.util.List.of(options), new PoolOptions().setMaxSize(1));
        try {
            return pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS)
                    .iterator().next().getBoolean(0);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        } finally {
            pool.close();
        }
    }
}
