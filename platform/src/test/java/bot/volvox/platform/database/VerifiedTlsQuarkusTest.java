package bot.volvox.platform.database;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DATABASE_SSL=true with PGSSLROOTCERT, through Quarkus's own reactive datasource and our pool creator: the
 * pool Quarkus builds verifies the server certificate (chain and host name) against that CA and talks TLS.
 */
@QuarkusTest
@TestProfile(VerifiedTlsQuarkusTest.VerifiedTls.class)
class VerifiedTlsQuarkusTest {

    public static class VerifiedTls extends DatabaseTlsModesTest.TlsMode {
        @Override
        String databaseSsl() {
            return "true";
        }

        @Override
        boolean withCa() {
            return true;
        }
    }

    @Inject
    Pool pool;

    @Test
    void connectsWithFullVerificationOverTls() {
        boolean ssl = pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getBoolean(0);
        assertThat(ssl).isTrue();
    }
}
